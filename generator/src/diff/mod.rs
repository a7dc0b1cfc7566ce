//! What changed between two versions of the inputs, for the people who call the API.
//!
//! Both versions are loaded and resolved ([`Side::load`]); [`diff`] walks the two models
//! side by side (`compare`) and lists every [`Change`] a caller can notice. Each change is
//! classified twice, by the [`Rule`] that matched it: on the wire (does a client built
//! against the old description still work with a server that follows the new one?) and
//! in Rust (does code written against the old generated SDK still compile, and mean the
//! same?). [`RULES`] is the one list of rules; the README's table is checked against it.
//!
//! ```no_run
//! use polytomic_codegen::{diff, Builder};
//! let mut old = Builder::new();
//! old.spec("old/openapi.yaml");
//! let report = diff::diff(&diff::Side::load(&old)?, &diff::Side::load(&Builder::new())?);
//! print!("{}", report.text());
//! # Ok::<(), polytomic_codegen::Error>(())
//! ```

mod compare;
mod report;
mod rules;

pub use rules::{rule, RULES};

use crate::error::{Error, Location};
use crate::load::{Inputs, SourceFile};
use crate::{ir, Builder};
use std::path::PathBuf;

/// How much a change matters to a caller, on one side (wire or Rust).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Nothing a caller relies on changes.
    Compatible,
    /// Still works (or compiles), but does something different: another default, another
    /// server, a check that now runs.
    Behaviour,
    /// Rust only: compiles unless the code matches the enum exhaustively or builds the
    /// struct with literal syntax (generated enums and structs are not
    /// `#[non_exhaustive]`; `new()`, setters and a `_` arm are unaffected).
    Exhaustive,
    /// An existing client fails against the new server, or existing code stops compiling.
    Breaking,
}

impl Class {
    /// The name used in reports and in the README table.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Compatible => "compatible",
            Class::Behaviour => "behaviour",
            Class::Exhaustive => "exhaustive",
            Class::Breaking => "breaking",
        }
    }
}

/// One kind of change and how it is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, printed with every change it decides (`param-added-required`).
    pub id: &'static str,
    /// The change, in a few words.
    pub change: &'static str,
    pub wire: Class,
    pub rust: Class,
    /// Why the classification holds, for this generator's output.
    pub why: &'static str,
}

/// Where one side of a change is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub file: PathBuf,
    /// The line:column of the node (or its nearest ancestor that has one).
    pub location: Option<Location>,
    /// JSON pointer of the node in that file (empty for a whole connector table).
    pub pointer: String,
}

impl std::fmt::Display for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.location {
            write!(f, ":{}:{}", l.line, l.column)?;
        }
        if !self.pointer.is_empty() {
            write!(f, " (#{})", self.pointer)?;
        }
        Ok(())
    }
}

/// One change a caller can notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The rule that classified it.
    pub rule: &'static Rule,
    /// What the change is grouped under: an operation's method (`client.users().list()`),
    /// a type (`models::User`), a connector type or `client` for API-wide settings.
    pub group: String,
    /// The Rust item concerned (`models::User::email`, `client.users().list().limit()`).
    pub item: String,
    /// What changed, with wire names (`query parameter \`limit\` added`).
    pub detail: String,
    /// Where the old version has it (`None` when added).
    pub old: Option<Site>,
    /// Where the new version has it (`None` when removed).
    pub new: Option<Site>,
}

/// The level of change `--fail-on` (and [`Report::fails`]) stops at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// A change breaking on the wire or in Rust.
    Breaking,
    /// Any change at all.
    Any,
    /// Never.
    None,
}

/// Every change between two versions, grouped and in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether any change is breaking on the wire or in Rust.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
    }

    /// Whether the report has a change at the `level`.
    pub fn fails(&self, level: FailOn) -> bool {
        match level {
            FailOn::Breaking => self.is_breaking(),
            FailOn::Any => !self.changes.is_empty(),
            FailOn::None => false,
        }
    }

    /// The changes that break code written against the old SDK, one `cargo:warning=` line
    /// each, naming the Rust item, for a build script to print.
    pub fn cargo_warnings(&self) -> Vec<String> {
        self.changes
            .iter()
            .filter(|c| c.rule.rust == Class::Breaking)
            .map(|c| {
                format!(
                    "cargo:warning=API change breaks Rust code: {}: {} [{}] ({})",
                    c.item,
                    c.detail,
                    c.rule.id,
                    c.new
                        .as_ref()
                        .or(c.old.as_ref())
                        .map_or_else(String::new, Site::to_string)
                )
            })
            .collect()
    }
}

impl Change {
    /// Breaking on the wire or in Rust.
    pub fn is_breaking(&self) -> bool {
        self.rule.wire == Class::Breaking || self.rule.rust == Class::Breaking
    }
}

/// One version of the inputs, loaded and resolved, with the files it came from (to say
/// where each change is written).
#[derive(Debug)]
pub struct Side {
    inputs: Inputs,
    api: ir::Api,
    connectors_dir: PathBuf,
}

impl Side {
    /// Loads and resolves what `builder` would generate from (its spec, connector tables
    /// and selections).
    pub fn load(builder: &Builder) -> Result<Side, Error> {
        let (inputs, resolved) = builder.load_and_resolve()?;
        let api = resolved.api;
        Ok(Side {
            inputs,
            api,
            connectors_dir: builder.connectors_dir().to_path_buf(),
        })
    }

    /// A side already loaded and resolved (what [`Builder::generate`] has in hand).
    pub(crate) fn from_parts(
        inputs: Inputs,
        api: ir::Api,
        connectors_dir: &std::path::Path,
    ) -> Side {
        Side {
            inputs,
            api,
            connectors_dir: connectors_dir.to_path_buf(),
        }
    }

    /// The resolved model, given back.
    pub(crate) fn into_api(self) -> ir::Api {
        self.api
    }

    /// The resolved model.
    pub fn api(&self) -> &ir::Api {
        &self.api
    }

    /// Where the spec node at `pointer` is written.
    fn spec_site(&self, pointer: &str) -> Site {
        locate(&self.inputs.spec.source, pointer)
    }

    /// Where a connector's table is, and the line of `key` in it when given.
    fn table_site(&self, connector: &str, key: Option<&str>) -> Site {
        match self.inputs.tables.iter().find(|t| t.id == connector) {
            Some(t) => {
                let pointer = key.map(|k| format!("/{k}")).unwrap_or_default();
                locate(&t.source, &pointer)
            }
            None => Site {
                file: self.connectors_dir.join(format!("{connector}.yaml")),
                location: None,
                pointer: String::new(),
            },
        }
    }
}

fn locate(source: &SourceFile, pointer: &str) -> Site {
    let d = source.error(pointer, "");
    Site {
        file: d.file,
        location: d.location,
        pointer: d.pointer.unwrap_or_default(),
    }
}

/// Every change from `old` to `new` that a caller can notice.
pub fn diff(old: &Side, new: &Side) -> Report {
    let mut changes = compare::compare(old, new);
    // Grouped by what they concern, then in the order they were found.
    changes.sort_by(|a, b| group_rank(&a.group).cmp(&group_rank(&b.group)));
    Report { changes }
}

/// API-wide settings first, then operations, then types and connectors, each by name.
fn group_rank(group: &str) -> (u8, &str) {
    let rank = if group == "client" {
        0
    } else if group.starts_with("client.") {
        1
    } else if group.starts_with("models::") {
        2
    } else {
        3
    };
    (rank, group)
}
