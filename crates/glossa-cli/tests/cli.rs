//! Runs the built `glossa-cli` binary on the seed article and on bad input.

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

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn split_seed_article_gives_exact_offsets() {
    let path = seed_path();
    let o = run(&["split", path.to_str().expect("utf-8 path")]);
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    assert_eq!(
        v["title"],
        "US Voices Concerns Over China’s Counterespionage Push"
    );
    assert_eq!(v["source"], "VOA News");
    assert_eq!(v["categories"][0], "America");

    let raw = std::fs::read_to_string(&path).expect("seed");
    let doc = glossa_core::parse_article(&raw);
    let chars: Vec<char> = doc.text.chars().collect();
    let paragraphs = v["paragraphs"].as_array().expect("paragraphs");
    assert_eq!(paragraphs.len(), 13);
    let mut count = 0;
    for (p, sentences) in paragraphs.iter().enumerate() {
        for s in sentences.as_array().expect("sentences") {
            let start = s["start"].as_u64().expect("start") as usize;
            let end = s["end"].as_u64().expect("end") as usize;
            let text = s["text"].as_str().expect("text");
            let exact: String = chars[start..end].iter().collect();
            assert_eq!(exact, text, "paragraph {p}");
            assert_eq!(doc.sentences[count].start, start);
            assert_eq!(doc.sentences[count].end, end);
            count += 1;
        }
    }
    assert_eq!(count, 19);
    assert_eq!(count, doc.sentences.len());
}

#[test]
fn split_with_time_reports_to_stderr_only() {
    let path = seed_path();
    let o = run(&["split", "--time", path.to_str().expect("utf-8 path")]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("segment_mb_per_s="), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("stdout stays pure JSON");
    assert!(v["paragraphs"].is_array());
}

#[test]
fn missing_file_is_an_error() {
    let o = run(&["split", "/no/such/article.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no such file"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn non_utf8_file_is_an_error() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("latin1.txt");
    std::fs::write(&path, b"Caf\xe9 au lait.\n").expect("write temp file");
    let o = run(&["split", path.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not valid UTF-8"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &[][..],
        &["split"][..],
        &["split", "--bogus", "x"][..],
        &["generate"][..],
        &["generate", "--bytes", "lots"][..],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "args {args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("--help"), "args {args:?}");
    }
    assert!(stderr(&run(&["frobnicate"])).contains("unrecognized subcommand 'frobnicate'"));
}

#[test]
fn help_explains_usage() {
    for flag in ["--help", "-h", "help"] {
        let o = run(&[flag]);
        assert!(o.status.success());
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("Usage: glossa-cli"));
        for command in ["split", "generate", "suggest", "convert"] {
            assert!(out.contains(&format!("  {command} ")), "{command}: {out}");
        }
    }
}

#[test]
fn generate_prints_an_article_of_the_asked_size() {
    let o = run(&["generate", "--bytes", "50000"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).expect("utf-8");
    assert!(text.len().abs_diff(50_000) < 2_500, "{} bytes", text.len());
    let doc = glossa_core::parse_article(&text);
    assert_eq!(doc.source.as_deref(), Some("VOA News"));
    // Same bytes from a seed file as from the built-in seed.
    let path = seed_path();
    let o2 = run(&[
        "generate",
        "--bytes=50k",
        path.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(String::from_utf8(o2.stdout).expect("utf-8"), text);
}
