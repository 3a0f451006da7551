//! Runs `glossa-cli suggest` on the seed article and on bad input.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_glossa-cli");

fn seed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/voa-counterespionage.txt")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run glossa-cli")
}

#[test]
fn suggest_is_split_plus_suggestions() {
    let path = seed_path();
    let path = path.to_str().expect("utf-8 path");
    let o = run(&["suggest", path]);
    assert!(
        o.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let got: Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    let split = run(&["split", path]);
    assert!(split.status.success());
    let mut plain: Value = serde_json::from_slice(&split.stdout).expect("split JSON");

    // Removing the suggestions gives exactly split's output.
    let mut stripped = got.clone();
    let mut tags = Vec::new();
    for p in stripped["paragraphs"].as_array_mut().expect("paragraphs") {
        for s in p.as_array_mut().expect("sentences") {
            let obj = s.as_object_mut().expect("object");
            match obj.remove("suggestion") {
                Some(sg) => {
                    let keys: Vec<&String> =
                        sg.as_object().expect("suggestion object").keys().collect();
                    assert_eq!(keys, ["reason", "speaker", "tag"]);
                    assert!(!sg["reason"].as_str().expect("reason").is_empty());
                    assert!(sg["speaker"].is_string() || sg["speaker"].is_null());
                    tags.push(sg["tag"].as_str().expect("tag").to_string());
                }
                None => tags.push("-".to_string()),
            }
        }
    }
    assert_eq!(stripped, std::mem::take(&mut plain));
    assert_eq!(tags.len(), 19);
    let expected = [
        "claim", "quote", "quote", "claim", "quote", "quote", "quote", "claim", "claim", "claim",
        "quote", "quote", "quote", "claim", "quote", "claim", "denial", "quote", "quote",
    ];
    assert_eq!(tags, expected);

    // Spot checks: sentence s7 (paragraph 4, second sentence) and s17.
    let s7 = &got["paragraphs"][4][1]["suggestion"];
    assert_eq!(s7["tag"], "quote");
    assert_eq!(s7["speaker"], "Matthew Miller");
    let s17 = &got["paragraphs"][11][0]["suggestion"];
    assert_eq!(s17["tag"], "denial");
    assert_eq!(s17["reason"], "\"denied\"");
}

#[test]
fn sentences_without_a_suggestion_have_no_key() {
    let dir = std::env::temp_dir().join(format!("glossa-suggest-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("q.txt");
    std::fs::write(
        &file,
        "News\n\nA title\n\nIs this a question? The ministry denied the report.\n\nSource : Test\n",
    )
    .expect("write");
    let o = run(&["suggest", file.to_str().expect("utf-8 path")]);
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let sentences = v["paragraphs"][0].as_array().expect("sentences");
    assert_eq!(sentences.len(), 2);
    assert!(sentences[0].get("suggestion").is_none());
    assert_eq!(sentences[1]["suggestion"]["tag"], "denial");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn suggest_usage_and_runtime_errors() {
    let o = run(&["suggest"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        err.contains("required arguments were not provided"),
        "{err}"
    );
    assert!(err.contains("Usage: glossa-cli suggest <FILE>"), "{err}");
    let o = run(&["suggest", "--frobnicate", "x"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["suggest", "/nonexistent/glossa/file.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["help", "suggest"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("Usage: glossa-cli suggest [OPTIONS] [FILE]")
    );
}

/// `suggest --eval DIR` prints one line per annotated article with the
/// acceptable share, primary match and speaker accuracy, then the total.
#[test]
fn suggest_eval_reports_figures_per_article() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../glossa-core/tests/data/suggest/heldout");
    let o = run(&["suggest", "--eval", dir.to_str().expect("utf-8 path")]);
    assert!(
        o.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).expect("utf-8");
    for name in [
        "election-observers",
        "fishing-fleet",
        "hospital-water",
        "ALL",
    ] {
        let line = out
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no line for {name}: {out}"));
        assert!(
            line.contains("acceptable ") && line.contains("primary ") && line.contains("speaker "),
            "{line}"
        );
    }
}

#[test]
fn suggest_eval_on_a_folder_without_gold_fails_clearly() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let o = run(&["suggest", "--eval", dir.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no NAME.txt"));
}

#[test]
fn suggest_needs_a_file_or_eval() {
    let o = run(&["suggest"]);
    assert_eq!(o.status.code(), Some(2));
}
