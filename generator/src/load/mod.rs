//! Stage 1: read and check the inputs (the OpenAPI document and connector tables).

pub mod bundle;
pub mod openapi;
pub mod pointer;
pub mod source;
pub mod tables;

pub use source::SourceFile;
