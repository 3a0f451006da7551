//! W3C Web Annotation import, from structured input: annotations whose
//! quotes and positions are taken from the seed article (then shifted,
//! cut or replaced), in any of the shapes the importer reads (one
//! annotation, a list, a collection with `first`, a page with `items` and
//! `next`), placed on the seed article or on an edited copy of it (so
//! re-anchoring runs: exact quote, approximate match, or orphan).
#![no_main]
use arbitrary::Arbitrary;
use glossa_core::interop::w3c;
use glossa_fuzz::{check_import, edited_seed, Edit, SEED};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use std::rc::Rc;

#[derive(Arbitrary, Debug)]
enum Text {
    /// `len` code points of the seed at `at`.
    Seed {
        at: u16,
        len: u8,
    },
    Raw(String),
    Missing,
}

#[derive(Arbitrary, Debug)]
struct Ann {
    id: Option<u8>,
    tag: u8,
    motivation_tagging: bool,
    untyped_body: bool,
    exact: Text,
    prefix_len: u8,
    suffix_len: u8,
    position: Option<(u32, u32)>,
    /// Positions from the quote, shifted by this much.
    shift: Option<i8>,
    same_source: bool,
    note: Option<String>,
    speaker: Option<String>,
    direct: Option<bool>,
    denies: Option<u8>,
    created: Option<String>,
    selector_as_object: bool,
}

#[derive(Arbitrary, Debug)]
enum Shape {
    One,
    List,
    Collection,
    Page { split: u8 },
}

#[derive(Arbitrary, Debug)]
struct Input {
    edits: Vec<Edit>,
    shape: Shape,
    anns: Vec<Ann>,
}

fn slice(chars: &[char], at: usize, len: usize) -> String {
    let at = at.min(chars.len());
    chars[at..(at + len).min(chars.len())].iter().collect()
}

fn annotation(seed: &[char], source: &str, k: usize, a: &Ann) -> Value {
    let tags = ["claim", "denial", "quote", "Claim", "other", ""];
    let tag = tags[usize::from(a.tag) % tags.len()];
    let (exact, start) = match &a.exact {
        Text::Seed { at, len } => {
            let at = usize::from(*at) % (seed.len() + 1);
            (Some(slice(seed, at, usize::from(*len))), Some(at))
        }
        Text::Raw(s) => (Some(s.clone()), None),
        Text::Missing => (None, None),
    };
    let mut selectors = Vec::new();
    if let Some(exact) = &exact {
        let at = start.unwrap_or(0);
        let plen = usize::from(a.prefix_len % 40);
        let prefix = slice(seed, at.saturating_sub(plen), at.min(plen));
        let end = at + exact.chars().count();
        let suffix = slice(seed, end, usize::from(a.suffix_len % 40));
        selectors.push(json!({"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}));
    }
    let position = match (a.position, a.shift, start, &exact) {
        (Some((s, e)), _, _, _) => Some((i64::from(s), i64::from(e))),
        (None, Some(d), Some(s), Some(x)) => {
            let s = s as i64 + i64::from(d);
            Some((s, s + x.chars().count() as i64))
        }
        _ => None,
    };
    if let Some((s, e)) = position {
        selectors.push(json!({"type": "TextPositionSelector", "start": s, "end": e}));
    }
    let mut body = vec![if a.untyped_body {
        json!({"value": tag})
    } else {
        json!({"type": "TextualBody", "purpose": "tagging", "value": tag})
    }];
    if let Some(n) = &a.note {
        body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": n}));
    }
    if let Some(s) = &a.speaker {
        body.push(
            json!({"purpose": "identifying", "value": format!("{}{s}", w3c::SPEAKER_PREFIX)}),
        );
    }
    if let Some(d) = a.direct {
        body.push(json!({"purpose": "classifying", "value": if d { w3c::DIRECT_VALUE } else { w3c::INDIRECT_VALUE }}));
    }
    if let Some(d) = a.denies {
        body.push(json!({"type": "SpecificResource", "purpose": "linking", "source": format!("urn:uuid:0000000{d:x}-0000-4000-8000-000000000000")}));
    }
    let selector = if a.selector_as_object && !selectors.is_empty() {
        selectors.swap_remove(0)
    } else {
        Value::Array(selectors)
    };
    let mut o = json!({
        "@context": w3c::CONTEXT,
        "type": "Annotation",
        "motivation": if a.motivation_tagging { "tagging" } else { "commenting" },
        "body": body,
        "target": {"source": if a.same_source { source.to_string() } else { "https://example.com/a".into() }, "selector": selector},
    });
    if let Some(id) = a.id {
        o["id"] = json!(format!(
            "urn:uuid:0000000{id:x}-0000-4000-8000-000000000000"
        ));
    } else {
        o["id"] = json!(format!("#a{k}"));
    }
    if let Some(c) = &a.created {
        o["created"] = json!(c);
    }
    o
}

fuzz_target!(|input: Input| {
    let seed: Vec<char> = SEED.chars().collect();
    let seed_doc = glossa_fuzz::seed_doc();
    let source = w3c::source_iri(&seed_doc);
    let anns: Vec<Value> = input
        .anns
        .iter()
        .take(40)
        .enumerate()
        .map(|(k, a)| annotation(&seed, &source, k, a))
        .collect();
    let file = match input.shape {
        Shape::One => anns.first().cloned().unwrap_or(json!({})),
        Shape::List => Value::Array(anns),
        Shape::Collection => json!({
            "@context": w3c::CONTEXT, "type": "AnnotationCollection", "total": anns.len(),
            "first": {"type": "AnnotationPage", "items": anns},
        }),
        Shape::Page { split } => {
            let k = usize::from(split).min(anns.len());
            let (a, b) = anns.split_at(k);
            json!({"type": "AnnotationPage", "items": a, "next": {"type": "AnnotationPage", "items": b}})
        }
    };
    let text = file.to_string();
    let doc = if input.edits.is_empty() {
        seed_doc
    } else {
        Rc::new(glossa_core::parse_article(&edited_seed(&input.edits)))
    };
    check_import(&doc, &text);
});
