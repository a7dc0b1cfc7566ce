//! Webhooks (OpenAPI 3.1): requests the API sends to its users. Each becomes a variant of
//! the generated `Webhook` enum, holding the type of its body.

use super::Resolver;
use crate::error::Diagnostic;
use crate::ir::{Encoding, TypeDef, TypeKind, TypeRef, Webhook, Webhooks};
use crate::load::pointer::escape;
use crate::load::source::SourceFile;
use crate::names::{type_name, variant_name, Namespace};
use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem};

/// The webhooks of an upgraded 3.1 document (where loading keeps them), each with its
/// pointer; one that does not read as a path item is left out with a warning.
pub(super) fn items(
    doc: &OpenAPI,
    src: &SourceFile,
    warnings: &mut Vec<Diagnostic>,
) -> IndexMap<String, (PathItem, String)> {
    let key = crate::load::WEBHOOKS_KEY;
    let mut out = IndexMap::new();
    let Some(serde_json::Value::Object(hooks)) = doc.extensions.get(key) else {
        return out;
    };
    for (name, item) in hooks {
        let ptr = format!("/{key}/{}", escape(name));
        match serde_path_to_error::deserialize::<_, PathItem>(item.clone()) {
            Ok(item) => {
                out.insert(name.clone(), (item, ptr));
            }
            Err(e) => {
                let at = format!("{ptr}{}", crate::load::openapi::path_to_pointer(e.path()));
                warnings.push(
                    src.error(
                        &at,
                        format!(
                            "webhook `{name}` is not a valid path item ({}); it is left out",
                            e.inner()
                        ),
                    )
                    .warning(),
                );
            }
        }
    }
    out
}

impl<'a> Resolver<'a> {
    /// Resolves each webhook's body into a payload type named after the webhook.
    pub(super) fn webhooks(&mut self, items: &'a IndexMap<String, (PathItem, String)>) -> Webhooks {
        let mut variants = Namespace::new();
        variants.claim("Unknown".to_owned());
        let mut hooks = Vec::new();
        for (name, (item, item_ptr)) in items {
            // The operation that carries the delivery: the one with a body (usually POST).
            let ops = [
                ("post", &item.post),
                ("put", &item.put),
                ("patch", &item.patch),
                ("get", &item.get),
                ("delete", &item.delete),
            ];
            let Some((method, op)) = ops
                .iter()
                .find_map(|(m, op)| {
                    op.as_ref()
                        .filter(|o| o.request_body.is_some())
                        .map(|o| (*m, o))
                })
                .or_else(|| ops.iter().find_map(|(m, op)| op.as_ref().map(|o| (*m, o))))
            else {
                continue;
            };
            let ptr = format!("{item_ptr}/{method}");
            let hint = format!("{}Payload", type_name(name));
            let payload = match &op.request_body {
                None => TypeRef::Json,
                Some(body) => match self.body(body, &hint, &format!("{ptr}/requestBody")) {
                    Some(b) if b.encoding == Encoding::Json => b.ty,
                    Some(_) => {
                        self.warn(
                            &format!("{ptr}/requestBody"),
                            format!("webhook `{name}` has a body that is not JSON; its payload is kept as `serde_json::Value`"),
                        );
                        TypeRef::Json
                    }
                    None => TypeRef::Json,
                },
            };
            let doc = match (&op.summary, &op.description) {
                (Some(s), Some(d)) if s != d => Some(format!("{s}\n\n{d}")),
                (Some(s), _) => Some(s.clone()),
                (None, d) => d.clone(),
            };
            hooks.push(Webhook {
                name: name.clone(),
                variant: variants.claim(variant_name(name)),
                payload,
                tag_value: None,
                doc,
            });
        }
        Webhooks { hooks, tag: None }
    }
}

/// Finds the payload property that tells deliveries apart: one every payload requires
/// and fixes to a single value of its own (`type: {enum: [endpoint.created]}`).
pub(super) fn find_tag(types: &[TypeDef], webhooks: &mut Webhooks) {
    let by_name = |n: &str| types.iter().find(|t| t.name == n).map(|t| &t.kind);
    // Each payload's fixed properties: wire name → value, in field order.
    let mut fixed: Vec<Vec<(String, String)>> = Vec::new();
    for hook in &webhooks.hooks {
        let mut ty = &hook.payload;
        for _ in 0..16 {
            match ty {
                TypeRef::Named(n) => match by_name(n) {
                    Some(TypeKind::Alias(t)) => ty = t,
                    _ => break,
                },
                _ => break,
            }
        }
        let TypeRef::Named(n) = ty else { return };
        let Some(TypeKind::Struct(s)) = by_name(n) else {
            return;
        };
        let props = s
            .fields
            .iter()
            .filter(|f| f.required && !f.nullable)
            .filter_map(|f| match &f.ty {
                TypeRef::Named(e) => match by_name(e) {
                    Some(TypeKind::Enum(en)) => match en.variants.as_slice() {
                        [only] => Some((f.wire.clone(), only.wire.clone())),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            })
            .collect();
        fixed.push(props);
    }
    let Some(first) = fixed.first() else { return };
    for (prop, _) in first {
        let values: Vec<Option<&String>> = fixed
            .iter()
            .map(|props| props.iter().find(|(p, _)| p == prop).map(|(_, v)| v))
            .collect();
        let Some(values) = values.into_iter().collect::<Option<Vec<&String>>>() else {
            continue;
        };
        let mut distinct = values.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() != values.len() {
            continue;
        }
        for (hook, value) in webhooks.hooks.iter_mut().zip(values) {
            hook.tag_value = Some(value.clone());
        }
        webhooks.tag = Some(prop.clone());
        return;
    }
}
