#![cfg(not(target_arch = "wasm32"))]
//! The app's layering, checked from its source: no file of `src/` imports
//! another in a circle (through `crate::…` or `super::…` paths), the state
//! module imports no view, hook or service, services import no state, hook
//! or view, and no component or service names the state's `Msg`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `src/`-relative file path → its text.
type Files = BTreeMap<String, String>;

fn read_src(dir: &Path, rel: &str, out: &mut Files) {
    let Ok(entries) = std::fs::read_dir(dir.join(rel)) else {
        panic!("cannot read {}", dir.join(rel).display());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let child = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if entry.path().is_dir() {
            read_src(dir, &child, out);
        } else if name.ends_with(".rs") {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            out.insert(child, text);
        }
    }
}

/// The module path of a file: `components/article/mod.rs` → `[components, article]`.
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The file that the longest prefix of `parts` names.
fn resolve(files: &Files, parts: &[String]) -> Option<String> {
    (1..=parts.len()).rev().find_map(|k| {
        let base = parts[..k].join("/");
        [format!("{base}.rs"), format!("{base}/mod.rs")]
            .into_iter()
            .find(|c| files.contains_key(c))
    })
}

fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path written after `crate::` or `super::` in `text` (grouped
/// `use a::{b, c::d}` expanded), as module paths from the crate root.
fn paths(rel: &str, text: &str) -> Vec<Vec<String>> {
    let text = strip_comments(text);
    let here = module_of(rel);
    // `super` from a.rs or a/mod.rs is the parent of module a.
    let parent: Vec<String> = here[..here.len().saturating_sub(1)].to_vec();
    let mut out = Vec::new();
    for (root, base) in [("crate::", Vec::new()), ("super::", parent)] {
        let mut rest = text.as_str();
        while let Some(i) = rest.find(root) {
            let before = rest[..i].chars().last();
            rest = &rest[i + root.len()..];
            if before.is_some_and(ident) {
                continue;
            }
            let mut prefix = base.clone();
            let mut s = rest;
            loop {
                let end = s.find(|c: char| !ident(c)).unwrap_or(s.len());
                if end == 0 {
                    break;
                }
                prefix.push(s[..end].to_string());
                s = &s[end..];
                if let Some(t) = s.strip_prefix("::") {
                    s = t;
                } else {
                    break;
                }
            }
            if let Some(group) = s.strip_prefix('{') {
                let inner = &group[..group.find('}').unwrap_or(group.len())];
                for item in inner.split(',') {
                    let item = item.split(" as ").next().unwrap_or("").trim();
                    let mut p = prefix.clone();
                    p.extend(
                        item.split("::")
                            .map(str::trim)
                            .filter(|x| !x.is_empty() && *x != "self")
                            .map(String::from),
                    );
                    out.push(p);
                }
            } else {
                out.push(prefix);
            }
        }
    }
    out
}

/// File → the files it imports (never the crate root, which declares them all).
fn edges(files: &Files) -> BTreeMap<String, BTreeSet<String>> {
    files
        .iter()
        .map(|(rel, text)| {
            let targets = paths(rel, text)
                .iter()
                .filter_map(|p| resolve(files, p))
                .filter(|t| t != rel && t != "lib.rs" && t != "main.rs")
                .collect();
            (rel.clone(), targets)
        })
        .collect()
}

/// The groups of files that import each other in a circle (Tarjan).
fn cycles(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let n = t.index.len();
        t.index.insert(v, n);
        t.low.insert(v, n);
        t.stack.push(v);
        t.on.insert(v);
        let g = t.g;
        for w in g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low[v];
                t.low.insert(v, lv.min(lw));
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low[v];
                t.low.insert(v, lv.min(iw));
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

/// Edges from files under `from` to files under any of `to`.
fn forbidden(
    g: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    to: &[&str],
) -> Vec<(String, String)> {
    let under = |f: &str, m: &str| f == format!("{m}.rs") || f.starts_with(&format!("{m}/"));
    g.iter()
        .filter(|(f, _)| under(f, from))
        .flat_map(|(f, ts)| {
            ts.iter()
                .filter(|t| to.iter().any(|m| under(t, m)))
                .map(move |t| (f.clone(), t.clone()))
        })
        .collect()
}

fn src() -> Files {
    let mut files = Files::new();
    read_src(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        "",
        &mut files,
    );
    assert!(
        files.len() > 10 && files.contains_key("state.rs"),
        "src/ was not read: {:?}",
        files.keys()
    );
    files
}

#[test]
fn no_file_in_src_imports_another_in_a_circle() {
    let g = edges(&src());
    assert!(g.values().map(BTreeSet::len).sum::<usize>() > 20, "{g:?}");
    assert_eq!(cycles(&g), Vec::<Vec<String>>::new());
}

#[test]
fn layers_import_only_downwards() {
    let g = edges(&src());
    assert_eq!(
        forbidden(&g, "state", &["app", "components", "hooks", "services"]),
        vec![]
    );
    assert_eq!(
        forbidden(&g, "services", &["app", "components", "hooks", "state"]),
        vec![]
    );
    assert_eq!(forbidden(&g, "components", &["app", "hooks"]), vec![]);
    assert_eq!(forbidden(&g, "hooks", &["app", "components"]), vec![]);
    assert_eq!(
        forbidden(
            &g,
            "keys",
            &["app", "components", "hooks", "services", "state"]
        ),
        vec![]
    );
}

#[test]
fn no_component_or_service_takes_the_states_messages() {
    for (rel, text) in src() {
        if rel.starts_with("components/") || rel.starts_with("services/") {
            let text = strip_comments(&text);
            let names_msg = text.match_indices("Msg").any(|(i, _)| {
                !text[..i].chars().last().is_some_and(ident)
                    && !text[i + 3..].chars().next().is_some_and(ident)
            });
            assert!(!names_msg, "{rel} names `Msg`");
        }
    }
}

/// The checks above can fail: they find a circle, a layer broken and a
/// grouped import in made-up files.
#[test]
fn the_checks_find_what_they_look_for() {
    let files: Files = [
        ("state.rs", "use crate::services::saving::Thing;"),
        ("services/mod.rs", "pub mod saving;"),
        (
            "services/saving.rs",
            "use crate::{components::banner, state};",
        ),
        ("components/mod.rs", "mod banner; use super::app::App;"),
        ("components/banner.rs", "use crate::state::X; // crate::app"),
        ("app.rs", ""),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let g = edges(&files);
    assert_eq!(
        g["services/saving.rs"],
        BTreeSet::from(["components/banner.rs".to_string(), "state.rs".to_string()])
    );
    assert_eq!(
        g["components/banner.rs"],
        BTreeSet::from(["state.rs".to_string()])
    );
    assert_eq!(
        g["components/mod.rs"],
        BTreeSet::from(["app.rs".to_string()])
    );
    let found = cycles(&g);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].len(), 3, "state → saving → banner → state");
    assert_eq!(
        forbidden(&g, "state", &["services"]),
        vec![("state.rs".to_string(), "services/saving.rs".to_string())]
    );
}
