//! Learning from the person: every accept, reject and tag they make adjusts
//! the suggestions for the rest of the document and for every document of
//! the project. Offline, deterministic, in the core.
//!
//! The model is a small linear classifier over four answers (`claim`,
//! `denial`, `quote`, no tag) whose starting point is the rules: the rule's
//! own answer gets a fixed vote ([`RULE_VOTE`]), and learned weights over a
//! sentence's features are added to it. The features are the rule's answer,
//! the kind of its reason (`indirect speech`, `statement of fact`, …), its
//! cue word, whether the sentence is quoted or a question, and the words
//! and word pairs of the sentence. Each decision is one passive-aggressive
//! update (Crammer et al., 2006): when the model's answer for that sentence
//! is not the person's by a margin, the weights move just enough (capped)
//! to make it so. Until the person disagrees with the rules, nothing
//! changes; one disagreement changes the sentences like it.
//!
//! A quote's speaker corrected by the person (`Dr` → `Dr. Amina Yusuf`) is
//! remembered for that document: the same rule speaker is then replaced.
//!
//! The learner is plain data ([`Learner::to_json`], [`Learner::from_json`]):
//! keep one per project and start a new one to reset it.

use super::{suggest, Suggestion};
use crate::annotation::Tag;
use crate::article::Document;
use crate::ids::SentenceId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The rule's vote for its own answer, in the units of the learned weights.
pub const RULE_VOTE: f64 = 1.0;
/// Margin an answer must win by before a decision stops moving weights.
const MARGIN: f64 = 1.0;
/// How much more a rule-level feature (answer, reason kind, cue) counts
/// than a word.
const RULE_FEATURE: f64 = 3.0;
/// The largest step one decision may take (passive-aggressive `C`).
const MAX_STEP: f64 = 0.6;
/// Words of a sentence used as features (the rest are ignored).
const MAX_WORDS: usize = 40;

/// What the person did with a sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// They accepted the suggestion shown, which had this tag.
    Accepted(Tag),
    /// They rejected the suggestion shown, which had this tag.
    Rejected(Tag),
    /// They tagged the sentence themselves (with a speaker, for a quote).
    Tagged { tag: Tag, speaker: Option<String> },
}

/// Learned adjustments to the rules, for one project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Learner {
    /// Feature -> weight per answer (`Tag::index`, then 3 = no tag).
    weights: BTreeMap<String, [f64; 4]>,
    /// Feature -> how many decisions moved its weights.
    support: BTreeMap<String, u32>,
    /// (document SHA-256, rule speaker) -> the speaker the person gave.
    speakers: BTreeMap<String, String>,
    /// Decisions observed.
    decisions: u32,
    /// Decisions that moved the weights.
    updates: u32,
}

const NONE: usize = 3;

/// A feature's value: rule-level features weigh more than words.
fn value(f: &str) -> f64 {
    if f.starts_with("w:") || f.starts_with("b:") {
        1.0
    } else {
        RULE_FEATURE
    }
}

/// 1 / the length of the feature vector, so that every sentence's vector
/// has length 1.
fn scale(feats: &[String]) -> f64 {
    let n: f64 = feats.iter().map(|f| value(f) * value(f)).sum();
    if n > 0.0 {
        1.0 / n.sqrt()
    } else {
        1.0
    }
}

fn answer_index(t: Option<Tag>) -> usize {
    t.map_or(NONE, Tag::index)
}

fn answer_tag(i: usize) -> Option<Tag> {
    Tag::ALL.get(i).copied()
}

/// The features of one sentence, given the rule's suggestion for it.
fn features(text: &str, rule: Option<&Suggestion>) -> Vec<String> {
    let mut f = Vec::with_capacity(2 * MAX_WORDS + 6);
    f.push(format!("rule:{}", rule.map_or("none", |r| r.tag.name())));
    if let Some(r) = rule {
        f.push(format!("kind:{}", reason_kind(&r.reason)));
        if let Some(c) = &r.cue {
            f.push(format!("cue:{}", c.to_lowercase()));
        }
        f.push(format!("has-speaker:{}", r.speaker.is_some()));
    }
    if text.contains(['“', '”', '"', '«', '»']) {
        f.push("quoted".into());
    }
    if text
        .trim_end()
        .trim_end_matches(['”', '"', '’', '»', ')'])
        .ends_with('?')
    {
        f.push("question".into());
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_lowercase)
        .collect();
    for w in &words {
        f.push(format!("w:{w}"));
    }
    for p in words.windows(2) {
        f.push(format!("b:{} {}", p[0], p[1]));
    }
    crate::sort::sort(&mut f);
    f.dedup();
    f
}

/// The rule's reason without its particulars: `indirect speech`,
/// `quotation`, `statement of fact`, `denial`, `figure`, ….
fn reason_kind(reason: &str) -> &'static str {
    const KINDS: &[(&str, &str)] = &[
        ("indirect speech", "indirect speech"),
        ("denial in quoted", "denial in quoted words"),
        ("quotation", "quotation"),
        ("accusation", "accusation"),
        ("according to", "according to"),
        ("figure", "figure"),
        ("statement of fact", "statement of fact"),
        ("\"", "denial"),
    ];
    KINDS
        .iter()
        .find(|(p, _)| reason.starts_with(p))
        .map_or("other", |(_, k)| k)
}

impl Learner {
    pub fn new() -> Learner {
        Learner::default()
    }

    /// How many decisions it has seen.
    pub fn decisions(&self) -> u32 {
        self.decisions
    }

    fn scores(&self, feats: &[String], rule: Option<Tag>) -> ([f64; 4], [f64; 4]) {
        let x = scale(feats);
        let mut learned = [0.0; 4];
        for f in feats {
            if let Some(w) = self.weights.get(f) {
                for (l, wi) in learned.iter_mut().zip(w) {
                    *l += wi * x * value(f);
                }
            }
        }
        let mut total = learned;
        total[answer_index(rule)] += RULE_VOTE;
        (total, learned)
    }

    /// Best answer; ties go to the rule's answer, then to the lower index.
    fn best(total: &[f64; 4], rule: usize, except: Option<usize>) -> usize {
        let mut best = None::<usize>;
        for i in [rule, 0, 1, 2, 3] {
            if Some(i) == except {
                continue;
            }
            if best.is_none_or(|b| total[i] > total[b] + 1e-12) {
                best = Some(i);
            }
        }
        best.unwrap_or(rule)
    }

    /// Records one decision on sentence `sentence` of `doc`. `rules` are
    /// the rule suggestions for `doc` ([`suggest`]); the features come from
    /// them, so the learner needs no other state of the document.
    pub fn observe(
        &mut self,
        doc: &Document,
        rules: &[Suggestion],
        sentence: SentenceId,
        decision: &Decision,
    ) {
        let Some(s) = doc.sentences.get(sentence.index()) else {
            return;
        };
        let rule = find(rules, sentence);
        self.decisions += 1;
        let gold = match decision {
            Decision::Accepted(t) => Some(*t),
            Decision::Rejected(_) => None,
            Decision::Tagged { tag, .. } => Some(*tag),
        };
        if let (
            Decision::Tagged {
                speaker: Some(sp), ..
            },
            Some(r),
        ) = (decision, rule)
        {
            if let Some(rs) = &r.speaker {
                if rs != sp && !sp.trim().is_empty() {
                    self.speakers
                        .insert(speaker_key(doc, rs), sp.trim().to_string());
                }
            }
        }
        let feats = features(s.text(doc), rule);
        let ri = answer_index(rule.map(|r| r.tag));
        let (total, _) = self.scores(&feats, rule.map(|r| r.tag));
        let g = answer_index(gold);
        let rival = Self::best(&total, ri, Some(g));
        let margin = total[g] - total[rival];
        if margin >= MARGIN {
            return;
        }
        // ||x||² = 1 (features scaled by 1/sqrt(n)); the update moves the
        // margin by 2·step.
        let step = ((MARGIN - margin) / 2.0).min(MAX_STEP);
        let x = scale(&feats);
        for f in feats {
            let v = x * value(&f);
            let w = self.weights.entry(f.clone()).or_insert([0.0; 4]);
            w[g] += step * v;
            w[rival] -= step * v;
            *self.support.entry(f).or_insert(0) += 1;
        }
        self.updates += 1;
    }

    /// The rule suggestions for `doc`, adjusted by what was learned.
    pub fn suggest(&self, doc: &Document) -> Vec<Suggestion> {
        let rules = suggest(doc);
        self.adjust(doc, &rules)
    }

    /// Adjusts rule suggestions already computed for `doc` (one per
    /// sentence at most, in order). Cheap when nothing was learned.
    pub fn adjust(&self, doc: &Document, rules: &[Suggestion]) -> Vec<Suggestion> {
        self.adjust_range(doc, rules, 0..doc.sentences.len())
    }

    /// [`Learner::adjust`] for the sentences at `range` (indices) only: a
    /// long document is adjusted a slice at a time by joining the ranges'
    /// answers in order (the app does, so that a key never waits for it).
    pub fn adjust_range(
        &self,
        doc: &Document,
        rules: &[Suggestion],
        range: std::ops::Range<usize>,
    ) -> Vec<Suggestion> {
        let sentences = doc.sentences.get(range.clone()).unwrap_or_default();
        if self.updates == 0 && self.speakers.is_empty() {
            return rules
                .iter()
                .filter(|r| range.contains(&r.sentence.index()))
                .cloned()
                .collect();
        }
        let mut out = Vec::with_capacity(sentences.len() / 2);
        for s in sentences {
            let rule = find(rules, s.id);
            let mut sg = if self.updates == 0 {
                rule.cloned()
            } else {
                self.decide(doc, s.id, s.text(doc), rule)
            };
            if let Some(x) = sg.as_mut() {
                if let Some(sp) = x.speaker.as_ref() {
                    if let Some(fix) = self.speakers.get(&speaker_key(doc, sp)) {
                        x.reason = format!("{} (speaker as you corrected it: {fix})", x.reason);
                        x.speaker = Some(fix.clone());
                    }
                }
            }
            if let Some(x) = sg {
                out.push(x);
            }
        }
        out
    }

    fn decide(
        &self,
        _doc: &Document,
        id: SentenceId,
        text: &str,
        rule: Option<&Suggestion>,
    ) -> Option<Suggestion> {
        let feats = features(text, rule);
        let rtag = rule.map(|r| r.tag);
        let ri = answer_index(rtag);
        let (total, learned) = self.scores(&feats, rtag);
        let b = Self::best(&total, ri, None);
        // What it learned from: the feature that pushed hardest towards the
        // answer, and how many decisions moved it.
        let x = scale(&feats);
        let strongest = feats
            .iter()
            .filter_map(|f| {
                let w = self.weights.get(f)?;
                let push = if b == ri { w[b] } else { w[b] - w[ri] };
                Some((push * x * value(f), f))
            })
            .filter(|(p, _)| *p > 0.0)
            .max_by(|a, b2| a.0.total_cmp(&b2.0).then_with(|| b2.1.cmp(a.1)));
        let note = |verb: &str| match strongest {
            Some((_, f)) => format!(
                "{verb} from {} of your decisions (like {})",
                self.support.get(f).copied().unwrap_or(0),
                describe_feature(f)
            ),
            None => format!("{verb} from your decisions"),
        };
        if b == ri {
            let mut r = rule?.clone();
            if learned[ri] > 0.0 && strongest.is_some() {
                r.reason = format!("{}; {}", r.reason, note("confirmed"));
            }
            return Some(r);
        }
        let tag = answer_tag(b)?;
        let was = rule.map_or_else(
            || "no suggestion by the rules".to_string(),
            |r| format!("rules said {}", r.tag.name()),
        );
        Some(Suggestion {
            sentence: id,
            tag,
            reason: format!("{}; {was}", note("learned")),
            speaker: rule.and_then(|r| r.speaker.clone()),
            cue: rule.and_then(|r| r.cue.clone()),
        })
    }

    /// The learner as JSON, to keep with the project.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }

    pub fn from_json(s: &str) -> Result<Learner, String> {
        serde_json::from_str(s).map_err(|e| format!("learner state: {e}"))
    }
}

fn speaker_key(doc: &Document, speaker: &str) -> String {
    format!("{}\u{1f}{speaker}", doc.text_sha256)
}

fn find(rules: &[Suggestion], id: SentenceId) -> Option<&Suggestion> {
    rules
        .binary_search_by_key(&id.index(), |s| s.sentence.index())
        .ok()
        .and_then(|k| rules.get(k))
}

fn describe_feature(f: &str) -> String {
    match f.split_once(':') {
        Some(("w", w)) => format!("the word “{w}”"),
        Some(("b", w)) => format!("“{w}”"),
        Some(("kind", k)) => format!("“{k}”"),
        Some(("cue", c)) => format!("the cue “{c}”"),
        Some(("rule", r)) => format!("the rules’ {r}"),
        _ => format!("“{f}”"),
    }
}
