//! The 48 English "Golden Rules" of sentence boundary detection (the test
//! set pySBD is measured on), read from `shared/sbd/golden_rules_en.json`
//! beside the repository.
//!
//! Each rule's text is fed to [`segment::split`] as ONE paragraph, as it is:
//! the rules are paragraph-level cases (some contain list items), and going
//! through `parse_article` would turn a rule's first line into a title. The
//! expected and the produced sentences are compared after trimming.
//!
//! Without the file the test fails, saying where it looked.

use glossa_core::segment;
use serde_json::Value;

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/sbd/golden_rules_en.json"
);

fn sentences(text: &str) -> Vec<String> {
    segment::split(text)
        .iter()
        .map(|p| text[p.start..p.end].trim().to_string())
        .collect()
}

#[test]
fn golden_rules_en() {
    let raw = std::fs::read_to_string(PATH).unwrap_or_else(|e| {
        panic!(
            "cannot read {PATH} ({e}): the shared/ folder must sit beside the repository \
             (CI lays it there)"
        )
    });
    let rules: Vec<Value> = serde_json::from_str(&raw).expect("golden rules JSON");
    assert_eq!(rules.len(), 48, "expected the 48 English golden rules");
    let mut failed = Vec::new();
    for rule in &rules {
        let id = rule["id"].as_u64().unwrap_or(0);
        let name = rule["name"].as_str().unwrap_or("?");
        let text = rule["text"].as_str().expect("text");
        let expected: Vec<String> = rule["sentences"]
            .as_array()
            .expect("sentences")
            .iter()
            .map(|s| s.as_str().expect("sentence").trim().to_string())
            .collect();
        let got = sentences(text);
        if got != expected {
            let why: Vec<String> = segment::explain(text)
                .iter()
                .map(|d| format!("  @{} {:?}", d.at, d.rule))
                .collect();
            failed.push(format!(
                "#{id} {name}\n  text:     {text:?}\n  expected: {expected:?}\n  got:      {got:?}\n{}",
                why.join("\n")
            ));
        }
    }
    let passed = rules.len() - failed.len();
    println!("Golden Rules (en): {passed}/{} passed", rules.len());
    for f in &failed {
        println!("FAILED {f}");
    }
    assert!(passed >= 47, "Golden Rules score {passed}/48 is below 47");
}
