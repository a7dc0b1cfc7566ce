//! The crates generated code uses, so no output ever needs one nobody was told about: the
//! CLI prints them (`dependencies`, and a note from `generate` when a spec needs more than
//! the usual ones), and a build script checks the downstream crate's `Cargo.toml`.

use crate::emit::Middleware;
use crate::ir::{Api, Check, TypeKind};

mod manifest;

pub use manifest::{check_manifest, check_manifest_text, ManifestCheck};

/// One crate the generated code uses, as a `[dependencies]` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dependency {
    /// The crate's name, as written in `Cargo.toml`.
    pub name: &'static str,
    /// Its requirement: what follows `name = ` in `[dependencies]`.
    pub requirement: &'static str,
    /// Why generated code needs it.
    pub why: &'static str,
}

/// What every output uses (the same list as `generated/Cargo.toml`).
pub const BASE: &[Dependency] = &[
    Dependency {
        name: "serde",
        requirement: r#"{ version = "1", features = ["derive"] }"#,
        why: "(de)serialization of every model",
    },
    Dependency {
        name: "serde_json",
        requirement: r#""1""#,
        why: "JSON bodies",
    },
    Dependency {
        name: "reqwest",
        requirement: r#"{ version = "0.13", default-features = false, features = ["rustls", "http2", "query", "form", "multipart", "stream", "gzip", "brotli", "deflate"] }"#,
        why: "the HTTP client",
    },
    Dependency {
        name: "bytes",
        requirement: r#""1""#,
        why: "streamed bodies",
    },
    Dependency {
        name: "uuid",
        requirement: r#"{ version = "1", features = ["serde", "v4"] }"#,
        why: "`format: uuid` and idempotency keys",
    },
    Dependency {
        name: "chrono",
        requirement: r#"{ version = "0.4", default-features = false, features = ["serde", "std", "clock"] }"#,
        why: "`format: date-time` and `date`",
    },
    Dependency {
        name: "percent-encoding",
        requirement: r#""2""#,
        why: "path parameters",
    },
    Dependency {
        name: "tokio",
        requirement: r#"{ version = "1", default-features = false, features = ["sync", "time"] }"#,
        why: "sleeping between retries; one OAuth2 token fetch at a time",
    },
    Dependency {
        name: "tracing",
        requirement: r#"{ version = "0.1", default-features = false, features = ["std"] }"#,
        why: "one span per request",
    },
    Dependency {
        name: "serde_path_to_error",
        requirement: r#""0.1""#,
        why: "decode errors that name the field",
    },
    Dependency {
        name: "futures-core",
        requirement: r#"{ version = "0.3", default-features = false, features = ["std"] }"#,
        why: "the pagination stream",
    },
    Dependency {
        name: "httpdate",
        requirement: r#""1""#,
        why: "`Retry-After` dates",
    },
];

/// Used when a named schema has a `pattern`, which its newtype checks.
pub const REGEX: Dependency = Dependency {
    name: "regex-lite",
    requirement: r#""0.1""#,
    why: "`pattern` constraints",
};

/// With [`Middleware::On`]: the middleware stack `ClientBuilder::middleware` takes.
pub const MIDDLEWARE: Dependency = Dependency {
    name: "reqwest-middleware",
    requirement: r#""0.5""#,
    why: "`ClientBuilder::middleware`",
};

/// With [`Middleware::CargoFeature`]: the same, optional, for the `middleware` feature
/// (which [`cargo_table`] declares).
pub const MIDDLEWARE_OPTIONAL: Dependency = Dependency {
    name: "reqwest-middleware",
    requirement: r#"{ version = "0.5", optional = true }"#,
    why: "`ClientBuilder::middleware`, with the `middleware` feature",
};

/// What middleware support in `mode` adds to the dependencies.
pub fn for_middleware(mode: Middleware) -> Option<Dependency> {
    match mode {
        Middleware::Off => None,
        Middleware::On => Some(MIDDLEWARE),
        Middleware::CargoFeature => Some(MIDDLEWARE_OPTIONAL),
    }
}

/// Every crate the output generated from `api` uses: [`BASE`], then what its schemas need.
pub fn needed(api: &Api) -> Vec<Dependency> {
    let mut out = BASE.to_vec();
    let patterns = api.types.iter().any(|t| {
        matches!(&t.kind, TypeKind::Constrained(c) if c.checks.iter().any(|c| matches!(c, Check::Pattern(_))))
    });
    if patterns {
        out.push(REGEX);
    }
    out
}

/// The dependencies beyond [`BASE`] (what a user who followed the README may lack).
pub fn extra(deps: &[Dependency]) -> Vec<Dependency> {
    deps.iter().filter(|d| !BASE.contains(d)).copied().collect()
}

/// One Cargo feature the crate of a generated module tree declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    pub name: String,
    /// What it enables (`dep:reqwest-middleware`, other features).
    pub enables: Vec<String>,
    /// A comment line above it, if any.
    pub why: Option<String>,
}

/// The Cargo feature that compiles connector `id`'s types (`s3` → `connector-s3`).
pub fn connector_feature(id: &str) -> String {
    format!("connector-{}", feature_name(id))
}

/// `name` as a Cargo feature name: lowercase, and runs of anything but letters, digits,
/// `+` and `.` as one `-`, none leading or trailing (`_1_click_apps` → `1-click-apps`).
fn feature_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() || c == '+' || c == '.' {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    // A feature starts with a letter, a digit or `_`.
    let out = out.trim_end_matches('-').trim_start_matches(['+', '.']);
    if out.is_empty() {
        "unnamed".to_owned()
    } else {
        out.to_owned()
    }
}

/// The feature that enables every connector (on by default).
pub const ALL_CONNECTORS: &str = "connectors";

/// The feature that enables every API group (on by default).
pub const ALL_GROUPS: &str = "api-groups";

/// The Cargo feature that compiles the top-level API group `segment` (a group path's first
/// segment, `model_sync` → `model-sync`), its subgroups included. A name the crate uses for
/// something else (`default`, `middleware`, the umbrellas, `connector-*`) gets an `api-`
/// prefix.
pub fn group_feature(segment: &str) -> String {
    let name = feature_name(segment);
    let taken = matches!(
        name.as_str(),
        "default" | "middleware" | ALL_CONNECTORS | ALL_GROUPS
    ) || name.starts_with("connector-")
        || name.starts_with("api-");
    if taken {
        format!("api-{name}")
    } else {
        name
    }
}

/// The group features of `api`, sorted: one per top-level group of its operations.
pub fn group_features(api: &Api) -> Vec<String> {
    let mut out: Vec<String> = api
        .operations
        .iter()
        .filter_map(|op| op.group.first())
        .map(|segment| group_feature(segment))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The features of a module tree generated from `api`: `middleware` with
/// [`Middleware::CargoFeature`]; with `cargo_features`, one per top-level API group plus
/// [`ALL_GROUPS`] and one per connector plus [`ALL_CONNECTORS`], both umbrellas on by
/// default.
pub fn features(api: &Api, mode: Middleware, cargo_features: bool) -> Vec<Feature> {
    let (groups, connectors): (Vec<String>, Vec<String>) = if cargo_features {
        let connectors = api.connectors.connectors.iter();
        (
            group_features(api),
            connectors.map(|c| connector_feature(&c.id)).collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let mut out = Vec::new();
    let umbrellas: Vec<String> = [(ALL_GROUPS, &groups), (ALL_CONNECTORS, &connectors)]
        .into_iter()
        .filter(|(_, members)| !members.is_empty())
        .map(|(name, _)| name.to_owned())
        .collect();
    if !umbrellas.is_empty() {
        out.push(Feature {
            name: "default".to_owned(),
            enables: umbrellas,
            why: None,
        });
    }
    if mode == Middleware::CargoFeature {
        out.push(Feature {
            name: "middleware".to_owned(),
            enables: vec!["dep:reqwest-middleware".to_owned()],
            why: Some(
                "Lets the client run on a `reqwest_middleware::ClientWithMiddleware`.".to_owned(),
            ),
        });
    }
    let sections = [
        (
            ALL_GROUPS,
            groups,
            "Every API group's operations (`model-sync`: `client.model_sync()` and its \
             subgroups), with the types only they use.",
        ),
        (
            ALL_CONNECTORS,
            connectors,
            "Every connector's typed configuration. Without a connector's feature, its \
             configuration reads as raw JSON (`Other`).",
        ),
    ];
    for (umbrella, members, why) in sections {
        if members.is_empty() {
            continue;
        }
        out.push(Feature {
            name: umbrella.to_owned(),
            enables: members.clone(),
            why: Some(why.to_owned()),
        });
        out.extend(members.into_iter().map(|name| Feature {
            name,
            enables: Vec::new(),
            why: None,
        }));
    }
    out
}

/// `deps` as a `[dependencies]` table, one commented line each, and `features` as a
/// `[features]` table (left out when empty).
pub fn cargo_table(deps: &[Dependency], features: &[Feature]) -> String {
    let mut out = String::from("[dependencies]\n");
    for d in deps {
        out.push_str(&format!("# {}\n{} = {}\n", d.why, d.name, d.requirement));
    }
    if !features.is_empty() {
        out.push('\n');
        out.push_str(&features_table(features));
    }
    out
}

/// `features` as a `[features]` table.
pub fn features_table(features: &[Feature]) -> String {
    let mut out = String::from("[features]\n");
    for f in features {
        if let Some(why) = &f.why {
            out.push_str(&format!("# {why}\n"));
        }
        let quoted: Vec<String> = f.enables.iter().map(|e| format!("{e:?}")).collect();
        if quoted.len() > 3 {
            out.push_str(&format!("{} = [\n", f.name));
            for q in &quoted {
                out.push_str(&format!("    {q},\n"));
            }
            out.push_str("]\n");
        } else {
            out.push_str(&format!("{} = [{}]\n", f.name, quoted.join(", ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_base_list_is_the_generated_crates() {
        let path = Path::new("../generated/Cargo.toml");
        let manifest = include_str!("../../generated/Cargo.toml");
        assert_eq!(
            check_manifest_text(path, manifest, BASE),
            ManifestCheck::default()
        );
        let check = check_manifest_text(path, manifest, &[REGEX]);
        assert_eq!(check.errors.len(), 1, "{check:?}");
        assert!(check.warnings.is_empty(), "{check:?}");
    }

    #[test]
    fn the_downstream_example_lists_what_generated_code_needs() {
        let path = Path::new("../examples/downstream/Cargo.toml");
        let manifest = include_str!("../../examples/downstream/Cargo.toml");
        assert_eq!(
            check_manifest_text(path, manifest, BASE),
            ManifestCheck::default()
        );
    }

    #[test]
    fn middleware_behind_a_feature_is_an_optional_dependency_and_the_feature() {
        assert_eq!(for_middleware(Middleware::Off), None);
        assert_eq!(for_middleware(Middleware::On), Some(MIDDLEWARE));
        let api = Api::default();
        let table = cargo_table(
            &[MIDDLEWARE_OPTIONAL],
            &features(&api, Middleware::CargoFeature, true),
        );
        assert!(table.ends_with(
            "reqwest-middleware = { version = \"0.5\", optional = true }\n\n[features]\n# Lets the client run on a `reqwest_middleware::ClientWithMiddleware`.\nmiddleware = [\"dep:reqwest-middleware\"]\n"
        ), "{table}");
        assert_eq!(features(&api, Middleware::On, true), []);
        assert!(!cargo_table(&[MIDDLEWARE], &[]).contains("[features]"));
    }

    #[test]
    fn feature_names_are_ones_cargo_accepts() {
        assert_eq!(group_feature("model_sync"), "model-sync");
        assert_eq!(
            group_feature("_1_click_applications"),
            "1-click-applications"
        );
        assert_eq!(group_feature("connectors"), "api-connectors");
        assert_eq!(group_feature("connector_x"), "api-connector-x");
        assert_eq!(group_feature("__"), "unnamed");
        assert_eq!(
            connector_feature("Amazon Keyspaces!"),
            "connector-amazon-keyspaces"
        );
    }

    #[test]
    fn the_table_is_valid_toml_lines() {
        let table = cargo_table(&[REGEX], &[]);
        assert_eq!(
            table,
            "[dependencies]\n# `pattern` constraints\nregex-lite = \"0.1\"\n"
        );
    }
}
