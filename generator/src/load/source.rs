//! An input file's text plus a lazily built index from JSON pointers to line:column, so
//! errors found after parsing (a dangling `$ref`, a bad condition) can still say where.

use crate::error::{Diagnostic, Location};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// One loaded input file.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    index: OnceLock<HashMap<String, Location>>,
}

impl SourceFile {
    pub fn new(path: &Path, text: String) -> Self {
        SourceFile {
            path: path.to_path_buf(),
            text,
            index: OnceLock::new(),
        }
    }

    /// Where the node at `pointer` starts (for a mapping entry: where its key starts).
    /// Falls back to the nearest ancestor that has a position.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let index = self.index.get_or_init(|| build_index(&self.text));
        let mut p = pointer;
        loop {
            if let Some(loc) = index.get(p) {
                return Some(*loc);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }

    /// A diagnostic about the node at `pointer`, located when possible.
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.path, message)
            .at(self.locate(pointer))
            .pointer(pointer)
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
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

struct Indexer {
    stack: Vec<Frame>,
    /// Pointer of each open container, parallel to `stack`.
    paths: Vec<String>,
    out: HashMap<String, Location>,
}

impl Indexer {
    /// The pointer of the node that starts now, advancing the parent's state.
    fn child_pointer(&mut self, mark: Marker) -> Option<String> {
        let parent = self.paths.last().cloned().unwrap_or_default();
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { next }) => {
                let p = format!("{parent}/{next}");
                *next += 1;
                Some(p)
            }
            Some(Frame::Map { key, expecting_key }) => {
                if *expecting_key {
                    // A key: remember it; its position stands for the entry.
                    *expecting_key = false;
                    let _ = mark;
                    None
                } else {
                    *expecting_key = true;
                    let k = key.take().unwrap_or_default();
                    Some(format!("{parent}/{}", escape(&k)))
                }
            }
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
                    key,
                    expecting_key: true,
                }) = self.stack.last_mut()
                {
                    let parent = self.paths.last().cloned().unwrap_or_default();
                    self.out
                        .entry(format!("{parent}/{}", escape(&value)))
                        .or_insert(loc);
                    *key = Some(value);
                }
                self.child_pointer(mark);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(ev, Event::MappingStart(..));
                let pointer = self.child_pointer(mark).unwrap_or_default();
                self.out.entry(pointer.clone()).or_insert(loc);
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
                self.child_pointer(mark);
            }
            _ => {}
        }
    }
}

fn build_index(text: &str) -> HashMap<String, Location> {
    let mut indexer = Indexer {
        stack: Vec::new(),
        paths: Vec::new(),
        out: HashMap::new(),
    };
    let mut parser = Parser::new_from_str(text);
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
    fn works_on_json() {
        let text = "{\n  \"paths\": {\n    \"/x\": {}\n  }\n}\n";
        let f = SourceFile::new(Path::new("t.json"), text.to_owned());
        assert_eq!(
            f.locate("/paths/~1x"),
            Some(Location { line: 3, column: 5 })
        );
    }
}
