//! Generates a typed Rust SDK for the Polytomic API (or any API described in OpenAPI 3.0,
//! 3.1 or Swagger 2.0) from its description and per-connector configuration tables.
//!
//! The pipeline, one module per stage: `load` (parse and check inputs) → `resolve` (one
//! model of types and operations, [`ir`]) → `emit` (Rust tokens with `quote`) → `format`
//! (prettyplease) → `write` (only files whose content changed). [`Builder`] is the one
//! configuration that runs it, for build scripts and the CLI alike, and with what its
//! methods return ([`File`], [`WriteReport`], [`Generated`], [`deps::Dependency`],
//! [`diff`]'s changes, [`ir::Api`]) the library's interface; the stages are internal.
//!
//! ```no_run
//! let (files, warnings) = polytomic_codegen::Builder::new()
//!     .spec("spec/openapi.yaml")
//!     .tree()?;
//! # Ok::<(), polytomic_codegen::Error>(())
//! ```

pub mod builder;
pub mod deps;
pub mod diff;
pub mod error;
pub mod ir;

// The pipeline's stages: public for the CLI and the tests, not part of the library's
// interface (the `Builder` is), so a change inside a stage breaks no `build.rs`.
#[doc(hidden)]
pub mod coverage;
#[doc(hidden)]
pub mod emit;
#[doc(hidden)]
pub mod format;
#[doc(hidden)]
pub mod import;
#[doc(hidden)]
pub mod load;
#[doc(hidden)]
pub mod names;
#[doc(hidden)]
pub mod resolve;
mod runtime_names;
#[doc(hidden)]
pub mod write;

pub use builder::{Builder, Generated};
pub use error::{Diagnostic, Error, Location, Severity};
pub use format::File;
pub use resolve::{Resolution, ResolutionReport};
pub use write::WriteReport;
