//! Integration tests of the generator and of the generated SDK (in `tests/`), and the
//! compiled outputs of the per-feature fixture specs (below), which prove that every
//! fixture's generated code is valid, warning-free Rust and let tests use its types.

/// Generated code of each fixture in `fixtures/openapi/`, compiled.
pub mod fixtures {
    pub mod allof {
        include!("fixtures/generated/allof.rs");
    }
    pub mod enums {
        include!("fixtures/generated/enums.rs");
    }
    pub mod formats {
        include!("fixtures/generated/formats.rs");
    }
    pub mod maps {
        include!("fixtures/generated/maps.rs");
    }
    pub mod names {
        include!("fixtures/generated/names.rs");
    }
    pub mod nullable {
        include!("fixtures/generated/nullable.rs");
    }
    pub mod objects {
        include!("fixtures/generated/objects.rs");
    }
    pub mod oneof_discriminator {
        include!("fixtures/generated/oneof_discriminator.rs");
    }
    pub mod params {
        include!("fixtures/generated/params.rs");
    }
    pub mod recursive {
        include!("fixtures/generated/recursive.rs");
    }
    pub mod responses {
        include!("fixtures/generated/responses.rs");
    }
    pub mod security {
        include!("fixtures/generated/security.rs");
    }
    pub mod unions {
        include!("fixtures/generated/unions.rs");
    }
}

/// The Rust examples of the README compile (`cargo test --doc -p polytomic-tests`), so the
/// usage example and the build-script recipe cannot drift from the real API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;
