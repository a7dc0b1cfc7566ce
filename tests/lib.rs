//! Integration tests of the generator and of the generated SDK (in `tests/`), and the
//! compiled outputs of the per-feature fixture specs (below), which prove that every
//! fixture's generated code is valid, warning-free Rust and let tests use its types.

// Each fixture compiles its own copy of the runtime (with its own `spec`), as each
// generated crate does: the same files on purpose.
#![allow(clippy::duplicate_mod)]

/// Generated code of each fixture in `fixtures/openapi/`, compiled. Each carries its own
/// copy of the runtime (`fixtures::<name>::runtime`), built with that fixture's `spec`,
/// as a generated crate does. Left out of doctests: the runtime's examples name the
/// `polytomic` crate and run with it.
#[cfg(not(doctest))]
pub mod fixtures {
    #[path = "generated/allof.rs"]
    pub mod allof;
    #[path = "generated/auth_schemes.rs"]
    pub mod auth_schemes;
    #[path = "generated/bodies.rs"]
    pub mod bodies;
    #[path = "generated/constraints.rs"]
    pub mod constraints;
    #[path = "generated/decoding.rs"]
    pub mod decoding;
    #[path = "generated/enums.rs"]
    pub mod enums;
    #[path = "generated/formats.rs"]
    pub mod formats;
    #[path = "generated/maps.rs"]
    pub mod maps;
    #[path = "generated/multi_file.rs"]
    pub mod multi_file;
    #[path = "generated/names.rs"]
    pub mod names;
    #[path = "generated/nullable.rs"]
    pub mod nullable;
    #[path = "generated/objects.rs"]
    pub mod objects;
    #[path = "generated/oneof_discriminator.rs"]
    pub mod oneof_discriminator;
    #[path = "generated/openapi31.rs"]
    pub mod openapi31;
    #[path = "generated/pagination.rs"]
    pub mod pagination;
    #[path = "generated/param_styles.rs"]
    pub mod param_styles;
    #[path = "generated/params.rs"]
    pub mod params;
    #[path = "generated/real_world.rs"]
    pub mod real_world;
    #[path = "generated/recursive.rs"]
    pub mod recursive;
    #[path = "generated/responses.rs"]
    pub mod responses;
    #[path = "generated/security.rs"]
    pub mod security;
    #[path = "generated/shared_components.rs"]
    pub mod shared_components;
    #[path = "generated/sse.rs"]
    pub mod sse;
    #[path = "generated/swagger2_petstore_mini.rs"]
    pub mod swagger2_petstore_mini;
    #[path = "generated/unions.rs"]
    pub mod unions;
    #[path = "generated/versioned.rs"]
    pub mod versioned;
}

/// The Rust examples of the README compile (`cargo test --doc -p polytomic-tests`), so the
/// usage example and the build-script recipe cannot drift from the real API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;
