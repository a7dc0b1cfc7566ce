//! Committed files that tests generate: compared with what is generated now, and rewritten
//! when stale. A file of its own (re-exported by `support`), so that the fixture outputs'
//! test in polytomic-codegen uses the same helper without the HTTP server of `support`.

use std::path::{Path, PathBuf};

/// Checks that each path holds its content; the stale ones are printed as a diff and
/// written, and the check fails naming them and the command that regenerates them, so one
/// rerun (and a review of the diff) fixes it. Every committed generated file, the
/// snapshots of generated code included, is checked this way.
pub fn ensure_file_contents(files: &[(PathBuf, String)], regenerate: &str) {
    let mut stale = Vec::new();
    for (path, content) in files {
        let old = std::fs::read_to_string(path).unwrap_or_default();
        if old != *content {
            let diff = similar::TextDiff::from_lines(&old, content);
            eprintln!(
                "{}",
                diff.unified_diff()
                    .context_radius(2)
                    .header(&path.display().to_string(), "generated")
            );
            std::fs::write(path, content).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale, now rewritten (review the diff above and commit, or run `{regenerate}`): {stale:?}"
    );
}

/// The names of the directories (or, with `ext`, the stems of the files with that
/// extension) in `dir`, sorted: fixture kinds come from the file system, not a list.
pub fn entries(dir: &Path, ext: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| match ext {
            Some(ext) => p.extension().is_some_and(|e| e == ext),
            None => p.is_dir(),
        })
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
