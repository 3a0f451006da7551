//! The analysis: one pass tokenizes every sentence and tracks quotation
//! spans across sentences and paragraphs; then [`Analysis::decide`] picks
//! each sentence's tag from the cues, remembering recent speakers to
//! resolve pronouns and lone surnames.

use super::cues::{
    attribution_at, find_according_to, find_accusation, find_denial, find_figure, indirect_speech,
    is_boilerplate,
};
use super::entities::Entities;
use super::phrases::{joined, looks_like_person, object_after, subject_before};
use super::tokens::{tokenize, Lexicon, QKind, Tok};
use super::words::{
    ARTICLES, DOC_NOUNS, FINDING_VERBS, PERSON_ROLES, PLURAL_QUANTIFIERS, PRONOUNS, TITLES,
};
use super::Suggestion;
use crate::annotation::Tag;
use crate::article::Document;
use crate::ids::SentenceId;

#[derive(Clone, Debug)]
struct Span {
    first: usize,
    last: usize,
    paragraph: usize,
    words: usize,
    /// Computed once, when the span is first needed.
    attr: Option<Option<Attribution>>,
}

#[derive(Clone, Debug)]
struct Attribution {
    cue: String,
    speaker: Option<String>,
    /// The pronoun as written, when the speaker came from one (or stayed unresolved).
    pronoun: Option<String>,
}

struct SentInfo<'a> {
    toks: Vec<Tok<'a>>,
    spans: Vec<usize>,
    /// The sentence's first token is inside a quotation.
    starts_quoted: bool,
    question: bool,
}

#[derive(Clone, Debug)]
struct Known {
    name: String,
    person: bool,
    plural: bool,
    /// The sentence where it was last a speaker or actor.
    sentence: usize,
}

pub(super) struct Analysis<'a> {
    doc: &'a Document,
    sents: Vec<SentInfo<'a>>,
    spans: Vec<Span>,
    /// Recent named speakers and actors, most recent last (bounded).
    history: Vec<Known>,
    /// The people and organisations the article names, in order.
    ents: Entities,
}

const HISTORY: usize = 32;

/// The first pass, a sentence at a time: tokens, and quotation spans
/// tracked across sentences and paragraphs. A span's `last` sentence is
/// known only once the quotation closes, so no sentence is decided before
/// the whole document is read.
pub(super) struct Reading<'a> {
    doc: &'a Document,
    lex: Lexicon,
    sents: Vec<SentInfo<'a>>,
    spans: Vec<Span>,
    open: Option<(QKind, usize)>,
    carry: Option<usize>,
    single_close: Option<usize>,
    /// The paragraph being read.
    paragraph: usize,
    /// Its sentences not read yet (`None` before its first).
    rest: Option<std::ops::Range<usize>>,
}

impl<'a> Reading<'a> {
    pub(super) fn new(doc: &'a Document) -> Reading<'a> {
        Reading {
            doc,
            lex: Lexicon::new(),
            sents: Vec::with_capacity(doc.sentences.len()),
            spans: Vec::new(),
            open: None,
            carry: None,
            single_close: None,
            paragraph: 0,
            rest: None,
        }
    }

    /// Reads up to `*budget` sentences (taking them off it); true when
    /// every paragraph has been read.
    pub(super) fn step(&mut self, budget: &mut usize) -> bool {
        let doc = self.doc;
        loop {
            let Some(p) = doc.paragraphs.get(self.paragraph) else {
                return true;
            };
            if *budget == 0 {
                return false;
            }
            let rest = self.rest.get_or_insert_with(|| p.sentences.clone());
            match rest.next() {
                Some(si) => {
                    *budget -= 1;
                    if let Some(sent) = doc.sentences.get(si) {
                        self.sentence(si, sent.text(doc));
                    }
                }
                None => {
                    self.end_paragraph();
                    self.paragraph += 1;
                    self.rest = None;
                }
            }
        }
    }

    fn sentence(&mut self, si: usize, text: &'a str) {
        let pi = self.paragraph;
        let start_open = self.open.map(|(_, id)| id);
        let toks = {
            let spans_ref = &mut self.spans;
            let mut mk = || {
                spans_ref.push(Span {
                    first: si,
                    last: si,
                    paragraph: pi,
                    words: 0,
                    attr: None,
                });
                spans_ref.len() - 1
            };
            tokenize(
                &self.lex,
                text,
                &mut self.open,
                &mut self.carry,
                &mut self.single_close,
                &mut mk,
            )
        };
        let mut touched: Vec<usize> = start_open.into_iter().collect();
        for t in &toks {
            if let Some(id) = t.span {
                if !touched.contains(&id) {
                    touched.push(id);
                }
                if let Some(sp) = self.spans.get_mut(id) {
                    sp.words += 1;
                }
            }
        }
        for &id in &touched {
            if let Some(sp) = self.spans.get_mut(id) {
                sp.last = si;
            }
        }
        self.sents.push(SentInfo {
            toks,
            spans: touched,
            starts_quoted: start_open.is_some()
                || text.trim_start().starts_with(['“', '"', '«', '‘']),
            question: ends_with_question(text),
        });
    }

    /// End of paragraph: a quotation left open continues only if the next
    /// paragraph opens with a quotation mark.
    fn end_paragraph(&mut self) {
        let doc = self.doc;
        if let Some((kind, id)) = self.open.take() {
            let next_opens = doc
                .paragraphs
                .get(self.paragraph + 1)
                .and_then(|np| doc.slice(np.start, np.end))
                .is_some_and(|t| t.trim_start().starts_with(['“', '"', '«']));
            if next_opens && kind != QKind::Single {
                self.carry = Some(id);
            }
        } else {
            self.carry = None;
        }
    }
}

impl<'a> Analysis<'a> {
    /// The analysis of a document read to its end; its names are read by
    /// [`Analysis::name`], a sentence at a time, before any is decided.
    pub(super) fn new(read: Reading<'a>) -> Analysis<'a> {
        Analysis {
            doc: read.doc,
            sents: read.sents,
            spans: read.spans,
            history: Vec::new(),
            ents: Entities::default(),
        }
    }

    /// The number of sentences read (what `name` and `decide` take).
    pub(super) fn len(&self) -> usize {
        self.sents.len()
    }

    /// Lets go of up to `units` quotation spans (each with its
    /// attribution's words) and sentences' tokens, once every sentence is
    /// decided; returns how many it let go of. Nothing is left when
    /// `is_released`.
    pub(super) fn release(&mut self, units: usize) -> usize {
        let spans = units.min(self.spans.len());
        self.spans.truncate(self.spans.len() - spans);
        let sents = (units - spans).min(self.sents.len());
        self.sents.truncate(self.sents.len() - sents);
        spans + sents
    }

    pub(super) fn is_released(&self) -> bool {
        self.spans.is_empty() && self.sents.is_empty()
    }

    /// Reads the names of sentence `s`; every sentence, in order, before
    /// the first is decided (a surname resolves to a person the article
    /// names later, in the fullest form it uses anywhere).
    pub(super) fn name(&mut self, s: usize) {
        if let Some(info) = self.sents.get(s) {
            self.ents.read(s, &info.toks);
        }
    }

    fn remember(&mut self, name: &str, s: usize) {
        let name = name.trim();
        if name.is_empty() || PRONOUNS.iter().any(|p| p.eq_ignore_ascii_case(name)) {
            return;
        }
        let words: Vec<&str> = name.split_whitespace().collect();
        // A person by name, or described (`a nurse`, `the spokesman`).
        let described = words.len() <= 5
            && words
                .first()
                .is_some_and(|w| ARTICLES.iter().any(|a| a.eq_ignore_ascii_case(w)))
            && words.last().is_some_and(|w| {
                let w = w.to_lowercase();
                PERSON_ROLES.contains(&w.as_str()) || TITLES.contains(&w.as_str())
            });
        let person = looks_like_person(&words) || described;
        let plural = !person
            && (words
                .last()
                .is_some_and(|w| w.ends_with('s') && !w.ends_with("ss"))
                || words.first().is_some_and(|w| {
                    let w = w.to_lowercase();
                    PLURAL_QUANTIFIERS.contains(&w.as_str())
                        || w.chars().all(|c| c.is_ascii_digit())
                }));
        self.history.retain(|k| k.name != name);
        self.history.push(Known {
            name: name.to_string(),
            person,
            plural,
            sentence: s,
        });
        if self.history.len() > HISTORY {
            self.history.remove(0);
        }
    }

    /// Resolves pronouns, surnames, roles (`the spokesman`, `the
    /// ministry`) and documents (`the statement`) against what came before
    /// sentence `s`, and gives names in the fullest form the article uses.
    /// Returns (speaker, pronoun-as-written).
    fn resolve(&self, raw: &str, s: usize, pos: usize) -> (Option<String>, Option<String>) {
        let lower = raw.to_ascii_lowercase();
        let pick = |f: &dyn Fn(&Known) -> bool| self.history.iter().rev().find(|k| f(k));
        let full = |name: &str| {
            self.ents
                .person_named(name)
                .map_or_else(|| name.to_string(), |e| e.full.clone())
        };
        match lower.as_str() {
            "he" | "she" => {
                let spoke = pick(&|k| k.person);
                let named = self.ents.last_person(s);
                let who = match (spoke, named) {
                    (Some(k), Some((ns, id))) if ns > k.sentence => {
                        self.ents.get(id).map(|e| e.full.clone())
                    }
                    (Some(k), _) => Some(full(&k.name)),
                    (None, Some((_, id))) => self.ents.get(id).map(|e| e.full.clone()),
                    (None, None) => None,
                };
                (who, Some(raw.to_string()))
            }
            // `Environmental groups were denied entry, they said`: the
            // sentence's own plural subject first.
            "they" => (
                self.plural_subject(s, pos).or_else(|| {
                    pick(&|k| k.plural)
                        .or_else(|| pick(&|k| !k.person))
                        .map(|k| k.name.clone())
                }),
                Some(raw.to_string()),
            ),
            // `It said in a statement`: an organisation, before a document
            // it issued (`the authority’s own report`).
            "it" => {
                let spoke = pick(&|k| !k.person && !k.plural);
                let who = match spoke {
                    Some(k) if names_document(&k.name) => self
                        .ents
                        .last_org(s)
                        .map(|e| e.full.clone())
                        .or_else(|| Some(k.name.clone())),
                    Some(k) => Some(k.name.clone()),
                    None => None,
                };
                (who, Some(raw.to_string()))
            }
            "we" | "i" => (None, Some(raw.to_string())),
            _ => {
                if Entities::is_document(raw) {
                    // `the statement added`: whoever issued it.
                    let org = self
                        .ents
                        .org_before(s, pos)
                        .map(|e| e.full.clone())
                        .or_else(|| pick(&|k| !k.person).map(|k| k.name.clone()))
                        .or_else(|| self.ents.last_org(s).map(|e| e.full.clone()))
                        // `X said in a statement …. “…,” the statement said.`
                        .or_else(|| {
                            self.history
                                .last()
                                .filter(|k| k.sentence + 1 >= s)
                                .map(|k| k.name.clone())
                        });
                    if let Some(org) = org {
                        return (Some(org), None);
                    }
                    return (Some(raw.to_string()), None);
                }
                if let Some(e) = self.ents.by_role(raw, s) {
                    return (Some(e.full.clone()), None);
                }
                let head = lower.rsplit(' ').next().unwrap_or("");
                let role_word = lower.starts_with("the ") && !head.is_empty();
                if role_word {
                    // `the ministry` after `The energy ministry said`.
                    if let Some(k) = pick(&|k| {
                        k.name.to_lowercase().ends_with(head) && k.name.to_lowercase() != lower
                    }) {
                        return (Some(k.name.clone()), None);
                    }
                }
                (Some(full(raw)), None)
            }
        }
    }

    /// The attribution of a span: the first attribution verb outside the
    /// quoted words of its sentences that gives a speaker (else the first).
    fn span_attribution(&mut self, id: usize) -> Option<Attribution> {
        let sp = self.spans.get(id)?;
        if let Some(a) = &sp.attr {
            return a.clone();
        }
        let (first, last) = (sp.first, sp.last);
        let mut found: Option<Attribution> = None;
        'outer: for s in first..=last {
            let Some(info) = self.sents.get(s) else { break };
            for i in 0..info.toks.len() {
                if let Some((cue, speaker)) = attribution_at(&info.toks, i, false) {
                    let cand = self.make_attr(cue, speaker, s, i);
                    let good = cand.speaker.is_some();
                    if found.is_none() || good {
                        found = Some(cand);
                    }
                    if good {
                        break 'outer;
                    }
                }
            }
        }
        if let Some(sp) = self.spans.get_mut(id) {
            sp.attr = Some(found.clone());
        }
        found
    }

    fn make_attr(&self, cue: String, speaker: Option<String>, s: usize, pos: usize) -> Attribution {
        match speaker {
            Some(raw) => {
                let (speaker, pronoun) = self.resolve(&raw, s, pos);
                Attribution {
                    cue,
                    speaker,
                    pronoun,
                }
            }
            None => Attribution {
                cue,
                speaker: None,
                pronoun: None,
            },
        }
    }

    pub(super) fn decide(&mut self, s: usize) -> Option<Suggestion> {
        let sentence = self.doc.sentences.get(s)?;
        let id = sentence.id;
        let text = sentence.text(self.doc);
        if is_boilerplate(text) {
            return None;
        }
        let quote = self.quote_for(s);
        let info = self.sents.get(s)?;
        let toks = &info.toks;
        if info.question && quote.is_none() {
            return None;
        }
        let mk = |tag, reason: String, speaker: Option<String>, cue: Option<String>| Suggestion {
            sentence: id,
            tag,
            reason,
            speaker,
            cue,
        };
        // Denial.
        if let Some(d) = find_denial(toks) {
            let outside = !d.quoted;
            if outside || (d.strong && quote.is_some()) {
                let speaker = match (&quote, d.verb) {
                    (Some(q), _) if !outside => q.speaker.clone(),
                    (_, Some(vi)) => {
                        subject_before(toks, vi).and_then(|r| self.resolve(&r, s, vi).0)
                    }
                    (Some(q), None) => q.speaker.clone(),
                    _ => None,
                };
                let reason = if outside {
                    format!("\"{}\"", d.cue)
                } else {
                    format!(
                        "denial in quoted words: \"{}\"{}",
                        d.cue,
                        speaker_note(speaker.as_deref(), None)
                    )
                };
                if let Some(sp) = &speaker {
                    self.remember(&sp.clone(), s);
                }
                return Some(mk(Tag::Denial, reason, speaker, Some(d.cue)));
            }
        }
        // Direct quote.
        if let Some(q) = quote {
            if let Some(sp) = &q.speaker {
                self.remember(&sp.clone(), s);
            }
            return Some(mk(Tag::Quote, q.reason, q.speaker, q.cue));
        }
        // Indirect speech, unless the sentence is attributed with
        // `according to` (`According to the report, crews said …` is a claim).
        let according = find_according_to(toks).is_some_and(|i| !toks[i].quoted);
        // `posted what it said were samples`: words reported as someone's,
        // not someone speaking.
        let what = |raw: &str| {
            raw.split_whitespace()
                .any(|w| w.eq_ignore_ascii_case("what"))
        };
        if let Some((vi, raw)) = indirect_speech(toks).filter(|(_, raw)| !according && !what(raw)) {
            let (speaker, pronoun) = self.resolve(&raw, s, vi);
            let cue = toks[vi].text.to_string();
            let reason = format!(
                "indirect speech: \"{cue}\"{}",
                speaker_note(speaker.as_deref(), pronoun.as_deref())
            );
            if let Some(sp) = &speaker {
                self.remember(&sp.clone(), s);
            }
            return Some(mk(Tag::Quote, reason, speaker, Some(cue)));
        }
        // A document reporting: `An internal audit found that …`; `An audit
        // by the comptroller general found …` (the body named after `by`
        // speaks through it); `The report found` (whoever issued it).
        if let Some((vi, speaker)) = self.finding(toks, s) {
            let cue = toks[vi].text.to_string();
            let reason = format!(
                "a document's finding: \"{cue}\"{}",
                speaker_note(Some(&speaker), None)
            );
            self.remember(&speaker, s);
            return Some(mk(Tag::Quote, reason, Some(speaker), Some(cue)));
        }
        // Claim.
        if let Some((vi, cue)) = find_accusation(toks) {
            if let Some(subj) = subject_before(toks, vi) {
                if let (Some(name), _) = self.resolve(&subj, s, vi) {
                    self.remember(&name, s);
                }
            }
            let reason = format!("accusation: \"{cue}\"");
            return Some(mk(Tag::Claim, reason, None, Some(cue)));
        }
        if let Some(i) = find_according_to(toks) {
            let src = object_after(toks, i + 2, true);
            if let Some(src) = src {
                let src = self.resolve(&src, s, i).0.unwrap_or(src);
                let cue = joined(text, toks, i, i + 2).to_string();
                self.remember(&src, s);
                let reason = format!("according to {src}");
                return Some(mk(Tag::Claim, reason, Some(src), Some(cue)));
            }
        }
        if let Some(fig) = find_figure(toks) {
            let reason = format!("figure: \"{fig}\"");
            return Some(mk(Tag::Claim, reason, None, Some(fig)));
        }
        if toks.len() >= 5 {
            return Some(mk(Tag::Claim, "statement of fact".to_string(), None, None));
        }
        None
    }

    /// The direct quotation covering sentence `s`, if one qualifies.
    fn quote_for(&mut self, s: usize) -> Option<QuoteHit> {
        let spans = self.sents.get(s)?.spans.clone();
        let starts_quoted = self.sents.get(s)?.starts_quoted;
        let mut best: Option<QuoteHit> = None;
        for id in spans {
            let attr = self.span_attribution(id);
            let sp = self.spans.get(id)?.clone();
            let range = if sp.first == sp.last {
                "quotation marks".to_string()
            } else {
                format!(
                    "quotation {}–{}",
                    SentenceId(sp.first as u32),
                    SentenceId(sp.last as u32)
                )
            };
            let hit = match attr {
                Some(a) => QuoteHit {
                    reason: format!(
                        "{range} + \"{}\"{}",
                        a.cue,
                        speaker_note(a.speaker.as_deref(), a.pronoun.as_deref())
                    ),
                    speaker: a.speaker,
                    cue: Some(a.cue),
                },
                None => {
                    // No attribution: borrow the neighbour's when this sentence
                    // begins inside the quotation; else keep substantial ones.
                    let borrowed = if starts_quoted {
                        self.neighbour_speaker(id, sp.paragraph)
                            .or_else(|| self.speaker_before(sp.first))
                    } else {
                        None
                    };
                    match borrowed {
                        Some((name, cue)) => QuoteHit {
                            reason: format!("{range}, continues the quotation by {name}"),
                            speaker: Some(name),
                            cue: Some(cue),
                        },
                        None if sp.words >= 4 || sp.first != sp.last => QuoteHit {
                            reason: format!("{range} (no attribution found)"),
                            speaker: None,
                            cue: None,
                        },
                        None => continue,
                    }
                }
            };
            let better = match &best {
                None => true,
                Some(b) => b.speaker.is_none() && hit.speaker.is_some(),
            };
            if better {
                best = Some(hit);
            }
        }
        best
    }

    fn neighbour_speaker(&mut self, id: usize, paragraph: usize) -> Option<(String, String)> {
        let mut cands = Vec::new();
        if id > 0 {
            cands.push(id - 1);
        }
        cands.push(id + 1);
        let this_first = self.spans.get(id).map_or(0, |sp| sp.first);
        for c in cands {
            let Some(sp) = self.spans.get(c) else {
                continue;
            };
            // Same paragraph; or, for a quotation opening a paragraph, one
            // that ended the paragraph just before (the same speaker goes on).
            let continues = c < id
                && sp.paragraph + 1 == paragraph
                && sp.last + 1 == this_first
                && self.paragraph_starts_at(this_first)
                && self.paragraph_ends_at(sp.last);
            if sp.paragraph != paragraph && !continues {
                continue;
            }
            if let Some(a) = self.span_attribution(c) {
                if let Some(name) = a.speaker {
                    return Some((name, a.cue));
                }
            }
        }
        None
    }
}

impl Analysis<'_> {
    /// The plural noun phrase that opens sentence `s` as its subject
    /// (`Environmental groups were …`), when `pos` comes after it.
    fn plural_subject(&self, s: usize, pos: usize) -> Option<String> {
        const VERBS: &[&str] = &["were", "are", "have", "had", "say", "said", "will", "would"];
        let toks = &self.sents.get(s)?.toks;
        let v = toks
            .iter()
            .take(6)
            .position(|t| VERBS.iter().any(|w| t.is(w)))?;
        if v == 0 || v >= pos || toks[..v].iter().any(|t| t.quoted) {
            return None;
        }
        let first = &toks[0];
        let last = &toks[v - 1];
        let plural = last.text.ends_with('s') && !last.text.ends_with("ss");
        (first.cap() && plural && !ARTICLES.iter().any(|a| first.is(a))).then(|| {
            toks[..v]
                .iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// A finding verb outside quotation marks whose subject is a document,
    /// and who speaks through it.
    fn finding(&self, toks: &[super::tokens::Tok<'_>], s: usize) -> Option<(usize, String)> {
        let vi = toks
            .iter()
            .position(|t| t.is_any(FINDING_VERBS) && !t.quoted)?;
        let subj = subject_before(toks, vi)?;
        let words: Vec<&str> = subj.split_whitespace().collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let d = lower.iter().position(|w| DOC_NOUNS.contains(&w.as_str()))?;
        // `An audit by X`, `A report published in March by X`.
        if let Some(by) = lower[d..].iter().position(|w| w == "by").map(|b| b + d) {
            let body = words[by + 1..].join(" ");
            let body = body.trim_start_matches("the ").trim();
            if body.is_empty() {
                return None;
            }
            return Some((
                vi,
                self.resolve(body, s, vi)
                    .0
                    .unwrap_or_else(|| body.to_string()),
            ));
        }
        if d + 1 != words.len() {
            return None;
        }
        if lower.first().is_some_and(|w| w == "the") {
            return Some((vi, self.resolve(&subj, s, vi).0.unwrap_or(subj)));
        }
        Some((vi, subj))
    }

    /// A quotation with no attribution of its own that opens its sentence
    /// right after a sentence that reported a person's words: the same
    /// person goes on (`The sheriff said …. “My deputies went back …`).
    fn speaker_before(&self, first: usize) -> Option<(String, String)> {
        if first == 0 {
            return None;
        }
        let k = self.history.last()?;
        (k.person && k.sentence + 1 >= first).then(|| (k.name.clone(), "said".to_string()))
    }

    fn paragraph_starts_at(&self, s: usize) -> bool {
        self.doc
            .sentences
            .get(s)
            .and_then(|x| self.doc.paragraphs.get(x.paragraph))
            .is_some_and(|p| p.sentences.start == s)
    }

    fn paragraph_ends_at(&self, s: usize) -> bool {
        self.doc
            .sentences
            .get(s)
            .and_then(|x| self.doc.paragraphs.get(x.paragraph))
            .is_some_and(|p| p.sentences.end == s + 1)
    }
}

struct QuoteHit {
    reason: String,
    speaker: Option<String>,
    cue: Option<String>,
}

/// Does `name` end with a document's noun (`the agency’s annual report`)?
fn names_document(name: &str) -> bool {
    name.split_whitespace()
        .last()
        .is_some_and(|w| DOC_NOUNS.contains(&w.to_lowercase().as_str()))
}

fn speaker_note(speaker: Option<&str>, pronoun: Option<&str>) -> String {
    match (speaker, pronoun) {
        (Some(s), Some(p)) => format!(" (speaker: {s}, from \"{p}\")"),
        (Some(s), None) => format!(" (speaker: {s})"),
        (None, Some(p)) => format!(" (speaker: \"{p}\", unresolved)"),
        (None, None) => String::new(),
    }
}

fn ends_with_question(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['”', '"', '’', '»', ')', ' '])
        .ends_with('?')
}
