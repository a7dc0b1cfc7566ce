//! Stage 3: emit Rust tokens from the resolved model, one module per concern.

mod auth;
mod client;
mod connectors;
mod docs;
mod features;
mod imports;
mod items;
mod models;
mod split;
mod types;
mod webhooks;

use crate::ir::{Api, Method};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashMap;

/// A hand-written module copied into every generated crate that needs it: a root file
/// and, beside it, one file per submodule (see `generator/runtime/`).
#[derive(Debug, Clone, Copy)]
pub struct SourceTree {
    /// The module's root file (`runtime.rs`).
    pub root: &'static str,
    /// Its submodules: name and source (`runtime/retry.rs` is `("retry", ...)`).
    pub children: &'static [(&'static str, &'static str)],
}

/// Embeds the runtime's files: the root and each named submodule under `runtime/`.
macro_rules! runtime_tree {
    ($($child:literal),* $(,)?) => {
        SourceTree {
            root: include_str!("../../runtime/runtime.rs"),
            children: &[$(($child, include_str!(concat!("../../runtime/runtime/", $child, ".rs")))),*],
        }
    };
}

/// The HTTP runtime every generated crate carries.
pub const RUNTIME: SourceTree = runtime_tree!(
    "auth",
    "body",
    "client",
    "error",
    "middleware",
    "multipart",
    "oauth2",
    "pagination",
    "params",
    "raw",
    "request",
    "response",
    "retry",
    "send",
    "sse",
    "values",
    "waiters",
);

/// The hand-written helpers the connector configuration types use.
pub const CONNECTORS_RUNTIME: SourceTree = SourceTree {
    root: include_str!("../../runtime/connectors_runtime.rs"),
    children: &[],
};

/// One generated module: its name (`models`, `client`, ...) and contents.
#[derive(Debug)]
pub struct Module {
    pub name: &'static str,
    /// One line saying what the module holds (the module's rustdoc).
    pub doc: &'static str,
    pub content: ModuleContent,
}

#[derive(Debug)]
pub enum ModuleContent {
    Tokens(TokenStream),
    /// Generated code in several files: the module's root and its submodules (each
    /// declared by the formatter, as a file or inline).
    Tree {
        root: TokenStream,
        children: Vec<Submodule>,
    },
    /// Verbatim source (the runtime), already formatted: the root file and its
    /// submodules' files, each declared in the root as `mod <name>;`.
    Source {
        root: String,
        children: Vec<(&'static str, String)>,
    },
}

/// A generated submodule of a [`ModuleContent::Tree`].
#[derive(Debug)]
pub struct Submodule {
    pub name: String,
    /// Attributes on its declaration (a `#[cfg(feature = ..)]`, or nothing).
    pub attrs: TokenStream,
    pub tokens: TokenStream,
}

/// How the generated crate is used, which the emitted docs depend on.
#[derive(Debug, Clone)]
pub struct Options {
    /// The name of the crate the code is compiled in, which doc examples use
    /// (`my_sdk::Client`).
    pub crate_name: String,
    /// Whether doc examples run as doctests.
    pub doctests: Doctests,
    /// Whether the client can send through a `reqwest-middleware` stack.
    pub middleware: Middleware,
    /// Whether each connector and each top-level API group sits behind a Cargo feature of
    /// the crate the output is compiled in (`connector-s3`, `model-sync`; see
    /// [`crate::deps::features`]). A connector compiled out reads into the unions'
    /// `Other` as raw JSON; a group compiled out takes its operations and the types only
    /// they use with it.
    pub cargo_features: bool,
}

impl Options {
    /// Doc examples for the crate `crate_name`, run as doctests.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Options {
            crate_name: crate_name.into(),
            doctests: Doctests::Run,
            middleware: Middleware::Off,
            cargo_features: false,
        }
    }
}

/// Whether the generated client can send through a `reqwest-middleware` stack
/// (`ClientBuilder::middleware`, and `Error::Middleware` for what a middleware returns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Middleware {
    /// Not at all; the output does not use `reqwest-middleware`.
    #[default]
    Off,
    /// Always; the output uses `reqwest-middleware`.
    On,
    /// Behind the `middleware` Cargo feature of the crate the output is compiled in, which
    /// declares it as `middleware = ["dep:reqwest-middleware"]` (with that dependency
    /// optional).
    CargoFeature,
}

/// Whether the doc examples of the generated code run as doctests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doctests {
    /// As doctests of the crate the code is compiled in (a standalone SDK crate).
    Run,
    /// Marked `ignore`: for code `include!`d into another crate, where the examples'
    /// crate name does not resolve.
    Ignore,
}

/// Everything generated from one [`Api`].
#[derive(Debug)]
pub struct Emitted {
    pub crate_doc: String,
    pub modules: Vec<Module>,
    /// The crate root's re-exports (`polytomic::Client`, ...).
    pub root: TokenStream,
}

/// Emits all modules of the SDK.
pub fn emit(api: &Api, options: &Options) -> Emitted {
    let groups = crate::deps::group_features(api);
    let split = options.cargo_features && !groups.is_empty();
    // With groups behind features, what uses an import may all be compiled out.
    let client = imports::shorten(client::emit(api, options), split);
    let webhooks = (!api.webhooks.hooks.is_empty())
        .then(|| imports::shorten(webhooks::emit(&api.webhooks), false));
    let root = root_items(api);
    // `gate_models` allows unused imports when it gates anything.
    let mut models = imports::shorten(models::emit(api), false);
    let mut model_gates = HashMap::new();
    if split {
        // The connectors module names model types only in bindings, which take their
        // type's gate (below), so it adds no use here.
        let mut uses = features::Uses::default();
        uses.module(&client);
        uses.ungated(&root);
        for tokens in webhooks.iter() {
            uses.ungated(tokens);
        }
        (models, model_gates) = features::gate_models(models, &uses, &groups);
    }
    let multipart = uses_multipart([&models, &client, &root].into_iter().chain(webhooks.iter()));
    let model_gate = |name: &str| model_gates.get(name).cloned().unwrap_or_default();
    let connectors = (!api.connectors.is_empty()).then(|| {
        let (root, mut children) = connectors::emit(api, options, &model_gate);
        let names: Vec<&TokenStream> = children.iter().map(|c| &c.tokens).collect();
        let root = imports::shorten_beside(root, &names, options.cargo_features);
        for child in &mut children {
            child.tokens = imports::shorten(std::mem::take(&mut child.tokens), false);
        }
        (root, children)
    });
    let mut modules = vec![
        Module {
            name: "models",
            doc: "Types for the API's request and response bodies.",
            content: by_group("models", models, split),
        },
        Module {
            name: "client",
            doc: "Operations, grouped like the API: `client.model_sync().create(&body)`.",
            content: by_group("client", client, split),
        },
        Module {
            name: "spec",
            doc: "What this crate was generated from: the API's title, version and server.",
            content: ModuleContent::Tokens(spec_module(api)),
        },
        Module {
            name: "runtime",
            doc: "The HTTP runtime: client configuration, requests and errors.",
            content: runtime_module(api, options, multipart),
        },
    ];
    if let Some(tokens) = webhooks {
        modules.push(Module {
            name: "webhooks",
            doc: "Requests the API sends: each webhook's payload, decoded from a delivery.",
            content: ModuleContent::Tokens(tokens),
        });
    }
    if let Some((root, children)) = connectors {
        modules.push(Module {
            name: "connectors",
            doc: "Typed configuration per connector, from the connector tables.",
            content: ModuleContent::Tree { root, children },
        });
        modules.push(Module {
            name: "connectors_runtime",
            doc: "How connector configuration types read and write their flat JSON objects.",
            content: connectors_runtime(options),
        });
    }
    Emitted {
        crate_doc: crate_doc(api, options),
        modules,
        root,
    }
}

/// A module whose items carry group gates, as one file per group when `split` (see
/// [`split`]).
fn by_group(module: &str, tokens: TokenStream, split: bool) -> ModuleContent {
    if !split {
        return ModuleContent::Tokens(tokens);
    }
    match split::by_feature(module, tokens) {
        (root, children) if children.is_empty() => ModuleContent::Tokens(root),
        (root, children) => ModuleContent::Tree { root, children },
    }
}

/// `source` with an inner attribute that allows unused items unless the umbrella
/// `feature` is on: with part of the crate compiled out, part of a hand-written runtime
/// goes unused, and the lint still holds with every feature.
fn unused_allowed_without(source: String, feature: &str) -> String {
    format!("#![cfg_attr(not(feature = \"{feature}\"), allow(unused))]\n{source}")
}

fn uses_pagination(api: &Api) -> bool {
    api.operations.iter().any(|o| o.pagination.is_some())
}

/// Whether generated code names the runtime's multipart items (a form type, a file
/// field, a multipart body), read off the emitted tokens so no use can be missed.
fn uses_multipart<'t>(modules: impl IntoIterator<Item = &'t TokenStream>) -> bool {
    let mut named = std::collections::HashSet::new();
    for tokens in modules {
        features::idents(tokens.clone(), &mut named);
    }
    ["MultipartForm", "FilePart", "multipart"]
        .iter()
        .any(|n| named.contains(*n))
}

fn uses_event_streams(api: &Api) -> bool {
    api.operations.iter().any(|o| {
        o.success
            .as_ref()
            .is_some_and(|s| s.encoding == crate::ir::Encoding::EventStream)
    })
}

/// The runtime's submodules that `api` has no use for: OAuth2 without a
/// client-credentials scheme, pagination without paginated operations, server-sent
/// events without event streams, waiters without waiters.
fn unused_runtime_parts(api: &Api) -> Vec<&'static str> {
    let mut out = Vec::new();
    if !auth::uses_client_credentials(api) {
        out.push("oauth2");
    }
    if !uses_pagination(api) {
        out.push("pagination");
    }
    if !uses_event_streams(api) {
        out.push("sse");
    }
    if api.waiters.is_empty() {
        out.push("waiters");
    }
    out
}

/// The runtime for `api`: the parts it does not use are left out, with the lines of the
/// root that declare and re-export them.
fn runtime_module(api: &Api, options: &Options, multipart: bool) -> ModuleContent {
    let mut unused = unused_runtime_parts(api);
    if options.middleware == Middleware::Off {
        unused.push("middleware");
    }
    if !multipart {
        unused.push("multipart");
    }
    // The root's gated declarations go first, so no gate is left without its item.
    let root = with_gate(RUNTIME.root, MULTIPART_GATE, multipart);
    let root = with_middleware(&root, options.middleware);
    let root = prepare(&without_parts(&root, &unused), options);
    let root = if options.cargo_features && api.operations.iter().any(|o| !o.group.is_empty()) {
        unused_allowed_without(root, crate::deps::ALL_GROUPS)
    } else {
        root
    };
    ModuleContent::Source {
        root,
        children: RUNTIME
            .children
            .iter()
            .filter(|(name, _)| !unused.contains(name))
            .map(|(name, source)| {
                let source = with_gate(source, MULTIPART_GATE, multipart);
                (*name, prepare(&source, options))
            })
            .collect(),
    }
}

/// `root` without the lines that declare, import or re-export the submodules `parts`.
fn without_parts(root: &str, parts: &[&str]) -> String {
    let mentions = |line: &str| {
        parts.iter().any(|p| {
            line == format!("#[path = \"runtime/{p}.rs\"]")
                || line == format!("mod {p};")
                || line.starts_with(&format!("pub use {p}::"))
                || line.starts_with(&format!("use {p}::"))
        })
    };
    root.lines()
        .filter(|line| !mentions(line))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The connectors runtime. With connectors behind features, a crate that compiles some
/// of them out leaves parts of it unused; the lint still holds with every connector.
fn connectors_runtime(options: &Options) -> ModuleContent {
    let (root, children) = source_parts(&CONNECTORS_RUNTIME, options);
    let root = if options.cargo_features {
        unused_allowed_without(root, crate::deps::ALL_CONNECTORS)
    } else {
        root
    };
    ModuleContent::Source { root, children }
}

/// The root and the submodules of a hand-written tree, prepared for `options`.
fn source_parts(tree: &SourceTree, options: &Options) -> (String, Vec<(&'static str, String)>) {
    let children = tree
        .children
        .iter()
        .map(|(name, source)| (*name, prepare(source, options)))
        .collect();
    (prepare(tree.root, options), children)
}

/// A hand-written file for the crate of `options`, without its unit tests (which stay
/// in the generator's runtime crate).
fn prepare(source: &str, options: &Options) -> String {
    let source = with_middleware(&without_unit_tests(source), options.middleware);
    runtime_source(&source, options)
}

/// The gate of the runtime's middleware items.
const MIDDLEWARE_GATE: &str = "#[cfg(feature = \"middleware\")]";

/// The runtime `source` for `mode`: each item under [`MIDDLEWARE_GATE`] is kept without
/// the gate (`On`), left out (`Off`), or kept as written (`CargoFeature`).
fn with_middleware(source: &str, mode: Middleware) -> String {
    match mode {
        Middleware::CargoFeature => source.to_owned(),
        Middleware::On => with_gate(source, MIDDLEWARE_GATE, true),
        Middleware::Off => with_gate(source, MIDDLEWARE_GATE, false),
    }
}

/// The gate of the runtime's multipart items, which no generated crate keeps: they are
/// copied without it when the spec sends multipart bodies, else left out.
const MULTIPART_GATE: &str = "#[cfg(feature = \"multipart\")]";

/// `source` with each item under `gate` kept without the gate, or left out.
///
/// An item is the gate's line, the doc comments and attributes after it, and one line of
/// code, through the line that closes it at the gate's indentation when that line opens a
/// block (`{`): the runtime writes gated items so (checked by a unit test).
fn with_gate(source: &str, gate: &str, keep: bool) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim() != gate {
            out.push_str(line);
            out.push('\n');
            i += 1;
            continue;
        }
        let end = gated_item_end(&lines, i);
        if keep {
            for kept in &lines[i + 1..end] {
                out.push_str(kept);
                out.push('\n');
            }
        }
        i = end;
    }
    out
}

/// The index after the last line of the item gated at `lines[gate]`.
fn gated_item_end(lines: &[&str], gate: usize) -> usize {
    let indent = &lines[gate][..lines[gate].len() - lines[gate].trim_start().len()];
    let mut code = gate + 1;
    while lines
        .get(code)
        .is_some_and(|l| l.trim_start().starts_with("///") || l.trim_start().starts_with("#["))
    {
        code += 1;
    }
    let Some(first) = lines.get(code) else {
        return lines.len();
    };
    if !first.trim_end().ends_with('{') {
        return code + 1;
    }
    let close = format!("{indent}}}");
    lines[code + 1..]
        .iter()
        .position(|l| l.starts_with(&close))
        .map_or(lines.len(), |p| code + 1 + p + 1)
}

/// A runtime file without the declaration of its unit tests (`#[cfg(test)]`, the
/// attributes after it and `mod tests;`).
fn without_unit_tests(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < lines.len() {
        if lines[i] == "#[cfg(test)]" {
            let end = (i + 1..lines.len()).find(|&j| !lines[j].starts_with("#["));
            if let Some(end) = end.filter(|&j| lines[j] == "mod tests;") {
                i = end + 1;
                continue;
            }
        }
        out.push_str(lines[i]);
        out.push('\n');
        i += 1;
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The runtime's source for the crate of `options`: its doc examples are written for
/// the `polytomic` crate, and name the crate they are compiled in as a doctest (or are
/// marked `ignore`).
fn runtime_source(source: &str, options: &Options) -> String {
    let source = if options.crate_name == "polytomic" {
        source.to_owned()
    } else {
        let renamed = format!("{}::", options.crate_name);
        source
            .lines()
            .map(|line| {
                // Only doc comments mention the crate by name; code says `super::`.
                if line.trim_start().starts_with("//") {
                    line.replace("polytomic::", &renamed)
                } else {
                    line.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    };
    match options.doctests {
        Doctests::Run => source,
        Doctests::Ignore => docs::ignore_doctests(&source),
    }
}

/// The constants the runtime takes from the spec: default API version and base URL, the
/// version header, and the environment variables `Client::from_env` reads.
fn spec_module(api: &Api) -> TokenStream {
    let title = &api.title;
    let version = &api.version;
    let api_version = &api.api_version;
    let base_url = match &api.base_url {
        Some(url) => quote! { Some(#url) },
        None => quote! { None },
    };
    let version_header = match &api.version_header {
        Some(h) => quote! { Some(#h) },
        None => quote! { None },
    };
    let auth = auth::spec_items(api);
    quote! {
        #[allow(unused_imports)]
        use super::runtime;
        /// `info.title` of the OpenAPI document.
        pub const TITLE: &str = #title;
        /// `info.version` of the OpenAPI document.
        pub const SPEC_VERSION: &str = #version;
        /// The API version sent in [`VERSION_HEADER`] unless a client or request overrides
        /// it: the header parameter's default in the spec, else `info.version`.
        pub const API_VERSION: &str = #api_version;
        /// The header that carries the API version; `None` when the API has none.
        pub const VERSION_HEADER: Option<&str> = #version_header;
        /// The first `servers` URL of the spec; `None` when it names no absolute URL, in
        /// which case clients need a base URL.
        pub const BASE_URL: Option<&str> = #base_url;
        #auth
    }
}

/// The re-exports every crate root carries, so users write `polytomic::Client`.
pub fn root_items(api: &Api) -> TokenStream {
    let paginated = uses_pagination(api).then(|| quote! { Paginated, });
    quote! {
        pub use runtime::{
            idempotency_key, BuildError, Client, ClientBuilder, Error, IdArg, #paginated Request,
            RequestOptions, RetryPolicy,
        };
        /// The `uuid` crate, whose `Uuid` the API's ids use.
        pub use ::uuid;
        /// The `chrono` crate, whose types the API's dates and times use.
        pub use ::chrono;
    }
}

fn crate_doc(api: &Api, options: &Options) -> String {
    // The example calls an operation that needs no arguments, so it compiles against any
    // spec: a GET, near the top of the client, first by name (so the choice does not
    // depend on the order of paths in the spec).
    let example = api
        .operations
        .iter()
        .filter(|o| {
            !o.params
                .iter()
                .any(|p| p.role == crate::ir::ParamRole::Argument)
                && !o.body.as_ref().is_some_and(|b| b.required)
        })
        .min_by_key(|o| {
            (
                o.method != Method::Get,
                o.group.len(),
                &o.group,
                &o.method_name,
            )
        })
        .map(|o| {
            let mut call = String::from("client");
            for g in &o.group {
                call.push_str(&format!(".{g}()"));
            }
            format!("let response = {call}.{}().await?;\n", o.method_name)
        })
        .unwrap_or_default();
    let (credential, auth) = auth::crate_doc(api);
    format!(
        "Typed client for the {title} (version {version}).\n\n\
         Build a [`Client`], then call operations through their group; each call returns a\n\
         [`Request`] that sends when awaited. Authentication, retries, per-request options,\n\
         errors and pagination are described in [`runtime`].\n\n\
         ```{fence}\n\
         # async fn run() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let client = {crate_name}::Client::builder(){credential}.build()?;\n\
         {example}\
         # Ok(())\n\
         # }}\n\
         ```\n{auth}",
        title = api.title,
        version = api.version,
        crate_name = options.crate_name,
        fence = match options.doctests {
            Doctests::Run => "no_run",
            Doctests::Ignore => "rust,ignore",
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_test_declarations_are_left_in_the_runtime_crate() {
        let source = "fn f() {}\n\n#[cfg(test)]\n#[path = \"x/tests.rs\"]\nmod tests;\n";
        assert_eq!(without_unit_tests(source), "fn f() {}\n");
        // Other test-only items are code the generated crate may keep.
        let other = "#[cfg(test)]\nfn helper() {}\n";
        assert_eq!(without_unit_tests(other), other);
    }

    #[test]
    fn every_runtime_file_is_copied() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = RUNTIME.children.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, listed);
        for (name, source) in RUNTIME.children {
            assert!(
                RUNTIME.root.contains(&format!("\nmod {name};\n")),
                "runtime.rs declares `mod {name};`"
            );
            assert!(
                source.starts_with("//! "),
                "runtime/{name}.rs says what it holds"
            );
        }
    }

    /// Every runtime file with its middleware items kept or left out is still Rust, and
    /// names `reqwest_middleware` or the gate only where it should.
    #[test]
    fn middleware_items_are_kept_or_left_out_whole() {
        let files =
            std::iter::once(("runtime", RUNTIME.root)).chain(RUNTIME.children.iter().copied());
        let mut gated = 0;
        for (name, source) in files {
            gated += source.matches(MIDDLEWARE_GATE).count();
            for mode in [Middleware::Off, Middleware::On] {
                let out = with_middleware(source, mode);
                if let Err(e) = syn::parse_file(&out) {
                    panic!("{name}.rs with middleware {mode:?} does not parse: {e}");
                }
                assert!(!out.contains(MIDDLEWARE_GATE), "{name}.rs {mode:?}");
                if mode == Middleware::Off && name != "middleware" {
                    assert!(
                        !out.contains("reqwest_middleware") && !out.contains("Middleware("),
                        "{name}.rs still has middleware code"
                    );
                }
            }
            assert_eq!(with_middleware(source, Middleware::CargoFeature), source);
        }
        assert!(
            gated >= 10,
            "the runtime gates its middleware items ({gated})"
        );
    }

    /// Every runtime file with its multipart items kept or left out is still Rust, and
    /// without them names nothing of multipart.
    #[test]
    fn multipart_items_are_kept_or_left_out_whole() {
        let files =
            std::iter::once(("runtime", RUNTIME.root)).chain(RUNTIME.children.iter().copied());
        let mut gated = 0;
        for (name, source) in files {
            gated += source.matches(MULTIPART_GATE).count();
            for keep in [false, true] {
                let out = with_gate(source, MULTIPART_GATE, keep);
                if let Err(e) = syn::parse_file(&out) {
                    panic!("{name}.rs with multipart kept: {keep}: does not parse: {e}");
                }
                assert!(!out.contains(MULTIPART_GATE), "{name}.rs {keep}");
                if !keep && name != "multipart" {
                    for item in ["MultipartForm", "FilePart", "multipart_form", ".multipart"] {
                        assert!(!out.contains(item), "{name}.rs still names {item}");
                    }
                }
            }
        }
        assert!(
            gated >= 8,
            "the runtime gates its multipart items ({gated})"
        );
    }

    #[test]
    fn multipart_runtime_is_copied_only_for_code_that_names_it() {
        let copied = |multipart: bool| {
            let ModuleContent::Source { root, children } =
                runtime_module(&Api::default(), &Options::new("sdk"), multipart)
            else {
                panic!("the runtime is hand-written source");
            };
            let file = children.iter().any(|(name, _)| *name == "multipart");
            assert_eq!(root.contains("mod multipart;"), file);
            file
        };
        assert!(copied(true));
        assert!(!copied(false));
        assert!(uses_multipart([
            &quote! { impl runtime::MultipartForm for A {} }
        ]));
        assert!(uses_multipart([&quote! { pub x: runtime::FilePart }]));
        assert!(!uses_multipart([&quote! { pub struct Part; }]));
    }

    #[test]
    fn a_gated_block_is_left_out_through_its_closing_line() {
        let source = "fn f() {\n    #[cfg(feature = \"middleware\")]\n    /// Doc.\n    if a {\n        b();\n    }\n    c();\n}\n";
        assert_eq!(
            with_middleware(source, Middleware::Off),
            "fn f() {\n    c();\n}\n"
        );
        assert_eq!(
            with_middleware(source, Middleware::On),
            "fn f() {\n    /// Doc.\n    if a {\n        b();\n    }\n    c();\n}\n"
        );
    }

    #[test]
    fn without_middleware_its_file_is_not_copied_and_the_root_does_not_declare_it() {
        let api = Api::default();
        for (mode, copied) in [
            (Middleware::Off, false),
            (Middleware::On, true),
            (Middleware::CargoFeature, true),
        ] {
            let options = Options {
                middleware: mode,
                ..Options::new("sdk")
            };
            let ModuleContent::Source { root, children } = runtime_module(&api, &options, true)
            else {
                panic!("the runtime is hand-written source");
            };
            let has_file = children.iter().any(|(name, _)| *name == "middleware");
            assert_eq!(has_file, copied, "{mode:?}");
            assert_eq!(root.contains("mod middleware;"), copied, "{mode:?}");
            assert_eq!(
                root.contains(MIDDLEWARE_GATE),
                mode == Middleware::CargoFeature,
                "{mode:?}"
            );
        }
    }

    #[test]
    fn an_unused_part_leaves_no_line_behind_in_the_runtime_root() {
        let kept = without_parts(RUNTIME.root, &["oauth2", "pagination", "waiters", "sse"]);
        for part in ["oauth2", "pagination", "waiters", "sse"] {
            assert!(
                !kept.contains(&format!("{part}::")) && !kept.contains(&format!("mod {part};")),
                "runtime.rs still names `{part}`: declare and use it on lines of their own"
            );
        }
        // Everything else is still declared.
        assert!(kept.contains("mod send;") && kept.contains("pub use client::"));
    }
}
