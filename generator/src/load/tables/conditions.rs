//! Conditions: parsing `a is x AND b is true OR c contains y`, and folding the
//! conditions of the switches a field depends on into its guard (bounded).

use super::CondValue;
use super::Condition;
use super::{Atom, Dnf};
use std::collections::BTreeMap;

/// How many levels of conditions may depend on each other (a field under a section
/// that tests a field under a section that tests …). Tables written by hand nest a few
/// levels; the limit keeps the walk (and the stack) bounded on any input.
pub(super) const MAX_CONDITION_DEPTH: usize = 32;

/// How many conjunctions an effective guard may have. ORs multiply along the fields a
/// condition tests, so without a bound a short file can ask for exponentially many.
pub(super) const MAX_GUARD_ALTERNATIVES: usize = 64;

/// How many alternatives and `contains` tests the effective guards of an area's fields
/// may have in all. Each becomes code for the field it guards (a placement, a check),
/// so this bounds the generated code by the limit rather than by the product of the
/// number of fields and the length of their conditions.
pub(super) const MAX_AREA_TESTS: usize = 1024;

/// Why a field's effective guard could not be computed.
#[derive(Debug)]
pub(super) enum GuardError {
    /// The conditions depend on each other in a cycle (the names along it).
    Cycle(Vec<String>),
    /// Deeper than [`MAX_CONDITION_DEPTH`] (the names from the field down).
    TooDeep(Vec<String>),
    /// More than [`MAX_GUARD_ALTERNATIVES`] conjunctions (the field whose guard grew
    /// too large).
    TooMany(String),
}

/// The effective guard of `name`: each conjunction of its own condition, extended with
/// the effective guards of the switches it tests (so a field under `b is x` where `b`
/// itself needs `a is y` needs both), and how many levels of conditions that takes.
/// `memo` keeps what was already computed (neither depends on the path it was reached
/// by), so switches that several fields test are walked once.
pub(super) fn effective<'a>(
    name: &str,
    conditions: &'a BTreeMap<String, &Condition>,
    stack: &mut Vec<&'a str>,
    memo: &mut BTreeMap<&'a str, (usize, Dnf)>,
) -> Result<(usize, Dnf), GuardError> {
    let Some((key, c)) = conditions.get_key_value(name) else {
        return Ok((0, vec![Vec::new()]));
    };
    if let Some(known) = memo.get(key.as_str()) {
        return Ok(known.clone());
    }
    let result = effective_of(name, c, conditions, stack, memo)?;
    memo.insert(key.as_str(), result.clone());
    Ok(result)
}

/// The effective guard of a field `name` declared under `c` (a field declared in several
/// sections has one per section; the switches it tests are looked up by name).
pub(super) fn effective_of<'a>(
    name: &str,
    c: &Condition,
    conditions: &'a BTreeMap<String, &Condition>,
    stack: &mut Vec<&'a str>,
    memo: &mut BTreeMap<&'a str, (usize, Dnf)>,
) -> Result<(usize, Dnf), GuardError> {
    let mut depth = 1;
    let mut out: Dnf = Vec::new();
    for conj in &c.any {
        // Product over the atoms' fields of their own guards.
        let mut partial: Dnf = vec![conj.clone()];
        for atom in conj {
            let dep = atom.field();
            if let Some(i) = stack.iter().position(|s| *s == dep) {
                let mut cycle: Vec<String> = stack[i..].iter().map(|s| (*s).to_owned()).collect();
                cycle.push(dep.to_owned());
                return Err(GuardError::Cycle(cycle));
            }
            let Some((dep_key, _)) = conditions.get_key_value(dep) else {
                continue;
            };
            let too_deep = |stack: &[&str]| {
                let mut chain: Vec<String> = stack.iter().map(|s| (*s).to_owned()).collect();
                chain.push(dep.to_owned());
                GuardError::TooDeep(chain)
            };
            // Every name on the stack depends on the next: the first is already too deep.
            if stack.len() >= MAX_CONDITION_DEPTH {
                return Err(too_deep(stack));
            }
            stack.push(dep_key.as_str());
            let (dep_depth, dep_guard) = effective(dep, conditions, stack, memo)?;
            stack.pop();
            depth = depth.max(dep_depth + 1);
            if depth > MAX_CONDITION_DEPTH {
                return Err(too_deep(stack));
            }
            if partial.len().saturating_mul(dep_guard.len()) > MAX_GUARD_ALTERNATIVES {
                return Err(GuardError::TooMany(name.to_owned()));
            }
            let mut next = Vec::new();
            for p in &partial {
                for g in &dep_guard {
                    let mut merged = p.clone();
                    for a in g {
                        if !merged.contains(a) {
                            merged.push(a.clone());
                        }
                    }
                    next.push(merged);
                }
            }
            partial = next;
        }
        for p in partial {
            if !out.contains(&p) {
                if out.len() == MAX_GUARD_ALTERNATIVES {
                    return Err(GuardError::TooMany(name.to_owned()));
                }
                out.push(p);
            }
        }
    }
    Ok((depth, out))
}

/// Two tests of one field for different values (`a is x AND a is y`).
pub(super) fn contradiction(conj: &[Atom]) -> Option<(Atom, Atom)> {
    conj.iter().enumerate().find_map(|(i, a)| {
        conj.iter()
            .skip(i + 1)
            .find(|b| a.excludes(b))
            .map(|b| (a.clone(), b.clone()))
    })
}

/// Parses `a is x AND b is true OR c contains y` (AND binds tighter than OR).
pub fn parse_condition(text: &str) -> Result<Dnf, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Err("it is empty".to_owned());
    }
    let mut any = Vec::new();
    let mut all = Vec::new();
    let mut rest = words.as_slice();
    loop {
        let [field, op, value, tail @ ..] = rest else {
            return Err(format!(
                "`{}` is not `<field> is <value>` or `<field> contains <value>`",
                rest.join(" ")
            ));
        };
        let atom = match *op {
            "is" => Atom::Is {
                field: (*field).to_owned(),
                value: match *value {
                    "true" => CondValue::Bool(true),
                    "false" => CondValue::Bool(false),
                    v => CondValue::String(v.to_owned()),
                },
            },
            "contains" => Atom::Contains {
                field: (*field).to_owned(),
                value: (*value).to_owned(),
            },
            other => {
                return Err(format!(
                    "expected `is` or `contains` after `{field}`, found `{other}`"
                ))
            }
        };
        all.push(atom);
        match tail {
            [] => {
                any.push(all);
                return Ok(any);
            }
            [joiner, more @ ..] => {
                match *joiner {
                    "AND" | "and" => {}
                    "OR" | "or" => any.push(std::mem::take(&mut all)),
                    other => return Err(format!("expected AND or OR, found `{other}`")),
                }
                rest = more;
            }
        }
    }
}
