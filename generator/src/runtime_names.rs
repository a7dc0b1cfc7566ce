//! Names the runtime's `Request` already has, read from the runtime's own source, so
//! generated setters never take one (a parameter named `send`, `download` or `form`
//! gets the setter `send_param`). One source of truth: a method added to the runtime is
//! reserved without anyone keeping a list.

use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Every method of `Request` in the runtime, inherent or from a trait implementation.
pub(crate) fn request_methods() -> &'static BTreeSet<String> {
    static NAMES: OnceLock<BTreeSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let runtime = crate::emit::RUNTIME;
        std::iter::once(runtime.root)
            .chain(runtime.children.iter().map(|(_, source)| *source))
            .flat_map(|source| methods_of(source, "Request"))
            .collect()
    })
}

/// Every method of the runtime's `ClientBuilder`, which generated credential setters
/// must not take (`base_url`, `timeout`, `build`, ...).
pub(crate) fn builder_methods() -> &'static BTreeSet<String> {
    static NAMES: OnceLock<BTreeSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let runtime = crate::emit::RUNTIME;
        std::iter::once(runtime.root)
            .chain(runtime.children.iter().map(|(_, source)| *source))
            .flat_map(|source| methods_of(source, "ClientBuilder"))
            .collect()
    })
}

/// The methods of every `impl` block for the type named `ty` in `source`.
fn methods_of(source: &str, ty: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // The runtime is compiled and tested as Rust, so it always parses.
    let Ok(file) = syn::parse_file(source) else {
        return out;
    };
    for item in &file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let syn::Type::Path(path) = block.self_ty.as_ref() else {
            continue;
        };
        if !path.path.segments.last().is_some_and(|s| s.ident == ty) {
            continue;
        }
        for member in &block.items {
            if let syn::ImplItem::Fn(f) = member {
                out.insert(f.sig.ident.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_request_methods_are_found() {
        let names = request_methods();
        for expected in [
            "send",
            "header",
            "timeout",
            "query",
            "set_query",
            "json",
            "form",
            "multipart",
            "download",
            "into_future",
            "path_param_styled",
        ] {
            assert!(
                names.contains(expected),
                "{expected} missing from {names:?}"
            );
        }
        // Only `Request`'s own methods: not those of other types in the runtime.
        assert!(!names.contains("retry_policy"), "{names:?}");
    }

    #[test]
    fn the_runtime_builder_methods_are_found() {
        let names = builder_methods();
        for expected in ["base_url", "timeout", "build", "from_env", "http_client"] {
            assert!(
                names.contains(expected),
                "{expected} missing from {names:?}"
            );
        }
        assert!(!names.contains("send"), "{names:?}");
    }
}
