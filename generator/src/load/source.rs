//! An input file's text plus a lazily built index from JSON pointers to line:column, so
//! errors found after parsing (a dangling `$ref`, a bad condition) can still say where.

use super::pointer::join as join_pointer;
use crate::error::{Diagnostic, Location};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// One loaded input file.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    index: OnceLock<Index>,
    /// Parts of this document that came from elsewhere (another file's node, or another
    /// place in this one), so positions inside them are looked up where they were written.
    mounts: Vec<Mount>,
    /// Each mount's place → its index in `mounts` (the last one when several share a
    /// place), built on first use: looking up a node walks its ancestors, not every mount.
    mounts_by_place: OnceLock<HashMap<String, usize>>,
}

/// A subtree of a bundled document and the file and pointer it was copied from.
#[derive(Debug, Clone)]
pub struct Mount {
    /// Pointer of the subtree in the bundled document.
    pub at: String,
    /// The file it came from (`None`: this document's own file).
    pub file: Option<Arc<SourceFile>>,
    /// Pointer of the subtree in that file.
    pub from: String,
}

/// Where a pointer of a bundled document was written: the innermost mount that contains
/// it, and the pointer within that mount's file.
pub fn unmount<'m>(mounts: &'m [Mount], pointer: &str) -> Option<(&'m Mount, String)> {
    let contains = |at: &str| {
        pointer
            .strip_prefix(at)
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    mounts
        .iter()
        .filter_map(|m| contains(&m.at).map(|rest| (m, rest)))
        .max_by_key(|(m, _)| m.at.len())
        .map(|(m, rest)| (m, format!("{}{rest}", m.from)))
}

/// Positions of every node, plus the mapping keys written twice (which the parsers we
/// use would otherwise resolve silently by keeping the last one).
#[derive(Debug, Default)]
struct Index {
    positions: HashMap<String, Location>,
    duplicates: Vec<DuplicateKey>,
}

/// A mapping key that appears twice in the same mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Pointer of the entry (the same for both occurrences).
    pub pointer: String,
    pub first: Location,
    pub again: Location,
}

impl SourceFile {
    pub fn new(path: &Path, text: String) -> Self {
        SourceFile {
            path: path.to_path_buf(),
            text,
            index: OnceLock::new(),
            mounts: Vec::new(),
            mounts_by_place: OnceLock::new(),
        }
    }

    /// Records where the parts of a bundled document came from (see [`Mount`]).
    pub fn set_mounts(&mut self, mounts: Vec<Mount>) {
        self.mounts = mounts;
        self.mounts_by_place = OnceLock::new();
    }

    fn mount_at(&self, place: &str) -> Option<&Mount> {
        let by_place = self.mounts_by_place.get_or_init(|| {
            let mut map = HashMap::with_capacity(self.mounts.len());
            for (i, m) in self.mounts.iter().enumerate() {
                map.insert(m.at.clone(), i);
            }
            map
        });
        by_place.get(place).and_then(|&i| self.mounts.get(i))
    }

    /// The file, and the pointer in it, where the node at `pointer` of this (possibly
    /// bundled) document was written.
    pub fn origin<'s>(&'s self, pointer: &str) -> (&'s SourceFile, String) {
        // The innermost mount containing the node: the longest place that is the
        // pointer or one of its ancestors (as [`unmount`] finds it).
        let mut place = pointer;
        loop {
            if let Some(m) = self.mount_at(place) {
                let inner = format!("{}{}", m.from, &pointer[place.len()..]);
                return (m.file.as_deref().unwrap_or(self), inner);
            }
            match place.rfind('/') {
                Some(i) => place = &place[..i],
                None => return (self, pointer.to_owned()),
            }
        }
    }

    /// When the node at `pointer` is a whole node copied from elsewhere (the target of
    /// a `$ref` the bundler inlined, or a node the upgrade moved), the file and pointer
    /// it was written at; `None` for a node written where it is, or inside a copy.
    pub fn copied_from<'s>(&'s self, pointer: &str) -> Option<(&'s SourceFile, String)> {
        self.mount_at(pointer).map(|m| {
            let file = m.file.as_deref().unwrap_or(self);
            (file, m.from.clone())
        })
    }

    /// Where the node at `pointer` starts (for a mapping entry: where its key starts).
    /// Falls back to the nearest ancestor that has a position, and to 1:1.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        if !self.mounts.is_empty() {
            let (file, inner) = self.origin(pointer);
            return file.locate_here(&inner);
        }
        self.locate_here(pointer)
    }

    /// [`SourceFile::locate`] in this file's own text, ignoring mounts.
    fn locate_here(&self, pointer: &str) -> Option<Location> {
        let index = self.index();
        if pointer.is_empty() {
            // The document: where its first entry is (after any leading comments).
            return Some(
                index
                    .positions
                    .iter()
                    .filter(|(p, _)| !p.is_empty())
                    .map(|(_, l)| *l)
                    .min()
                    .unwrap_or(Location { line: 1, column: 1 }),
            );
        }
        let mut p = pointer;
        loop {
            if let Some(loc) = index.positions.get(p) {
                return Some(*loc);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                // Nothing on the way up was found (an empty file, or one the indexer
                // could not read): the document itself starts at 1:1.
                None => return Some(Location { line: 1, column: 1 }),
            }
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| build_index(&self.text))
    }

    /// Mapping keys written twice, in file order.
    pub fn duplicate_keys(&self) -> &[DuplicateKey] {
        &self.index().duplicates
    }

    /// A diagnostic about the node at `pointer`, located when possible.
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        let (file, inner) = self.origin(pointer);
        Diagnostic::new(&file.path, message)
            .at(file.locate_here(&inner))
            .pointer(inner)
    }
}

/// The 1-based line:column (in characters) of byte `offset` in `text`; offsets past the
/// end or inside a character are clamped to the nearest character boundary before them.
pub fn location_at(text: &str, offset: usize) -> Location {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Location {
        line: before.matches('\n').count() + 1,
        column: before.get(line_start..).unwrap_or("").chars().count() + 1,
    }
}

enum Frame {
    Map {
        key: Option<String>,
        expecting_key: bool,
    },
    Seq {
        next: usize,
    },
}

/// Where a node that starts now sits in its parent.
enum Slot {
    Root,
    /// Item `n` of a sequence.
    Item(usize),
    /// A mapping key (its position stands for the entry, recorded when it is read).
    Key,
    /// The value of the entry with this key.
    Value(Option<String>),
}

struct Indexer {
    stack: Vec<Frame>,
    /// Pointer of each open container, parallel to `stack`.
    paths: Vec<String>,
    out: Index,
}

impl Indexer {
    /// Advances the parent's state for a node that starts now (allocates nothing).
    fn advance(&mut self) -> Slot {
        match self.stack.last_mut() {
            None => Slot::Root,
            Some(Frame::Seq { next }) => {
                *next += 1;
                Slot::Item(*next - 1)
            }
            Some(Frame::Map { key, expecting_key }) => {
                if *expecting_key {
                    *expecting_key = false;
                    Slot::Key
                } else {
                    *expecting_key = true;
                    Slot::Value(key.take())
                }
            }
        }
    }

    fn parent(&self) -> &str {
        self.paths.last().map(String::as_str).unwrap_or_default()
    }

    /// The pointer of a container that starts in `slot` (a container used as a mapping
    /// key has none of its own: `""`).
    fn pointer(&self, slot: Slot) -> String {
        match slot {
            Slot::Root | Slot::Key => String::new(),
            Slot::Item(n) => format!("{}/{n}", self.parent()),
            Slot::Value(key) => join_pointer(self.parent(), key.as_deref().unwrap_or_default()),
        }
    }
}

impl MarkedEventReceiver for Indexer {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let loc = Location {
            line: mark.line(),
            column: mark.col() + 1,
        };
        match ev {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Map {
                    expecting_key: true,
                    ..
                }) = self.stack.last()
                {
                    let pointer = join_pointer(self.parent(), &value);
                    match self.out.positions.entry(pointer) {
                        Entry::Occupied(first) => {
                            let dup = DuplicateKey {
                                pointer: first.key().clone(),
                                first: *first.get(),
                                again: loc,
                            };
                            self.out.duplicates.push(dup);
                        }
                        Entry::Vacant(v) => {
                            v.insert(loc);
                        }
                    }
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(value);
                    }
                }
                // Scalars other than keys get no position of their own.
                self.advance();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(ev, Event::MappingStart(..));
                let slot = self.advance();
                let pointer = self.pointer(slot);
                // A mapping value's entry is already there (its key's position).
                if !self.out.positions.contains_key(&pointer) {
                    self.out.positions.insert(pointer.clone(), loc);
                }
                self.paths.push(pointer);
                self.stack.push(if is_map {
                    Frame::Map {
                        key: None,
                        expecting_key: true,
                    }
                } else {
                    Frame::Seq { next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.paths.pop();
            }
            Event::Alias(_) => {
                self.advance();
            }
            _ => {}
        }
    }
}

/// `text` with each `\uD800`-`\uDFFF` escape replaced by `\u0020`, which is as long. JSON
/// writes characters beyond the BMP as surrogate pairs (`"\ud83d\udc4d"`); YAML has no
/// such escapes and its parser stops there, which would leave the rest of a JSON document
/// without positions. Only the index reads this copy, so every offset stays the same.
fn without_surrogate_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let is_surrogate = |at: usize| {
        bytes.get(at + 2).is_some_and(|b| matches!(b, b'd' | b'D'))
            && bytes
                .get(at + 3)
                .is_some_and(|b| matches!(b, b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F'))
            && bytes.get(at + 4).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(at + 5).is_some_and(u8::is_ascii_hexdigit)
    };
    let found: Vec<usize> = text
        .match_indices("\\u")
        .map(|(at, _)| at)
        .filter(|&at| is_surrogate(at))
        .collect();
    if found.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_owned();
    for at in found {
        out.replace_range(at + 2..at + 6, "0020");
    }
    std::borrow::Cow::Owned(out)
}

fn build_index(text: &str) -> Index {
    let mut indexer = Indexer {
        stack: Vec::new(),
        paths: Vec::new(),
        out: Index::default(),
    };
    let text = without_surrogate_escapes(text);
    let mut parser = Parser::new_from_str(&text);
    // A syntax error just leaves the index partial: callers fall back to ancestors.
    let _ = parser.load(&mut indexer, false);
    indexer.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_keys_and_items() {
        let text = "a:\n  b:\n    - x\n    - y: 1\nc: 2\n";
        let f = SourceFile::new(Path::new("t.yaml"), text.to_owned());
        assert_eq!(f.locate("/a/b"), Some(Location { line: 2, column: 3 }));
        assert_eq!(f.locate("/a/b/1/y"), Some(Location { line: 4, column: 7 }));
        assert_eq!(f.locate("/c"), Some(Location { line: 5, column: 1 }));
        assert_eq!(f.locate("/a/b/1/zzz"), f.locate("/a/b/1"));
    }

    #[test]
    fn finds_duplicate_keys() {
        let text = "a:\n  b: 1\n  b: 2\nc: 3\n";
        let f = SourceFile::new(Path::new("t.yaml"), text.to_owned());
        assert_eq!(
            f.duplicate_keys(),
            [DuplicateKey {
                pointer: "/a/b".into(),
                first: Location { line: 2, column: 3 },
                again: Location { line: 3, column: 3 },
            }]
        );
    }

    #[test]
    fn offsets_and_locations_agree() {
        let text = "ab\nçd\n\nx";
        for (offset, line, column) in [(0, 1, 1), (3, 2, 1), (5, 2, 2), (8, 4, 1), (99, 4, 2)] {
            let loc = location_at(text, offset);
            assert_eq!((loc.line, loc.column), (line, column), "offset {offset}");
        }
        assert_eq!(Location { line: 2, column: 2 }.offset_in(text), 5);
        assert_eq!(Location { line: 9, column: 1 }.offset_in(text), text.len());
        assert_eq!(
            Location {
                line: 1,
                column: 50
            }
            .offset_in(text),
            2
        );
        // Inside the two-byte `ç`: clamped to its start.
        assert_eq!(location_at(text, 4), Location { line: 2, column: 1 });
    }

    #[test]
    fn json_surrogate_pairs_do_not_stop_the_index() {
        let text =
            "{\n  \"a\": \"\\ud83d\\udc4d \\u00e9\",\n  \"paths\": {\n    \"/x\": {}\n  }\n}\n";
        let f = SourceFile::new(Path::new("t.json"), text.to_owned());
        assert_eq!(
            f.locate("/paths/~1x"),
            Some(Location { line: 4, column: 5 })
        );
    }

    #[test]
    fn works_on_json() {
        let text = "{\n  \"paths\": {\n    \"/x\": {}\n  }\n}\n";
        let f = SourceFile::new(Path::new("t.json"), text.to_owned());
        assert_eq!(
            f.locate("/paths/~1x"),
            Some(Location { line: 3, column: 5 })
        );
    }
}
