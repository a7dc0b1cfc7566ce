//! Walks two resolved models side by side and records each difference as a [`Change`]
//! under the rule that classifies it.
//!
//! Operations are matched by `operationId` (then by method and path, so a renamed id is
//! not an operation removed and another added), parameters by location and wire name,
//! types by Rust name, fields and enum values by wire name, union variants by Rust name,
//! connectors by type and their settings by wire key.

use super::{rules, Change, Side, Site};
use crate::ir::{
    self, Api, ConfigType, ConfigTypeKind, Member, MemberKind, Operation, Param, ParamRole,
    TypeDef, TypeKind, TypeRef,
};
use crate::load::pointer::join;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

pub(super) fn compare(old: &Side, new: &Side) -> Vec<Change> {
    let mut cx = Cx {
        old,
        new,
        requests: sent_types(&old.api)
            .union(&sent_types(&new.api))
            .cloned()
            .collect(),
        out: Vec::new(),
    };
    cx.settings();
    cx.operations();
    cx.waiters();
    cx.types();
    cx.connectors();
    cx.out
}

struct Cx<'a> {
    old: &'a Side,
    new: &'a Side,
    /// Types a request can carry (on either side); every other type is read only.
    requests: HashSet<String>,
    out: Vec<Change>,
}

/// What one change is about, before its rule is chosen.
struct At<'s> {
    group: &'s str,
    item: String,
    old: Option<Site>,
    new: Option<Site>,
}

impl Cx<'_> {
    fn push(&mut self, id: &str, at: At<'_>, detail: String) {
        // Ids are constants of this module; the rules test checks each one exists.
        let Some(rule) = rules::rule(id) else {
            debug_assert!(false, "no diff rule `{id}`");
            return;
        };
        self.out.push(Change {
            rule,
            group: at.group.to_owned(),
            item: at.item,
            detail,
            old: at.old,
            new: at.new,
        });
    }

    // -----------------------------------------------------------------------------------
    // API-wide settings.

    fn settings(&mut self) {
        let (o, n) = (&self.old.api, &self.new.api);
        let root = |side: &Side| Some(side.spec_site("/servers"));
        if o.base_url != n.base_url {
            let at = self.at(
                "client",
                "client::spec::BASE_URL",
                root(self.old),
                root(self.new),
            );
            let detail = format!("default server {} → {}", opt(&o.base_url), opt(&n.base_url));
            self.push("server-changed", at, detail);
        }
        if o.version_header != n.version_header {
            let at = self.at("client", "Client::builder().api_version()", None, None);
            let detail = format!(
                "version header {} → {}",
                opt(&o.version_header),
                opt(&n.version_header)
            );
            self.push("version-header-changed", at, detail);
        } else if o.version_header.is_some() && o.api_version != n.api_version {
            let site = |s: &Side| Some(s.spec_site("/info/version"));
            let at = self.at(
                "client",
                "Client::builder().api_version()",
                site(self.old),
                site(self.new),
            );
            let detail = format!(
                "default API version `{}` → `{}`",
                o.api_version, n.api_version
            );
            self.push("api-version-changed", at, detail);
        }
        // A scheme is the same while it sends the same kind of credential the same way
        // and takes it through the same setters.
        let schemes = |api: &Api| -> BTreeMap<String, (ir::SchemeKind, ir::Setters)> {
            api.security
                .iter()
                .map(|s| (s.name.clone(), (s.kind.clone(), s.setters.clone())))
                .collect()
        };
        let (os, ns) = (schemes(o), schemes(n));
        let site =
            |s: &Side, name: &str| Some(s.spec_site(&join("/components/securitySchemes", name)));
        for (name, scheme) in &os {
            if ns.get(name) != Some(scheme) {
                let at = self.at("client", "Client::builder()", site(self.old, name), None);
                self.push(
                    "security-removed",
                    at,
                    format!("security scheme `{name}` ({}) removed", scheme_kind(scheme)),
                );
            }
        }
        for (name, scheme) in &ns {
            if os.get(name) != Some(scheme) {
                let at = self.at("client", "Client::builder()", None, site(self.new, name));
                self.push(
                    "security-added",
                    at,
                    format!("security scheme `{name}` ({}) added", scheme_kind(scheme)),
                );
            }
        }
    }

    fn at<'g>(&self, group: &'g str, item: &str, old: Option<Site>, new: Option<Site>) -> At<'g> {
        At {
            group,
            item: item.to_owned(),
            old,
            new,
        }
    }

    // -----------------------------------------------------------------------------------
    // Operations.

    fn operations(&mut self) {
        let (o, n) = (&self.old.api, &self.new.api);
        let new_by_id: HashMap<&str, &Operation> =
            n.operations.iter().map(|op| (op.id.as_str(), op)).collect();
        let old_ids: HashSet<&str> = o.operations.iter().map(|op| op.id.as_str()).collect();
        let mut matched_new: HashSet<&str> = HashSet::new();
        for old_op in &o.operations {
            let found = new_by_id.get(old_op.id.as_str()).copied().or_else(|| {
                // The same request under another id: not a removal and an addition.
                n.operations.iter().find(|op| {
                    !old_ids.contains(op.id.as_str())
                        && op.method == old_op.method
                        && op.path == old_op.path
                })
            });
            match found {
                Some(new_op) => {
                    matched_new.insert(new_op.id.as_str());
                    self.operation(old_op, new_op);
                }
                None => {
                    let group = method_path(old_op);
                    let at = At {
                        group: &group,
                        item: group.clone(),
                        old: Some(self.old.spec_site(&op_pointer(old_op))),
                        new: None,
                    };
                    self.push(
                        "operation-removed",
                        at,
                        format!("{} {} removed", old_op.method.as_str(), old_op.path),
                    );
                }
            }
        }
        for new_op in &n.operations {
            if !matched_new.contains(new_op.id.as_str()) {
                let group = method_path(new_op);
                let at = At {
                    group: &group,
                    item: group.clone(),
                    old: None,
                    new: Some(self.new.spec_site(&op_pointer(new_op))),
                };
                self.push(
                    "operation-added",
                    at,
                    format!("{} {} added", new_op.method.as_str(), new_op.path),
                );
            }
        }
    }

    fn operation(&mut self, o: &Operation, n: &Operation) {
        let group = method_path(n);
        let sites = |cx: &Self, suffix: &str| {
            (
                Some(cx.old.spec_site(&format!("{}{suffix}", op_pointer(o)))),
                Some(cx.new.spec_site(&format!("{}{suffix}", op_pointer(n)))),
            )
        };
        let at = |cx: &Self, item: String, suffix: &str| {
            let (old, new) = sites(cx, suffix);
            At {
                group: &group,
                item,
                old,
                new,
            }
        };
        if o.method != n.method || o.path != n.path {
            let a = at(self, group.clone(), "");
            let detail = format!(
                "{} {} → {} {}",
                o.method.as_str(),
                o.path,
                n.method.as_str(),
                n.path
            );
            self.push("operation-path-changed", a, detail);
        }
        if method_path(o) != group {
            let a = at(self, group.clone(), "");
            self.push("operation-renamed", a, format!("was {}", method_path(o)));
        }
        if !o.deprecated && n.deprecated {
            let a = at(self, group.clone(), "/deprecated");
            self.push("operation-deprecated", a, "deprecated".to_owned());
        }
        self.params(o, n, &group);
        self.body(o, n, &group);

        // The success response.
        let (o_ty, n_ty) = (
            o.success.as_ref().map(|s| s.ty.clone()),
            n.success.as_ref().map(|s| s.ty.clone()),
        );
        let json = ir::Encoding::Json;
        let (o_enc, n_enc) = (
            o.success.as_ref().map_or(&json, |s| &s.encoding),
            n.success.as_ref().map_or(&json, |s| &s.encoding),
        );
        if o_ty != n_ty {
            let a = at(self, group.clone(), "/responses");
            let detail = format!("success body {} → {}", ty_opt(&o_ty), ty_opt(&n_ty));
            self.push("response-retyped", a, detail);
        } else if o_enc != n_enc {
            let a = at(self, group.clone(), "/responses");
            let detail = format!("success body {} → {}", encoding(o_enc), encoding(n_enc));
            self.push("response-media-type-changed", a, detail);
        }

        // Error responses: which statuses, and the type `Error<E>` decodes them into.
        let statuses = |op: &Operation| -> BTreeSet<String> {
            op.errors
                .responses
                .iter()
                .map(|e| status(e.status))
                .collect()
        };
        let (os, ns) = (statuses(o), statuses(n));
        for s in os.difference(&ns) {
            let a = at(self, group.clone(), "/responses");
            self.push("error-removed", a, format!("error response {s} removed"));
        }
        for s in ns.difference(&os) {
            let a = at(self, group.clone(), "/responses");
            self.push("error-added", a, format!("error response {s} added"));
        }
        let (oe, ne) = (error_type(o), error_type(n));
        if oe != ne {
            let a = at(self, group.clone(), "/responses");
            self.push("error-retyped", a, format!("error body {oe} → {ne}"));
        }

        // Pagination.
        match (&o.pagination, &n.pagination) {
            (None, Some(_)) => {
                let a = at(self, format!("{group}.stream()"), "");
                self.push("pagination-added", a, "pages: `stream()` added".to_owned());
            }
            (Some(_), None) => {
                let a = at(self, format!("{group}.stream()"), "");
                self.push(
                    "pagination-removed",
                    a,
                    "no longer pages: `stream()` removed".to_owned(),
                );
            }
            (Some(op), Some(np)) if page_key(op) != page_key(np) => {
                let a = at(self, format!("{group}.stream()"), "");
                let detail = format!("pages by {} → {}", page_key(op), page_key(np));
                self.push("pagination-changed", a, detail);
            }
            _ => {}
        }
    }

    fn params(&mut self, o: &Operation, n: &Operation, group: &str) {
        let params = |op: &Operation| -> Vec<(String, ir::ParamLocation, Param)> {
            op.params
                .iter()
                .filter(|p| p.role != ParamRole::Runtime)
                .map(|p| (p.wire.to_ascii_lowercase(), p.location, p.clone()))
                .collect()
        };
        let (ops, nps) = (params(o), params(n));
        let find = |list: &[(String, ir::ParamLocation, Param)], wire: &str, loc| {
            list.iter()
                .find(|(w, l, _)| w == wire && *l == loc)
                .map(|(_, _, p)| p.clone())
        };
        let site = |side: &Side, p: &Param| Some(side.spec_site(&p.origin));
        for (wire, loc, op_) in &ops {
            let o_arg = op_.role == ParamRole::Argument;
            match find(&nps, wire, *loc) {
                None => {
                    let at = At {
                        group,
                        item: param_item(o, op_, o_arg),
                        old: site(self.old, op_),
                        new: None,
                    };
                    self.push(
                        "param-removed",
                        at,
                        format!("{} parameter `{}` removed", location(*loc), op_.wire),
                    );
                }
                Some(np) => {
                    let n_arg = np.role == ParamRole::Argument;
                    let at = At {
                        group,
                        item: param_item(n, &np, n_arg),
                        old: site(self.old, op_),
                        new: site(self.new, &np),
                    };
                    let what = format!("{} parameter `{}`", location(*loc), np.wire);
                    if op_.ty != np.ty {
                        self.push(
                            "param-retyped",
                            at,
                            format!("{what}: {} → {}", ty(&op_.ty), ty(&np.ty)),
                        );
                    } else if !o_arg && n_arg {
                        self.push(
                            "param-made-required",
                            at,
                            format!("{what} made required (now an argument)"),
                        );
                    } else if o_arg && !n_arg {
                        self.push(
                            "param-made-optional",
                            at,
                            format!("{what} made optional (now a setter)"),
                        );
                    }
                }
            }
        }
        for (wire, loc, np) in &nps {
            if find(&ops, wire, *loc).is_none() {
                let arg = np.role == ParamRole::Argument;
                let at = At {
                    group,
                    item: param_item(n, np, arg),
                    old: None,
                    new: site(self.new, np),
                };
                let (id, kind) = if arg {
                    ("param-added-required", "required")
                } else {
                    ("param-added-optional", "optional")
                };
                self.push(
                    id,
                    at,
                    format!("{kind} {} parameter `{}` added", location(*loc), np.wire),
                );
            }
        }
    }

    fn body(&mut self, o: &Operation, n: &Operation, group: &str) {
        let site = |side: &Side, op: &Operation| {
            Some(side.spec_site(&format!("{}/requestBody", op_pointer(op))))
        };
        let at = |cx: &Self, item: String| At {
            group,
            item,
            old: site(cx.old, o),
            new: site(cx.new, n),
        };
        let item = |b: &ir::Body| {
            if b.required {
                format!("{group} argument `body`")
            } else {
                format!("{group}.body()")
            }
        };
        match (&o.body, &n.body) {
            (None, None) => {}
            (None, Some(b)) => {
                let id = if b.required {
                    "body-added-required"
                } else {
                    "body-added-optional"
                };
                let a = At {
                    old: None,
                    ..at(self, item(b))
                };
                self.push(id, a, format!("request body {} added", ty(&b.ty)));
            }
            (Some(b), None) => {
                let a = At {
                    new: None,
                    ..at(self, item(b))
                };
                self.push(
                    "body-removed",
                    a,
                    format!("request body {} removed", ty(&b.ty)),
                );
            }
            (Some(ob), Some(nb)) => {
                if ob.ty != nb.ty {
                    let a = at(self, item(nb));
                    self.push(
                        "body-retyped",
                        a,
                        format!("request body {} → {}", ty(&ob.ty), ty(&nb.ty)),
                    );
                } else if ob.encoding != nb.encoding {
                    let a = at(self, item(nb));
                    let detail = format!(
                        "request body {} → {}",
                        encoding(&ob.encoding),
                        encoding(&nb.encoding)
                    );
                    self.push("body-media-type-changed", a, detail);
                }
                if !ob.required && nb.required {
                    let a = at(self, item(nb));
                    self.push(
                        "body-made-required",
                        a,
                        "request body made required".to_owned(),
                    );
                } else if ob.required && !nb.required {
                    let a = at(self, item(nb));
                    self.push(
                        "body-made-optional",
                        a,
                        "request body made optional".to_owned(),
                    );
                }
            }
        }
    }

    fn waiters(&mut self) {
        let key = |w: &ir::Waiter| (w.poll.clone(), w.name.clone());
        let by_key = |api: &Api| -> BTreeMap<(String, String), ir::Waiter> {
            api.waiters.iter().map(|w| (key(w), w.clone())).collect()
        };
        let (ow, nw) = (by_key(&self.old.api), by_key(&self.new.api));
        let item = |w: &ir::Waiter| {
            let mut s = "client".to_owned();
            for seg in &w.poll_group {
                s.push_str(&format!(".{seg}()"));
            }
            format!("{s}.{}()", w.name)
        };
        let site = |side: &Side| Some(side.spec_site("/x-waiters"));
        for (k, w) in &ow {
            let i = item(w);
            match nw.get(k) {
                None => {
                    let at = At {
                        group: &i,
                        item: i.clone(),
                        old: site(self.old),
                        new: None,
                    };
                    self.push(
                        "waiter-removed",
                        at,
                        format!("waiter `{}` polling `{}` removed", w.name, w.poll),
                    );
                }
                Some(n) if n.terminal != w.terminal || n.status_wire != w.status_wire => {
                    let at = At {
                        group: &i,
                        item: i.clone(),
                        old: site(self.old),
                        new: site(self.new),
                    };
                    let detail = format!(
                        "waits for `{}` in [{}] → `{}` in [{}]",
                        w.status_wire,
                        w.terminal.join(", "),
                        n.status_wire,
                        n.terminal.join(", ")
                    );
                    self.push("waiter-changed", at, detail);
                }
                Some(_) => {}
            }
        }
        for (k, w) in &nw {
            if !ow.contains_key(k) {
                let i = item(w);
                let at = At {
                    group: &i,
                    item: i.clone(),
                    old: None,
                    new: site(self.new),
                };
                self.push(
                    "waiter-added",
                    at,
                    format!("waiter `{}` polling `{}` added", w.name, w.poll),
                );
            }
        }
    }

    // -----------------------------------------------------------------------------------
    // Types.

    fn types(&mut self) {
        let by_name = |api: &'_ Api| -> BTreeMap<String, TypeDef> {
            api.types
                .iter()
                .map(|t| (t.name.clone(), t.clone()))
                .collect()
        };
        let (ot, nt) = (by_name(&self.old.api), by_name(&self.new.api));
        for (name, o) in &ot {
            let group = format!("models::{name}");
            match nt.get(name) {
                None => {
                    let at = At {
                        group: &group,
                        item: group.clone(),
                        old: Some(self.old.spec_site(&o.origin)),
                        new: None,
                    };
                    self.push(
                        "type-removed",
                        at,
                        format!("{} removed", kind_name(&o.kind)),
                    );
                }
                Some(n) => self.type_def(o, n, &group),
            }
        }
        for (name, n) in &nt {
            if !ot.contains_key(name) {
                let group = format!("models::{name}");
                let at = At {
                    group: &group,
                    item: group.clone(),
                    old: None,
                    new: Some(self.new.spec_site(&n.origin)),
                };
                self.push("type-added", at, format!("{} added", kind_name(&n.kind)));
            }
        }
    }

    fn type_def(&mut self, o: &TypeDef, n: &TypeDef, group: &str) {
        let sent = self.requests.contains(&n.name);
        let at = |cx: &Self, item: String, suffix: &str| At {
            group,
            item,
            old: Some(cx.old.spec_site(&format!("{}{suffix}", o.origin))),
            new: Some(cx.new.spec_site(&format!("{}{suffix}", n.origin))),
        };
        match (&o.kind, &n.kind) {
            (TypeKind::Struct(os), TypeKind::Struct(ns))
            | (TypeKind::Form(os), TypeKind::Form(ns)) => {
                self.fields(o, n, os, ns, sent, group);
            }
            (TypeKind::Enum(oe), TypeKind::Enum(ne)) => {
                let o_names: HashMap<&str, &str> = oe
                    .variants
                    .iter()
                    .map(|v| (v.name.as_str(), v.wire.as_str()))
                    .collect();
                let n_names: HashMap<&str, &str> = ne
                    .variants
                    .iter()
                    .map(|v| (v.name.as_str(), v.wire.as_str()))
                    .collect();
                let o_wires: HashSet<&str> = o_names.values().copied().collect();
                let n_wires: HashSet<&str> = n_names.values().copied().collect();
                for v in &oe.variants {
                    let item = format!("{group}::{}", v.name);
                    match n_names.get(v.name.as_str()) {
                        Some(nw) if *nw != v.wire => {
                            let a = at(self, item, "/enum");
                            self.push(
                                "enum-value-respelled",
                                a,
                                format!("value `{}` → `{nw}`", v.wire),
                            );
                        }
                        Some(_) => {}
                        None if !n_wires.contains(v.wire.as_str()) => {
                            let id = if sent {
                                "enum-value-removed-request"
                            } else {
                                "enum-value-removed-response"
                            };
                            let a = at(self, item, "/enum");
                            self.push(id, a, format!("value `{}` removed", v.wire));
                        }
                        // The same value under another Rust name (a neighbour's clash moved).
                        None => {
                            let a = at(self, item, "/enum");
                            self.push(
                                "enum-value-removed-response",
                                a,
                                format!("variant for `{}` renamed", v.wire),
                            );
                        }
                    }
                }
                for v in &ne.variants {
                    if !o_names.contains_key(v.name.as_str()) && !o_wires.contains(v.wire.as_str())
                    {
                        let a = at(self, format!("{group}::{}", v.name), "/enum");
                        self.push("enum-value-added", a, format!("value `{}` added", v.wire));
                    }
                }
            }
            (TypeKind::Tagged(ou), TypeKind::Tagged(nu)) => {
                if ou.tag != nu.tag {
                    let a = at(self, group.to_owned(), "/discriminator");
                    self.push(
                        "union-tag-changed",
                        a,
                        format!("discriminator `{}` → `{}`", ou.tag, nu.tag),
                    );
                }
                let ov = ou
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), format!("`{}` (`{}`)", v.wire, v.ty)))
                    .collect();
                let nv = nu
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), format!("`{}` (`{}`)", v.wire, v.ty)))
                    .collect();
                self.variants(ov, nv, o, n, group);
            }
            (TypeKind::Untagged(ou), TypeKind::Untagged(nu)) => {
                let ov = ou
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), ty(&v.ty)))
                    .collect();
                let nv = nu
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), ty(&v.ty)))
                    .collect();
                self.variants(ov, nv, o, n, group);
            }
            (TypeKind::Selected(ou), TypeKind::Selected(nu)) => {
                if (&ou.selector, &ou.payload) != (&nu.selector, &nu.payload) {
                    let a = at(self, group.to_owned(), "");
                    let detail = format!(
                        "`{}` selects `{}` → `{}` selects `{}`",
                        ou.selector, ou.payload, nu.selector, nu.payload
                    );
                    self.push("union-tag-changed", a, detail);
                }
                let ov = ou
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), format!("`{}`: {}", v.wire, ty(&v.ty))))
                    .collect();
                let nv = nu
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), format!("`{}`: {}", v.wire, ty(&v.ty))))
                    .collect();
                self.variants(ov, nv, o, n, group);
            }
            (TypeKind::Alias(ot), TypeKind::Alias(nt)) => {
                if ot != nt {
                    let a = at(self, group.to_owned(), "");
                    self.push("type-retyped", a, format!("{} → {}", ty(ot), ty(nt)));
                }
            }
            (TypeKind::Constrained(oc), TypeKind::Constrained(nc)) => {
                if oc.base != nc.base {
                    let a = at(self, group.to_owned(), "");
                    self.push(
                        "type-retyped",
                        a,
                        format!("{} → {}", ty(&oc.base), ty(&nc.base)),
                    );
                } else if oc.checks != nc.checks {
                    let a = at(self, group.to_owned(), "");
                    let detail = format!("checks {} → {}", checks(&oc.checks), checks(&nc.checks));
                    self.push("constraint-changed", a, detail);
                }
            }
            (ok, nk) => {
                let a = at(self, group.to_owned(), "");
                self.push(
                    "type-kind-changed",
                    a,
                    format!("{} → {}", kind_name(ok), kind_name(nk)),
                );
            }
        }
    }

    /// Union variants by Rust name, each described by what it holds.
    fn variants(
        &mut self,
        ov: BTreeMap<String, String>,
        nv: BTreeMap<String, String>,
        o: &TypeDef,
        n: &TypeDef,
        group: &str,
    ) {
        for (name, what) in &ov {
            let item = format!("{group}::{name}");
            let old = Some(self.old.spec_site(&o.origin));
            match nv.get(name) {
                None => {
                    let at = At {
                        group,
                        item,
                        old,
                        new: None,
                    };
                    self.push(
                        "union-variant-removed",
                        at,
                        format!("variant {what} removed"),
                    );
                }
                Some(nw) if nw != what => {
                    let at = At {
                        group,
                        item,
                        old,
                        new: Some(self.new.spec_site(&n.origin)),
                    };
                    self.push(
                        "union-variant-retyped",
                        at,
                        format!("variant {what} → {nw}"),
                    );
                }
                Some(_) => {}
            }
        }
        for (name, what) in &nv {
            if !ov.contains_key(name) {
                let at = At {
                    group,
                    item: format!("{group}::{name}"),
                    old: None,
                    new: Some(self.new.spec_site(&n.origin)),
                };
                self.push("union-variant-added", at, format!("variant {what} added"));
            }
        }
    }

    fn fields(
        &mut self,
        o: &TypeDef,
        n: &TypeDef,
        os: &ir::Struct,
        ns: &ir::Struct,
        sent: bool,
        group: &str,
    ) {
        let site = |side: &Side, def: &TypeDef, wire: &str| {
            Some(side.spec_site(&join(&format!("{}/properties", def.origin), wire)))
        };
        for of in &os.fields {
            let Some(nf) = ns.fields.iter().find(|f| f.wire == of.wire) else {
                let at = At {
                    group,
                    item: format!("{group}::{}", of.name),
                    old: site(self.old, o, &of.wire),
                    new: None,
                };
                let id = if of.required && !sent {
                    "field-removed-required-response"
                } else {
                    "field-removed"
                };
                self.push(id, at, format!("field `{}` removed", of.wire));
                continue;
            };
            let at = At {
                group,
                item: format!("{group}::{}", nf.name),
                old: site(self.old, o, &of.wire),
                new: site(self.new, n, &nf.wire),
            };
            let what = format!("field `{}`", nf.wire);
            if of.ty != nf.ty || of.flatten != nf.flatten {
                self.push(
                    "field-retyped",
                    at,
                    format!("{what}: {} → {}", ty(&of.ty), ty(&nf.ty)),
                );
            } else if !of.required && nf.required {
                // Sent anywhere, the new demand on senders is what breaks.
                let id = if sent {
                    "field-made-required-request"
                } else {
                    "field-made-required-response"
                };
                self.push(id, at, format!("{what} made required"));
            } else if of.required && !nf.required {
                let read = !sent || self.read_somewhere(&n.name);
                let id = if read {
                    "field-made-optional-response"
                } else {
                    "field-made-optional-request"
                };
                self.push(id, at, format!("{what} made optional"));
            } else if of.nullable != nf.nullable {
                let how = if nf.nullable {
                    "made nullable"
                } else {
                    "no longer nullable"
                };
                self.push("field-nullability-changed", at, format!("{what} {how}"));
            } else if of.name != nf.name {
                // Same key, another Rust name (a clash among its neighbours moved).
                self.push(
                    "field-retyped",
                    at,
                    format!("{what}: Rust field `{}` → `{}`", of.name, nf.name),
                );
            }
        }
        for nf in &ns.fields {
            if os.fields.iter().any(|f| f.wire == nf.wire) {
                continue;
            }
            let at = At {
                group,
                item: format!("{group}::{}", nf.name),
                old: None,
                new: site(self.new, n, &nf.wire),
            };
            let id = match (nf.required, sent) {
                (true, true) => "field-added-required-request",
                (true, false) => "field-added-required-response",
                (false, _) => "field-added-optional",
            };
            let kind = if nf.required { "required" } else { "optional" };
            self.push(id, at, format!("{kind} field `{}` added", nf.wire));
        }
    }

    /// Whether a type is ever read from a response (a type no operation uses counts as
    /// read: someone may decode it).
    fn read_somewhere(&self, name: &str) -> bool {
        read_types(&self.old.api).contains(name) || read_types(&self.new.api).contains(name)
    }

    // -----------------------------------------------------------------------------------
    // Connector tables.

    fn connectors(&mut self) {
        let by_id = |api: &'_ Api| -> BTreeMap<String, ir::Connector> {
            api.connectors
                .connectors
                .iter()
                .map(|c| (c.id.clone(), c.clone()))
                .collect()
        };
        let (oc, nc) = (by_id(&self.old.api), by_id(&self.new.api));
        for (id, o) in &oc {
            let group = format!("connector `{id}`");
            match nc.get(id) {
                None => {
                    let at = At {
                        group: &group,
                        item: format!("connectors::ConnectionConfiguration::{}", o.variant),
                        old: Some(self.old.table_site(id, None)),
                        new: None,
                    };
                    self.push("connector-removed", at, format!("connector `{id}` removed"));
                }
                Some(n) => self.connector(o, n, &group),
            }
        }
        for (id, n) in &nc {
            if !oc.contains_key(id) {
                let group = format!("connector `{id}`");
                let at = At {
                    group: &group,
                    item: format!("connectors::ConnectionConfiguration::{}", n.variant),
                    old: None,
                    new: Some(self.new.table_site(id, None)),
                };
                self.push("connector-added", at, format!("connector `{id}` added"));
            }
        }
    }

    fn connector(&mut self, o: &ir::Connector, n: &ir::Connector, group: &str) {
        let areas = |c: &ir::Connector| -> BTreeMap<ir::AreaKind, String> {
            c.areas
                .iter()
                .map(|a| (a.kind, a.type_name.clone()))
                .collect()
        };
        let (oa, na) = (areas(o), areas(n));
        let sites = |cx: &Self| {
            (
                Some(cx.old.table_site(&o.id, None)),
                Some(cx.new.table_site(&n.id, None)),
            )
        };
        for (kind, name) in &oa {
            if !na.contains_key(kind) {
                let (old, _) = sites(self);
                let at = At {
                    group,
                    item: format!("connectors::{name}"),
                    old,
                    new: None,
                };
                self.push(
                    "connector-area-removed",
                    at,
                    format!("{} no longer typed", kind.describe()),
                );
            }
        }
        for (kind, name) in &na {
            if !oa.contains_key(kind) {
                let (_, new) = sites(self);
                let at = At {
                    group,
                    item: format!("connectors::{name}"),
                    old: None,
                    new,
                };
                self.push(
                    "connector-area-added",
                    at,
                    format!("{} typed", kind.describe()),
                );
            }
        }
        // Types present on both sides; a type that appears or goes is reported through the
        // member or area that holds it.
        let types: HashMap<&str, &ConfigType> =
            n.types.iter().map(|t| (t.name.as_str(), t)).collect();
        for ot in &o.types {
            if let Some(nt) = types.get(ot.name.as_str()) {
                self.config_type(ot, nt, &o.id, group);
            }
        }
    }

    fn config_type(&mut self, o: &ConfigType, n: &ConfigType, id: &str, group: &str) {
        let path = format!("connectors::{}", n.name);
        match (&o.kind, &n.kind) {
            (ConfigTypeKind::Object(oo), ConfigTypeKind::Object(no)) => {
                self.members(&oo.members, &no.members, &path, id, group);
            }
            (ConfigTypeKind::Switch(os), ConfigTypeKind::Switch(ns)) => {
                for ov in &os.variants {
                    let item = format!("{path}::{}", ov.name);
                    match ns.variants.iter().find(|v| v.value == ov.value) {
                        None => {
                            let at = At {
                                group,
                                item,
                                old: Some(self.old.table_site(id, None)),
                                new: None,
                            };
                            self.push(
                                "connector-value-removed",
                                at,
                                format!("`{}` is `{}` removed", os.key, ov.value),
                            );
                        }
                        Some(nv) => {
                            let item = format!("{path}::{}", nv.name);
                            self.members(&ov.members, &nv.members, &item, id, group);
                        }
                    }
                }
                for nv in &ns.variants {
                    if !os.variants.iter().any(|v| v.value == nv.value) {
                        let at = At {
                            group,
                            item: format!("{path}::{}", nv.name),
                            old: None,
                            new: Some(self.new.table_site(id, None)),
                        };
                        self.push(
                            "connector-value-added",
                            at,
                            format!("`{}` is `{}` added", ns.key, nv.value),
                        );
                    }
                }
            }
            (ConfigTypeKind::Values(ov), ConfigTypeKind::Values(nv)) => {
                let (ov, nv) = (&ov.variants, &nv.variants);
                for v in ov {
                    if !nv.iter().any(|x| x.wire == v.wire) {
                        let at = At {
                            group,
                            item: format!("{path}::{}", v.name),
                            old: Some(self.old.table_site(id, None)),
                            new: None,
                        };
                        self.push(
                            "connector-value-removed",
                            at,
                            format!("value `{}` removed", v.wire),
                        );
                    }
                }
                for v in nv {
                    if !ov.iter().any(|x| x.wire == v.wire) {
                        let at = At {
                            group,
                            item: format!("{path}::{}", v.name),
                            old: None,
                            new: Some(self.new.table_site(id, None)),
                        };
                        self.push(
                            "connector-value-added",
                            at,
                            format!("value `{}` added", v.wire),
                        );
                    }
                }
            }
            _ => {
                let at = At {
                    group,
                    item: path,
                    old: Some(self.old.table_site(id, None)),
                    new: Some(self.new.table_site(id, None)),
                };
                self.push(
                    "connector-field-retyped",
                    at,
                    "another kind of type".to_owned(),
                );
            }
        }
    }

    fn members(&mut self, om: &[Member], nm: &[Member], path: &str, id: &str, group: &str) {
        for o in om {
            let item = format!("{path}::{}", o.name);
            match nm.iter().find(|m| m.wire == o.wire) {
                None => {
                    let at = At {
                        group,
                        item,
                        old: Some(self.old.table_site(id, None)),
                        new: None,
                    };
                    self.push(
                        "connector-field-removed",
                        at,
                        format!("setting `{}` removed", o.wire),
                    );
                }
                Some(n) if member_shape(&o.kind) != member_shape(&n.kind) => {
                    let at = At {
                        group,
                        item,
                        old: Some(self.old.table_site(id, None)),
                        new: Some(self.new.table_site(id, None)),
                    };
                    let detail = format!(
                        "setting `{}`: {} → {}",
                        o.wire,
                        member_shape(&o.kind),
                        member_shape(&n.kind)
                    );
                    self.push("connector-field-retyped", at, detail);
                }
                Some(_) => {}
            }
        }
        for n in nm {
            if !om.iter().any(|m| m.wire == n.wire) {
                let at = At {
                    group,
                    item: format!("{path}::{}", n.name),
                    old: None,
                    new: Some(self.new.table_site(id, None)),
                };
                let required = match &n.kind {
                    MemberKind::Value { required, .. } => *required,
                    MemberKind::Switch { presence, .. } => {
                        *presence == ir::SwitchPresence::Required
                    }
                };
                let (rule, kind) = if required {
                    ("connector-field-added-required", "required")
                } else {
                    ("connector-field-added-optional", "optional")
                };
                self.push(rule, at, format!("{kind} setting `{}` added", n.wire));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Descriptions and Rust paths.

/// `client.model_sync().create()`: how code reaches an operation.
fn method_path(op: &Operation) -> String {
    let mut s = "client".to_owned();
    for seg in &op.group {
        s.push_str(&format!(".{seg}()"));
    }
    format!("{s}.{}()", op.method_name)
}

/// The argument (`client.users().get(user_id)`) or the setter (`....list().limit()`).
fn param_item(op: &Operation, p: &Param, argument: bool) -> String {
    let path = method_path(op);
    if argument {
        format!("{} argument `{}`", path, p.name)
    } else {
        format!("{path}.{}()", p.setter)
    }
}

fn op_pointer(op: &Operation) -> String {
    format!(
        "{}/{}",
        join("/paths", &op.path),
        op.method.as_str().to_ascii_lowercase()
    )
}

fn location(l: ir::ParamLocation) -> &'static str {
    match l {
        ir::ParamLocation::Path => "path",
        ir::ParamLocation::Query => "query",
        ir::ParamLocation::Header => "header",
    }
}

fn status(s: Option<u16>) -> String {
    s.map_or_else(|| "default".to_owned(), |s| s.to_string())
}

/// The type error bodies decode into, as `Error<E>` names it.
fn error_type(op: &Operation) -> String {
    match &op.errors.body {
        ir::ErrorBody::Enum(e) => format!("client::{}", e.name),
        ir::ErrorBody::One(t) => ty(t),
        ir::ErrorBody::None => "none".to_owned(),
    }
}

fn page_key(p: &ir::Pagination) -> String {
    let next: Vec<&str> = p.next.iter().map(|f| f.wire.as_str()).collect();
    match &p.style {
        ir::PageStyle::Token { wire, .. } => format!("token `{wire}` from `{}`", next.join(".")),
        ir::PageStyle::Link => format!("link `{}`", next.join(".")),
    }
}

fn member_shape(k: &MemberKind) -> String {
    match k {
        MemberKind::Value {
            ty: t, required, ..
        } => {
            format!("{}{}", ty(t), if *required { "" } else { " (optional)" })
        }
        MemberKind::Switch { ty, presence, .. } => format!("switch {ty} ({presence:?})"),
    }
}

fn scheme_kind((kind, _): &(ir::SchemeKind, ir::Setters)) -> String {
    match kind {
        ir::SchemeKind::Bearer => "bearer".to_owned(),
        ir::SchemeKind::Basic => "basic".to_owned(),
        ir::SchemeKind::ApiKey { location, param } => {
            format!(
                "API key `{param}` in the {}",
                format!("{location:?}").to_lowercase()
            )
        }
        ir::SchemeKind::ClientCredentials { .. } => "OAuth2 client credentials".to_owned(),
        ir::SchemeKind::AccessToken => "access token".to_owned(),
        ir::SchemeKind::Unsupported { what } => what.clone(),
    }
}

fn kind_name(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Tagged(_) => "tagged union",
        TypeKind::Untagged(_) => "union",
        TypeKind::Selected(_) => "selected union",
        TypeKind::Alias(_) => "alias",
        TypeKind::Constrained(_) => "checked newtype",
        TypeKind::Form(_) => "form",
    }
}

fn encoding(e: &ir::Encoding) -> String {
    match e {
        ir::Encoding::Json => "JSON".to_owned(),
        ir::Encoding::Form => "form".to_owned(),
        ir::Encoding::Multipart => "multipart".to_owned(),
        ir::Encoding::Text(m) | ir::Encoding::Binary(m) => format!("`{m}`"),
        ir::Encoding::EventStream => "`text/event-stream`".to_owned(),
    }
}

fn checks(c: &[ir::Check]) -> String {
    let parts: Vec<String> = c
        .iter()
        .map(|c| match c {
            ir::Check::MinLength(n) => format!("minLength {n}"),
            ir::Check::MaxLength(n) => format!("maxLength {n}"),
            ir::Check::Pattern(p) => format!("pattern `{p}`"),
            ir::Check::Minimum { value, exclusive } => format!(
                "minimum {}{}",
                number(value),
                if *exclusive { " (exclusive)" } else { "" }
            ),
            ir::Check::Maximum { value, exclusive } => format!(
                "maximum {}{}",
                number(value),
                if *exclusive { " (exclusive)" } else { "" }
            ),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

fn number(n: &ir::Number) -> String {
    match n {
        ir::Number::Int(i) => i.to_string(),
        ir::Number::Float(f) => f.to_string(),
    }
}

fn opt(s: &Option<String>) -> String {
    s.as_ref()
        .map_or_else(|| "none".to_owned(), |s| format!("`{s}`"))
}

fn ty_opt(t: &Option<TypeRef>) -> String {
    t.as_ref().map_or_else(|| "none".to_owned(), ty)
}

/// A type as Rust code names it.
fn ty(t: &TypeRef) -> String {
    let s = match t {
        TypeRef::Named(n) => return format!("`{n}`"),
        TypeRef::String => "String",
        TypeRef::Bool => "bool",
        TypeRef::I32 => "i32",
        TypeRef::I64 => "i64",
        TypeRef::U8 => "u8",
        TypeRef::U16 => "u16",
        TypeRef::U32 => "u32",
        TypeRef::U64 => "u64",
        TypeRef::F32 => "f32",
        TypeRef::F64 => "f64",
        TypeRef::Uuid => "Uuid",
        TypeRef::DateTime => "DateTime<Utc>",
        TypeRef::Date => "NaiveDate",
        TypeRef::Json => "serde_json::Value",
        TypeRef::JsonObject => "serde_json::Map",
        TypeRef::Bytes => "bytes",
        TypeRef::File => "FilePart",
        TypeRef::Vec(t) => return format!("`Vec<{}>`", ty(t).trim_matches('`')),
        TypeRef::Map(t) => return format!("`HashMap<String, {}>`", ty(t).trim_matches('`')),
    };
    format!("`{s}`")
}

// ---------------------------------------------------------------------------------------
// Which types travel in which direction.

/// Types a request can carry: parameters and bodies, and every type they reach.
fn sent_types(api: &Api) -> HashSet<String> {
    let mut roots = Vec::new();
    for op in &api.operations {
        for p in &op.params {
            p.ty.named(&mut roots);
        }
        if let Some(b) = &op.body {
            b.ty.named(&mut roots);
        }
    }
    reach(api, roots)
}

/// Types a response can carry, plus types no operation uses.
fn read_types(api: &Api) -> HashSet<String> {
    let mut roots = Vec::new();
    for op in &api.operations {
        if let Some(s) = &op.success {
            s.ty.named(&mut roots);
        }
        for t in op.errors.types() {
            t.named(&mut roots);
        }
    }
    for w in &api.webhooks.hooks {
        w.payload.named(&mut roots);
    }
    let mut read = reach(api, roots);
    let sent = sent_types(api);
    for t in &api.types {
        if !sent.contains(&t.name) {
            read.insert(t.name.clone());
        }
    }
    read
}

fn reach(api: &Api, mut todo: Vec<String>) -> HashSet<String> {
    let defs: HashMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut seen = HashSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(def) = defs.get(name.as_str()) else {
            continue;
        };
        match &def.kind {
            TypeKind::Struct(s) | TypeKind::Form(s) => {
                for f in &s.fields {
                    f.ty.named(&mut todo);
                }
                if let Some(a) = &s.additional {
                    a.named(&mut todo);
                }
            }
            TypeKind::Tagged(u) => todo.extend(u.variants.iter().map(|v| v.ty.clone())),
            TypeKind::Untagged(u) => u.variants.iter().for_each(|v| v.ty.named(&mut todo)),
            TypeKind::Selected(u) => u.variants.iter().for_each(|v| v.ty.named(&mut todo)),
            TypeKind::Alias(t) => t.named(&mut todo),
            TypeKind::Constrained(c) => c.base.named(&mut todo),
            TypeKind::Enum(_) => {}
        }
    }
    seen
}
