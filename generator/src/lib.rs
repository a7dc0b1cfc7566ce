//! Generates a typed Rust SDK for the Polytomic API (or any API described in OpenAPI 3.0,
//! 3.1 or Swagger 2.0) from its description and per-connector configuration tables.
//!
//! The pipeline, one module per stage:
//! [`load`] (parse and check inputs) → [`resolve`] (one model of types and operations,
//! [`ir`]) → [`emit`] (Rust tokens with `quote`) → [`format`](mod@format) (prettyplease) →
//! [`write`](mod@write) (only files whose content changed). [`Builder`] is the one configuration
//! that runs it, for build scripts and the CLI alike.
//!
//! ```no_run
//! let (files, warnings) = polytomic_codegen::Builder::new()
//!     .spec("spec/openapi.yaml")
//!     .tree()?;
//! # Ok::<(), polytomic_codegen::Error>(())
//! ```

pub mod builder;
pub mod coverage;
pub mod deps;
pub mod diff;
pub mod emit;
pub mod error;
pub mod format;
pub mod import;
pub mod ir;
pub mod load;
pub mod names;
pub mod resolve;
mod runtime_names;
pub mod write;

pub use builder::{Builder, Generated};
pub use error::{Diagnostic, Error, Location, Severity};
pub use format::File;
