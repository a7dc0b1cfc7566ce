//! Rustdoc from spec descriptions. Descriptions are Markdown written for web pages; a few
//! constructs would make rustdoc warn or run them as doctests, so they are neutralised.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for a description (nothing when there is none).
pub fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc.map(str::trim).filter(|d| !d.is_empty()) else {
        return TokenStream::new();
    };
    let lines = sanitize(doc);
    let lines = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #l] }
    });
    quote! { #(#lines)* }
}

/// Rewrites Markdown so rustdoc neither warns nor tests it: code fences without a
/// language become `text`, indentation that would make a code block is dropped, square
/// brackets (taken as intra-doc links) are escaped, and bare URLs get angle brackets.
pub fn sanitize(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in doc.lines() {
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            if in_fence {
                out.push("```".to_owned());
            } else if is_doctest(lang.trim()) {
                // Examples in descriptions are not Rust (and never this crate's).
                out.push("```text".to_owned());
            } else {
                out.push(format!("```{}", lang.trim()));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
        } else {
            out.push(inline(trimmed));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// Whether rustdoc runs a code block with this info string (and it is not ignored yet):
/// no info, or only Rust attributes.
pub fn is_doctest(info: &str) -> bool {
    let attrs: Vec<&str> = info
        .split([',', ' ', '\t'])
        .filter(|a| !a.is_empty())
        .collect();
    !attrs.contains(&"ignore")
        && attrs.iter().all(|a| {
            matches!(
                *a,
                "rust" | "no_run" | "should_panic" | "compile_fail" | "standalone_crate"
            ) || a.starts_with("edition")
        })
}

/// Marks the doctests among the `///` and `//!` comments of hand-written source
/// `ignore`, keeping every other line as it is.
pub fn ignore_doctests(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 64);
    let mut in_code = false;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let fence = trimmed
            .strip_prefix("///")
            .or_else(|| trimmed.strip_prefix("//!"))
            .map(str::trim_start)
            .and_then(|t| t.strip_prefix("```"));
        match fence {
            Some(_) if in_code => in_code = false,
            Some(info) => {
                in_code = true;
                // Only the comment marker precedes the fence on its line.
                if let (true, Some(at)) = (is_doctest(info.trim()), line.find("```")) {
                    out.push_str(&line[..at]);
                    out.push_str("```rust,ignore");
                    if line.ends_with('\n') {
                        out.push('\n');
                    }
                    continue;
                }
            }
            None => {}
        }
        out.push_str(line);
    }
    out
}

fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code {
            if let Some(link) = (c == '[').then(|| markdown_link(rest)).flatten() {
                // A real link to a web page stays a link.
                out.push_str(link);
                rest = &rest[link.len()..];
                continue;
            }
            if c == '[' || c == ']' {
                out.push('\\');
            } else if (rest.starts_with("https://") || rest.starts_with("http://"))
                && !out.ends_with('<')
                && !out.ends_with('(')
            {
                let end = rest
                    .find(|ch: char| ch.is_whitespace() || ch == ')' || ch == '>')
                    .unwrap_or(rest.len());
                let url = rest[..end].trim_end_matches(['.', ',', ';']);
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `[text](target)` at the start of `rest`, when the target is a URL, a path or an anchor
/// (`https://..`, `/docs/..`, `#..`): rustdoc renders those as links. A bare word target
/// would be read as an intra-doc path, so those stay escaped.
fn markdown_link(rest: &str) -> Option<&str> {
    let close = rest.find("](")?;
    let text = rest.get(1..close)?;
    if text.is_empty() || text.contains(['[', ']', '`']) {
        return None;
    }
    let after = rest.get(close + 2..)?;
    let end = after.find(')')?;
    let target = after.get(..end)?;
    let linkish = target.contains("://") || target.starts_with('/') || target.starts_with('#');
    (linkish && !target.contains(char::is_whitespace)).then(|| &rest[..close + 2 + end + 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_markdown_that_rustdoc_would_misread() {
        assert_eq!(inline("see [the docs](x)"), "see \\[the docs\\](x)");
        assert_eq!(
            inline("see [the docs](https://docs.example.com/a) or [this](#b)."),
            "see [the docs](https://docs.example.com/a) or [this](#b)."
        );
        assert_eq!(inline("[a] and [b](c d)"), "\\[a\\] and \\[b\\](c d)");
        assert_eq!(inline("at https://a.b/c."), "at <https://a.b/c>.");
        assert_eq!(inline("`[x]` stays"), "`[x]` stays");
        assert_eq!(
            sanitize("a\n```\ncode\n```\n    indented"),
            vec!["a", "```text", "code", "```", "indented"]
        );
        assert_eq!(
            sanitize("```no_run\nx\n```\n```json\n{}\n```"),
            vec!["```text", "x", "```", "```json", "{}", "```"]
        );
    }

    #[test]
    fn doctests_in_source_are_ignored_and_other_code_blocks_kept() {
        let source = "\
/// Example:
/// ```no_run
/// let c = polytomic::Client::new(\"k\");
/// ```
pub fn a() {}
mod m {
    //! ```
    //! x();
    //! ```
    //!
    //! ```json
    //! {\"a\": 1}
    //! ```
    pub fn b() {}
}
/// ```ignore
/// z();
/// ```
pub fn c() {}
";
        let out = ignore_doctests(source);
        let fences: Vec<&str> = out
            .lines()
            .filter(|l| l.contains("```"))
            .map(str::trim)
            .collect();
        assert_eq!(
            fences,
            [
                "/// ```rust,ignore",
                "/// ```",
                "//! ```rust,ignore",
                "//! ```",
                "//! ```json",
                "//! ```",
                "/// ```ignore",
                "/// ```",
            ]
        );
        assert_eq!(out.lines().count(), source.lines().count());
        assert!(
            out.contains("    //! ```rust,ignore\n"),
            "indentation is kept"
        );
        assert!(out.contains("pub fn a() {}\nmod m {\n"));
    }
}
