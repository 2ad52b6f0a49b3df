//! A month of any size for any shipped scheme, as a workspace:
//!
//!     cargo run --release --example tile_month -- SCHEME DIR [people]
//!
//! SCHEME is an example folder (`after-sales`, `service-dept`, …) or a scheme
//! file stem (`after-sales-repair`, …); see [`tile::EXAMPLES`]. The example's
//! months are copied with their rows repeated until at least `people`
//! (default 100,000) are on the roster ([`tile::tile`]). Then, for instance:
//!
//!     appraise -C DIR compute --month 2024-05 --sheets 汇总
//!
//! (a history example: compute its months in order, each reads the one before).

mod tile;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(name), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: tile_month SCHEME DIR [people]");
        std::process::exit(2);
    };
    let people = match args.get(2).map(|p| p.replace('_', "").parse::<usize>()) {
        None => 100_000,
        Some(Ok(p)) => p,
        Some(Err(_)) => {
            eprintln!("people: a whole number, e.g. 100000");
            std::process::exit(2);
        }
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(example) = tile::example_dir(root, name) else {
        let names: Vec<&str> = tile::EXAMPLES.iter().map(|(e, _)| *e).collect();
        eprintln!("no example for `{name}`; one of {}", names.join(", "));
        std::process::exit(2);
    };
    match tile::tile(&example, std::path::Path::new(dir), people) {
        Ok(t) => println!(
            "{} people ({} copies of {}) in months {} under {dir}",
            t.people,
            t.copies,
            example.display(),
            t.months.join(", ")
        ),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
