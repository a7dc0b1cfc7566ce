//! Checks a downstream crate's `Cargo.toml` against the crates generated code uses, so a
//! build script can say which line to add or change before rustc reports hundreds of errors
//! inside generated code.
//!
//! Generated code names its crates by path (`reqwest::Client`, `::serde::Deserialize`), and
//! it is compiled as part of the crate's library. So each crate must be a direct dependency
//! of the library under its own name: in `[dependencies]` or a
//! `[target.<cfg>.dependencies]` table, with a version requirement that can select a
//! version the generator's requirement accepts. Dev- and build-dependencies do not reach the
//! library. A dependency inherited with `workspace = true` is looked up in
//! `[workspace.dependencies]` of the workspace root.
//!
//! Features are only warned about: whether a feature comes with the crate's defaults
//! depends on that crate, which this check does not know. Transport choices (TLS stack,
//! HTTP/2, compression) are the downstream crate's to make and are not checked.

use super::Dependency;
use crate::error::{Diagnostic, Location};
use semver::{Comparator, Op, VersionReq};
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// What [`check_manifest`] found: errors (the generated code would not compile) and
/// warnings (it may not, or may behave differently).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ManifestCheck {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// The workspace root manifest read for `workspace = true` entries, if any: a build
    /// script watches it too.
    pub workspace_root: Option<PathBuf>,
}

/// Checks that the package whose manifest is `path` lists each of `needed` as generated
/// code needs it: under its own name in `[dependencies]` or a `[target.<cfg>.dependencies]`
/// table (or inherited from the workspace), with a version requirement that has a version in
/// common with the generator's. Missing features are warnings. A manifest that cannot be read
/// or parsed is one warning and no check.
pub fn check_manifest(path: &Path, needed: &[Dependency]) -> ManifestCheck {
    match std::fs::read_to_string(path) {
        Ok(text) => check_manifest_text(path, &text, needed),
        Err(e) => skipped(path, &e.to_string()),
    }
}

/// [`check_manifest`] on the manifest's text; `path` is where it lives, to name it and to
/// find the workspace root from.
pub fn check_manifest_text(path: &Path, text: &str, needed: &[Dependency]) -> ManifestCheck {
    let manifest = match text.parse::<Table>() {
        Ok(table) => Manifest {
            path: path.to_path_buf(),
            text: text.to_owned(),
            table,
        },
        Err(e) => {
            let mut out = skipped(path, e.message());
            let at = e.span().map(|span| location_of(text, span.start));
            out.warnings[0].location = at;
            return out;
        }
    };
    let mut out = ManifestCheck::default();
    let entries = manifest.entries();
    let workspace = if entries.iter().any(|e| e.inherited) {
        match find_workspace(&manifest) {
            Ok(root) => {
                out.workspace_root = Some(root.path.clone());
                Some(root)
            }
            Err(why) => {
                out.warnings.push(
                    Diagnostic::new(
                        path,
                        format!(
                            "the dependencies inherited from the workspace were not checked: \
                             {why}"
                        ),
                    )
                    .warning(),
                );
                None
            }
        }
    } else {
        None
    };
    for dep in needed {
        check_one(&manifest, &entries, workspace.as_ref(), dep, &mut out);
    }
    out
}

fn skipped(path: &Path, why: &str) -> ManifestCheck {
    let why = why.trim_end();
    ManifestCheck {
        workspace_root: None,
        errors: Vec::new(),
        warnings: vec![Diagnostic::new(
            path,
            format!("the dependencies of generated code were not checked: {why}"),
        )
        .warning()],
    }
}

/// The 1-based line:column of byte `offset` in `text`.
fn location_of(text: &str, offset: usize) -> Location {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Location {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// A parsed manifest and its text (to point at lines).
struct Manifest {
    path: PathBuf,
    text: String,
    table: Table,
}

/// Which dependency table an entry is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Normal,
    Dev,
    Build,
}

/// One dependency entry of a manifest.
#[derive(Debug, Clone)]
struct Entry {
    kind: Kind,
    /// How the table is written, for messages: `[dependencies]`,
    /// `[target.'cfg(unix)'.dependencies]`.
    table: String,
    key: String,
    /// The `package` key, when set.
    package: Option<String>,
    version: Option<String>,
    features: Vec<String>,
    /// `None` when not written.
    default_features: Option<bool>,
    /// A `path` or `git` source.
    local: bool,
    inherited: bool,
}

impl Entry {
    fn package(&self) -> &str {
        self.package.as_deref().unwrap_or(&self.key)
    }

    fn parse(kind: Kind, table: &str, key: &str, value: &Value) -> Entry {
        let mut entry = Entry {
            kind,
            table: table.to_owned(),
            key: key.to_owned(),
            package: None,
            version: None,
            features: Vec::new(),
            default_features: None,
            local: false,
            inherited: false,
        };
        match value {
            Value::String(v) => entry.version = Some(v.clone()),
            Value::Table(t) => {
                let string = |k: &str| t.get(k).and_then(Value::as_str).map(str::to_owned);
                entry.package = string("package");
                entry.version = string("version");
                entry.local = t.contains_key("path") || t.contains_key("git");
                entry.inherited = t.get("workspace").and_then(Value::as_bool) == Some(true);
                entry.default_features = t
                    .get("default-features")
                    .or_else(|| t.get("default_features"))
                    .and_then(Value::as_bool);
                entry.features = t
                    .get("features")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
            }
            _ => {}
        }
        entry
    }
}

impl Manifest {
    fn parse_file(path: &Path) -> Result<Manifest, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let table = text
            .parse::<Table>()
            .map_err(|e| format!("{}: {}", path.display(), e.message().trim_end()))?;
        Ok(Manifest {
            path: path.to_path_buf(),
            text,
            table,
        })
    }

    /// Every dependency entry, of every kind, in `[dependencies]`-style tables and their
    /// `[target.<cfg>.*]` forms.
    fn entries(&self) -> Vec<Entry> {
        const TABLES: [(&str, Kind); 5] = [
            ("dependencies", Kind::Normal),
            ("dev-dependencies", Kind::Dev),
            ("dev_dependencies", Kind::Dev),
            ("build-dependencies", Kind::Build),
            ("build_dependencies", Kind::Build),
        ];
        let mut out = Vec::new();
        let mut add = |deps: Option<&Value>, kind: Kind, written: String| {
            for (key, value) in deps.and_then(Value::as_table).into_iter().flatten() {
                out.push(Entry::parse(kind, &written, key, value));
            }
        };
        for (name, kind) in TABLES {
            add(self.table.get(name), kind, format!("[{name}]"));
        }
        let targets = self.table.get("target").and_then(Value::as_table);
        for (target, table) in targets.into_iter().flatten() {
            for (name, kind) in TABLES {
                add(table.get(name), kind, format!("[target.'{target}'.{name}]"));
            }
        }
        out
    }

    /// Where `key` is written as a dependency: its line, or a `[...dependencies.key]`
    /// header. A display aid only; `None` when not found.
    fn locate(&self, key: &str) -> Option<Location> {
        self.find_line(|line| {
            let quoted = format!("\"{key}\"");
            let rest = line
                .strip_prefix(key)
                .or_else(|| line.strip_prefix(quoted.as_str()));
            let is_key = rest.is_some_and(|r| {
                let r = r.trim_start();
                r.starts_with('=') || r.starts_with('.')
            });
            let header = line.starts_with('[')
                && line.contains("dependencies.")
                && line.trim_end_matches(']').ends_with(&format!(".{key}"));
            is_key || header
        })
    }

    /// The line of the `[dependencies]` header, where a missing crate goes.
    fn dependencies_header(&self) -> Option<Location> {
        self.find_line(|line| line.starts_with("[dependencies]"))
    }

    fn find_line(&self, matches: impl Fn(&str) -> bool) -> Option<Location> {
        self.text.lines().enumerate().find_map(|(i, line)| {
            let trimmed = line.trim_start();
            matches(trimmed).then(|| Location {
                line: i + 1,
                column: line.len() - trimmed.len() + 1,
            })
        })
    }
}

/// The root manifest of the workspace `manifest` belongs to: the one `package.workspace`
/// names, or the first `Cargo.toml` with a `[workspace]` table from the manifest's own
/// directory up.
fn find_workspace(manifest: &Manifest) -> Result<Manifest, String> {
    if manifest.table.contains_key("workspace") {
        return Ok(Manifest {
            path: manifest.path.clone(),
            text: manifest.text.clone(),
            table: manifest.table.clone(),
        });
    }
    let dir = match manifest.path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let named = manifest
        .table
        .get("package")
        .and_then(|p| p.get("workspace"))
        .and_then(Value::as_str);
    if let Some(root) = named {
        return Manifest::parse_file(&dir.join(root).join("Cargo.toml"));
    }
    let dir = dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    for ancestor in dir.ancestors().skip(1) {
        let candidate = ancestor.join("Cargo.toml");
        if !candidate.is_file() {
            continue;
        }
        let root = Manifest::parse_file(&candidate)?;
        if root.table.contains_key("workspace") {
            return Ok(root);
        }
    }
    Err(format!(
        "no Cargo.toml with a [workspace] table above {}",
        manifest.path.display()
    ))
}

/// A dependency entry with what the workspace gives it filled in.
struct Resolved<'a> {
    entry: &'a Entry,
    /// The manifest the version and source come from (the workspace root when inherited).
    from: &'a Manifest,
    version: Option<String>,
    features: Vec<String>,
    default_features: bool,
    /// Nothing can be said about the version: a path or git source without one, or an
    /// inherited entry whose workspace could not be read.
    unknown_version: bool,
    /// An inherited entry whose workspace could not be read (already warned about): its
    /// features are unknown too.
    unresolved: bool,
}

fn resolve<'a>(
    manifest: &'a Manifest,
    workspace: Option<&'a Manifest>,
    ws_entries: &'a [Entry],
    entry: &'a Entry,
) -> Resolved<'a> {
    if !entry.inherited {
        return Resolved {
            entry,
            from: manifest,
            version: entry.version.clone(),
            features: entry.features.clone(),
            default_features: entry.default_features != Some(false),
            unknown_version: entry.version.is_none() && entry.local,
            unresolved: false,
        };
    }
    let shared = ws_entries.iter().find(|w| w.key == entry.key);
    match (workspace, shared) {
        (Some(root), Some(shared)) => {
            let mut features = shared.features.clone();
            features.extend(entry.features.iter().cloned());
            Resolved {
                entry,
                from: root,
                version: shared.version.clone(),
                features,
                // A member can turn the defaults on, never off.
                default_features: shared.default_features != Some(false)
                    || entry.default_features == Some(true),
                unknown_version: shared.version.is_none() && shared.local,
                unresolved: false,
            }
        }
        // Reported once already (no workspace), or cargo itself rejects it (no entry).
        _ => Resolved {
            entry,
            from: manifest,
            version: None,
            features: entry.features.clone(),
            default_features: true,
            unknown_version: true,
            unresolved: true,
        },
    }
}

/// The entries of `[workspace.dependencies]`.
fn workspace_entries(root: &Manifest) -> Vec<Entry> {
    let deps = root
        .table
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(Value::as_table);
    deps.into_iter()
        .flatten()
        .map(|(key, value)| Entry::parse(Kind::Normal, "[workspace.dependencies]", key, value))
        .collect()
}

/// How a crate name is written in Rust code (`percent-encoding` → `percent_encoding`).
fn ident(name: &str) -> String {
    name.replace('-', "_")
}

fn check_one(
    manifest: &Manifest,
    entries: &[Entry],
    workspace: Option<&Manifest>,
    dep: &Dependency,
    out: &mut ManifestCheck,
) {
    let line = format!("{} = {}", dep.name, dep.requirement);
    let put = format!("put `{line}` under [dependencies]");
    let named = ident(dep.name);
    let error = |location: Option<Location>, message: String| {
        Diagnostic::new(&manifest.path, message)
            .at(location)
            .help(put.clone())
    };
    let normal: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.kind == Kind::Normal && ident(&e.key) == named)
        .collect();
    let ws_entries = workspace.map(workspace_entries).unwrap_or_default();
    let resolved: Vec<Resolved> = normal
        .iter()
        .map(|e| resolve(manifest, workspace, &ws_entries, e))
        .collect();
    let ours: Vec<&Resolved> = resolved
        .iter()
        .filter(|r| {
            let package = match (r.entry.inherited, r.entry.package.as_deref()) {
                (true, None) => ws_entries
                    .iter()
                    .find(|w| w.key == r.entry.key)
                    .map_or(r.entry.package(), Entry::package),
                _ => r.entry.package(),
            };
            ident(package) == named
        })
        .collect();

    if ours.is_empty() {
        // The message, and the entry it is about (none: the crate is not there at all).
        let (message, about) = if let Some(other) = normal.first() {
            let message = format!(
                "`{}` in {} is the package `{}`, but the generated code uses `{}` ({}) \
                 under that name",
                other.key,
                other.table,
                other.package(),
                dep.name,
                dep.why
            );
            (message, Some(*other))
        } else if let Some(renamed) = entries
            .iter()
            .find(|e| e.kind == Kind::Normal && ident(e.package()) == named)
        {
            let message = format!(
                "`{}` ({}) is listed as `{}` in {}, but the generated code names it \
                 `{named}`, so it must be a dependency under its own name",
                dep.name, dep.why, renamed.key, renamed.table
            );
            (message, Some(renamed))
        } else if let Some(elsewhere) = entries.iter().find(|e| ident(e.package()) == named) {
            let message = format!(
                "`{}` ({}) is only in {}, which the library does not see; the generated \
                 code is compiled in the library",
                dep.name, dep.why, elsewhere.table
            );
            (message, Some(elsewhere))
        } else {
            let message = format!(
                "the generated code uses `{}` ({}), which Cargo.toml does not list",
                dep.name, dep.why
            );
            (message, None)
        };
        let location = match about {
            Some(entry) => manifest.locate(&entry.key),
            None => manifest.dependencies_header(),
        };
        out.errors.push(error(location, message));
        return;
    }

    let wanted = requirement(dep);
    for r in &ours {
        let (Some(version), false) = (&r.version, r.unknown_version) else {
            continue;
        };
        let (Some(theirs), Some(needed)) = (Range::parse(version), wanted.range) else {
            continue;
        };
        if !theirs.overlaps(&needed) {
            let (location, whose) = if r.entry.inherited {
                (
                    r.from.locate(&r.entry.key),
                    " (from [workspace.dependencies])",
                )
            } else {
                (manifest.locate(&r.entry.key), "")
            };
            let message = format!(
                "`{}` in {}{whose} requires version \"{version}\", which cannot be a \
                 version the generated code works with (\"{}\")",
                r.entry.key,
                r.entry.table,
                wanted.version.as_deref().unwrap_or("*"),
            );
            out.errors.push(
                Diagnostic::new(&r.from.path, message)
                    .at(location)
                    .help(put.clone()),
            );
            return;
        }
    }

    if ours.iter().any(|r| r.unresolved) {
        return;
    }
    let enabled = |f: &String| ours.iter().any(|r| r.features.contains(f));
    let missing: Vec<&String> = wanted
        .features
        .iter()
        .filter(|f| !enabled(f) && !TRANSPORT_CHOICES.contains(&f.as_str()))
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let defaults = if ours.iter().any(|r| r.default_features) {
            format!(" (unless `{}` enables them by default)", dep.name)
        } else {
            String::new()
        };
        let first = ours[0].entry;
        out.warnings.push(
            Diagnostic::new(
                &manifest.path,
                format!(
                    "`{}` in {} does not enable {list}, which the generated code uses{defaults}; \
                     without them it may not compile or may behave differently",
                    first.key, first.table
                ),
            )
            .at(manifest.locate(&first.key))
            .help(format!("to be sure, {put}"))
            .warning(),
        );
    }
}

/// Features of the generated crate's own manifest that choose how bytes travel (TLS stack,
/// HTTP/2, compression) rather than what compiles: a downstream crate may choose otherwise,
/// e.g. `native-tls`, without a warning.
const TRANSPORT_CHOICES: &[&str] = &["rustls", "http2", "gzip", "brotli", "deflate"];

/// The generator's requirement for one crate, parsed.
struct Wanted {
    version: Option<String>,
    range: Option<Range>,
    features: Vec<String>,
}

fn requirement(dep: &Dependency) -> Wanted {
    let table = format!("x = {}", dep.requirement)
        .parse::<Table>()
        .unwrap_or_default();
    let entry = table
        .get("x")
        .map(|v| Entry::parse(Kind::Normal, "", dep.name, v));
    let version = entry.as_ref().and_then(|e| e.version.clone());
    Wanted {
        range: version.as_deref().and_then(Range::parse),
        version,
        features: entry.map(|e| e.features).unwrap_or_default(),
    }
}

/// A version without pre-release or build metadata.
type Version = (u64, u64, u64);

/// The versions a requirement accepts, `[lo, hi)`, ignoring pre-releases: every cargo
/// requirement (comparators joined by commas, each an interval) is one such interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range {
    lo: Version,
    /// `None`: no upper bound.
    hi: Option<Version>,
}

/// The interval `[floor, after)` one comparator's version names (`1.2` → `[1.2.0, 1.3.0)`).
fn named(c: &Comparator) -> (Version, Version) {
    let floor = (c.major, c.minor.unwrap_or(0), c.patch.unwrap_or(0));
    let after = match (c.minor, c.patch) {
        (Some(minor), Some(patch)) => (c.major, minor, patch + 1),
        (Some(minor), None) => (c.major, minor + 1, 0),
        (None, _) => (c.major + 1, 0, 0),
    };
    (floor, after)
}

/// The end of a caret range: the first version whose leftmost non-zero part differs.
fn caret_end(c: &Comparator) -> Version {
    match (c.major, c.minor, c.patch) {
        (0, Some(0), Some(patch)) => (0, 0, patch + 1),
        (0, Some(minor), _) => (0, minor + 1, 0),
        (major, ..) => (major + 1, 0, 0),
    }
}

impl Range {
    const ALL: Range = Range {
        lo: (0, 0, 0),
        hi: None,
    };

    /// The interval of a cargo version requirement (pre-releases aside); `None` when it is
    /// not one.
    fn parse(req: &str) -> Option<Range> {
        let req = VersionReq::parse(req).ok()?;
        let mut range = Range::ALL;
        for c in &req.comparators {
            let (floor, after) = named(c);
            let (lo, hi) = match c.op {
                Op::Exact | Op::Wildcard => (floor, Some(after)),
                Op::Greater => (after, None),
                Op::GreaterEq => (floor, None),
                Op::Less => ((0, 0, 0), Some(floor)),
                Op::LessEq => ((0, 0, 0), Some(after)),
                Op::Tilde if c.minor.is_some() => (floor, Some((c.major, c.minor? + 1, 0))),
                Op::Tilde => (floor, Some(after)),
                _ => (floor, Some(caret_end(c))),
            };
            range.lo = range.lo.max(lo);
            range.hi = match (range.hi, hi) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Some(range)
    }

    fn overlaps(&self, other: &Range) -> bool {
        let lo = self.lo.max(other.lo);
        let below = |hi: Option<Version>| hi.map_or(true, |hi| lo < hi);
        below(self.hi) && below(other.hi)
    }
}

#[cfg(test)]
mod tests;
