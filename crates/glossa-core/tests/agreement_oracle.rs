//! Glossa's agreement figures against the reference packages (scikit-learn
//! `cohen_kappa_score`, statsmodels `fleiss_kappa`, `krippendorff` with
//! `level_of_measurement="nominal"`, nltk's `AnnotationTask`, nervaluate),
//! to 1e-9, on generated data: 2–6 annotators, missing sentences, spans,
//! and the corner cases (one label everywhere, everyone agreeing).
//! Needs the Python of `target/venv` with those packages
//! (`scripts/setup.sh --test` installs them); without it the test fails.

use glossa_core::agreement::{agreement, Coder, Label, LABELS};
use glossa_core::Tag;
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};

fn python() -> String {
    std::env::var("GLOSSA_PYTHON")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/venv/bin/python").into()
        })
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Case `seed`: annotators who mostly follow a shared truth.
fn case(seed: u64) -> Vec<Coder> {
    let mut r = Rng(seed * 2_654_435_761 + 12_345);
    let m = 2 + r.below(5) as usize;
    let n = 5 + r.below(60) as usize;
    let kind = seed % 7;
    let truth: Vec<Label> = (0..n).map(|_| r.below(LABELS as u64) as Label).collect();
    (0..m)
        .map(|c| {
            let reached = if kind == 1 {
                n - r.below(n as u64 / 2 + 1) as usize
            } else {
                n
            };
            let labels = (0..n)
                .map(|i| {
                    if i >= reached || (kind == 2 && r.below(6) == 0) {
                        return None;
                    }
                    Some(match kind {
                        3 => 0,        // one label everywhere
                        4 => truth[i], // everyone agrees
                        _ if r.below(4) == 0 => r.below(LABELS as u64) as Label,
                        _ => truth[i],
                    })
                })
                .collect();
            // Spans in slots of ten code points: at most one per slot each.
            let spans = (0..8)
                .filter_map(|slot| {
                    if r.below(3) == 0 {
                        return None;
                    }
                    let tag = Tag::ALL[(slot + usize::from(r.below(5) == 0)) % 3];
                    let start = slot * 10 + r.below(3) as usize;
                    let spread = if r.below(2) == 0 { 1 } else { 5 };
                    let end = start + 3 + r.below(spread) as usize;
                    Some((tag, start, end))
                })
                .collect();
            Coder {
                name: format!("c{c}"),
                labels,
                spans,
            }
        })
        .collect()
}

fn close(what: &str, ours: Option<f64>, theirs: &Value) {
    match (ours, theirs.as_f64()) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{what}: Glossa {a}, reference {b}"),
        (None, None) => {}
        (a, _) => panic!("{what}: Glossa {a:?}, reference {theirs}"),
    }
}

#[test]
fn figures_match_the_reference_packages() {
    let cases: Vec<Vec<Coder>> = (0..70).map(case).collect();
    let input: Vec<Value> = cases
        .iter()
        .map(|coders| {
            json!({
                "k": LABELS,
                "coders": coders.iter().map(|c| c.labels.clone()).collect::<Vec<_>>(),
                "spans": coders.iter().map(|c| c.spans.iter().map(|(t, s, e)| json!([t.name(), s, e])).collect::<Vec<_>>()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/agreement_oracle.py");
    let py = python();
    let mut child = Command::new(&py)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{py} cannot run ({e}): scripts/test.sh prepares target/venv"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(&input).expect("json").as_bytes())
        .expect("write the cases");
    let out = child.wait_with_output().expect("the reference script");
    assert!(
        out.status.success(),
        "the reference packages are missing or failed (scripts/setup.sh --test installs scikit-learn, statsmodels, krippendorff, nltk and nervaluate into target/venv):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reference: Vec<Value> = serde_json::from_slice(&out.stdout).expect("the script's JSON");
    assert_eq!(reference.len(), cases.len());
    let (mut defined, mut undefined, mut nltk) = (0, 0, 0);
    for (i, (coders, theirs)) in cases.iter().zip(&reference).enumerate() {
        let r = agreement(coders).expect("a report");
        for (p, (_, f)) in r.overall.cohen.iter().enumerate() {
            close(
                &format!("case {i} Cohen pair {p}"),
                f.value,
                &theirs["cohen"][p],
            );
        }
        close(
            &format!("case {i} Fleiss"),
            r.overall.fleiss.value,
            &theirs["fleiss"],
        );
        close(
            &format!("case {i} alpha"),
            r.overall.alpha.value,
            &theirs["alpha"],
        );
        if r.overall.alpha.value.is_some() {
            defined += 1;
        } else {
            undefined += 1;
        }
        for (p, (_, s)) in r.spans.iter().enumerate() {
            close(
                &format!("case {i} exact F1 pair {p}"),
                s.exact.f1,
                &theirs["strict_f1"][p],
            );
            close(
                &format!("case {i} overlap F1 pair {p}"),
                s.overlap.f1,
                &theirs["ent_type_f1"][p],
            );
        }
        if !theirs["nltk_alpha"].is_null() || !theirs["nltk_kappa"].is_null() {
            nltk += 1;
            // Where chance agreement is total, nltk reports α = 1 and κ = 1
            // (the others: nan); Glossa says undefined, observed agreement 1.
            if r.overall.alpha.value.is_none() && theirs["nltk_alpha"] == json!(1.0) {
                assert_eq!(r.overall.alpha.observed, Some(1.0), "case {i}");
                continue;
            }
            close(
                &format!("case {i} nltk alpha"),
                r.overall.alpha.value,
                &theirs["nltk_alpha"],
            );
            let pairs: Vec<f64> = r
                .overall
                .cohen
                .iter()
                .filter_map(|(_, f)| f.value)
                .collect();
            let mean = (pairs.len() == r.overall.cohen.len())
                .then(|| pairs.iter().sum::<f64>() / pairs.len() as f64);
            close(
                &format!("case {i} nltk mean pairwise kappa"),
                mean,
                &theirs["nltk_kappa"],
            );
        }
    }
    assert!(
        defined > 40 && undefined > 5 && nltk > 10,
        "{defined} defined, {undefined} undefined, {nltk} checked with nltk"
    );
}
