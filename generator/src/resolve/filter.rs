//! Narrowing a resolved [`Api`] to the operation groups a downstream crate asked for.
//!
//! Filtering happens after resolution, so every name (types, groups, methods) is the one
//! the full document gives it: selecting fewer tags never renames what remains.

use crate::error::{closest, Error};
use crate::ir::Api;
use crate::names::field_name;

/// Keeps only the operations whose first tag is one of `tags` or nested under one of them
/// (`BulkSync` keeps `BulkSync/Executions` too). Untagged operations are dropped.
///
/// Tags are compared the way groups are named, so `ModelSync`, `Model Sync` and
/// `model_sync` select the same operations. A tag that no operation carries is an error,
/// with the closest existing tag as a suggestion. Types are all kept.
pub fn retain_tags(api: &mut Api, tags: &[String]) -> Result<(), Error> {
    let wanted: Vec<Vec<String>> = tags.iter().map(|t| group_path(t)).collect();
    let known: Vec<String> = {
        let mut known: Vec<String> = api
            .operations
            .iter()
            .filter(|op| !op.group.is_empty())
            .map(|op| op.group.join("/"))
            .collect();
        known.sort();
        known.dedup();
        known
    };
    for (tag, path) in tags.iter().zip(&wanted) {
        let selects_something = api
            .operations
            .iter()
            .any(|op| !path.is_empty() && op.group.starts_with(path));
        if !selects_something {
            let joined = path.join("/");
            let hint = match closest(&joined, known.iter().map(String::as_str)) {
                Some(near) => format!("; did you mean `{near}`?"),
                None => String::new(),
            };
            return Err(Error::Config(format!(
                "tag `{tag}` selects no operation of the spec{hint} (tags in use: {})",
                known.join(", ")
            )));
        }
    }
    api.operations
        .retain(|op| wanted.iter().any(|w| op.group.starts_with(w)));
    let operations = &api.operations;
    api.groups
        .retain(|g| operations.iter().any(|op| op.group.starts_with(&g.path)));
    Ok(())
}

/// A tag as the group path its operations get (`BulkSync/Executions` →
/// `["bulk_sync", "executions"]`), the same mapping resolution uses.
fn group_path(tag: &str) -> Vec<String> {
    tag.split('/')
        .filter(|s| !s.trim().is_empty())
        .map(field_name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Operation;

    fn op(id: &str, group: &[&str]) -> Operation {
        Operation::stub(id, group)
    }

    fn api() -> Api {
        Api {
            operations: vec![
                op("untagged", &[]),
                op("sync_list", &["bulk_sync"]),
                op("exec_list", &["bulk_sync", "executions"]),
                op("conn_list", &["connections"]),
                op("me", &["identity"]),
            ],
            ..Api::default()
        }
    }

    fn ids(api: &Api) -> Vec<&str> {
        api.operations.iter().map(|o| o.id.as_str()).collect()
    }

    #[test]
    fn keeps_selected_groups_and_their_subgroups() {
        let mut api = api();
        retain_tags(&mut api, &["BulkSync".into(), "Identity".into()]).unwrap();
        assert_eq!(ids(&api), ["sync_list", "exec_list", "me"]);
    }

    #[test]
    fn a_nested_tag_keeps_only_its_own_group() {
        let mut api = api();
        retain_tags(&mut api, &["BulkSync/Executions".into()]).unwrap();
        assert_eq!(ids(&api), ["exec_list"]);
    }

    #[test]
    fn tags_match_regardless_of_spelling_style() {
        let mut api = api();
        retain_tags(
            &mut api,
            &["bulk_sync/executions".into(), "connections".into()],
        )
        .unwrap();
        assert_eq!(ids(&api), ["exec_list", "conn_list"]);
    }

    #[test]
    fn an_unknown_tag_is_an_error_with_a_suggestion() {
        let mut api = api();
        let err = retain_tags(&mut api, &["Conections".into()]).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("tag `Conections` selects no operation"),
            "{msg}"
        );
        assert!(msg.contains("did you mean `connections`?"), "{msg}");
        assert_eq!(api.operations.len(), 5, "nothing is removed on error");
    }

    #[test]
    fn an_empty_tag_is_an_error() {
        let mut api = api();
        assert!(retain_tags(&mut api, &["/".into()]).is_err());
    }
}
