//! Measuring suggestions against hand-written gold: the figures the
//! evaluation test, `glossa-cli suggest --eval` and the learning curve
//! report.
//!
//! Gold is a TSV with one line per sentence: `number  tags  speakers  note`
//! (format in `tests/data/suggest/README.md`). `tags` is the primary tag
//! (`claim`, `denial`, `quote` or `none`), then the other acceptable ones,
//! joined by `|`; `speakers` lists acceptable speakers joined by `|`, or `-`.
//!
//! Per article: the **acceptable share** (sentences whose suggested tag, or
//! the absence of one, is among the acceptable tags), the **primary match**
//! (the suggested tag is the primary tag) and the **speaker accuracy**: over
//! the sentences for which `quote` is acceptable and a speaker is given, the
//! share whose suggestion names one of the gold speakers (a sentence with no
//! suggestion, or no speaker, counts as wrong).

use super::learn::{Decision, Learner};
use super::{suggest, Suggestion};
use crate::annotation::Tag;
use crate::article::Document;
use std::collections::BTreeMap;

/// One gold line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldLine {
    /// The tag a careful annotator would choose first (`None`: no tag).
    pub primary: Option<Tag>,
    /// Every acceptable answer, the primary first.
    pub acceptable: Vec<Option<Tag>>,
    /// Acceptable speakers, the fullest form first; empty when not given.
    pub speakers: Vec<String>,
}

/// Parses gold TSV; sentence numbers are 1-based. Errors name the line.
pub fn parse_gold(tsv: &str) -> Result<BTreeMap<u32, GoldLine>, String> {
    let mut out = BTreeMap::new();
    for (ln, line) in tsv.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let n: u32 = cols
            .first()
            .and_then(|c| c.trim().parse().ok())
            .ok_or_else(|| format!("gold line {}: bad sentence number", ln + 1))?;
        let mut acceptable = Vec::new();
        for t in cols.get(1).copied().unwrap_or("none").split('|') {
            let t = t.trim();
            let tag = match t {
                "none" | "" => None,
                _ => Some(
                    Tag::from_name(t)
                        .ok_or_else(|| format!("gold line {}: unknown tag {t:?}", ln + 1))?,
                ),
            };
            if !acceptable.contains(&tag) {
                acceptable.push(tag);
            }
        }
        let speakers = cols
            .get(2)
            .map(|s| {
                s.split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty() && *s != "-")
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let g = GoldLine {
            primary: acceptable.first().copied().flatten(),
            acceptable,
            speakers,
        };
        if out.insert(n, g).is_some() {
            return Err(format!("gold line {}: sentence {n} twice", ln + 1));
        }
    }
    Ok(out)
}

/// Speakers compare ignoring case, curly apostrophes, honorifics and a
/// leading article: `Dr. Amina Yusuf` = `Amina Yusuf`, but not `Yusuf`.
pub fn same_speaker(a: &str, b: &str) -> bool {
    let x = norm_speaker(a);
    !x.is_empty() && x == norm_speaker(b)
}

fn norm_speaker(s: &str) -> String {
    let lower = s.to_lowercase().replace('’', "'");
    let words: Vec<&str> = lower
        .split_whitespace()
        .filter(|w| !super::words::HONORIFICS.contains(&w.trim_end_matches('.')))
        .collect();
    let words = match words.first() {
        Some(&"the") | Some(&"a") | Some(&"an") => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

/// The figures for one article (or several added together).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub sentences: u32,
    pub acceptable: u32,
    pub primary: u32,
    pub speaker_ok: u32,
    pub speaker_total: u32,
    /// Per tag (`Tag::index`): suggested and primary, suggested but not
    /// primary, primary but not suggested.
    pub tp: [u32; 3],
    pub fp: [u32; 3],
    pub fn_: [u32; 3],
}

impl Score {
    pub fn add(&mut self, o: &Score) {
        self.sentences += o.sentences;
        self.acceptable += o.acceptable;
        self.primary += o.primary;
        self.speaker_ok += o.speaker_ok;
        self.speaker_total += o.speaker_total;
        for i in 0..3 {
            self.tp[i] += o.tp[i];
            self.fp[i] += o.fp[i];
            self.fn_[i] += o.fn_[i];
        }
    }
    pub fn acceptable_share(&self) -> f64 {
        ratio(self.acceptable, self.sentences)
    }
    pub fn primary_share(&self) -> f64 {
        ratio(self.primary, self.sentences)
    }
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_ok, self.speaker_total)
    }
    pub fn precision(&self, t: Tag) -> f64 {
        let i = t.index();
        ratio(self.tp[i], self.tp[i] + self.fp[i])
    }
    pub fn recall(&self, t: Tag) -> f64 {
        let i = t.index();
        ratio(self.tp[i], self.tp[i] + self.fn_[i])
    }
    /// One line: `acceptable 0.94 (16/17)  primary 0.82 (14/17)  speaker 0.75 (6/8)`.
    pub fn line(&self) -> String {
        format!(
            "acceptable {:.2} ({}/{})  primary {:.2} ({}/{})  speaker {:.2} ({}/{})",
            self.acceptable_share(),
            self.acceptable,
            self.sentences,
            self.primary_share(),
            self.primary,
            self.sentences,
            self.speaker_accuracy(),
            self.speaker_ok,
            self.speaker_total
        )
    }
}

/// 1.0 when there is nothing to count.
fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        1.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

/// One sentence where the suggestion and the gold disagree.
#[derive(Clone, Debug)]
pub struct Miss {
    pub sentence: u32,
    pub gold: GoldLine,
    pub got: Option<Suggestion>,
    pub text: String,
    /// `tag`: the tag is not acceptable; `primary`: acceptable but not the
    /// primary; `speaker`: the speaker is wrong.
    pub kind: &'static str,
}

impl Miss {
    pub fn describe(&self) -> String {
        let tags: Vec<&str> = self
            .gold
            .acceptable
            .iter()
            .map(|t| t.map_or("none", Tag::name))
            .collect();
        let got = self.got.as_ref();
        format!(
            "s{} [{}] gold {} {:?} got {} {:?}\n      {}\n      reason: {}",
            self.sentence,
            self.kind,
            tags.join("|"),
            self.gold
                .speakers
                .first()
                .map(String::as_str)
                .unwrap_or("-"),
            got.map_or("none", |g| g.tag.name()),
            got.and_then(|g| g.speaker.as_deref()).unwrap_or("-"),
            self.text,
            got.map_or("-", |g| g.reason.as_str())
        )
    }
}

/// Scores `suggestions` for `doc` against `gold`. Gold numbers past the
/// end of the document are an error (the gold was written for other text).
pub fn score(
    doc: &Document,
    suggestions: &[Suggestion],
    gold: &BTreeMap<u32, GoldLine>,
) -> Result<(Score, Vec<Miss>), String> {
    if let Some((&n, _)) = gold.iter().next_back() {
        if n as usize > doc.sentences.len() || n == 0 {
            return Err(format!(
                "gold names s{n} but the article has {} sentences",
                doc.sentences.len()
            ));
        }
    }
    let by: BTreeMap<u32, &Suggestion> = suggestions
        .iter()
        .map(|s| (s.sentence.number(), s))
        .collect();
    let none = GoldLine {
        primary: None,
        acceptable: vec![None],
        speakers: Vec::new(),
    };
    let mut sc = Score {
        sentences: doc.sentences.len() as u32,
        ..Score::default()
    };
    let mut misses = Vec::new();
    for s in &doc.sentences {
        let n = s.id.number();
        let g = gold.get(&n).unwrap_or(&none);
        let got = by.get(&n).copied();
        let tag = got.map(|x| x.tag);
        let miss = |kind| Miss {
            sentence: n,
            gold: g.clone(),
            got: got.cloned(),
            text: s.text(doc).to_string(),
            kind,
        };
        if g.acceptable.contains(&tag) {
            sc.acceptable += 1;
        } else {
            misses.push(miss("tag"));
        }
        if tag == g.primary {
            sc.primary += 1;
            if let Some(t) = tag {
                sc.tp[t.index()] += 1;
            }
        } else {
            if let Some(t) = g.primary {
                sc.fn_[t.index()] += 1;
            }
            if let Some(t) = tag {
                sc.fp[t.index()] += 1;
            }
            if g.acceptable.contains(&tag) {
                misses.push(miss("primary"));
            }
        }
        if !g.speakers.is_empty() && g.acceptable.contains(&Some(Tag::Quote)) {
            sc.speaker_total += 1;
            let said = got.and_then(|x| x.speaker.as_deref());
            if said.is_some_and(|sp| g.speakers.iter().any(|gs| same_speaker(sp, gs))) {
                sc.speaker_ok += 1;
            } else {
                misses.push(miss("speaker"));
            }
        }
    }
    Ok((sc, misses))
}

/// What a person does with one sentence whose gold is `g`, given the
/// suggestion shown: accept it when it is the primary tag; otherwise reject
/// it and tag the sentence themselves (with the fullest gold speaker).
pub fn decisions_for(g: &GoldLine, shown: Option<&Suggestion>) -> Vec<Decision> {
    let mut out = Vec::new();
    match (shown.map(|s| s.tag), g.primary) {
        (Some(t), Some(p)) if t == p => out.push(Decision::Accepted(t)),
        (shown_tag, primary) => {
            if let Some(t) = shown_tag {
                out.push(Decision::Rejected(t));
            }
            if let Some(p) = primary {
                out.push(Decision::Tagged {
                    tag: p,
                    speaker: if p == Tag::Quote {
                        g.speakers.first().cloned()
                    } else {
                        None
                    },
                });
            }
        }
    }
    out
}

/// Plays a person annotating `doc` with `gold`, sentence by sentence, each
/// decision observed by `learner` before the next suggestion is shown.
pub fn annotate(learner: &mut Learner, doc: &Document, gold: &BTreeMap<u32, GoldLine>) {
    let rules = suggest(doc);
    let none = GoldLine {
        primary: None,
        acceptable: vec![None],
        speakers: Vec::new(),
    };
    for s in &doc.sentences {
        let g = gold.get(&s.id.number()).unwrap_or(&none);
        let shown = learner.adjust(doc, &rules);
        let shown = shown.iter().find(|x| x.sentence == s.id);
        for d in decisions_for(g, shown) {
            learner.observe(doc, &rules, s.id, &d);
        }
    }
}

/// The learning curve: for each `k` in `ks`, the primary-tag match on the
/// documents left after a person has annotated the first `k`, averaged
/// over every rotation of `docs` (each document takes its turn first). The
/// documents scored are the same for every `k` of a rotation: those after
/// the largest `k`.
pub fn learning_curve(
    docs: &[(Document, BTreeMap<u32, GoldLine>)],
    ks: &[usize],
) -> Vec<(usize, f64)> {
    let max_k = ks.iter().copied().max().unwrap_or(0);
    let mut hit = vec![0u64; ks.len()];
    let mut all = vec![0u64; ks.len()];
    if docs.len() <= max_k {
        return ks.iter().map(|&k| (k, 0.0)).collect();
    }
    for r in 0..docs.len() {
        let order: Vec<&(Document, BTreeMap<u32, GoldLine>)> = (0..docs.len())
            .map(|i| &docs[(r + i) % docs.len()])
            .collect();
        let mut learner = Learner::new();
        let mut trained = 0;
        for (ki, &k) in ks.iter().enumerate() {
            while trained < k {
                let (d, g) = order[trained];
                annotate(&mut learner, d, g);
                trained += 1;
            }
            for (d, g) in &order[max_k..] {
                let sugg = learner.suggest(d);
                if let Ok((sc, _)) = score(d, &sugg, g) {
                    hit[ki] += u64::from(sc.primary);
                    all[ki] += u64::from(sc.sentences);
                }
            }
        }
    }
    ks.iter()
        .enumerate()
        .map(|(i, &k)| {
            (
                k,
                if all[i] == 0 {
                    0.0
                } else {
                    hit[i] as f64 / all[i] as f64
                },
            )
        })
        .collect()
}

/// The gold of a person who tags reported speech without quotation marks
/// as a claim: every sentence whose primary tag is `quote` and that has no
/// quotation mark becomes a `claim` (quote stays acceptable).
pub fn indirect_as_claim(
    doc: &Document,
    gold: &BTreeMap<u32, GoldLine>,
) -> BTreeMap<u32, GoldLine> {
    let mut out = gold.clone();
    for s in &doc.sentences {
        // `’` alone is an apostrophe (`Britain’s`), not a quotation mark.
        let quoted = s.text(doc).contains(['“', '”', '"', '‘', '«', '»']);
        if let Some(g) = out.get_mut(&s.id.number()) {
            if g.primary == Some(Tag::Quote) && !quoted {
                g.primary = Some(Tag::Claim);
                g.acceptable.retain(|t| *t != Some(Tag::Claim));
                g.acceptable.insert(0, Some(Tag::Claim));
            }
        }
    }
    out
}
