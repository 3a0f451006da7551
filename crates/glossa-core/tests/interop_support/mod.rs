//! Shared by the interop tests: a fully annotated seed article, and the W3C
//! validator runner.
#![allow(dead_code)]

use glossa_core::{
    parse_article, Annotation, AnnotationId, Attrs, Document, SentenceId, Session, Tag, Target,
    Timestamp,
};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

pub const SEED: &str = include_str!("../../../../assets/voa-counterespionage.txt");
pub const VALIDATOR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/tools/validate_w3c.py"
);

pub fn id(n: u8) -> AnnotationId {
    AnnotationId::from_random_bytes([n; 16])
}

/// A sentence annotation of sentence `s` (0-based).
pub fn sentence(doc: &Document, n: u8, s: u32, tag: Tag, attrs: Attrs) -> Annotation {
    let sent = &doc.sentences[s as usize];
    Annotation {
        id: id(n),
        tag,
        target: Target {
            sentence: sent.id,
            start: sent.start,
            end: sent.end,
        },
        attrs,
        created: Timestamp(1_795_668_600_000 + i64::from(n) * 1000),
        updated: Timestamp(1_795_668_700_000 + i64::from(n) * 1000),
    }
}

/// A span annotation on the first occurrence of `words` in sentence `s`.
pub fn span(doc: &Document, n: u8, s: u32, words: &str, tag: Tag, attrs: Attrs) -> Annotation {
    let sent = &doc.sentences[s as usize];
    let text = sent.text(doc);
    let byte = text
        .find(words)
        .unwrap_or_else(|| panic!("{words:?} in s{}", s + 1));
    let start = sent.start + text[..byte].chars().count();
    Annotation {
        id: id(n),
        tag,
        target: Target {
            sentence: SentenceId(s),
            start,
            end: start + words.chars().count(),
        },
        attrs,
        created: Timestamp(1_795_668_600_000),
        updated: Timestamp(1_795_668_600_000),
    }
}

fn quote(speaker: &str, cue: &str, direct: bool) -> Attrs {
    Attrs {
        speaker: speaker.into(),
        cue: cue.into(),
        direct: Some(direct),
        ..Attrs::default()
    }
}

fn note(n: &str) -> Attrs {
    Attrs {
        note: n.into(),
        ..Attrs::default()
    }
}

/// Every annotation of the fully annotated seed article: all 19 sentences
/// tagged, notes, speakers, cues, direct/indirect, two denial links and
/// three spans.
pub fn full_annotations(doc: &Document) -> Vec<Annotation> {
    use Tag::*;
    vec![
        sentence(doc, 1, 0, Claim, note("The lede, = the main claim")),
        sentence(doc, 2, 1, Quote, quote("State Department", "said", false)),
        sentence(
            doc,
            3,
            2,
            Claim,
            note("MSS post on WeChat, \"people\" quoted"),
        ),
        sentence(doc, 4, 3, Claim, Attrs::default()),
        sentence(doc, 5, 4, Quote, quote("Matthew Miller", "said", true)),
        sentence(doc, 6, 5, Quote, quote("Matthew Miller", "said", true)),
        sentence(doc, 7, 6, Quote, quote("Matthew Miller", "said", true)),
        sentence(doc, 8, 7, Claim, Attrs::default()),
        sentence(
            doc,
            9,
            8,
            Claim,
            note("-the law is vague\nsecond line, with a comma"),
        ),
        sentence(doc, 10, 9, Claim, Attrs::default()),
        sentence(doc, 11, 10, Quote, quote("Isaac Stone Fish", "said", true)),
        sentence(doc, 12, 11, Quote, quote("Isaac Stone Fish", "said", true)),
        sentence(doc, 13, 12, Quote, quote("Isaac Stone Fish", "said", true)),
        sentence(doc, 14, 13, Claim, Attrs::default()),
        sentence(doc, 15, 14, Claim, note("@panel: check the date")),
        sentence(doc, 16, 15, Claim, Attrs::default()),
        sentence(
            doc,
            17,
            16,
            Denial,
            Attrs {
                denies: Some(id(16)),
                note: "Beijing answers the hacking claim".into(),
                ..Attrs::default()
            },
        ),
        sentence(
            doc,
            18,
            17,
            Denial,
            Attrs {
                denies: Some(id(16)),
                speaker: "Chinese foreign ministry".into(),
                ..Attrs::default()
            },
        ),
        sentence(
            doc,
            19,
            18,
            Quote,
            quote("Chinese foreign ministry", "", true),
        ),
        span(
            doc,
            20,
            1,
            "“something that’s of great concern.”",
            Quote,
            quote("State Department", "said", true),
        ),
        span(doc, 21, 15, "Hackers", Claim, note("who exactly?")),
        span(
            doc,
            22,
            4,
            "State Department spokesperson Matthew Miller",
            Quote,
            Attrs::default(),
        ),
    ]
}

pub fn full_session() -> Session {
    let doc = Rc::new(parse_article(SEED));
    let anns = full_annotations(&doc);
    Session::with_annotations(doc, anns).expect("valid annotations")
}

/// A directory under the workspace's target dir for test outputs.
pub fn out_dir(name: &str) -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target")));
    let dir = base.join("interop-tests").join(name);
    std::fs::create_dir_all(&dir).expect("create test output dir");
    dir
}

/// The python that has jsonschema: `$GLOSSA_PYTHON`, else the project venv.
pub fn python() -> PathBuf {
    std::env::var_os("GLOSSA_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../target/venv/bin/python"
            ))
        })
}

/// Runs the W3C validator on `file` (with `extra` flags). Panics, saying
/// what is missing, when `../shared` or the python with jsonschema is.
/// Returns (exit code, output).
pub fn validate(file: &Path, extra: &[&str]) -> (i32, String) {
    assert!(
        Path::new(VALIDATOR).exists(),
        "{VALIDATOR} is missing: the shared/ folder must sit beside the repository (CI lays it there)"
    );
    let py = python();
    let ok = Command::new(&py)
        .args(["-c", "import jsonschema, referencing"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{} with jsonschema>=4.18 is missing: scripts/test.sh prepares target/venv \
         (or set GLOSSA_PYTHON to a python that has it)",
        py.display()
    );
    let out = Command::new(&py)
        .arg(VALIDATOR)
        .arg(file)
        .args(extra)
        .output()
        .expect("run the validator");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "$ {} {} {} {}\n{text}",
        py.display(),
        VALIDATOR,
        file.display(),
        extra.join(" ")
    );
    (out.status.code().unwrap_or(-1), text)
}
