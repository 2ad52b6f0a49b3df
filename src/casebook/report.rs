//! The text `appraise test` prints: a heading per tests file, one line per
//! case (`ok` or `FAILED`), each failure in full under its case (where the
//! tests file expects it, who, which figure, the bands chosen, expected and
//! actual, the figure's trace), then a summary line.

use super::{Mismatch, Outcome};

/// `schemes/x.tests.toml: scheme x 2024.1, 6 cases`
pub fn heading(file: &str, scheme_id: &str, version: &str, cases: usize) -> String {
    format!(
        "{file}: scheme {scheme_id} {version}, {cases} case{}",
        if cases == 1 { "" } else { "s" }
    )
}

/// The case's line, and for a failure every mismatch under it.
pub fn case(file: &str, o: &Outcome) -> String {
    if o.passed() {
        return format!("ok      {}\n", o.name);
    }
    let mut out = format!("FAILED  {}\n", o.name);
    for m in &o.mismatches {
        out.push_str(&mismatch(file, m));
    }
    out
}

/// One mismatch, indented under its case.
pub fn mismatch(file: &str, m: &Mismatch) -> String {
    let mut out = String::new();
    let mut head = format!("{file}:{}: {}", m.line, m.month);
    if !m.subject.is_empty() {
        head.push_str(&format!(" {}", m.subject));
    }
    if !m.figure.is_empty() {
        head.push_str(&format!(": {}", m.figure));
    }
    push(&mut out, "  ", &head);
    for b in &m.bands {
        push(&mut out, "    ", &format!("band: {b}"));
    }
    field(&mut out, "expected:", &m.expected);
    field(&mut out, "actual:  ", &m.actual);
    if !m.trace.is_empty() {
        push(&mut out, "    ", "trace:");
        for l in &m.trace {
            push(&mut out, "      ", l);
        }
    }
    out
}

/// `label text`, further lines of `text` aligned under its first.
fn field(out: &mut String, label: &str, text: &str) {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    push(out, "    ", &format!("{label} {first}"));
    let pad = " ".repeat(label.chars().count() + 5);
    for l in lines {
        push(out, &pad, l);
    }
}

fn push(out: &mut String, indent: &str, line: &str) {
    if line.is_empty() {
        out.push('\n');
    } else {
        out.push_str(indent);
        out.push_str(line);
        out.push('\n');
    }
}

/// `12 cases: 11 passed, 1 failed`
pub fn summary(passed: usize, failed: usize) -> String {
    let total = passed + failed;
    format!(
        "{total} case{}: {passed} passed, {failed} failed",
        if total == 1 { "" } else { "s" }
    )
}
