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
}

/// Writes `files` under `dir`, skipping files whose bytes are already right.
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
    Ok(report)
}

/// The files under `dir` that differ from (or are missing compared to) `files`.
pub fn stale(dir: &Path, files: &[File]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|f| dir.join(&f.path))
        .zip(files)
        .filter(|(path, f)| !std::fs::read(path).is_ok_and(|old| old == f.content.as_bytes()))
        .map(|(path, _)| path)
        .collect()
}
