//! Waiters: helpers that poll an operation until the work another one started is done.
//!
//! Declared in the spec, not known to the generator: a root `x-waiters` list, each entry
//!
//! ```yaml
//! x-waiters:
//!   - name: wait                     # method name, on the polled operation's group
//!     start: modelSyncStart          # the operation that starts the work (documentation)
//!     poll: modelSyncExecutionsGet   # the operation polled
//!     status: data.status            # dotted wire path to the status in its response
//!     terminal: [completed, failed, canceled, interrupted]   # statuses that end the wait
//! ```
//!
//! The polled operation may only take path parameters (the ids of what is waited for).
//! When the status is a string enum, every terminal value must be one of its values, and
//! the enum gets `is_terminal()`.

use crate::error::{closest, Diagnostic};
use crate::ir::*;
use crate::load::source::SourceFile;
use std::collections::HashMap;

/// Resolves the root `x-waiters` extension (`pointer`, value) against the resolved API.
pub(super) fn resolve(
    api: &Api,
    declared: Option<&(String, serde_json::Value)>,
    src: &SourceFile,
) -> (Vec<Waiter>, Vec<Diagnostic>) {
    let mut waiters = Vec::new();
    let mut diags = Vec::new();
    let Some((pointer, value)) = declared else {
        return (waiters, diags);
    };
    let serde_json::Value::Array(list) = value else {
        diags.push(src.error(
            pointer,
            "`x-waiters` must be a list of waiters ({name, start, poll, status, terminal})",
        ));
        return (waiters, diags);
    };
    let structs = api.structs();
    let enums: HashMap<&str, &StringEnum> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Enum(e) => Some((t.name.as_str(), e)),
            _ => None,
        })
        .collect();
    let ops: HashMap<&str, &Operation> =
        api.operations.iter().map(|o| (o.id.as_str(), o)).collect();
    let op_ids: Vec<&str> = ops.keys().copied().collect();
    for (i, entry) in list.iter().enumerate() {
        let at = format!("{pointer}/{i}");
        let mut fail = |key: &str, message: String| {
            let p = if key.is_empty() {
                at.clone()
            } else {
                format!("{at}/{key}")
            };
            diags.push(src.error(&p, message));
        };
        let Some(map) = entry.as_object() else {
            fail(
                "",
                "a waiter is an object {name, start, poll, status, terminal}".to_owned(),
            );
            continue;
        };
        if let Some(unknown) = map
            .keys()
            .find(|k| !["name", "start", "poll", "status", "terminal"].contains(&k.as_str()))
        {
            fail(
                "",
                format!(
                    "unknown key `{unknown}`; a waiter has name, start, poll, status and terminal"
                ),
            );
            continue;
        }
        let text = |key: &str| {
            map.get(key)
                .and_then(|v| v.as_str())
                .filter(|s| !s.trim().is_empty())
        };
        let (Some(name), Some(start), Some(poll), Some(status)) =
            (text("name"), text("start"), text("poll"), text("status"))
        else {
            fail(
                "",
                "a waiter needs the strings `name`, `start`, `poll` and `status`".to_owned(),
            );
            continue;
        };
        let terminal: Vec<String> = match map.get("terminal").and_then(|v| v.as_array()) {
            Some(values) if !values.is_empty() && values.iter().all(|v| v.is_string()) => values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => {
                fail(
                    "terminal",
                    "`terminal` must be a non-empty list of status values".to_owned(),
                );
                continue;
            }
        };
        let mut find_op = |key: &str, id: &str| match ops.get(id) {
            Some(op) => Some(*op),
            None => {
                let hint = closest(id, op_ids.iter().copied())
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                fail(
                    key,
                    format!("no operation has the operationId `{id}`{hint}"),
                );
                None
            }
        };
        let (Some(_), Some(poll_op)) = (find_op("start", start), find_op("poll", poll)) else {
            continue;
        };
        if let Some(p) = poll_op.params.iter().find(|p| {
            p.required && p.location != ParamLocation::Path && p.location != ParamLocation::Header
        }) {
            fail("poll", format!("the polled operation `{poll}` takes the required query parameter `{}`; a waiter can only fill path parameters", p.wire));
            continue;
        }
        if let Some(p) = poll_op.params.iter().find(|p| {
            p.location == ParamLocation::Path
                && !matches!(
                    p.ty,
                    TypeRef::Uuid | TypeRef::String | TypeRef::I32 | TypeRef::I64
                )
        }) {
            fail(
                "poll",
                format!(
                    "path parameter `{}` of `{poll}` is not an id (string, uuid or integer)",
                    p.wire
                ),
            );
            continue;
        }
        let Some(path) = status_path(poll_op, status, &structs) else {
            fail(
                "status",
                format!(
                    "`{status}` is not a string or string-enum field of the response of `{poll}`"
                ),
            );
            continue;
        };
        let status_ty = path.last().map(|f| f.ty.clone()).unwrap_or(TypeRef::String);
        if let TypeRef::Named(n) = &status_ty {
            let Some(e) = enums.get(n.as_str()) else {
                fail(
                    "status",
                    format!("`{status}` of `{poll}` is a `{n}`, not a string or string enum"),
                );
                continue;
            };
            {
                let known: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
                if let Some(bad) = terminal.iter().find(|t| !known.contains(&t.as_str())) {
                    let hint = closest(bad, known.iter().copied())
                        .map(|c| format!("; did you mean `{c}`?"))
                        .unwrap_or_default();
                    fail(
                        "terminal",
                        format!(
                            "`{bad}` is not a value of `{n}` ({}){hint}",
                            known.join(", ")
                        ),
                    );
                    continue;
                }
            }
        }
        if let Some(other) = waiters.iter().find(|w: &&Waiter| {
            w.status_ty == status_ty
                && matches!(status_ty, TypeRef::Named(_))
                && w.terminal != terminal
        }) {
            fail(
                "terminal",
                format!(
                    "waiter `{}` declares other terminal values for the same status type",
                    other.name
                ),
            );
            continue;
        }
        let taken = api
            .operations
            .iter()
            .any(|o| o.group == poll_op.group && o.method_name == name)
            || waiters
                .iter()
                .any(|w| w.poll_group == poll_op.group && w.name == name);
        let rust_name = crate::names::field_name(name);
        if taken || rust_name != name {
            fail("name", format!("`{name}` cannot name a method of the `{}` group: it is taken or not a snake_case identifier", poll_op.group.join("/")));
            continue;
        }
        waiters.push(Waiter {
            name: rust_name,
            start: start.to_owned(),
            poll: poll.to_owned(),
            poll_group: poll_op.group.clone(),
            status_wire: status.to_owned(),
            status_path: path.into_iter().cloned().collect(),
            status_ty,
            terminal,
        });
    }
    (waiters, diags)
}

/// The fields along a dotted wire path in `op`'s success response, ending at a string or
/// a named (enum) field.
fn status_path<'s>(
    op: &Operation,
    status: &str,
    structs: &HashMap<&str, &'s Struct>,
) -> Option<Vec<&'s Field>> {
    // A stream of events has no status to poll.
    let success = op
        .success
        .as_ref()
        .filter(|s| s.encoding != crate::ir::Encoding::EventStream);
    let Some(TypeRef::Named(resp)) = success.map(|s| &s.ty) else {
        return None;
    };
    let mut current = *structs.get(resp.as_str())?;
    let mut out = Vec::new();
    let wires: Vec<&str> = status.split('.').collect();
    for (i, wire) in wires.iter().enumerate() {
        let f = current.fields.iter().find(|f| f.wire == *wire)?;
        out.push(f);
        if i + 1 < wires.len() {
            current = structs.get(f.ty.direct_named()?)?;
        } else if !matches!(f.ty, TypeRef::String | TypeRef::Named(_)) {
            return None;
        }
    }
    Some(out)
}
