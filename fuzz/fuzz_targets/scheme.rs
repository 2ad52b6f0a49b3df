//! Scheme text → load and check, every diagnostic rendered: any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match appraise::scheme::load("fuzz.toml", text) {
        Ok((_, warnings)) => {
            for w in warnings {
                let _ = w.to_string();
            }
        }
        Err(d) => {
            let _ = d.to_string();
        }
    }
});
