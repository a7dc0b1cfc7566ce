//! Authentication as the spec declares it: the scheme table and environment variables in
//! `spec`, one `ClientBuilder` setter per scheme, and `Client::new` when a scheme takes a
//! single token. Names were settled in resolution; this only renders them.

use super::docs::doc_attrs;
use super::types::ident;
use crate::ir::{
    Api, CredentialPart, KeyLocation, Requirement, SchemeKind, SecurityScheme, Setters,
};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether the runtime's OAuth2 part is needed.
pub fn uses_client_credentials(api: &Api) -> bool {
    api.security
        .iter()
        .any(|s| matches!(s.kind, SchemeKind::ClientCredentials { .. }))
}

/// The `spec` items the runtime reads: `env` (and its re-export), `SECURITY_SCHEMES` and
/// `SECURITY`.
pub fn spec_items(api: &Api) -> TokenStream {
    let deployment_url = format!("{}_DEPLOYMENT_URL", api.env_prefix);
    let mut consts = vec![quote! {
        /// The base URL of a deployment (a URL, or a bare host that gets `https://`).
        pub const ENV_DEPLOYMENT_URL: &str = #deployment_url;
    }];
    let mut names = vec!["ENV_DEPLOYMENT_URL".to_owned()];
    let mut schemes = Vec::new();
    for scheme in &api.security {
        let mut env = Vec::new();
        for (part, var) in &scheme.env {
            let name = env_const(api, var);
            let id = ident(&name);
            if !names.contains(&name) {
                let doc = format!(" {} of `{}`.", part_doc(*part), scheme.name);
                consts.push(quote! {
                    #[doc = #doc]
                    pub const #id: &str = #var;
                });
                names.push(name);
            }
            let part = part_tokens(*part);
            env.push(quote! { (runtime::CredentialPart::#part, #id) });
        }
        let name = &scheme.name;
        let kind = kind_tokens(&scheme.kind);
        schemes.push(quote! {
            runtime::SecurityScheme { name: #name, kind: #kind, env: &[#(#env),*] }
        });
    }
    let security = requirement_tokens(&api.security_requirement);
    quote! {
        pub use env::*;
        /// The environment variables `Client::from_env` reads.
        pub mod env {
            #(#consts)*
        }
        /// The security schemes the API declares, in the spec's order.
        pub const SECURITY_SCHEMES: &[runtime::SecurityScheme] = &[#(#schemes),*];
        /// The credentials an operation needs unless it says otherwise (the spec's
        /// `security`).
        pub const SECURITY: runtime::Security = #security;
    }
}

/// `POLYTOMIC_API_KEY` → `ENV_API_KEY`.
fn env_const(api: &Api, var: &str) -> String {
    let prefix = format!("{}_", api.env_prefix);
    format!("ENV_{}", var.strip_prefix(&prefix).unwrap_or(var))
}

fn part_doc(part: CredentialPart) -> &'static str {
    match part {
        CredentialPart::Token => "The token",
        CredentialPart::Username => "The basic-auth user name",
        CredentialPart::Password => "The basic-auth password",
        CredentialPart::ClientId => "The OAuth2 client id",
        CredentialPart::ClientSecret => "The OAuth2 client secret",
    }
}

fn part_tokens(part: CredentialPart) -> TokenStream {
    match part {
        CredentialPart::Token => quote! { Token },
        CredentialPart::Username => quote! { Username },
        CredentialPart::Password => quote! { Password },
        CredentialPart::ClientId => quote! { ClientId },
        CredentialPart::ClientSecret => quote! { ClientSecret },
    }
}

fn kind_tokens(kind: &SchemeKind) -> TokenStream {
    match kind {
        SchemeKind::Bearer => quote! { runtime::SchemeKind::Bearer },
        SchemeKind::Basic => quote! { runtime::SchemeKind::Basic },
        SchemeKind::ApiKey { location, param } => {
            let location = match location {
                KeyLocation::Header => quote! { Header },
                KeyLocation::Query => quote! { Query },
                KeyLocation::Cookie => quote! { Cookie },
            };
            quote! {
                runtime::SchemeKind::ApiKey { location: runtime::KeyLocation::#location, name: #param }
            }
        }
        SchemeKind::ClientCredentials { token_url, scopes } => quote! {
            runtime::SchemeKind::ClientCredentials {
                token_url: #token_url,
                scopes: &[#(#scopes),*],
                source: runtime::client_credentials,
            }
        },
        SchemeKind::AccessToken => quote! { runtime::SchemeKind::AccessToken },
        SchemeKind::Unsupported { .. } => quote! { runtime::SchemeKind::Unsupported },
    }
}

/// A requirement as the runtime's `Security`.
pub fn requirement_tokens(r: &Requirement) -> TokenStream {
    match r {
        Requirement::Unspecified => quote! { runtime::Security::Unspecified },
        Requirement::AnyOf(alternatives) => {
            let alternatives = alternatives.iter().map(|set| {
                let set = set
                    .iter()
                    .map(|&i| proc_macro2::Literal::usize_unsuffixed(i));
                quote! { &[#(#set),*] }
            });
            quote! { runtime::Security::AnyOf(&[#(#alternatives),*]) }
        }
    }
}

/// `impl ClientBuilder` with one setter per scheme (none without schemes), and
/// `Client::new` when a scheme takes one token.
pub fn builder_items(api: &Api) -> TokenStream {
    let mut setters = Vec::new();
    for (i, scheme) in api.security.iter().enumerate() {
        setters.extend(scheme_setters(i, scheme));
    }
    if setters.is_empty() {
        return TokenStream::new();
    }
    let new = token_scheme(api).map(|(setter, scheme)| {
        let setter = ident(setter);
        let doc = format!(
            " A client for the default base URL sending `token` as `{}` ([`runtime::ClientBuilder::{setter}`]).",
            scheme.name
        );
        quote! {
            impl Client {
                #[doc = #doc]
                pub fn new(token: impl Into<String>) -> Result<Self, runtime::BuildError> {
                    Self::builder().#setter(token).build()
                }
            }
        }
    });
    quote! {
        /// Credentials, one setter per security scheme of the API. Each request sends those
        /// its operation asks for; see [`runtime`] (Authentication).
        impl runtime::ClientBuilder {
            #(#setters)*
        }
        #new
    }
}

/// The first scheme taking a single token, in the order the document's requirement
/// prefers, with its setter.
fn token_scheme(api: &Api) -> Option<(&str, &SecurityScheme)> {
    let preferred = match &api.security_requirement {
        Requirement::AnyOf(alternatives) => alternatives.iter().flatten().copied().collect(),
        Requirement::Unspecified => Vec::new(),
    };
    preferred
        .into_iter()
        .chain(0..api.security.len())
        .filter_map(|i| api.security.get(i))
        .find_map(|s| match (&s.setters, &s.kind) {
            (
                Setters::One(setter),
                SchemeKind::Bearer | SchemeKind::ApiKey { .. } | SchemeKind::AccessToken,
            ) => Some((setter.as_str(), s)),
            _ => None,
        })
}

fn scheme_setters(i: usize, scheme: &SecurityScheme) -> Vec<TokenStream> {
    let what = match &scheme.kind {
        SchemeKind::Bearer => "sent as `Authorization: Bearer <token>`".to_owned(),
        SchemeKind::Basic => "sent with HTTP basic authentication".to_owned(),
        SchemeKind::ApiKey { location, param } => match location {
            KeyLocation::Header => format!("sent in the `{param}` header"),
            KeyLocation::Query => format!("sent as the query parameter `{param}`"),
            KeyLocation::Cookie => format!("sent as the cookie `{param}`"),
        },
        SchemeKind::ClientCredentials { token_url, .. } => format!(
            "exchanged at `{token_url}` for an access token (OAuth2 client credentials), which is cached and renewed before it expires"
        ),
        SchemeKind::AccessToken => {
            "an access token obtained elsewhere, sent as `Authorization: Bearer <token>`".to_owned()
        }
        SchemeKind::Unsupported { .. } => return Vec::new(),
    };
    let vars: Vec<String> = scheme.env.iter().map(|(_, v)| format!("`{v}`")).collect();
    let env = if vars.is_empty() {
        String::new()
    } else {
        format!(" `from_env` reads {}.", vars.join(" and "))
    };
    let summary = format!(
        " Credentials of the `{}` security scheme: {what}.{env}",
        scheme.name
    );
    let desc = doc_attrs(scheme.doc.as_deref());
    let sep = (!desc.is_empty()).then(|| quote! { #[doc = ""] });
    let index = proc_macro2::Literal::usize_unsuffixed(i);
    let set = |part: CredentialPart, arg: &TokenStream| {
        let part = part_tokens(part);
        quote! { .credential(#index, runtime::CredentialPart::#part, #arg) }
    };
    let (token, user, pass, id, secret) = (
        quote! { token },
        quote! { username },
        quote! { password },
        quote! { client_id },
        quote! { client_secret },
    );
    match (&scheme.setters, &scheme.kind) {
        (Setters::None, _) => Vec::new(),
        (Setters::Split { username, password }, _) => {
            let (u, p) = (ident(username), ident(password));
            let (set_u, set_p) = (
                set(CredentialPart::Username, &user),
                set(CredentialPart::Password, &pass),
            );
            let doc_u = format!(
                " The user name of the `{}` security scheme ({what}).",
                scheme.name
            );
            let doc_p = format!(
                " The password of the `{}` security scheme; only sent with a user name ([`runtime::ClientBuilder::{username}`]).",
                scheme.name
            );
            vec![
                quote! {
                    #[doc = #doc_u]
                    #[doc = ""]
                    #desc
                    pub fn #u(self, username: impl Into<String>) -> Self { self #set_u }
                },
                quote! {
                    #[doc = #doc_p]
                    pub fn #p(self, password: impl Into<String>) -> Self { self #set_p }
                },
            ]
        }
        (Setters::One(name), SchemeKind::Basic) => {
            let name = ident(name);
            let (set_u, set_p) = (
                set(CredentialPart::Username, &user),
                set(CredentialPart::Password, &pass),
            );
            vec![quote! {
                #[doc = #summary]
                #sep
                #desc
                pub fn #name(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    self #set_u #set_p
                }
            }]
        }
        (Setters::One(name), SchemeKind::ClientCredentials { .. }) => {
            let name = ident(name);
            let (set_i, set_s) = (
                set(CredentialPart::ClientId, &id),
                set(CredentialPart::ClientSecret, &secret),
            );
            vec![quote! {
                #[doc = #summary]
                #sep
                #desc
                pub fn #name(self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
                    self #set_i #set_s
                }
            }]
        }
        (Setters::One(name), _) => {
            let name = ident(name);
            let set_t = set(CredentialPart::Token, &token);
            vec![quote! {
                #[doc = #summary]
                #sep
                #desc
                pub fn #name(self, token: impl Into<String>) -> Self { self #set_t }
            }]
        }
    }
}

/// The crate docs' line for the example client (`.api_key("<api key>")`), and the
/// list of schemes.
pub fn crate_doc(api: &Api) -> (String, String) {
    let example = token_scheme(api)
        .map(|(setter, _)| format!(".{setter}(\"<token>\")"))
        .or_else(|| {
            api.security
                .iter()
                .find_map(|s| match (&s.setters, &s.kind) {
                    (Setters::Split { username, .. }, _) => {
                        Some(format!(".{username}(\"<user>\")"))
                    }
                    (Setters::One(n), SchemeKind::Basic) => {
                        Some(format!(".{n}(\"<user>\", \"<password>\")"))
                    }
                    (Setters::One(n), SchemeKind::ClientCredentials { .. }) => {
                        Some(format!(".{n}(\"<client id>\", \"<client secret>\")"))
                    }
                    _ => None,
                })
        })
        .unwrap_or_default();
    let lines: Vec<String> = api
        .security
        .iter()
        .map(|s| {
            let setters = match &s.setters {
                Setters::None => "no setter: not supported by the client".to_owned(),
                Setters::One(n) => format!("[`ClientBuilder::{n}`]"),
                Setters::Split { username, password } => {
                    format!("[`ClientBuilder::{username}`], [`ClientBuilder::{password}`]")
                }
            };
            format!("- `{}`: {setters}", s.name)
        })
        .collect();
    let list = if lines.is_empty() {
        String::new()
    } else {
        format!(
            "\nAuthentication schemes the API declares, and the builder methods that take their credentials:\n\n{}\n",
            lines.join("\n")
        )
    };
    (example, list)
}
