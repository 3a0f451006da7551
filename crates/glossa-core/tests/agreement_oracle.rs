//! Glossa's agreement figures against the reference packages, to 1e-9:
//! scikit-learn `cohen_kappa_score` (and `accuracy_score` for the observed
//! agreement), statsmodels `fleiss_kappa` over `aggregate_raters`,
//! `krippendorff.alpha(…, level_of_measurement="nominal")`, nltk's
//! `AnnotationTask` (`alpha`; `pi` = Fleiss' κ and `avg_Ao` = its observed
//! agreement on the sentences everyone labelled; `kappa` = the mean of the
//! pairwise κ where nothing is missing) and nervaluate (`strict` = exact,
//! `ent_type` = overlap), for the four labels and each tag against the
//! rest.
//!
//! The cases are generated here (2–6 annotators, one to three documents,
//! unreached tails, gaps, an annotator absent from a document, one label
//! everywhere, everyone agreeing, no spans), plus the built-in article
//! with three generated annotators read back from real Glossa files; they
//! are written to a file that `agreement_oracle.py` reads, in the Python
//! of `target/venv` (`scripts/setup.sh --test` installs the pinned
//! packages; `GLOSSA_PYTHON` overrides). Without it the test fails.

use glossa_core::agreement::{
    agreement, DocumentWork, Figure, Label, Report, Span, SpanFigures, Undefined, Work,
};
use glossa_core::{
    format, parse_article, Annotation, AnnotationId, SentenceId, Session, Tag, Target, Timestamp,
};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;
use std::rc::Rc;

const SEED: &str = include_str!("../../../assets/voa-counterespionage.txt");
const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/agreement_oracle.py");
const TOLERANCE: f64 = 1e-9;

fn python() -> PathBuf {
    std::env::var_os("GLOSSA_PYTHON")
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../target/venv/bin/python"
            ))
        })
}

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("agreement-oracle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create the test's folder");
    dir
}

/// A small deterministic generator (xorshift64).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

struct Case {
    name: String,
    documents: Vec<DocumentWork>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Noisy,
    Tails,
    Gaps,
    OneLabel,
    AllAgree,
    AllNone,
    Absent,
    Sparse,
}

/// Case `seed`. Generated sentences are 40 code points long, in four slots
/// of ten; an annotator has at most one span per slot, so a span overlaps
/// at most one of another annotator's: there nervaluate's greedy matching
/// and Glossa's one-to-one matching must agree.
fn generated(seed: u64, kind: Kind) -> Case {
    let mut r = Rng::new(seed + 1);
    let m = 2 + r.below(5);
    let docs = if kind == Kind::Absent {
        2 + r.below(2)
    } else {
        1 + usize::from(r.one_in(3))
    };
    let names: Vec<String> = (0..m).map(|i| format!("a{i}")).collect();
    let documents = (0..docs)
        .map(|d| {
            let most = if r.one_in(5) { 4 } else { 60 };
            let n = 1 + r.below(most);
            let truth: Vec<usize> = (0..n).map(|_| r.below(4)).collect();
            let slot_tags: Vec<Tag> = (0..n * 4).map(|_| Tag::ALL[r.below(3)]).collect();
            let works = names
                .iter()
                .enumerate()
                .filter(|&(a, _)| !(kind == Kind::Absent && d == 1 && a == 0))
                .map(|(a, name)| {
                    let reached = if kind == Kind::Tails && r.one_in(2) {
                        n - r.below(n)
                    } else {
                        n
                    };
                    let labels: Vec<Option<Label>> = (0..n)
                        .map(|s| {
                            if s >= reached
                                || (kind == Kind::Gaps && r.one_in(5))
                                || (kind == Kind::Sparse && (s + a) % m != 0 && !r.one_in(8))
                            {
                                return None;
                            }
                            Some(
                                Label::ALL[match kind {
                                    Kind::OneLabel => 1 + (seed as usize) % 3,
                                    Kind::AllNone => 0,
                                    Kind::AllAgree => truth[s],
                                    _ if r.one_in(4) => r.below(4),
                                    _ => truth[s],
                                }],
                            )
                        })
                        .collect();
                    let spans = (0..n * 4)
                        .filter_map(|slot| {
                            if kind == Kind::AllNone || r.one_in(2) {
                                return None;
                            }
                            let tag = if r.one_in(5) {
                                Tag::ALL[r.below(3)]
                            } else {
                                slot_tags[slot]
                            };
                            let start = slot * 10 + r.below(3);
                            let spread = if r.one_in(2) { 2 } else { 7 };
                            let end = start + 1 + r.below(spread);
                            Some(Span {
                                sentence: SentenceId((slot / 4) as u32),
                                tag,
                                start,
                                end,
                            })
                        })
                        .collect();
                    Work {
                        annotator: name.clone(),
                        labels,
                        spans,
                    }
                })
                .collect();
            DocumentWork {
                title: format!("doc {d}"),
                works,
            }
        })
        .collect();
    Case {
        name: format!("{seed} ({})", kind_name(kind)),
        documents,
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Noisy => "noisy",
        Kind::Tails => "unreached tails",
        Kind::Gaps => "gaps",
        Kind::OneLabel => "one label",
        Kind::AllAgree => "all agree",
        Kind::AllNone => "all none, no spans",
        Kind::Absent => "an annotator absent from a document",
        Kind::Sparse => "most sentences labelled by one annotator",
    }
}

/// Three generated annotators on the built-in article, written as Glossa
/// files (the third with `"reached"`) and read back as [`Work`]s.
fn voa_case() -> Case {
    let doc = Rc::new(parse_article(SEED));
    let mut r = Rng::new(2026);
    let truth: Vec<Option<Tag>> = (0..doc.sentences.len())
        .map(|_| [None, Some(Tag::Claim), Some(Tag::Denial), Some(Tag::Quote)][r.below(4)])
        .collect();
    // Per sentence and slot of ten code points: (tag, start in the slot,
    // length), lengths 3 to 7, so a span ±1 stays inside its slot.
    let truth_spans: Vec<Vec<Option<(Tag, usize, usize)>>> = doc
        .sentences
        .iter()
        .map(|sent| {
            (0..(sent.end - sent.start).saturating_sub(10) / 10)
                .map(|_| {
                    r.one_in(3)
                        .then(|| (Tag::ALL[r.below(3)], r.below(2), 3 + r.below(5)))
                })
                .collect()
        })
        .collect();
    let dir = out_dir();
    let reached = SentenceId(doc.sentences.len() as u32 - 4);
    let mut n = 0u128;
    let works = ["ana", "ben", "cora"]
        .iter()
        .enumerate()
        .map(|(who, name)| {
            let mut anns = Vec::new();
            let mut add = |tag: Tag, sentence: SentenceId, start: usize, end: usize| {
                n += 1;
                anns.push(Annotation {
                    id: AnnotationId::from_random_bytes(n.to_be_bytes()),
                    tag,
                    target: Target {
                        sentence,
                        start,
                        end,
                    },
                    attrs: Default::default(),
                    created: Timestamp(1_795_668_600_000),
                    updated: Timestamp(1_795_668_600_000),
                });
            };
            for (s, sent) in doc.sentences.iter().enumerate() {
                if who == 2 && s > reached.index() {
                    break; // cora has not got this far
                }
                let tag = if r.one_in(4) {
                    [None, Some(Tag::Claim), Some(Tag::Denial), Some(Tag::Quote)][r.below(4)]
                } else {
                    truth[s]
                };
                if let Some(tag) = tag {
                    add(tag, sent.id, sent.start, sent.end);
                }
                // Spans in slots of ten code points inside the sentence:
                // mostly the shared truth's, sometimes a code point longer
                // or shorter, sometimes left out or added.
                for (slot, truth) in truth_spans[s].iter().enumerate() {
                    let slot = sent.start + slot * 10;
                    match *truth {
                        Some((tag, start, len)) if !r.one_in(5) => {
                            let len = match r.below(8) {
                                0 => len - 1,
                                1 => len + 1,
                                _ => len,
                            };
                            add(tag, sent.id, slot + start, slot + start + len);
                        }
                        None if r.one_in(12) => {
                            add(Tag::ALL[r.below(3)], sent.id, slot + 1, slot + 6);
                        }
                        _ => {}
                    }
                }
            }
            let session = Session::with_annotations(doc.clone(), anns).expect("valid annotations");
            let mut file = format::export(&session, Timestamp(1_795_668_900_000), "0.1.0");
            file.annotator = Some(name.to_string());
            if who == 2 {
                file.reached = Some(reached.to_string());
            }
            let path = dir.join(format!("voa.{name}.glossa.json"));
            std::fs::write(&path, format::to_json(&file)).expect("write a Glossa file");
            let json = std::fs::read_to_string(&path).expect("read it back");
            let file = format::parse(&json).expect("a valid Glossa file");
            Work::from_file(doc.clone(), &file, "unnamed").expect("the work")
        })
        .collect();
    Case {
        name: "built-in article, 3 annotators".into(),
        documents: vec![DocumentWork {
            title: doc.title.clone(),
            works,
        }],
    }
}

fn case_json(c: &Case) -> Value {
    let mut names: Vec<&str> = Vec::new();
    for d in &c.documents {
        for w in &d.works {
            if !names.contains(&w.annotator.as_str()) {
                names.push(&w.annotator);
            }
        }
    }
    json!({
        "name": c.name,
        "annotators": names,
        "documents": c.documents.iter().map(|d| json!({
            "sentences": d.works.first().map_or(0, |w| w.labels.len()),
            "works": d.works.iter().map(|w| (w.annotator.clone(), json!({
                "labels": w.labels.iter().map(|l| l.map(Label::index)).collect::<Vec<_>>(),
                "spans": w.spans.iter().map(|s| json!([s.sentence.index(), s.tag.name(), s.start, s.end])).collect::<Vec<_>>(),
            }))).collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
    })
}

/// Runs the reference script over `cases`; fails, saying what to do, when
/// the Python or its packages are missing.
fn reference(cases: &[Case]) -> Value {
    let py = python();
    let probe = Command::new(&py)
        .args([
            "-c",
            "import sklearn, statsmodels, krippendorff, nltk, nervaluate",
        ])
        .output();
    match probe {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "{} lacks the agreement reference packages (scikit-learn, statsmodels, krippendorff, \
             nltk, nervaluate): run scripts/setup.sh --test, which installs the pinned versions \
             into target/venv, or set GLOSSA_PYTHON.\n{}",
            py.display(),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!(
            "cannot run {} ({e}): run scripts/setup.sh --test to create target/venv with the \
             agreement reference packages, or set GLOSSA_PYTHON",
            py.display()
        ),
    }
    let dir = out_dir();
    let input = dir.join("cases.json");
    let output = dir.join("reference.json");
    let cases: Vec<Value> = cases.iter().map(case_json).collect();
    std::fs::write(&input, serde_json::to_vec(&cases).expect("JSON")).expect("write the cases");
    let o = Command::new(&py)
        .arg(SCRIPT)
        .arg(&input)
        .arg(&output)
        .output()
        .expect("run the reference script");
    assert!(
        o.status.success(),
        "agreement_oracle.py failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&std::fs::read(&output).expect("the script's output")).expect("JSON")
}

thread_local! {
    /// The largest difference seen, for the test's output.
    static LARGEST: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// Checks one figure; `what` names it in the message.
fn same(what: &str, ours: Option<f64>, theirs: &Value) {
    match (ours, theirs.as_f64()) {
        (Some(a), Some(b)) => {
            assert!(
                (a - b).abs() <= TOLERANCE,
                "{what}: Glossa {a}, reference {b}"
            );
            LARGEST.with(|l| l.set(l.get().max((a - b).abs())));
        }
        (None, None) => {}
        (a, _) => panic!("{what}: Glossa {a:?}, reference {theirs}"),
    }
}

/// A κ or α against a package that gives nan (null) where it is undefined.
fn same_figure(what: &str, ours: &Figure, theirs: &Value) {
    same(what, ours.value.ok(), theirs);
}

/// Counts of what was checked, to make sure the corner cases happened.
#[derive(Default, Debug)]
struct Seen {
    figures: usize,
    one_label: usize,
    no_items: usize,
    nltk_kappa: usize,
    nltk_one: usize,
    spans: usize,
    span_undefined: usize,
}

fn check_sentences(name: &str, r: &Report, theirs: &Value, seen: &mut Seen) {
    let labellings = std::iter::once(("overall", &r.sentences.overall))
        .chain(Tag::ALL.iter().map(|t| (t.name(), r.sentences.tag(*t))));
    for (label, f) in labellings {
        let t = &theirs[label];
        let at = |x: &str| format!("{name}, {label}: {x}");
        for (p, ((i, j), c)) in f.cohen.iter().enumerate() {
            let what = at(&format!("Cohen's κ {}/{}", r.names()[*i], r.names()[*j]));
            same_figure(
                &format!("{what} vs scikit-learn"),
                c,
                &t["cohen"][p]["value"],
            );
            same(
                &format!("{what} observed vs accuracy_score"),
                c.observed,
                &t["cohen"][p]["observed"],
            );
            assert_eq!(
                Some(c.items as u64),
                t["cohen"][p]["items"].as_u64(),
                "{what}"
            );
            seen.figures += 1;
        }
        same_figure(&at("Fleiss' κ vs statsmodels"), &f.fleiss, &t["fleiss"]);
        same_figure(
            &at("Krippendorff's α vs krippendorff"),
            &f.alpha,
            &t["alpha"],
        );
        if f.fleiss.items > 0 {
            same(
                &at("Fleiss' observed vs nltk avg_Ao"),
                f.fleiss.observed,
                &t["nltk_avg_ao"],
            );
        }
        // nltk gives 1 where the figure is undefined; elsewhere the same.
        let nltk = |what: &str, ours: Result<f64, Undefined>, theirs: &Value, seen: &mut Seen| {
            if ours == Err(Undefined::OneLabel) {
                assert_eq!(theirs.as_f64(), Some(1.0), "{}", at(what));
                seen.nltk_one += 1;
            } else {
                same(&at(what), ours.ok(), theirs);
            }
        };
        if f.fleiss.items > 0 {
            nltk("Fleiss' κ vs nltk pi", f.fleiss.value, &t["nltk_pi"], seen);
        }
        if f.alpha.items > 0 {
            nltk("α vs nltk alpha", f.alpha.value, &t["nltk_alpha"], seen);
        }
        if !t["nltk_kappa"].is_null() {
            // The mean of the pairwise κ; nltk counts an undefined pair as 1.
            let values: Vec<f64> = f
                .cohen
                .iter()
                .map(|(_, c)| c.value.unwrap_or(1.0))
                .collect();
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            same(
                &at("mean Cohen's κ vs nltk kappa"),
                Some(mean),
                &t["nltk_kappa"],
            );
            seen.nltk_kappa += 1;
        }
        for g in f.cohen.iter().map(|(_, c)| c).chain([&f.fleiss, &f.alpha]) {
            match g.value {
                Err(Undefined::OneLabel) => seen.one_label += 1,
                Err(Undefined::NoItems) => seen.no_items += 1,
                Ok(_) => {}
            }
        }
        if f.alpha.value == Err(Undefined::NoItems) {
            assert!(
                t["nltk_alpha"].is_null(),
                "{}",
                at("α with no pairable item")
            );
        }
    }
}

fn check_span(what: &str, ours: &SpanFigures, theirs: &Value, seen: &mut Seen) {
    for (kind, prf, reference) in [
        ("exact", &ours.exact, &theirs["strict"]),
        ("overlap", &ours.overlap, &theirs["ent_type"]),
    ] {
        let what = format!("{what} {kind}");
        if reference.is_null() {
            // nervaluate leaves out a tag neither used.
            assert_eq!(ours.spans, (0, 0), "{what}: nervaluate has no entry");
            assert_eq!(prf.f1, None, "{what}");
            seen.span_undefined += 1;
            continue;
        }
        assert_eq!(
            Some(prf.matched as u64),
            reference["correct"].as_u64(),
            "{what}: matched vs nervaluate's correct"
        );
        assert_eq!(
            Some(ours.spans.1 as u64),
            reference["actual"].as_u64(),
            "{what}"
        );
        assert_eq!(
            Some(ours.spans.0 as u64),
            reference["possible"].as_u64(),
            "{what}"
        );
        // nervaluate says 0 where there is nothing to divide by.
        let zero = json!(0);
        let or_zero = |v: Option<f64>, r: &Value| -> (Option<f64>, Value) {
            match v {
                Some(v) => (Some(v), r.clone()),
                None => {
                    assert_eq!(r.as_f64(), Some(0.0), "{what}");
                    (Some(0.0), zero.clone())
                }
            }
        };
        for (name, v) in [
            ("precision", prf.precision),
            ("recall", prf.recall),
            ("f1", prf.f1),
        ] {
            let (v, r) = or_zero(v, &reference[name]);
            same(&format!("{what} {name} vs nervaluate"), v, &r);
        }
        seen.spans += 1;
    }
}

fn check(case: &Case, theirs: &Value, seen: &mut Seen) -> Report {
    let r = agreement(&case.documents).expect("a report");
    check_sentences(&case.name, &r, &theirs["sentences"], seen);
    for (p, pair) in r.spans.iter().enumerate() {
        let t = &theirs["spans"][p];
        let who = format!(
            "{}, spans {}/{}",
            case.name,
            r.names()[pair.pair.0],
            r.names()[pair.pair.1]
        );
        if t.is_null() {
            // No document both worked on.
            assert_eq!(pair.overall.spans, (0, 0), "{who}");
            continue;
        }
        check_span(
            &format!("{who} overall"),
            &pair.overall,
            &t["overall"],
            seen,
        );
        for tag in Tag::ALL {
            check_span(
                &format!("{who} {}", tag.name()),
                pair.tag(tag),
                &t[tag.name()],
                seen,
            );
        }
    }
    r
}

fn cell(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".into(), |v| format!("{v:.6}"))
}

/// The built-in article's figures beside the packages', for people.
fn print_voa(r: &Report, theirs: &Value, versions: &Value) {
    let t = &theirs["sentences"]["overall"];
    let o = &r.sentences.overall;
    println!("built-in article, 3 generated annotators (versions: {versions})");
    println!(
        "{:<34} {:>12} {:>12}",
        "figure (four labels)", "Glossa", "reference"
    );
    for (p, ((i, j), c)) in o.cohen.iter().enumerate() {
        println!(
            "{:<34} {:>12} {:>12}",
            format!("Cohen κ {}/{} (sklearn)", r.names()[*i], r.names()[*j]),
            cell(c.value.ok()),
            cell(t["cohen"][p]["value"].as_f64())
        );
    }
    for (label, ours, theirs) in [
        ("Fleiss κ (statsmodels)", o.fleiss.value.ok(), &t["fleiss"]),
        ("Fleiss κ (nltk pi)", o.fleiss.value.ok(), &t["nltk_pi"]),
        (
            "Krippendorff α (krippendorff)",
            o.alpha.value.ok(),
            &t["alpha"],
        ),
        (
            "Krippendorff α (nltk alpha)",
            o.alpha.value.ok(),
            &t["nltk_alpha"],
        ),
        (
            "Fleiss observed (nltk avg_Ao)",
            o.fleiss.observed,
            &t["nltk_avg_ao"],
        ),
    ] {
        println!(
            "{label:<34} {:>12} {:>12}",
            cell(ours),
            cell(theirs.as_f64())
        );
    }
    for (p, pair) in r.spans.iter().enumerate() {
        let s = &theirs["spans"][p]["overall"];
        let who = format!("{}/{}", r.names()[pair.pair.0], r.names()[pair.pair.1]);
        println!(
            "{:<34} {:>12} {:>12}",
            format!("span exact F1 {who} (strict)"),
            cell(pair.overall.exact.f1),
            cell(s["strict"]["f1"].as_f64())
        );
        println!(
            "{:<34} {:>12} {:>12}",
            format!("span overlap F1 {who} (ent_type)"),
            cell(pair.overall.overlap.f1),
            cell(s["ent_type"]["f1"].as_f64())
        );
    }
}

#[test]
fn figures_match_the_reference_packages() {
    let kinds = [
        Kind::Noisy,
        Kind::Tails,
        Kind::Gaps,
        Kind::OneLabel,
        Kind::AllAgree,
        Kind::AllNone,
        Kind::Absent,
        Kind::Sparse,
    ];
    let mut cases: Vec<Case> = (0..96u64)
        .map(|seed| generated(seed, kinds[seed as usize % kinds.len()]))
        .collect();
    cases.push(voa_case());
    let reference = reference(&cases);
    let theirs = reference["cases"].as_array().expect("cases");
    assert_eq!(theirs.len(), cases.len());
    let mut seen = Seen::default();
    for (case, t) in cases.iter().zip(theirs) {
        assert_eq!(t["name"].as_str(), Some(case.name.as_str()));
        let r = check(case, t, &mut seen);
        if case.name.starts_with("built-in") {
            print_voa(&r, t, &reference["versions"]);
        }
    }
    println!(
        "checked: {seen:?}; largest difference {:e}",
        LARGEST.with(|l| l.get())
    );
    assert!(
        seen.figures > 1000
            && seen.one_label > 50
            && seen.no_items > 0
            && seen.nltk_kappa > 20
            && seen.nltk_one > 20
            && seen.spans > 1000
            && seen.span_undefined > 10,
        "the generated cases no longer cover the corner cases: {seen:?}"
    );
}
