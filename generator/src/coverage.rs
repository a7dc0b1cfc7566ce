//! The connector coverage report (`docs/connectors.md`): for every table, which areas are
//! typed, how many fields sit under conditions, whether examples exist, and where the
//! facts come from. Made from the loaded tables, so it cannot drift from them (a test
//! fails when the committed report is stale).

use crate::load::tables::{Table, TableArea};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The headline counts of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub tables: usize,
    /// Tables with fields under conditions.
    pub with_conditions: usize,
    /// Tables with a typed area besides the connection's.
    pub beyond_connection: usize,
    /// Tables whose notes say where their facts were transcribed from.
    pub transcribed: usize,
}

impl Summary {
    /// The README's sentence about connector coverage (a test keeps it current).
    pub fn sentence(&self) -> String {
        format!(
            "all {} tables type their connection settings; {} are transcribed from their docs \
             pages (their notes say which page and what was cut off), {} of them with \
             conditional fields and {} with typed model, model-sync target or bulk-sync \
             areas; the other {} are flat imports of the API's JSON Schemas.",
            self.tables,
            self.transcribed,
            self.with_conditions,
            self.beyond_connection,
            self.tables - self.transcribed
        )
    }
}

/// The headline counts of `tables`.
pub fn summary(tables: &[Table]) -> Summary {
    let conditional = |t: &Table| {
        t.areas
            .iter()
            .flat_map(|a| &a.entries)
            .any(|e| e.condition.is_some())
    };
    Summary {
        tables: tables.len(),
        with_conditions: tables.iter().filter(|t| conditional(t)).count(),
        beyond_connection: tables
            .iter()
            .filter(|t| t.areas.iter().any(|a| a.kind > TableArea::ReadOnly))
            .count(),
        transcribed: tables.iter().filter(|t| t.notes.is_some()).count(),
    }
}

/// The report as Markdown.
pub fn report(tables: &[Table]) -> String {
    let mut out = String::new();
    let typed_areas = |t: &Table| {
        t.areas
            .iter()
            .filter(|a| a.kind != TableArea::ReadOnly && !a.entries.is_empty())
            .count()
    };
    let Summary {
        with_conditions,
        beyond_connection,
        transcribed,
        ..
    } = summary(tables);
    let _ = writeln!(out, "# Connector coverage");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Generated from `spec/connectors/*.yaml` by `cargo run -p polytomic-codegen -- coverage`; \
         a test fails when this file is stale."
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "- {} connector tables; every one types its connection configuration.",
        tables.len()
    );
    let _ = writeln!(
        out,
        "- With conditional fields (\"When ...\" sections, typed as enums): {with_conditions}."
    );
    let _ = writeln!(
        out,
        "- With typed areas beyond the connection (model, model-sync target, bulk-sync source or destination): {beyond_connection}."
    );
    let _ = writeln!(
        out,
        "- Naming where their facts were transcribed from (`notes`): {transcribed}; the others are imports of the API's connection-type JSON Schemas, flat (no conditions, no other areas)."
    );
    let _ = writeln!(
        out,
        "- Every documented example is round-tripped through its generated type by the test suite."
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Columns: fields per area (conditional fields in parentheses; `-` not in the table; \
         `free-form` the connector supports the area but its docs list no settings, so its type holds any JSON object), \
         examples (areas with a documented example), and the provenance."
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| connector | type | connection | read-only | model | target | bulk source | bulk destination | typed areas | examples | provenance |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|");
    for t in tables {
        let supported = |kind: TableArea| t.supports(kind);
        let cells: Vec<String> = TableArea::ALL
            .iter()
            .map(|&kind| match t.area(kind) {
                Some(a) => {
                    let conditional: BTreeSet<&str> = a
                        .entries
                        .iter()
                        .filter(|e| e.condition.is_some())
                        .map(|e| e.field.name.as_str())
                        .collect();
                    if conditional.is_empty() {
                        a.entries.len().to_string()
                    } else {
                        format!("{} ({})", a.entries.len(), conditional.len())
                    }
                }
                None if supported(kind) => "free-form".to_owned(),
                None => "-".to_owned(),
            })
            .collect();
        let examples = t.areas.iter().filter(|a| a.example.is_some()).count();
        let provenance = match &t.notes {
            Some(n) => n.replace('|', "\\|").replace('\n', " "),
            None => "JSON Schema import".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {examples} | {provenance} |",
            t.name.as_deref().unwrap_or(&t.id).replace('|', "\\|"),
            t.id,
            cells.join(" | "),
            typed_areas(t),
        );
    }
    out
}
