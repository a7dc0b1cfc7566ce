//! Integration tests of the generator and of the generated SDK (in `tests/`), and the
//! compiled outputs of the per-feature fixture specs (below), which prove that every
//! fixture's generated code is valid, warning-free Rust and let tests use its types.

/// The hand-written HTTP runtime that every generated crate carries, compiled once here and
/// shared by the fixtures below (their committed outputs leave it out: it does not depend
/// on the spec, so a copy per fixture would only repeat it).
#[path = "../generator/runtime/runtime.rs"]
pub mod runtime;

/// What the shared runtime takes from a spec (default version, version header, server,
/// environment variable names): the `versioned` fixture's, so the end-to-end tests of the
/// fixture clients check that these really come from the spec.
pub use fixtures::versioned::spec;

/// Generated code of each fixture in `fixtures/openapi/`, compiled.
pub mod fixtures {
    pub mod allof {
        pub use crate::runtime;
        include!("fixtures/generated/allof.rs");
    }
    pub mod bodies {
        pub use crate::runtime;
        include!("fixtures/generated/bodies.rs");
    }
    pub mod constraints {
        pub use crate::runtime;
        include!("fixtures/generated/constraints.rs");
    }
    pub mod decoding {
        pub use crate::runtime;
        include!("fixtures/generated/decoding.rs");
    }
    pub mod enums {
        pub use crate::runtime;
        include!("fixtures/generated/enums.rs");
    }
    pub mod formats {
        pub use crate::runtime;
        include!("fixtures/generated/formats.rs");
    }
    pub mod maps {
        pub use crate::runtime;
        include!("fixtures/generated/maps.rs");
    }
    pub mod multi_file {
        pub use crate::runtime;
        include!("fixtures/generated/multi_file.rs");
    }
    pub mod names {
        pub use crate::runtime;
        include!("fixtures/generated/names.rs");
    }
    pub mod nullable {
        pub use crate::runtime;
        include!("fixtures/generated/nullable.rs");
    }
    pub mod objects {
        pub use crate::runtime;
        include!("fixtures/generated/objects.rs");
    }
    pub mod oneof_discriminator {
        pub use crate::runtime;
        include!("fixtures/generated/oneof_discriminator.rs");
    }
    pub mod openapi31 {
        pub use crate::runtime;
        include!("fixtures/generated/openapi31.rs");
    }
    pub mod pagination {
        pub use crate::runtime;
        include!("fixtures/generated/pagination.rs");
    }
    pub mod param_styles {
        pub use crate::runtime;
        include!("fixtures/generated/param_styles.rs");
    }
    pub mod params {
        pub use crate::runtime;
        include!("fixtures/generated/params.rs");
    }
    pub mod real_world {
        pub use crate::runtime;
        include!("fixtures/generated/real_world.rs");
    }
    pub mod recursive {
        pub use crate::runtime;
        include!("fixtures/generated/recursive.rs");
    }
    pub mod responses {
        pub use crate::runtime;
        include!("fixtures/generated/responses.rs");
    }
    pub mod security {
        pub use crate::runtime;
        include!("fixtures/generated/security.rs");
    }
    pub mod shared_components {
        pub use crate::runtime;
        include!("fixtures/generated/shared_components.rs");
    }
    pub mod sse {
        pub use crate::runtime;
        include!("fixtures/generated/sse.rs");
    }
    pub mod swagger2_petstore_mini {
        pub use crate::runtime;
        include!("fixtures/generated/swagger2_petstore_mini.rs");
    }
    pub mod versioned {
        pub use crate::runtime;
        include!("fixtures/generated/versioned.rs");
    }
    pub mod unions {
        pub use crate::runtime;
        include!("fixtures/generated/unions.rs");
    }
}

/// The Rust examples of the README compile (`cargo test --doc -p polytomic-tests`), so the
/// usage example and the build-script recipe cannot drift from the real API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;
