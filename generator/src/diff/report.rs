//! The report for people (grouped text) and for machines (JSON).

use super::{Change, Class, Report, Site};
use serde_json::{json, Value};
use std::fmt::Write as _;

impl Report {
    /// The report as text: each group (an operation, a type, a connector) with its
    /// changes, their classification, rule and both spec locations, then a summary line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut group: Option<&str> = None;
        for c in &self.changes {
            if group != Some(c.group.as_str()) {
                if group.is_some() {
                    out.push('\n');
                }
                let _ = writeln!(out, "{}", c.group);
                group = Some(&c.group);
            }
            let _ = writeln!(out, "  {}: {}", c.item, c.detail);
            let _ = writeln!(
                out,
                "    wire: {}, Rust: {} [{}]",
                c.rule.wire.as_str(),
                c.rule.rust.as_str(),
                c.rule.id
            );
            for (label, site) in [("old", &c.old), ("new", &c.new)] {
                if let Some(site) = site {
                    let _ = writeln!(out, "    {label}: {site}");
                }
            }
        }
        if !self.changes.is_empty() {
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// One line: how many changes, and how many of them break callers.
    pub fn summary(&self) -> String {
        if self.changes.is_empty() {
            return "no changes".to_owned();
        }
        let count = |f: &dyn Fn(&Change) -> bool| self.changes.iter().filter(|c| f(c)).count();
        format!(
            "{} change(s): {} breaking on the wire, {} breaking in Rust, {} breaking only \
             exhaustive matches or struct literals",
            self.changes.len(),
            count(&|c| c.rule.wire == Class::Breaking),
            count(&|c| c.rule.rust == Class::Breaking),
            count(&|c| c.rule.rust == Class::Exhaustive),
        )
    }

    /// The report as JSON (the format is documented in the README).
    pub fn json(&self) -> Value {
        let count = |f: &dyn Fn(&Change) -> bool| self.changes.iter().filter(|c| f(c)).count();
        json!({
            "changes": self.changes.iter().map(change_json).collect::<Vec<_>>(),
            "summary": {
                "changes": self.changes.len(),
                "breaking": count(&Change::is_breaking),
                "wire_breaking": count(&|c| c.rule.wire == Class::Breaking),
                "rust_breaking": count(&|c| c.rule.rust == Class::Breaking),
            },
        })
    }
}

fn change_json(c: &Change) -> Value {
    json!({
        "rule": c.rule.id,
        "wire": c.rule.wire.as_str(),
        "rust": c.rule.rust.as_str(),
        "group": c.group,
        "item": c.item,
        "detail": c.detail,
        "old": c.old.as_ref().map(site_json),
        "new": c.new.as_ref().map(site_json),
    })
}

fn site_json(s: &Site) -> Value {
    json!({
        "file": s.file.display().to_string(),
        "line": s.location.map(|l| l.line),
        "column": s.location.map(|l| l.column),
        "pointer": s.pointer,
    })
}
