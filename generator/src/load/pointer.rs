//! JSON pointers (RFC 6901), the way every diagnostic locates a node: one segment
//! escaped, unescaped, or appended to a parent.

/// Escapes one segment: `~` as `~0`, `/` as `~1`.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The segment an escaped one stands for.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `parent/segment` with `segment` escaped, in one allocation.
pub fn join(parent: &str, segment: &str) -> String {
    let mut p = String::with_capacity(parent.len() + 1 + segment.len());
    p.push_str(parent);
    p.push('/');
    for c in segment.chars() {
        match c {
            '~' => p.push_str("~0"),
            '/' => p.push_str("~1"),
            c => p.push(c),
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_escape_and_unescape_both_ways() {
        for raw in ["plain", "a/b", "~tilde", "~1 literal", "/~/"] {
            assert_eq!(unescape(&escape(raw)), raw);
        }
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(join("/paths", "/pets/{id}"), "/paths/~1pets~1{id}");
    }
}
