//! The message catalogue: every text the command line prints, in English
//! and in Chinese, from `locales/en.ftl` and `locales/zh.ftl` (Project
//! Fluent, compiled into the binary).
//!
//! A message is data until it is shown: [`Msg`] is a key with its
//! arguments, and an argument may itself be a message (the pieces of a
//! sentence are catalogue entries, not translated sentence by sentence).
//! [`Text`] is either such a message or plain text not (yet) in the
//! catalogue. Rendering picks the language: [`lang`] for the terminal
//! (set once by `main` from `--lang` or the locale), or an explicit one, as
//! the 提示 sheet does (always Chinese).
//!
//! Every key used in the code exists in both files: `tests/lang.rs` checks
//! the sources against the catalogue.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::fmt;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// The languages of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English (the default).
    En,
    /// Chinese (简体中文).
    Zh,
}

/// The catalogue's sources, as shipped.
pub const EN_FTL: &str = include_str!("../locales/en.ftl");
pub const ZH_FTL: &str = include_str!("../locales/zh.ftl");

static LANG: AtomicU8 = AtomicU8::new(0);

/// Sets the language of the terminal's messages for the whole process.
pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

/// The language messages are shown in on the terminal.
pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == Lang::Zh as u8 {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The language asked for: `--lang` if given, else the locale's
/// (`LC_ALL`, then `LC_MESSAGES`, then `LANG`; the first that is set and
/// not empty decides, `zh…` meaning Chinese), else English.
pub fn detect(flag: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(lang) = flag {
        return lang;
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(&env)
        .find(|v| !v.is_empty());
    match locale {
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
        _ => Lang::En,
    }
}

fn bundle(lang: &str, source: &'static str) -> FluentBundle<FluentResource> {
    let id = lang.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: the texts go to
    // terminals, files and a workbook, never into right-to-left text.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
    // A duplicate key keeps the first; tests/lang.rs refuses both.
    let _ = bundle.add_resource(resource);
    bundle
}

static EN: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| bundle("en", EN_FTL));
static ZH: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| bundle("zh", ZH_FTL));

/// Whether the catalogue of `lang` has the message `key`.
pub fn has(lang: Lang, key: &str) -> bool {
    catalogue(lang).has_message(key)
}

fn catalogue(lang: Lang) -> &'static FluentBundle<FluentResource> {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// A catalogue message: its key and arguments, rendered when shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// An argument of a message: text from the user's files (never
/// translated), a count, or a piece that is itself a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Int(i64),
    Piece(Box<Text>),
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.args.push((name, value.into()));
        self
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The message in `lang`. A key missing from the catalogue shows as the
    /// key itself (tests/lang.rs keeps that from happening).
    pub fn render(&self, lang: Lang) -> String {
        let bundle = catalogue(lang);
        let Some(pattern) = bundle.get_message(self.key).and_then(|m| m.value()) else {
            return self.key.to_string();
        };
        let mut args = FluentArgs::new();
        for (name, value) in &self.args {
            let value = match value {
                Arg::Text(s) => FluentValue::from(s.as_str()),
                Arg::Int(n) => FluentValue::from(*n),
                Arg::Piece(t) => FluentValue::from(t.render(lang)),
            };
            args.set(*name, value);
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .into_owned()
    }
}

/// `msg!("key", name = value, …)`: a catalogue message with its arguments.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Msg::new($key)$(.arg(stringify!($name), $value))*
    };
}

/// What a diagnostic or a printed line says: a catalogue message, or plain
/// text (from a library's error, or not in the catalogue yet: shown as is
/// in both languages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    /// Boxed: a diagnostic stays as small as one with plain text.
    Msg(Box<Msg>),
}

impl Text {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Text::Plain(s) => s.clone(),
            Text::Msg(m) => m.render(lang),
        }
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(lang()))
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Text::Plain(s) => f.write_str(s),
            Text::Msg(m) => f.write_str(&m.render(lang())),
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Plain(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::Plain(s.to_string())
    }
}

impl From<Msg> for Text {
    fn from(m: Msg) -> Text {
        Text::Msg(Box::new(m))
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Arg {
        Arg::Piece(Box::new(Text::from(m)))
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Piece(Box::new(t))
    }
}

macro_rules! int_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_args!(u8, u16, u32, u64, usize, i32, i64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_decides_unless_the_flag_does() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(detect(None, env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(
            detect(Some(Lang::En), env(&[("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        // LC_ALL comes before LANG; an empty one does not count.
        assert_eq!(
            detect(None, env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            detect(None, env(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_TW")])),
            Lang::Zh
        );
        assert_eq!(detect(None, env(&[])), Lang::En);
    }

    #[test]
    fn pieces_are_rendered_in_the_language_of_the_whole() {
        let m = msg!("value-is-empty", expected = msg!("kind-integer"));
        assert_eq!(m.render(Lang::En), "is empty; expected a whole number");
        assert_eq!(m.render(Lang::Zh), "为空；应为整数");
    }
}
