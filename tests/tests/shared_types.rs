//! One type per node written in the spec: a response, request body or parameter shared
//! by `$ref` (among the components or in a file of its own) becomes one type whatever
//! number of operations use it, and no two generated types come from the same node of
//! any document: this repository's spec, every fixture, and every real-world description
//! beside the clone (`../shared/real-world-openapi*`, read in place; skipped when absent).

use polytomic_codegen::ir::Api;
use polytomic_codegen::load;
use polytomic_codegen::resolve::{self, Resolution};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The resolved model of a document, and where each of its types was written.
fn types_by_node(path: &Path) -> (Resolution, Vec<(String, String)>) {
    let spec = load::openapi::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let inputs = load::Inputs::spec_only(spec);
    let resolved = resolve::resolve(&inputs, &Default::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let nodes = resolved
        .api
        .types
        .iter()
        .map(|t| {
            let (file, pointer) = inputs.spec.source.origin(&t.origin);
            (t.name.clone(), format!("{}#{pointer}", file.path.display()))
        })
        .collect();
    (resolved, nodes)
}

/// The types of `path` that come from a node another type of it comes from too.
fn same_node_types(path: &Path) -> Vec<String> {
    let (_, nodes) = types_by_node(path);
    let mut by_node: HashMap<&str, Vec<&str>> = HashMap::new();
    for (name, node) in &nodes {
        by_node.entry(node).or_default().push(name);
    }
    let mut out: Vec<String> = by_node
        .into_iter()
        .filter(|(_, names)| names.len() > 1)
        .map(|(node, names)| format!("{node}: {}", names.join(", ")))
        .collect();
    out.sort();
    out
}

/// Documents in `dir` (three levels deep, as `scripts/corpus.sh` finds them): files with
/// a top-level `openapi` or `swagger` key.
fn documents(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if depth > 1 {
                documents(&path, depth - 1, out);
            }
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "json" | "yaml" | "yml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let is_document = text.lines().any(|l| {
            l.starts_with("openapi:")
                || l.starts_with("swagger:")
                || l.trim_start().starts_with("\"openapi\": \"3")
                || l.trim_start().starts_with("\"swagger\": \"2")
        }) || text.starts_with("{\"openapi\":\"3")
            || text.starts_with("{\"swagger\":\"2");
        if is_document {
            out.push(path);
        }
    }
}

#[test]
fn no_two_types_come_from_one_node_of_the_spec_or_a_fixture() {
    let mut docs = vec![repo().join("spec/openapi.yaml")];
    documents(&repo().join("tests/fixtures/openapi"), 1, &mut docs);
    assert!(docs.len() > 20, "fixtures not found: {docs:?}");
    for doc in docs {
        let same = same_node_types(&doc);
        assert!(same.is_empty(), "{}:\n{}", doc.display(), same.join("\n"));
    }
}

/// The real-world descriptions CI has beside the clone; each is only loaded and resolved
/// (no code is emitted), so the whole corpus takes seconds.
#[test]
fn no_two_types_come_from_one_node_of_a_real_world_description() {
    let mut docs = Vec::new();
    for dir in ["real-world-openapi", "real-world-openapi-more"] {
        documents(&repo().join("../shared").join(dir), 3, &mut docs);
    }
    if docs.is_empty() {
        eprintln!("../shared/real-world-openapi* not found; skipped");
        return;
    }
    let mut failures = Vec::new();
    for doc in &docs {
        let same = same_node_types(doc);
        if !same.is_empty() {
            failures.push(format!(
                "{} ({} nodes):\n  {}",
                doc.display(),
                same.len(),
                same.iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The shared responses, request body and parameter of the fixture are one type each,
/// named after their component (or file), and used by every operation that refers to
/// them; the two 404 schemas written in two operations stay two types.
#[test]
fn shared_components_are_one_type_each() {
    let path = repo().join("tests/fixtures/openapi/shared_components.yaml");
    let (resolved, _) = types_by_node(&path);
    let (api, report) = (resolved.api, resolved.report);
    let mut names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "AddToQueueError404",
            "ErrorObject",
            "Forbidden",
            "ForbiddenResponse",
            "Item",
            "ItemUris",
            "ListItemsError404",
            "Market",
            "TooManyRequests",
            "TooManyRequestsError",
            "Unauthorized",
        ]
    );
    let op = |id: &str| api.operations.iter().find(|o| o.id == id).unwrap();
    let error = |id: &str, status: u16| {
        let e = op(id)
            .errors
            .responses
            .iter()
            .find(|e| e.status == Some(status));
        format!("{:?}", e.and_then(|e| e.ty.as_ref()))
    };
    for id in ["listItems", "addItems", "addToQueue"] {
        assert_eq!(error(id, 401), r#"Some(Named("Unauthorized"))"#, "{id}");
        assert_eq!(error(id, 429), r#"Some(Named("TooManyRequests"))"#, "{id}");
    }
    assert_eq!(
        format!("{:?}", op("addItems").body.as_ref().map(|b| &b.ty)),
        format!("{:?}", op("addToQueue").body.as_ref().map(|b| &b.ty)),
    );
    // 2 more uses of `Unauthorized`, 2 of `TooManyRequests` (and its `error` object is
    // not reached again), 1 of `Forbidden`, 1 of `ItemUris`, 1 of `Market`.
    assert_eq!(report.shared_uses, 7);
}

/// The model of a document given as text (written to a scratch file).
fn resolve_text(name: &str, text: &str) -> Api {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    types_by_node(&path).0.api
}

fn body_type(api: &Api, op: &str) -> String {
    let op = api.operations.iter().find(|o| o.id == op).unwrap();
    format!("{:?}", op.body.as_ref().map(|b| &b.ty))
}

fn error_types(api: &Api, op: &str) -> Vec<String> {
    let op = api.operations.iter().find(|o| o.id == op).unwrap();
    op.errors
        .responses
        .iter()
        .map(|e| format!("{:?}", e.ty))
        .collect()
}

#[test]
fn a_swagger_2_shared_response_is_one_type() {
    let api = resolve_text(
        "shared.yaml",
        r#"
swagger: '2.0'
info: { title: T, version: '1' }
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': { description: ok }
        '401': { $ref: '#/responses/Unauthorized' }
  /b:
    get:
      operationId: getB
      responses:
        '200': { description: ok }
        '401': { $ref: '#/responses/Unauthorized' }
responses:
  Unauthorized:
    description: not signed in
    schema: { type: object, properties: { error: { type: string } } }
"#,
    );
    assert_eq!(error_types(&api, "getA"), error_types(&api, "getB"));
    assert_eq!(
        error_types(&api, "getA"),
        [format!(
            "{:?}",
            Some(polytomic_codegen::ir::TypeRef::Named("Unauthorized".into()))
        )]
    );
    let structs: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(structs, ["Unauthorized"]);
}

#[test]
fn a_shared_multipart_body_is_one_form() {
    let api = resolve_text(
        "forms.yaml",
        r#"
openapi: 3.0.3
info: { title: T, version: '1' }
paths:
  /x: { post: { operationId: upX, requestBody: { $ref: '#/components/requestBodies/Upload' }, responses: { '204': { description: ok } } } }
  /y: { post: { operationId: upY, requestBody: { $ref: '#/components/requestBodies/Upload' }, responses: { '204': { description: ok } } } }
components:
  requestBodies:
    Upload:
      required: true
      content:
        multipart/form-data:
          schema: { type: object, properties: { file: { type: string, format: binary }, note: { type: string } } }
"#,
    );
    assert_eq!(body_type(&api, "upX"), body_type(&api, "upY"));
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(body_type(&api, "upX").contains(names[0]), "{names:?}");
}
