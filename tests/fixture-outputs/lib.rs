//! The committed outputs of the fixture specs, compiled, which proves that every fixture's
//! generated code is valid, warning-free Rust and lets the tests of polytomic-tests use its
//! types. Generated and checked by `cargo test -p polytomic-codegen --test fixture_outputs`
//! (generator/tests/fixture_outputs.rs), which does not depend on this crate, so it builds
//! and rewrites the outputs even when the committed ones no longer compile.

// Each OpenAPI fixture compiles its own copy of the runtime (with its own `spec`), as each
// generated crate does: the same files on purpose.
#![allow(clippy::duplicate_mod)]

pub mod connectors;
pub mod openapi;
