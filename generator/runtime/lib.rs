//! The runtimes copied into every generated crate, compiled as a crate of their own so
//! their behaviour is unit-tested apart from any one spec.

// Some items exist for generated code only (the `impl_object!` and `impl_union!` macros,
// constructors of values only reading makes), and nothing here is generated.
#![allow(dead_code, unused_macros, unused_imports)]

/// What generation writes beside the runtime from the spec (a neutral stand-in here).
pub mod spec {
    use super::runtime::{CredentialPart, SchemeKind, Security, SecurityScheme};

    pub const API_VERSION: &str = "2024-01-01";
    pub const VERSION_HEADER: Option<&str> = Some("X-Api-Version");
    pub const BASE_URL: Option<&str> = Some("https://api.example.com");
    pub use env::*;
    pub mod env {
        pub const ENV_API_KEY: &str = "EXAMPLE_API_KEY";
        pub const ENV_DEPLOYMENT_KEY: &str = "EXAMPLE_DEPLOYMENT_KEY";
        pub const ENV_DEPLOYMENT_URL: &str = "EXAMPLE_DEPLOYMENT_URL";
    }
    /// A bearer key and basic auth, either of them.
    pub const SECURITY_SCHEMES: &[SecurityScheme] = &[
        SecurityScheme {
            name: "basicAuth",
            kind: SchemeKind::Basic,
            env: &[(CredentialPart::Username, ENV_DEPLOYMENT_KEY)],
        },
        SecurityScheme {
            name: "bearerAuth",
            kind: SchemeKind::Bearer,
            env: &[(CredentialPart::Token, ENV_API_KEY)],
        },
    ];
    pub const SECURITY: Security = Security::AnyOf(&[&[0], &[1]]);
}

pub mod connectors_runtime;
pub mod runtime;

#[cfg(test)]
mod tests;
