//! Where things live: a workspace folder holds `appraise.toml`, the schemes it
//! names, `data/<month>/` with the month's exports and `out/<month>/` with
//! results. Paths in `appraise.toml` are relative to the workspace, so a
//! workspace folder still works when copied anywhere.

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::month::Month;
use crate::msg;
use crate::scheme::doc::{Doc, Table, Val};
use crate::scheme::{self, Scheme};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "appraise.toml";

#[derive(Clone, Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub name: String,
    /// Scheme files, relative to the root.
    pub schemes: Vec<String>,
    pub data: String,
    pub out: String,
    /// The CSV encoding of this office's exports (`gbk`, `utf-8`…); detected when absent.
    pub encoding: Option<String>,
}

fn fail(location: Location, msg: impl Into<crate::i18n::Text>) -> Diagnostics {
    Diagnostics(vec![Diagnostic::error(location, msg)])
}

impl Workspace {
    /// Reads `appraise.toml` in `root`.
    pub fn open(root: &Path) -> Result<Workspace, Diagnostics> {
        let path = root.join(FILE_NAME);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            fail(
                Location::File {
                    file: path.display().to_string(),
                },
                msg!("workspace-unreadable", problem = e.to_string()),
            )
        })?;
        let mut doc = Doc::new(FILE_NAME, &text);
        let parsed = ::toml::de::DeTable::parse(&text).map_err(|e| {
            let (line, column) =
                crate::diagnostic::line_col(&text, e.span().map_or(0, |s| s.start));
            fail(
                Location::Source {
                    file: FILE_NAME.into(),
                    line,
                    column,
                },
                msg!("toml-syntax", problem = e.message().trim()),
            )
        })?;
        let root_val: Val = ::toml::Spanned::new(
            parsed.span(),
            ::toml::de::DeValue::Table(parsed.into_inner()),
        );
        let mut ws = Workspace {
            root: root.to_path_buf(),
            name: String::new(),
            schemes: Vec::new(),
            data: "data".into(),
            out: "out".into(),
            encoding: None,
        };
        if let Some(top) = Table::of(&mut doc, &root_val, FILE_NAME) {
            top.deny_unknown(&mut doc, &["workspace"]);
            match top.table(&mut doc, "workspace", "[workspace]") {
                Some(t) => {
                    t.deny_unknown(&mut doc, &["name", "schemes", "data", "out", "encoding"]);
                    ws.encoding = t.string(&mut doc, "encoding").map(|s| s.0);
                    ws.name = t.string(&mut doc, "name").map(|s| s.0).unwrap_or_default();
                    ws.schemes = t
                        .strings(&mut doc, "schemes")
                        .into_iter()
                        .map(|s| s.0)
                        .collect();
                    if let Some((d, _)) = t.string(&mut doc, "data") {
                        ws.data = d;
                    }
                    if let Some((o, _)) = t.string(&mut doc, "out") {
                        ws.out = o;
                    }
                    if ws.schemes.is_empty() {
                        doc.error(&t.span, msg!("workspace-needs-schemes"));
                    }
                }
                None => doc.error(&(0..0), msg!("workspace-needs-table")),
            }
        }
        if doc.diags.iter().any(Diagnostic::is_error) {
            return Err(Diagnostics(doc.diags));
        }
        Ok(ws)
    }

    pub fn month_dir(&self, month: Month) -> PathBuf {
        self.root.join(&self.data).join(month.to_string())
    }

    pub fn out_dir(&self, month: Month) -> PathBuf {
        self.root.join(&self.out).join(month.to_string())
    }

    /// Loads every scheme and returns the one in force for `month` (or the one
    /// with id `only`). Warnings from the schemes are returned alongside.
    pub fn scheme_for(
        &self,
        month: Month,
        only: Option<&str>,
    ) -> Result<(Scheme, Vec<Diagnostic>), Diagnostics> {
        let mut candidates = Vec::new();
        let mut problems = Vec::new();
        for rel in &self.schemes {
            match scheme::load_file(&self.root.join(rel), rel) {
                Ok((s, w)) => {
                    if s.in_force(month) && only.is_none_or(|id| id == s.id) {
                        candidates.push((s, w));
                    }
                }
                Err(d) => problems.extend(d.0),
            }
        }
        if !problems.is_empty() {
            return Err(Diagnostics(problems));
        }
        // Versions of one scheme (same id): the one that took effect last is in force.
        candidates.sort_by(|(a, _), (b, _)| {
            a.id.cmp(&b.id)
                .then(b.effective_from.cmp(&a.effective_from))
        });
        candidates.dedup_by(|(later, _), (kept, _)| later.id == kept.id);
        match candidates.len() {
            1 => candidates.pop().ok_or_else(|| Diagnostics(Vec::new())),
            0 => Err(fail(
                Location::File {
                    file: FILE_NAME.into(),
                },
                match only {
                    Some(id) => msg!("no-scheme-with-id", id = id, month = month.to_string()),
                    None => msg!("no-scheme", month = month.to_string()),
                },
            )),
            _ => Err(fail(
                Location::File {
                    file: FILE_NAME.into(),
                },
                msg!(
                    "several-schemes",
                    month = month.to_string(),
                    schemes = candidates
                        .iter()
                        .map(|(s, _)| {
                            msg!("scheme-in-file", id = &s.id, file = &s.file)
                                .render(crate::i18n::lang())
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
}
