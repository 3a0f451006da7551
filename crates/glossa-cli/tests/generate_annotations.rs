//! `glossa-cli generate --annotations K --out-json FILE`: a deterministic
//! Glossa JSON file that the core reads back as exactly what it would export.

use glossa_core::{format, parse_article, Tag, Timestamp};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::rc::Rc;

const BIN: &str = env!("CARGO_BIN_EXE_glossa-cli");

fn out_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("generate-annotations");
    std::fs::create_dir_all(&dir).expect("create the test's temporary directory");
    dir.join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run glossa-cli")
}

fn generate(bytes: &str, k: &str, name: &str) -> (String, String) {
    let path = out_path(name);
    let _ = std::fs::remove_file(&path);
    let o = run(&[
        "generate",
        "--bytes",
        bytes,
        "--annotations",
        k,
        "--out-json",
        path.to_str().expect("utf-8 path"),
    ]);
    assert!(
        o.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let article = String::from_utf8(o.stdout).expect("article is UTF-8");
    let json = std::fs::read_to_string(&path).expect("the JSON file was written");
    (article, json)
}

#[test]
fn writes_k_sentence_annotations_exactly_as_the_app_exports_them() {
    let (article, json) = generate("200000", "500", "a.glossa.json");
    // The article on stdout is the same one `generate` prints without the option.
    let plain = run(&["generate", "--bytes", "200000"]);
    assert_eq!(article.as_bytes(), plain.stdout.as_slice());

    let doc = Rc::new(parse_article(&article));
    assert!(doc.sentences.len() > 1_000, "{}", doc.sentences.len());
    let file = format::parse(&json).expect("a Glossa file");
    assert_eq!(file.document.text_sha256, doc.text_sha256);
    assert_eq!(file.annotations.len(), 500);

    // Every annotation is a whole sentence, one per sentence, text matching.
    let mut seen = std::collections::BTreeSet::new();
    for a in &file.annotations {
        assert_eq!(a.scope.as_deref(), Some("sentence"));
        let sid = glossa_core::SentenceId::parse(&a.target.sentence_id).expect("sentence id");
        let s = doc.sentence(sid).expect("sentence in the document");
        assert_eq!((a.target.start, a.target.end), (s.start, s.end));
        assert_eq!(a.target.exact, s.text(&doc));
        assert!(seen.insert(sid), "{sid} annotated twice");
    }
    // Spread over the whole document, not bunched at the start.
    let last = seen.iter().next_back().expect("some sentence");
    assert!(
        last.index() > doc.sentences.len() * 9 / 10,
        "last is {last}"
    );
    // Mixed tags.
    for tag in Tag::ALL {
        let n = file.annotations.iter().filter(|a| a.tag == tag).count();
        assert!(n > 50, "{tag}: only {n}");
    }

    // Reading it into a session and exporting again gives the same bytes.
    let session = format::read_session(doc.clone(), &json).expect("restores");
    assert_eq!(session.len(), 500);
    let at = Timestamp::parse_rfc3339(&file.exported_at).expect("exported_at");
    let again = format::to_json(&format::export(&session, at, &file.app.version));
    assert_eq!(again, json);

    // Deterministic: a second run writes the same file.
    let (_, json2) = generate("200000", "500", "b.glossa.json");
    assert_eq!(json, json2);
}

#[test]
fn one_annotation_per_sentence_at_most_and_both_options_together() {
    let o = run(&["generate", "--bytes", "2000", "--annotations", "100000"]);
    assert_eq!(o.status.code(), Some(2), "without --out-json");
    let path = out_path("too-many.json");
    let o = run(&[
        "generate",
        "--bytes",
        "2000",
        "--annotations",
        "100000",
        "--out-json",
        path.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("only"));
}
