//! The names of the client module's own items: one struct per operation group
//! (`ModelSyncApi`), one marker type per operation (in `client::ops`), one alias of the
//! request each operation returns (`CreateSyncRequest`) and, for an operation whose
//! error responses have several schemas, an error enum (`CreateSyncError`). Each is claimed in the namespace of the module it lives in, so
//! no two collide whatever the spec's tags and operation ids.

use crate::ir::{Group, Operation};
use crate::names::{type_name, Namespace};
use std::collections::BTreeSet;

/// Names the client items of `operations` (their markers and error enums) and returns
/// every operation group with its struct name, ancestors included (so `client.a().b()`
/// works when `a` has no operations of its own), sorted by path.
pub fn name(operations: &mut [Operation]) -> Vec<Group> {
    let mut paths: BTreeSet<Vec<String>> = BTreeSet::new();
    for op in operations.iter() {
        for depth in 1..=op.group.len() {
            paths.insert(op.group[..depth].to_vec());
        }
    }
    // What the client module imports or defines besides these.
    let mut client = Namespace::new();
    for taken in ["Client", "Method", "Request", "models", "runtime", "ops"] {
        client.claim(taken.to_owned());
    }
    let groups: Vec<Group> = paths
        .into_iter()
        .map(|path| Group {
            // Through `type_name`, so a segment that starts with a digit (`_1st`) still
            // makes a valid identifier (`V1stApi`).
            type_name: client.claim(type_name(&format!("{}_api", path.join("_")))),
            path,
        })
        .collect();
    // Markers in the order the client lists operations: by group, then as declared.
    let mut order: Vec<usize> = (0..operations.len()).collect();
    order.sort_by(|&a, &b| {
        let group = |i: usize| operations.get(i).map(|o| o.group.clone());
        group(a).cmp(&group(b))
    });
    let mut markers = Namespace::new();
    for &i in &order {
        if let Some(op) = operations.get_mut(i) {
            op.marker = markers.claim(type_name(&op.id));
            if let Some(error_enum) = op.errors.enum_mut() {
                error_enum.name = client.claim(format!("{}Error", type_name(&op.id)));
            }
        }
    }
    // After every other name, so adding the aliases renamed nothing that existed before.
    for i in order {
        if let Some(op) = operations.get_mut(i) {
            op.request_type = client.claim(format!("{}Request", op.marker));
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{ErrorBody, ErrorResponse, Errors, TypeRef};

    fn variant_names(op: &mut Operation) -> Vec<String> {
        op.errors
            .enum_mut()
            .iter()
            .flat_map(|e| &e.variants)
            .map(|v| v.name.clone())
            .collect()
    }

    fn op(id: &str, group: &[&str], error_types: &[&str]) -> Operation {
        let mut op = Operation::stub(id, group);
        op.errors = Errors::new(
            error_types
                .iter()
                .enumerate()
                .map(|(i, t)| ErrorResponse {
                    status: Some(400 + i as u16),
                    ty: Some(TypeRef::Named((*t).to_owned())),
                })
                .collect(),
        );
        op
    }

    #[test]
    fn ids_that_differ_only_in_case_style_get_distinct_markers_and_error_enums() {
        let mut ops = vec![
            op("createSync", &["syncs"], &["A", "B"]),
            op("create-sync", &["syncs"], &["A", "B"]),
            op("list", &["syncs"], &["A", "A"]),
            op("get", &["syncs"], &["A", "B", "A"]),
        ];
        name(&mut ops);
        let markers: Vec<&str> = ops.iter().map(|o| o.marker.as_str()).collect();
        assert_eq!(markers, ["CreateSync", "CreateSync2", "List", "Get"]);
        let enums: Vec<Option<&str>> = ops
            .iter()
            .map(|o| match &o.errors.body {
                ErrorBody::Enum(e) => Some(e.name.as_str()),
                _ => None,
            })
            .collect();
        // One schema for every error status needs no enum.
        assert_eq!(
            enums,
            [
                Some("CreateSyncError"),
                Some("CreateSyncError2"),
                None,
                Some("GetError")
            ]
        );
        let variants = variant_names(&mut ops[3]);
        assert_eq!(variants, ["A", "B"]);
    }

    #[test]
    fn unnamed_error_schemas_get_distinct_variants() {
        let mut ops = vec![op("get", &[], &[])];
        if let Some(o) = ops.first_mut() {
            o.errors = Errors::new(
                [
                    TypeRef::String,
                    TypeRef::I64,
                    TypeRef::Named("Value".into()),
                ]
                .into_iter()
                .map(|ty| ErrorResponse {
                    status: None,
                    ty: Some(ty),
                })
                .collect(),
            );
        }
        name(&mut ops);
        let variants = variant_names(&mut ops[0]);
        assert_eq!(variants, ["Value", "Value2", "Value3"]);
    }

    #[test]
    fn every_ancestor_group_is_named_and_names_do_not_collide() {
        let mut ops = vec![
            op("a", &["bulk_sync", "executions"], &[]),
            op("b", &["bulk_sync_executions"], &[]),
            op("c", &[], &[]),
        ];
        let groups = name(&mut ops);
        let named: Vec<(String, &str)> = groups
            .iter()
            .map(|g| (g.path.join("/"), g.type_name.as_str()))
            .collect();
        assert_eq!(
            named,
            [
                ("bulk_sync".to_owned(), "BulkSyncApi"),
                ("bulk_sync/executions".to_owned(), "BulkSyncExecutionsApi"),
                ("bulk_sync_executions".to_owned(), "BulkSyncExecutionsApi2"),
            ]
        );
    }
}
