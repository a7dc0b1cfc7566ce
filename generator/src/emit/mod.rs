//! Stage 3: emit Rust tokens from the resolved model, one module per concern.

mod client;
mod connectors;
mod docs;
mod models;
mod types;

use crate::ir::{Api, SecurityScheme};
use proc_macro2::TokenStream;
use quote::quote;

/// The hand-written runtime every generated crate carries (see `generator/runtime/`).
pub const RUNTIME_SOURCE: &str = include_str!("../../runtime/runtime.rs");

/// The hand-written helpers the connector configuration types use.
pub const CONNECTORS_RUNTIME_SOURCE: &str = include_str!("../../runtime/connectors_runtime.rs");

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
    /// Verbatim source (the runtime), already formatted.
    Source(&'static str),
}

/// Everything generated from one [`Api`].
#[derive(Debug)]
pub struct Emitted {
    pub crate_doc: String,
    pub modules: Vec<Module>,
}

/// Emits all modules of the SDK.
pub fn emit(api: &Api, crate_name: &str) -> Emitted {
    let mut modules = vec![
        Module {
            name: "models",
            doc: "Types for the API's request and response bodies.",
            content: ModuleContent::Tokens(models::emit(api)),
        },
        Module {
            name: "client",
            doc: "Operations, grouped like the API: `client.model_sync().create(&body)`.",
            content: ModuleContent::Tokens(client::emit(api)),
        },
        Module {
            name: "runtime",
            doc: "The HTTP runtime: client configuration, requests and errors.",
            content: ModuleContent::Source(RUNTIME_SOURCE),
        },
    ];
    if !api.connectors.is_empty() {
        modules.push(Module {
            name: "connectors",
            doc: "Typed configuration per connector, from the connector tables.",
            content: ModuleContent::Tokens(connectors::emit(api)),
        });
        modules.push(Module {
            name: "connectors_runtime",
            doc: "How connector configuration types read and write their flat JSON objects.",
            content: ModuleContent::Source(CONNECTORS_RUNTIME_SOURCE),
        });
    }
    Emitted {
        crate_doc: crate_doc(api, crate_name),
        modules,
    }
}

/// The re-exports every crate root carries, so users write `polytomic::Client`.
pub fn root_items() -> TokenStream {
    quote! {
        pub use runtime::{
            idempotency_key, BuildError, Client, ClientBuilder, Error, Paginated, Request,
            RequestOptions, RetryPolicy,
        };
    }
}

fn crate_doc(api: &Api, crate_name: &str) -> String {
    // The example calls the first operation that needs no arguments, so it compiles
    // against any spec.
    let example = api
        .operations
        .iter()
        .find(|o| o.params.iter().all(|p| !p.required) && o.body.is_none())
        .map(|o| {
            let args = vec!["None"; o.params.iter().filter(|p| client::is_argument(p)).count()];
            let mut call = String::from("client");
            for g in &o.group {
                call.push_str(&format!(".{g}()"));
            }
            format!(
                "let response = {call}.{}({}).await?;\n",
                o.method_name,
                args.join(", ")
            )
        })
        .unwrap_or_default();
    let auth: Vec<String> = api
        .security
        .iter()
        .map(|s| match s {
            SecurityScheme::Bearer { name } => {
                format!("- `{name}`: bearer token ([`ClientBuilder::api_key`])")
            }
            SecurityScheme::Basic { name } => format!("- `{name}`: HTTP basic auth"),
            SecurityScheme::ApiKeyHeader { name, header } => {
                format!("- `{name}`: key in the `{header}` header ([`Request::header`])")
            }
            SecurityScheme::Other { name } => {
                format!("- `{name}`: not supported by the runtime; set headers per request")
            }
        })
        .collect();
    let auth = if auth.is_empty() {
        String::new()
    } else {
        format!(
            "\nAuthentication schemes the API declares:\n\n{}\n",
            auth.join("\n")
        )
    };
    format!(
        "Typed client for the {title} (version {version}).\n\n\
         Build a [`Client`], then call operations through their group; each call returns a\n\
         [`Request`] that sends when awaited. Authentication, retries, per-request options,\n\
         errors and pagination are described in [`runtime`].\n\n\
         ```no_run\n\
         # async fn run() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let client = {crate_name}::Client::builder().api_key(\"<api key>\").build()?;\n\
         {example}\
         # Ok(())\n\
         # }}\n\
         ```\n{auth}",
        title = api.title,
        version = api.version,
    )
}
