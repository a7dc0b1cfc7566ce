//! Pagination: which operations page, and how the client follows their pages.
//!
//! An operation pages when one of the conventions below fits it: its response is an
//! object with exactly one array field (or the one the convention names) and a string
//! field that carries what the next request needs, either a token for a query parameter
//! of the operation or the next page's URL (link style, `GET` only).
//!
//! Built in, in order of preference:
//!
//! | query parameter | response field (at the top or one object down) | style |
//! |---|---|---|
//! | `page_token` | `next_page_token` | token |
//! | `page_token` | `next_page` (Dropshot) | token |
//! | `pageToken` | `nextPageToken` | token |
//! | `cursor` | `next_cursor`, `nextCursor` | token |
//! | | `next_page_uri`, `next_page_url`, `next_url`, `nextLink` | link |
//!
//! A spec declares others with an `x-pagination` extension: at the root, a list of
//! conventions tried after the built-in ones; on an operation, the one convention it uses
//! (or `false`, for none). A convention is `{token: <query parameter>, next: <dotted
//! path of wire names>, items: <array field>}`; without `token` it is link style, and
//! `items` defaults to the only array field.

use crate::error::Diagnostic;
use crate::ir::*;
use crate::load::source::SourceFile;
use std::collections::HashMap;

/// One way of paging, as wire names.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Convention {
    /// The query parameter that takes the token; `None`: link style.
    token: Option<String>,
    /// Path of wire names from the response to the token or link.
    next: Vec<String>,
    /// Whether `next` may also be found one object down (built-in conventions).
    nested: bool,
    /// The array field holding the items; `None`: the only array field.
    items: Option<String>,
}

const BUILT_IN: &[(Option<&str>, &str)] = &[
    (Some("page_token"), "next_page_token"),
    (Some("page_token"), "next_page"),
    (Some("pageToken"), "nextPageToken"),
    (Some("cursor"), "next_cursor"),
    (Some("cursor"), "nextCursor"),
    (None, "next_page_uri"),
    (None, "next_page_url"),
    (None, "next_url"),
    (None, "nextLink"),
];

/// The `x-pagination` extensions of a document, still unchecked.
#[derive(Debug, Default)]
pub(super) struct Declared {
    /// The root extension, with its pointer.
    pub root: Option<(String, serde_json::Value)>,
    /// Per operation id: the operation's extension, with its pointer.
    pub operations: HashMap<String, (String, serde_json::Value)>,
}

/// Sets [`Operation::pagination`] where a convention fits; reports declared conventions
/// that are malformed or do not fit the operation they are declared on.
pub(super) fn detect(api: &mut Api, declared: &Declared, src: &SourceFile) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut conventions: Vec<Convention> = BUILT_IN
        .iter()
        .map(|(token, next)| Convention {
            token: token.map(str::to_owned),
            next: vec![(*next).to_owned()],
            nested: true,
            items: None,
        })
        .collect();
    if let Some((pointer, value)) = &declared.root {
        match value {
            serde_json::Value::Array(list) => {
                for (i, v) in list.iter().enumerate() {
                    match parse(v) {
                        Ok(c) => conventions.push(c),
                        Err(m) => diags.push(src.error(&format!("{pointer}/{i}"), m)),
                    }
                }
            }
            _ => diags.push(src.error(
                pointer,
                "the root `x-pagination` must be a list of conventions ({token, next, items})",
            )),
        }
    }
    let structs = api.structs();
    let mut found = Vec::new();
    for (i, op) in api.operations.iter().enumerate() {
        match declared.operations.get(&op.id) {
            Some((_, serde_json::Value::Bool(false))) => {}
            Some((pointer, value)) => match parse(value) {
                Ok(c) => match fit(op, &c, &structs) {
                    Some(p) => found.push((i, p)),
                    None => diags.push(src.error(pointer, format!(
                        "`x-pagination` does not fit `{}`: it needs {}a success response object with {} and the string field `{}`",
                        op.id,
                        c.token.as_ref().map(|t| format!("the string query parameter `{t}`, ")).unwrap_or_default(),
                        c.items.as_ref().map(|f| format!("the array field `{f}`")).unwrap_or_else(|| "exactly one array field".to_owned()),
                        c.next.join("."),
                    ))),
                },
                Err(m) => diags.push(src.error(pointer, m)),
            },
            None => {
                if let Some(p) = conventions.iter().find_map(|c| fit(op, c, &structs)) {
                    found.push((i, p));
                }
            }
        }
    }
    for (i, p) in found {
        if let Some(op) = api.operations.get_mut(i) {
            op.pagination = Some(p);
        }
    }
    diags
}

/// A declared convention: `{token?, next, items?}`.
fn parse(value: &serde_json::Value) -> Result<Convention, String> {
    let shape = "a pagination convention is an object {token: <query parameter>, next: <dotted path of response fields>, items: <array field>}; only `next` is required";
    let serde_json::Value::Object(map) = value else {
        return Err(shape.to_owned());
    };
    let text = |key: &str| -> Result<Option<String>, String> {
        match map.get(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
            Some(_) => Err(format!("`{key}` must be a non-empty string; {shape}")),
        }
    };
    if let Some(unknown) = map
        .keys()
        .find(|k| !["token", "next", "items"].contains(&k.as_str()))
    {
        return Err(format!("unknown key `{unknown}`; {shape}"));
    }
    let next = text("next")?.ok_or_else(|| format!("`next` is missing; {shape}"))?;
    Ok(Convention {
        token: text("token")?,
        next: next.split('.').map(str::to_owned).collect(),
        nested: false,
        items: text("items")?,
    })
}

/// The pagination of `op` under convention `c`, when it fits.
fn fit(op: &Operation, c: &Convention, structs: &HashMap<&str, &Struct>) -> Option<Pagination> {
    let style = match &c.token {
        Some(wire) => {
            let p = op.params.iter().find(|p| {
                p.location == ParamLocation::Query && &p.wire == wire && p.ty == TypeRef::String
            })?;
            PageStyle::Token {
                param: p.name.clone(),
                wire: p.wire.clone(),
            }
        }
        None if op.method == Method::Get => PageStyle::Link,
        None => return None,
    };
    // A stream of events is not a page.
    let success = op
        .success
        .as_ref()
        .filter(|s| s.encoding != crate::ir::Encoding::EventStream);
    let Some(TypeRef::Named(page_ty)) = success.map(|s| &s.ty) else {
        return None;
    };
    let resp = structs.get(page_ty.as_str())?;
    let items = match &c.items {
        Some(wire) => resp.fields.iter().find(|f| &f.wire == wire)?,
        None => {
            let mut lists = resp
                .fields
                .iter()
                .filter(|f| matches!(f.ty, TypeRef::Vec(_)));
            let only = lists.next()?;
            if lists.next().is_some() {
                return None;
            }
            only
        }
    };
    let TypeRef::Vec(item_ty) = &items.ty else {
        return None;
    };
    let next = path_to(resp, &c.next, structs).or_else(|| {
        // One object down: `{meta: {next_page_url}}`, `{response_metadata: {next_cursor}}`.
        if !c.nested {
            return None;
        }
        resp.fields.iter().find_map(|f| {
            let inner = structs.get(f.ty.direct_named()?)?;
            let mut rest = path_to(inner, &c.next, structs)?;
            rest.insert(0, f.clone());
            Some(rest)
        })
    })?;
    Some(Pagination {
        style,
        page_ty: page_ty.clone(),
        items: items.clone(),
        item_ty: (**item_ty).clone(),
        next,
    })
}

/// The fields along `wires` from `s`, ending at a string field.
fn path_to(s: &Struct, wires: &[String], structs: &HashMap<&str, &Struct>) -> Option<Vec<Field>> {
    let (first, rest) = wires.split_first()?;
    let f = s.fields.iter().find(|f| &f.wire == first)?;
    if rest.is_empty() {
        return (f.ty == TypeRef::String).then(|| vec![f.clone()]);
    }
    let inner = structs.get(f.ty.direct_named()?)?;
    let mut tail = path_to(inner, rest, structs)?;
    tail.insert(0, f.clone());
    Some(tail)
}
