//! Security schemes and requirements: what each scheme sends, the `ClientBuilder`
//! setters and environment variables that take its credentials, and which credentials
//! each operation needs.
//!
//! Naming: a scheme's setter is its name in snake case (`bearerAuth` → `bearer_auth`),
//! `<name>_auth` when the runtime's builder already has a method of that name, numbered
//! when two schemes meet; `x-setter` on the scheme names it instead (for basic auth, a
//! map `{username: .., password: ..}` makes two setters). Its environment variables are
//! `<PREFIX>_<SETTER>` (a token), with `_USERNAME`/`_PASSWORD` or
//! `_CLIENT_ID`/`_CLIENT_SECRET` after it for two-part credentials; `x-env` renames them
//! (a name, or a map from part to name, without the prefix; `null` reads nothing).

use crate::error::Diagnostics;
use crate::ir::{
    Api, CredentialPart, KeyLocation, Method, Requirement, SchemeKind, SecurityScheme, Setters,
};
use crate::load::pointer::escape;
use crate::load::source::SourceFile;
use crate::names::{field_name, Namespace};
use openapiv3::{OpenAPI, ReferenceOr, SecurityRequirement};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// The extension naming a scheme's builder setter(s).
pub(super) const SETTER: &str = "x-setter";
/// The extension naming a scheme's environment variable(s).
pub(super) const ENV: &str = "x-env";

/// Every declared scheme, in declaration order, with its setters claimed.
pub(super) fn schemes(
    doc: &OpenAPI,
    src: &SourceFile,
    env_prefix: &str,
    diags: &mut Diagnostics,
) -> Vec<SecurityScheme> {
    let Some(components) = &doc.components else {
        return Vec::new();
    };
    let reserved = crate::runtime_names::builder_methods();
    let mut names = Namespace::new();
    for r in reserved {
        names.claim(r.clone());
    }
    let mut out = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let origin = format!("/components/securitySchemes/{}", escape(name));
        let ReferenceOr::Item(scheme) = scheme else {
            diags.warn(src.error(
                &origin,
                "a `$ref` in securitySchemes is not supported; the scheme is left out (write it inline)",
            ));
            continue;
        };
        let (kind, doc, extensions) = kind(scheme, &origin, src, diags);
        let setters = setters(&kind, name, extensions, &origin, &mut names, src, diags);
        let env = env_vars(&setters, &kind, extensions, env_prefix, &origin, src, diags);
        out.push(SecurityScheme {
            name: name.clone(),
            origin,
            doc,
            kind,
            setters,
            env,
        });
    }
    out
}

type Extensions = indexmap::IndexMap<String, Value>;

fn kind<'a>(
    scheme: &'a openapiv3::SecurityScheme,
    origin: &str,
    src: &SourceFile,
    diags: &mut Diagnostics,
) -> (SchemeKind, Option<String>, &'a Extensions) {
    use openapiv3::SecurityScheme as S;
    match scheme {
        S::HTTP {
            scheme,
            description,
            extensions,
            ..
        } => {
            let kind = if scheme.eq_ignore_ascii_case("bearer") {
                SchemeKind::Bearer
            } else if scheme.eq_ignore_ascii_case("basic") {
                SchemeKind::Basic
            } else {
                diags.warn(src.error(
                    &format!("{origin}/scheme"),
                    format!("HTTP authentication scheme `{scheme}` is not supported (only bearer and basic); it gets no builder setter (send its header with `Request::header`)"),
                ));
                SchemeKind::Unsupported {
                    what: format!("HTTP `{scheme}` authentication"),
                }
            };
            (kind, description.clone(), extensions)
        }
        S::APIKey {
            location,
            name,
            description,
            extensions,
        } => {
            let location = match location {
                openapiv3::APIKeyLocation::Header => KeyLocation::Header,
                openapiv3::APIKeyLocation::Query => KeyLocation::Query,
                openapiv3::APIKeyLocation::Cookie => KeyLocation::Cookie,
            };
            let kind = SchemeKind::ApiKey {
                location,
                param: name.clone(),
            };
            (kind, description.clone(), extensions)
        }
        S::OAuth2 {
            flows,
            description,
            extensions,
        } => {
            let kind = match &flows.client_credentials {
                Some(flow) => SchemeKind::ClientCredentials {
                    token_url: flow.token_url.clone(),
                    scopes: Vec::new(),
                },
                None => {
                    diags.warn(src.error(
                        &format!("{origin}/flows"),
                        "only the OAuth2 `clientCredentials` flow is run by the client; for this scheme's flows its setter takes an access token obtained elsewhere",
                    ));
                    SchemeKind::AccessToken
                }
            };
            (kind, description.clone(), extensions)
        }
        S::OpenIDConnect {
            description,
            extensions,
            ..
        } => {
            diags.warn(src.error(
                origin,
                "OpenID Connect discovery is not run by the client; this scheme's setter takes an access token obtained elsewhere",
            ));
            (SchemeKind::AccessToken, description.clone(), extensions)
        }
    }
}

/// The scheme's setters: from `x-setter`, else from its name.
fn setters(
    kind: &SchemeKind,
    scheme: &str,
    extensions: &Extensions,
    origin: &str,
    names: &mut Namespace,
    src: &SourceFile,
    diags: &mut Diagnostics,
) -> Setters {
    if matches!(kind, SchemeKind::Unsupported { .. }) {
        return Setters::None;
    }
    let at = format!("{origin}/{SETTER}");
    let mut valid = |wanted: &Value, names: &mut Namespace| -> Option<String> {
        let name = wanted.as_str().unwrap_or_default();
        let ok = !name.is_empty() && field_name(name) == name && !names.contains(name);
        if ok {
            Some(names.claim(name.to_owned()))
        } else {
            diags.warn(src.error(
                &at,
                format!("`{SETTER}` must name snake_case methods that the client builder does not have yet (`{wanted}` cannot be used); the default name is used"),
            ));
            None
        }
    };
    match (extensions.get(SETTER), kind) {
        (Some(Value::Object(split)), SchemeKind::Basic) => {
            let (Some(user), Some(password)) = (split.get("username"), split.get("password"))
            else {
                diags.warn(src.error(
                    &at,
                    format!("`{SETTER}` of a basic scheme is a name, or a map with `username` and `password`; the default name is used"),
                ));
                return Setters::One(default_setter(scheme, names));
            };
            match (valid(user, names), valid(password, names)) {
                (Some(username), Some(password)) => Setters::Split { username, password },
                _ => Setters::One(default_setter(scheme, names)),
            }
        }
        (Some(wanted), _) => {
            Setters::One(valid(wanted, names).unwrap_or_else(|| default_setter(scheme, names)))
        }
        (None, _) => Setters::One(default_setter(scheme, names)),
    }
}

/// `bearerAuth` → `bearer_auth`; `<name>_auth` when the builder has a method of that
/// name; numbered when taken by another scheme.
fn default_setter(scheme: &str, names: &mut Namespace) -> String {
    let plain = field_name(scheme).trim_end_matches('_').to_owned();
    if crate::runtime_names::builder_methods().contains(&plain) {
        names.claim(format!("{plain}_auth"))
    } else {
        names.claim(plain)
    }
}

/// The parts of the scheme's credential and the variable each is read from.
fn env_vars(
    setters: &Setters,
    kind: &SchemeKind,
    extensions: &Extensions,
    prefix: &str,
    origin: &str,
    src: &SourceFile,
    diags: &mut Diagnostics,
) -> Vec<(CredentialPart, String)> {
    use CredentialPart::*;
    let upper = |s: &str| s.to_ascii_uppercase();
    let defaults: Vec<(CredentialPart, String)> = match (setters, kind) {
        (Setters::None, _) => return Vec::new(),
        (Setters::Split { username, password }, _) => {
            vec![(Username, upper(username)), (Password, upper(password))]
        }
        (Setters::One(s), SchemeKind::Basic) => vec![
            (Username, format!("{}_USERNAME", upper(s))),
            (Password, format!("{}_PASSWORD", upper(s))),
        ],
        (Setters::One(s), SchemeKind::ClientCredentials { .. }) => vec![
            (ClientId, format!("{}_CLIENT_ID", upper(s))),
            (ClientSecret, format!("{}_CLIENT_SECRET", upper(s))),
        ],
        (Setters::One(s), _) => vec![(Token, upper(s))],
    };
    let part_key = |p: CredentialPart| match p {
        Token => "token",
        Username => "username",
        Password => "password",
        ClientId => "client_id",
        ClientSecret => "client_secret",
    };
    let at = format!("{origin}/{ENV}");
    let is_name = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    };
    let mut bad = false;
    let mut out = Vec::new();
    for (part, default) in defaults {
        let declared = match extensions.get(ENV) {
            None => Some(Some(default.clone())),
            Some(Value::String(s)) if part == Token => Some(Some(s.clone())),
            Some(Value::Object(map)) => match map.get(part_key(part)) {
                None => Some(Some(default.clone())),
                Some(Value::Null) => Some(None),
                Some(Value::String(s)) => Some(Some(s.clone())),
                Some(_) => None,
            },
            Some(_) => None,
        };
        match declared {
            Some(Some(name)) if is_name(&name) => out.push((part, format!("{prefix}_{name}"))),
            Some(None) => {}
            _ => {
                bad = true;
                out.push((part, format!("{prefix}_{default}")));
            }
        }
    }
    if bad {
        diags.warn(src.error(
            &at,
            format!("`{ENV}` is an UPPER_SNAKE name (a token's variable), or a map from credential part (token, username, password, client_id, client_secret) to a name or null, without the `{prefix}_` prefix; the default names are used"),
        ));
    }
    out
}

/// The document's requirement and each operation's, with the scopes each OAuth2 scheme
/// is asked for.
pub(super) fn requirements(
    api: &mut Api,
    doc: &OpenAPI,
    src: &SourceFile,
    diags: &mut Diagnostics,
) {
    let index: HashMap<&str, usize> = api
        .security
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    let mut scopes: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.security.len()];
    let mut resolve = |declared: &[SecurityRequirement], at: &str, diags: &mut Diagnostics| {
        let mut alternatives: Vec<Vec<usize>> = Vec::new();
        for (i, requirement) in declared.iter().enumerate() {
            let mut set = Vec::new();
            let mut known = true;
            for (name, wanted) in requirement {
                match index.get(name.as_str()) {
                    Some(&s) => {
                        scopes[s].extend(wanted.iter().cloned());
                        set.push(s);
                    }
                    None => {
                        diags.warn(src.error(
                            &format!("{at}/{i}/{}", escape(name)),
                            format!("security requirement names `{name}`, which `components/securitySchemes` does not declare; this alternative is never used"),
                        ));
                        known = false;
                    }
                }
            }
            if known && !alternatives.contains(&set) {
                alternatives.push(set);
            }
        }
        // `security: []`: no credentials at all.
        if declared.is_empty() {
            alternatives.push(Vec::new());
        }
        Requirement::AnyOf(alternatives)
    };
    api.security_requirement = match &doc.security {
        Some(declared) => resolve(declared, "/security", diags),
        None => Requirement::Unspecified,
    };
    for op in &mut api.operations {
        let Some(ReferenceOr::Item(item)) = doc.paths.paths.get(&op.path) else {
            op.security = api.security_requirement.clone();
            continue;
        };
        let declared = raw_operation(item, op.method).and_then(|o| o.security.as_ref());
        op.security = match declared {
            Some(declared) => {
                let at = format!(
                    "/paths/{}/{}/security",
                    escape(&op.path),
                    op.method.as_str().to_ascii_lowercase()
                );
                resolve(declared, &at, diags)
            }
            None => api.security_requirement.clone(),
        };
    }
    for (scheme, wanted) in api.security.iter_mut().zip(scopes) {
        if let SchemeKind::ClientCredentials { scopes, .. } = &mut scheme.kind {
            *scopes = wanted.into_iter().collect();
        }
    }
}

fn raw_operation(item: &openapiv3::PathItem, method: Method) -> Option<&openapiv3::Operation> {
    match method {
        Method::Get => item.get.as_ref(),
        Method::Put => item.put.as_ref(),
        Method::Post => item.post.as_ref(),
        Method::Delete => item.delete.as_ref(),
        Method::Patch => item.patch.as_ref(),
        Method::Head => item.head.as_ref(),
        Method::Options => item.options.as_ref(),
        Method::Trace => item.trace.as_ref(),
    }
}
