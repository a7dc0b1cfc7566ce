//! A snapshot of one representative slice of the SDK generated from `spec/`: the model-sync
//! client group and the request types of "create a model sync", picked out of the
//! `client` and `models` modules (their roots and per-group files), so generator changes
//! that touch them show up as a readable diff. The S3 connection configuration is not repeated here: its types are a file of their
//! own, `generated/src/connectors/s3.rs`, whose diff the drift test prints, and
//! `connectors.rs` tests how they behave.

use std::path::Path;

/// Items of `module` (a module of the generated `src/`: its root file and the files of
/// its submodules, one per API group) named in `names`, in file order. An `impl` block
/// counts as its type's item.
fn pick(files: &[polytomic_codegen::File], module: &str, names: &[&str]) -> Vec<syn::Item> {
    let root = format!("{module}.rs");
    let children = format!("{module}/");
    let mut sources: Vec<&polytomic_codegen::File> = files
        .iter()
        .filter(|f| f.path == root || f.path.starts_with(&children))
        .collect();
    assert!(!sources.is_empty(), "no generated module {module}");
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    let mut all = Vec::new();
    for source in sources {
        all.extend(syn::parse_file(&source.content).unwrap().items);
    }
    let parsed = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: all,
    };
    let file = module;
    let name_of = |item: &syn::Item| -> Option<String> {
        match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Impl(i) => match &*i.self_ty {
                syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            },
            _ => None,
        }
    };
    let items: Vec<syn::Item> = parsed
        .items
        .into_iter()
        .filter(|item| name_of(item).is_some_and(|n| names.contains(&n.as_str())))
        .collect();
    for name in names {
        assert!(
            items.iter().any(|i| name_of(i).as_deref() == Some(*name)),
            "{file} has no item {name}"
        );
    }
    items
}

#[test]
fn model_sync_slice() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut config = polytomic_codegen::Builder::new();
    config
        .spec(root.join("spec/openapi.yaml"))
        .connectors(root.join("spec/connectors"));
    let files = config.tree().unwrap().0;
    let sections = [
        ("client", &["ModelSyncApi"][..]),
        (
            "models",
            &[
                "CreateSyncRequest",
                "SyncField",
                "Source",
                "Identity",
                "SchemaIdentityFunction",
                "Target",
                "Schedule",
                "ScheduleFrequency",
                "ModelsyncSyncTargetMode",
            ][..],
        ),
    ];
    let mut shown = String::new();
    for (file, names) in sections {
        let slice = syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: pick(&files, file, names),
        };
        shown.push_str(&format!("// ===== {file} (excerpt) =====\n"));
        shown.push_str(&prettyplease::unparse(&slice));
    }
    insta::assert_snapshot!("sdk_slice", shown);
}
