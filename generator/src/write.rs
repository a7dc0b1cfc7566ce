//! Stage 5: write generated files, touching only those whose content changed (so
//! unchanged output never triggers downstream rebuilds), or compare them for `check`.

use crate::error::Error;
use crate::format::File;
use std::path::{Path, PathBuf};

/// What a write did, per file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    /// Generated files from an earlier run that this run no longer produces.
    pub removed: Vec<PathBuf>,
    /// What the inputs made generation degrade (filled by [`Builder::write_tree`](crate::Builder::write_tree)).
    pub warnings: Vec<crate::Diagnostic>,
    /// The crates the written code uses (filled by [`Builder::write_tree`](crate::Builder::write_tree)).
    pub dependencies: Vec<crate::deps::Dependency>,
    /// How many types were generated, and how many schema uses shared one (filled by
    /// [`Builder::write_tree`](crate::Builder::write_tree)).
    pub types: TypeCounts,
}

/// The effect of the spec's structure on the output.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TypeCounts {
    /// Named types generated from the document (connector configuration not included).
    pub types: usize,
    /// Uses of an inline schema that took the type of the node they refer to instead of
    /// a copy (see [`ResolutionReport::shared_uses`](crate::ResolutionReport::shared_uses)).
    pub shared_uses: usize,
}

/// Writes `files` under `dir`, skipping files whose bytes are already right, and removes
/// generated files that are no longer produced (see [`leftovers`]).
pub fn write(dir: &Path, files: &[File]) -> Result<WriteReport, Error> {
    let mut report = WriteReport::default();
    for f in files {
        let path = dir.join(&f.path);
        if std::fs::read(&path).is_ok_and(|old| old == f.content.as_bytes()) {
            report.unchanged.push(path);
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, &f.content).map_err(|e| Error::io(&path, e))?;
        report.written.push(path);
    }
    for path in leftovers(dir, files) {
        std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        report.removed.push(path);
    }
    Ok(report)
}

/// The line of a generated crate's `Cargo.toml` below which [`manifest_features`] keeps
/// the `[features]` table: a manifest without it is never touched.
pub const FEATURES_MARKER: &str =
    "# Everything below is written by `polytomic-codegen generate`; edit above this line.";

/// The `Cargo.toml` beside the module tree in `dir` (`generated/Cargo.toml` for
/// `generated/src`) with `features` as its `[features]` table below the
/// [`FEATURES_MARKER`] line, as a file to write relative to `dir`; `None` when that
/// manifest is missing or has no marker line.
pub fn manifest_features(dir: &Path, features: &[crate::deps::Feature]) -> Option<File> {
    let text = std::fs::read_to_string(dir.join("../Cargo.toml")).ok()?;
    let at = text.find(FEATURES_MARKER)?;
    let kept = &text[..at + FEATURES_MARKER.len()];
    let table = if features.is_empty() {
        String::new()
    } else {
        crate::deps::features_table(features)
    };
    Some(File {
        path: "../Cargo.toml".to_owned(),
        content: format!("{kept}\n{table}"),
    })
}

/// The files under `dir` that differ from (or are missing compared to) `files`, and the
/// generated files there that `files` no longer contains.
pub fn stale(dir: &Path, files: &[File]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = files
        .iter()
        .map(|f| dir.join(&f.path))
        .zip(files)
        .filter(|(path, f)| !std::fs::read(path).is_ok_and(|old| old == f.content.as_bytes()))
        .map(|(path, _)| path)
        .collect();
    out.extend(leftovers(dir, files));
    out
}

/// `.rs` files under `dir` (subfolders included) that start with the generated-file
/// marker but are not among `files`: a module an earlier spec produced. Hand-written files
/// (without the marker) are never touched.
pub fn leftovers(dir: &Path, files: &[File]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    collect_leftovers(dir, dir, files, &mut out);
    out.sort();
    out
}

fn collect_leftovers(root: &Path, dir: &Path, files: &[File], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.is_dir() {
            collect_leftovers(root, &path, files, out);
            continue;
        }
        if !path.extension().is_some_and(|e| e == "rs") {
            continue;
        }
        // Generated paths use `/` whatever the platform.
        let relative = path.strip_prefix(root).ok().map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        });
        if files.iter().any(|f| Some(&f.path) == relative.as_ref()) {
            continue;
        }
        if std::fs::read_to_string(&path)
            .is_ok_and(|text| text.starts_with(crate::format::GENERATED_MARKER))
        {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, content: &str) -> File {
        File {
            path: path.to_owned(),
            content: content.to_owned(),
        }
    }

    #[test]
    fn files_no_longer_generated_are_stale_and_removed_hand_written_ones_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let marker = crate::format::GENERATED_MARKER;
        let old = [
            file("lib.rs", &format!("{marker} lib")),
            file("gone.rs", &format!("{marker} old")),
            file("runtime/kept.rs", &format!("{marker} kept")),
            file("runtime/gone.rs", &format!("{marker} old")),
        ];
        write(dir.path(), &old).unwrap();
        std::fs::write(dir.path().join("mine.rs"), "// written by hand").unwrap();
        std::fs::write(dir.path().join("runtime/mine.rs"), "// written by hand").unwrap();
        let new = [
            file("lib.rs", &format!("{marker} lib")),
            file("runtime/kept.rs", &format!("{marker} kept")),
        ];
        let gone = vec![
            dir.path().join("gone.rs"),
            dir.path().join("runtime/gone.rs"),
        ];
        assert_eq!(stale(dir.path(), &new), gone);
        let report = write(dir.path(), &new).unwrap();
        assert_eq!(report.removed, gone);
        assert!(stale(dir.path(), &new).is_empty());
        assert!(dir.path().join("mine.rs").exists());
        assert!(dir.path().join("runtime/mine.rs").exists());
    }
}
