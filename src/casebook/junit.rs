//! The JUnit XML report of `appraise test --junit FILE`, for CI: a
//! `testsuite` per tests file, a `testcase` per case, a `failure` per failed
//! case with its first mismatch as the message and all of them as the text.
//! Pure: the caller writes the bytes atomically.

use super::{Outcome, report};

/// One tests file's results: its name, the scheme's id, the cases.
pub struct Suite<'a> {
    pub file: &'a str,
    pub scheme: &'a str,
    pub outcomes: &'a [Outcome],
}

/// The whole report.
pub fn render(suites: &[Suite]) -> String {
    let tests: usize = suites.iter().map(|s| s.outcomes.len()).sum();
    let failures: usize = suites
        .iter()
        .map(|s| s.outcomes.iter().filter(|o| !o.passed()).count())
        .sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"appraise test\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n"
    ));
    for s in suites {
        let failed = s.outcomes.iter().filter(|o| !o.passed()).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\">\n",
            escape(s.file),
            s.outcomes.len()
        ));
        for o in s.outcomes {
            let head = format!(
                "    <testcase name=\"{}\" classname=\"{}\"",
                escape(&o.name),
                escape(s.scheme)
            );
            match o.mismatches.first() {
                None => out.push_str(&format!("{head}/>\n")),
                Some(first) => {
                    let message = format!(
                        "{}{}: expected {}, actual {}",
                        first.subject,
                        if first.figure.is_empty() {
                            String::new()
                        } else {
                            format!(": {}", first.figure)
                        },
                        first.expected,
                        first.actual
                    );
                    let text: String = o
                        .mismatches
                        .iter()
                        .map(|m| report::mismatch(s.file, m))
                        .collect();
                    out.push_str(&format!(
                        "{head}>\n      <failure message=\"{}\" type=\"mismatch\">{}</failure>\n    </testcase>\n",
                        escape(message.trim()),
                        escape(&text)
                    ));
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Text for an XML attribute or element: the five markup characters as
/// entities, line breaks and tabs as character references (so attributes
/// keep them), other control characters (not allowed in XML 1.0) as `?`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("一\n二\t三"), "一&#10;二&#9;三");
        assert_eq!(escape("bell\u{7}"), "bell?");
    }
}
