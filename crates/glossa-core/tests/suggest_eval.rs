//! Evaluates the suggester against hand-written gold tags.
//!
//! Articles and gold live in `tests/data/suggest/` (format in its README).
//! The test prints, per article and for the unseen articles together, a
//! table of precision and recall per tag and the speaker accuracy over
//! correctly suggested quotes, then every disagreement. Run with
//! `cargo test -p glossa-core --test suggest_eval -- --nocapture` to see it.
//!
//! The floors asserted at the bottom are ones the suggester reaches today,
//! kept a little below the measured values so a regression fails loudly.

use glossa_core::suggest::{suggest, Suggestion};
use glossa_core::{parse_article, Tag};
use std::collections::BTreeMap;

const SEED: &str = include_str!("../../../assets/voa-counterespionage.txt");
const SEED_GOLD: &str = include_str!("data/suggest/voa-gold.tsv");

/// Articles written for evaluation along with the rules (their gold was
/// written before the suggester first ran on them, but by the same person
/// who wrote the rules, so they are not independent).
const UNSEEN: &[(&str, &str, &str)] = &[
    (
        "port-breach",
        include_str!("data/suggest/port-breach.txt"),
        include_str!("data/suggest/port-breach-gold.tsv"),
    ),
    (
        "pipeline-minister",
        include_str!("data/suggest/pipeline-minister.txt"),
        include_str!("data/suggest/pipeline-minister-gold.tsv"),
    ),
    (
        "cholera-outbreak",
        include_str!("data/suggest/cholera-outbreak.txt"),
        include_str!("data/suggest/cholera-outbreak-gold.tsv"),
    ),
    (
        "chipmaker-lawsuit",
        include_str!("data/suggest/chipmaker-lawsuit.txt"),
        include_str!("data/suggest/chipmaker-lawsuit-gold.tsv"),
    ),
];

/// Held out: written after the rules were frozen, gold written before any
/// run; reported separately and never tuned on.
const HELD_OUT: &[(&str, &str, &str)] = &[
    (
        "rail-strikes",
        include_str!("data/suggest/rail-strikes.txt"),
        include_str!("data/suggest/rail-strikes-gold.tsv"),
    ),
    (
        "tanker-seized",
        include_str!("data/suggest/tanker-seized.txt"),
        include_str!("data/suggest/tanker-seized-gold.tsv"),
    ),
];

#[derive(Clone, Debug)]
struct Gold {
    tag: Option<Tag>,
    speaker: Option<String>,
}

/// Parses the gold TSV: `number  tag  speaker  note`.
fn parse_gold(tsv: &str) -> BTreeMap<u32, Gold> {
    let mut out = BTreeMap::new();
    for (ln, line) in tsv.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let n: u32 = cols[0]
            .parse()
            .unwrap_or_else(|_| panic!("gold line {}: bad number {:?}", ln + 1, cols[0]));
        let tag = match cols.get(1).copied().unwrap_or("none") {
            "none" => None,
            t => Some(Tag::from_name(t).unwrap_or_else(|| panic!("gold line {}: tag {t}", ln + 1))),
        };
        let speaker = cols
            .get(2)
            .filter(|s| !s.is_empty() && **s != "-")
            .map(|s| s.to_string());
        assert!(
            out.insert(n, Gold { tag, speaker }).is_none(),
            "gold line {}: sentence {n} twice",
            ln + 1
        );
    }
    out
}

/// Speakers match ignoring case, a leading determiner and honorifics.
fn norm_speaker(s: &str) -> String {
    let lower = s.to_lowercase().replace('’', "'");
    let words: Vec<&str> = lower
        .split_whitespace()
        .filter(|w| !matches!(*w, "dr." | "mr." | "ms." | "mrs." | "prof."))
        .collect();
    let words = match words.first() {
        Some(&"the") | Some(&"a") | Some(&"an") => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: [u32; 3],
    fp: [u32; 3],
    fn_: [u32; 3],
    speaker_ok: u32,
    speaker_total: u32,
    sentences: u32,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        for i in 0..3 {
            self.tp[i] += o.tp[i];
            self.fp[i] += o.fp[i];
            self.fn_[i] += o.fn_[i];
        }
        self.speaker_ok += o.speaker_ok;
        self.speaker_total += o.speaker_total;
        self.sentences += o.sentences;
    }
    fn precision(&self, t: Tag) -> f64 {
        let i = t.index();
        ratio(self.tp[i], self.tp[i] + self.fp[i])
    }
    fn recall(&self, t: Tag) -> f64 {
        let i = t.index();
        ratio(self.tp[i], self.tp[i] + self.fn_[i])
    }
    fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_ok, self.speaker_total)
    }
    fn table(&self, name: &str) -> String {
        let mut s = format!(
            "{name} ({} sentences)\n  tag      precision  recall   tp  fp  fn\n",
            self.sentences
        );
        for t in Tag::ALL {
            let i = t.index();
            s.push_str(&format!(
                "  {:<8} {:>9.2} {:>7.2} {:>4} {:>3} {:>3}\n",
                t.name(),
                self.precision(t),
                self.recall(t),
                self.tp[i],
                self.fp[i],
                self.fn_[i]
            ));
        }
        s.push_str(&format!(
            "  speaker accuracy on correct quotes: {:.2} ({}/{})\n",
            self.speaker_accuracy(),
            self.speaker_ok,
            self.speaker_total
        ));
        s
    }
}

/// 1.0 when there is nothing to count (no suggestion and no gold of a tag).
fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        1.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

fn evaluate(name: &str, text: &str, gold_tsv: &str, log: &mut String) -> Counts {
    let doc = parse_article(text);
    let gold = parse_gold(gold_tsv);
    let sugg: BTreeMap<u32, Suggestion> = suggest(&doc)
        .into_iter()
        .map(|s| (s.sentence.number(), s))
        .collect();
    for n in gold.keys() {
        assert!(
            (*n as usize) <= doc.sentences.len(),
            "{name}: gold names s{n} but the article has {} sentences",
            doc.sentences.len()
        );
    }
    let mut c = Counts {
        sentences: doc.sentences.len() as u32,
        ..Counts::default()
    };
    for s in &doc.sentences {
        let n = s.id.number();
        let g = gold.get(&n).cloned().unwrap_or(Gold {
            tag: None,
            speaker: None,
        });
        let got = sugg.get(&n);
        let got_tag = got.map(|x| x.tag);
        match (g.tag, got_tag) {
            (Some(a), Some(b)) if a == b => c.tp[a.index()] += 1,
            (a, b) => {
                if let Some(a) = a {
                    c.fn_[a.index()] += 1;
                }
                if let Some(b) = b {
                    c.fp[b.index()] += 1;
                }
            }
        }
        let mut speaker_note = String::new();
        if g.tag == Some(Tag::Quote) && got_tag == Some(Tag::Quote) {
            if let Some(gs) = &g.speaker {
                c.speaker_total += 1;
                let gots = got.and_then(|x| x.speaker.as_deref());
                if gots.map(norm_speaker) == Some(norm_speaker(gs)) {
                    c.speaker_ok += 1;
                } else {
                    speaker_note = format!(" speaker {gots:?}, gold {gs:?}");
                }
            }
        }
        if g.tag != got_tag || !speaker_note.is_empty() {
            log.push_str(&format!(
                "  {name} s{n}: gold {} got {}{speaker_note}\n      {}\n      reason: {}\n",
                g.tag.map_or("none", Tag::name),
                got_tag.map_or("none", Tag::name),
                s.text(&doc),
                got.map_or("-", |x| x.reason.as_str()),
            ));
        }
    }
    c
}

#[test]
fn suggester_quality() {
    let mut log = String::new();
    let seed = evaluate("voa", SEED, SEED_GOLD, &mut log);
    let mut report = String::from("\n=== Suggester evaluation ===\n");
    report.push_str(&seed.table("seed article voa-counterespionage"));
    let mut unseen = Counts::default();
    for (name, text, gold) in UNSEEN {
        let c = evaluate(name, text, gold, &mut log);
        report.push_str(&c.table(name));
        unseen.add(&c);
    }
    report.push_str(&unseen.table("ALL OWN ARTICLES (written with the rules)"));
    let mut held = Counts::default();
    for (name, text, gold) in HELD_OUT {
        let c = evaluate(name, text, gold, &mut log);
        report.push_str(&c.table(name));
        held.add(&c);
    }
    report.push_str(&held.table("ALL HELD-OUT ARTICLES"));
    report.push_str("Disagreements:\n");
    report.push_str(if log.is_empty() { "  none\n" } else { &log });
    println!("{report}");

    // Seed article floors.
    assert!(seed.precision(Tag::Quote) >= 0.9, "{report}");
    assert!(seed.recall(Tag::Quote) >= 0.9, "{report}");
    assert!(seed.recall(Tag::Denial) >= 1.0, "{report}");
    assert!(seed.precision(Tag::Denial) >= 1.0, "{report}");
    assert!(seed.precision(Tag::Claim) >= 0.85, "{report}");
    assert!(seed.recall(Tag::Claim) >= 0.85, "{report}");
    assert!(seed.speaker_accuracy() >= 0.9, "{report}");
    // Own articles floors.
    assert!(unseen.precision(Tag::Quote) >= 0.85, "{report}");
    assert!(unseen.recall(Tag::Quote) >= 0.85, "{report}");
    assert!(unseen.precision(Tag::Denial) >= 0.8, "{report}");
    assert!(unseen.recall(Tag::Denial) >= 0.85, "{report}");
    assert!(unseen.precision(Tag::Claim) >= 0.8, "{report}");
    assert!(unseen.recall(Tag::Claim) >= 0.85, "{report}");
    assert!(unseen.speaker_accuracy() >= 0.8, "{report}");
}

#[test]
fn gold_files_cover_the_seed_article() {
    let doc = parse_article(SEED);
    let gold = parse_gold(SEED_GOLD);
    assert_eq!(doc.sentences.len(), 19);
    assert_eq!(gold.len(), 19);
}
