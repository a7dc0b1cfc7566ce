//! Integration tests of the generator and of the generated SDK, in `tests/`. The compiled
//! outputs of the fixture specs, whose types many of them use, are the `fixture-outputs`
//! crate (`fixture-outputs/`).

/// The Rust examples of the README compile (`cargo test --doc -p polytomic-tests`), so the
/// usage example and the build-script recipe cannot drift from the real API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;
