//! Generates a typed Rust SDK for the Polytomic API from an OpenAPI 3.0 document and
//! per-connector configuration tables.
//!
//! The pipeline, one module per stage:
//! [`load`] (parse and check inputs) → [`resolve`] (one model of types and operations,
//! [`ir`]) → [`emit`] (Rust tokens with `quote`) → [`format`] (prettyplease) →
//! [`write`] (only files whose content changed).
//!
//! ```no_run
//! let files = polytomic_codegen::Config::new()
//!     .spec("spec/openapi.yaml")
//!     .generate_files()?;
//! # Ok::<(), polytomic_codegen::Error>(())
//! ```

pub mod emit;
pub mod error;
pub mod format;
pub mod ir;
pub mod load;
pub mod names;
pub mod resolve;
pub mod write;

pub use error::{Diagnostic, Error, Location};
pub use format::File;

use std::path::{Path, PathBuf};

/// What to generate from, and where to.
#[derive(Debug, Clone)]
pub struct Config {
    spec: PathBuf,
    connectors: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            spec: PathBuf::from("spec/openapi.yaml"),
            connectors: PathBuf::from("spec/connectors"),
        }
    }
}

impl Config {
    /// Defaults: `spec/openapi.yaml` and `spec/connectors`, relative to the working
    /// directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// The OpenAPI document (YAML or JSON).
    pub fn spec(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.spec = path.into();
        self
    }

    /// The directory of connector tables; a missing directory means no connectors.
    pub fn connectors(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.connectors = dir.into();
        self
    }

    /// Loads and resolves the inputs into the model the emitters use.
    pub fn resolve(&self) -> Result<ir::Api, Error> {
        let spec = load::openapi::load(&self.spec)?;
        resolve::resolve(&spec)
    }

    /// Generates the SDK as a module tree rooted at `lib.rs`, without writing it.
    pub fn generate_files(&self) -> Result<Vec<File>, Error> {
        let api = self.resolve()?;
        format::tree(&emit::emit(&api, "polytomic"))
    }

    /// Generates the SDK into `dir` (as its `lib.rs` and modules), writing only the
    /// files whose content changed.
    pub fn write_to(&self, dir: &Path) -> Result<write::WriteReport, Error> {
        let files = self.generate_files()?;
        write::write(dir, &files)
    }

    /// The files in `dir` that are not what generation would write.
    pub fn check(&self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let files = self.generate_files()?;
        Ok(write::stale(dir, &files))
    }

    /// The spec path in use.
    pub fn spec_path(&self) -> &Path {
        &self.spec
    }

    /// The connectors directory in use.
    pub fn connectors_dir(&self) -> &Path {
        &self.connectors
    }
}
