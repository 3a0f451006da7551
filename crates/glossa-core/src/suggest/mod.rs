//! Tag suggestions: a first guess at *claim*, *denial* or *quote* for each
//! sentence, with a short reason, for people annotating news.
//!
//! [`suggest`] reads a [`Document`] and returns at most one [`Suggestion`] per
//! sentence, in document order; [`Suggester`] does the same work in steps
//! of bounded size, for the browser's main thread. It is deterministic,
//! allocation-light and linear in the text: one pass tokenizes every
//! sentence and tracks quotation marks across sentences and paragraphs, a
//! second reads the names the article uses, a third decides. No regular
//! expressions, no models: plain word lists and a few patterns, so it stays
//! small in the browser build.
//!
//! # What fires
//!
//! - **Quote (direct).** Words inside quotation marks (`“…”`, `"…"`, `‘…’`,
//!   `«…»`) plus an attribution verb outside them (`said`, `told`, `wrote`,
//!   `posted`, `added`, `according to`, `asked`, `insisted`, …). The
//!   speaker is looked for as the verb's subject (`Miller said`, `State
//!   Department spokesperson Matthew Miller said`, `Isaac Stone Fish, CEO of
//!   Strategy Risks, said`), after the verb (`said Lena Ortiz, the company’s
//!   chief executive`) or after `according to`. A quotation may run over
//!   several sentences (opened in one, closed in a later one) and over a
//!   paragraph break when the next paragraph opens with a quotation mark
//!   again (the news convention); every sentence of it gets the quote and
//!   its speaker. A quotation with no attribution of its own takes the
//!   speaker of the quotation just before it in the same paragraph (or just
//!   after it) when the sentence begins inside quotation marks; otherwise a
//!   quotation of at least four words is still a quote, with no speaker.
//!   Shorter unattributed quotations (scare quotes) are ignored.
//! - **Quote (indirect).** Reported speech without quotation marks: a
//!   speech verb (`said`, `told`, `added`, `argued`, `warned`, `insisted`,
//!   …) with a subject, e.g. `A panel said it is opening an investigation`.
//!   The reason says `indirect speech`.
//! - **Denial.** `deny/denies/denied/denial`, `refuted`, `baseless`,
//!   `groundless`, `unfounded`, `fabricated`, `untrue`, `not true`, `no
//!   truth`, `nothing to do with`, `categorically`; `rejected`/`dismissed`
//!   only with a claim-like object (`the allegations`, `that account`) or
//!   `as …`; `false` only after a copula or `as` (`the report is false`);
//!   `never` only outside quotation marks next to a speech verb (`he said
//!   he never met him`). Not denials: `did not deny`, `declined to deny`,
//!   `neither confirm nor deny`, `cannot deny`, passive `was denied …`,
//!   `denied entry/access/bail/a visa/permission/…`, `dismissed from`.
//! - **Claim.** Accusations (`accused`, `alleged`, `blamed`, `is
//!   responsible for`, `charged with`, `claimed` without quotation marks),
//!   `according to X` without quotation marks (speaker X), figures (`$18
//!   million`, `7%`, `40,000`; dates and years are not figures), and
//!   otherwise any declarative sentence of five words or more (`statement
//!   of fact`, no cue): in news, most plain assertions are claims.
//! - **Nothing** for questions (unless quoted and attributed), very short
//!   sentences and boilerplate (`This story has been updated.`, `Reporting
//!   by …`).
//!
//! # Precedence
//!
//! Denial > quote > claim, with one refinement about *where* the denial
//! word is. A denial word outside quotation marks always wins (`Officials
//! denied the allegations, saying “…”` is a denial). Inside the quoted
//! words, only the explicit denial words win (`deny`, `baseless`, `not
//! true`, `no truth`, `false` after a copula, `categorically`, …): `“These
//! accusations are baseless,” Jansen told reporters` is a denial whose
//! speaker is Jansen. Weaker words inside a quotation (`never`, `rejected`,
//! `dismissed`) leave it a quote: `“I have never discussed this,” Vos said`
//! is a quote. A denial keeps the speaker when there is one.
//!
//! # Speakers
//!
//! A pronoun (`he`, `she`, `they`, `it`) is resolved to the most recent
//! speaker, actor or named person that fits (a person's name or a person
//! described, `a nurse`, for he/she; a plural or an organisation for
//! they/it); a surname (`Miller said`, `Ms. Lan`, `Quispe`) to the one
//! person named earlier with it, in the fullest form the article uses
//! (`Dr. Amina Yusuf`); a role (`the spokesman`, `the general`) to the
//! person given it; `the ministry`, `the company` to the organisation; a
//! document (`the statement`) to the organisation that issued it.
//! Honorifics (`Dr.`, `Gen.`, `Ms`) are kept with the name, never alone. Job titles in front of a name are
//! dropped (`Deputy Health Minister Joseph Mensah` → `Joseph Mensah`); a
//! leading `The` before a capitalised name is dropped (`The State
//! Department` → `State Department`); lowercase descriptions are kept as
//! written (`a U.S. congressional panel`, `its editor`).
//!
//! The reason is meant for people: `quotation marks + "said" (speaker:
//! Matthew Miller)`, `"denied"`, `accusation: "accused"`, `figure: "$3.5
//! billion"`. `cue` is the word or words that decided, as written.
//!
//! # Files
//!
//! - `words`: the word lists (data only);
//! - `tokens`: tokens, cue classes and quotation marks;
//! - `phrases`: token ranges as text, and speakers as noun phrases;
//! - `cues`: one finder per kind of evidence (denial, accusation, figure, …);
//! - `entities`: the people and organisations the article names, in order,
//!   so surnames, honorifics, roles (`the general`, `the ministry`) and
//!   documents (`the statement`) resolve to the fullest name;
//! - `analysis`: quotation spans across sentences, speakers remembered, and
//!   the decision for each sentence;
//! - `learn`: [`Learner`], which adjusts the suggestions from the person's
//!   accepts, rejects and own tags;
//! - `eval`: gold files, per-article figures and the learning curve.
//!
//! Each imports only the ones listed before it; `analysis` also builds this
//! module's [`Suggestion`]. See `docs/suggestions.md` for the figures.

mod analysis;
mod cues;
mod entities;
pub mod eval;
pub mod learn;
mod phrases;
mod tokens;
mod words;

use crate::annotation::Tag;
use crate::article::Document;
use crate::ids::SentenceId;
use analysis::Analysis;
pub use learn::{Decision, Learner};

/// One suggested tag for one sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub sentence: SentenceId,
    pub tag: Tag,
    /// Short, human-readable: why this tag.
    pub reason: String,
    /// Who is quoted (or who denies / the source of an `according to`).
    pub speaker: Option<String>,
    /// The word(s) that decided, as written in the text (`said`, `denied`,
    /// `$18 million`); `None` for a plain statement of fact.
    pub cue: Option<String>,
}

/// The suggestions as the session holds them: each sentence's proposal.
pub fn proposals(doc: &Document) -> Vec<(crate::SentenceId, crate::state::Proposal)> {
    as_proposals(suggest(doc))
}

/// Suggestions (the rules', or a learner's adjustment of them) as the
/// session holds them.
pub fn as_proposals(
    suggestions: Vec<Suggestion>,
) -> Vec<(crate::SentenceId, crate::state::Proposal)> {
    suggestions
        .into_iter()
        .map(|s| {
            (
                s.sentence,
                crate::state::Proposal {
                    tag: s.tag,
                    reason: s.reason,
                    speaker: s.speaker,
                    cue: s.cue,
                },
            )
        })
        .collect()
}

/// Suggests a tag for the sentences of `doc`: at most one per sentence, in
/// document order. See the module docs for the rules.
pub fn suggest(doc: &Document) -> Vec<Suggestion> {
    Suggester::new(doc).finish()
}

/// [`suggest`] in steps, for a caller that must not stop for the whole
/// document at once (the browser's main thread, between key presses):
/// [`Suggester::step`] does a bounded amount of work and returns, and
/// [`Suggester::finish`] gives exactly what [`suggest`] gives, whatever the
/// steps were.
///
/// The work is three passes over the sentences, each sentence costing one
/// unit of a step's budget in each: reading (tokens, and quotation marks
/// tracked across sentences and paragraphs), naming (the people and
/// organisations the article names), deciding; then the working data is let
/// go of, a unit per sentence or quotation. A sentence is decided only
/// after every sentence was read and named: a quotation's attribution may
/// come after it, and a surname resolves to the fullest name the article
/// uses anywhere. On the 21,000-sentence article (natively, release
/// build) reading and naming take about a quarter of the time each and
/// deciding half; 99.9% of units take under 0.1 ms and the longest under
/// 1 ms, but for the very last, which frees the largest buffers (up to
/// 3 ms), so a caller that checks its clock every few dozen units stays
/// close to its time slice.
///
/// ```
/// # use glossa_core::{parse_article, suggest::{suggest, Suggester}};
/// let doc = parse_article("Title\n\nThe minister denied the report. \"We will appeal,\" she said.");
/// let mut run = Suggester::new(&doc);
/// while !run.step(1) {}
/// assert_eq!(run.finish(), suggest(&doc));
/// ```
pub struct Suggester<'a> {
    doc: &'a Document,
    stage: Stage<'a>,
    out: Vec<Suggestion>,
}

enum Stage<'a> {
    Reading(analysis::Reading<'a>),
    /// Names read from sentences `..next`.
    Naming(Analysis<'a>, usize),
    /// Sentences `..next` decided.
    Deciding(Analysis<'a>, usize),
    /// What the analysis holds, let go of a few items at a time: all of it
    /// at once took 6-8 ms on the 21,000-sentence article (natively), more
    /// than a slice of the browser's frame.
    Releasing(Analysis<'a>),
    Done,
}

impl<'a> Suggester<'a> {
    /// A run over `doc`, nothing done yet.
    pub fn new(doc: &'a Document) -> Suggester<'a> {
        Suggester {
            doc,
            stage: Stage::Reading(analysis::Reading::new(doc)),
            out: Vec::new(),
        }
    }

    /// Does at most `units` units of work: a sentence read, named or
    /// decided is one, and so is letting go of one sentence's or one
    /// quotation's working data at the end (a step of 0 does nothing).
    /// Returns true when everything is done, as [`Suggester::is_done`].
    pub fn step(&mut self, units: usize) -> bool {
        let mut budget = units;
        while budget > 0 && !self.is_done() {
            self.stage = match std::mem::replace(&mut self.stage, Stage::Done) {
                Stage::Reading(mut read) => {
                    if read.step(&mut budget) {
                        Stage::Naming(Analysis::new(read), 0)
                    } else {
                        Stage::Reading(read)
                    }
                }
                Stage::Naming(mut a, mut next) => {
                    while budget > 0 && next < a.len() {
                        a.name(next);
                        next += 1;
                        budget -= 1;
                    }
                    if next < a.len() {
                        Stage::Naming(a, next)
                    } else {
                        Stage::Deciding(a, 0)
                    }
                }
                Stage::Deciding(mut a, mut next) => {
                    let total = self.doc.sentences.len();
                    while budget > 0 && next < total {
                        if let Some(sg) = a.decide(next) {
                            self.out.push(sg);
                        }
                        next += 1;
                        budget -= 1;
                    }
                    if next < total {
                        Stage::Deciding(a, next)
                    } else {
                        Stage::Releasing(a)
                    }
                }
                Stage::Releasing(mut a) => {
                    budget -= a.release(budget);
                    if a.is_released() {
                        Stage::Done
                    } else {
                        Stage::Releasing(a)
                    }
                }
                Stage::Done => Stage::Done,
            };
        }
        self.is_done()
    }

    /// Whether every sentence has been read, named and decided.
    pub fn is_done(&self) -> bool {
        matches!(self.stage, Stage::Done)
    }

    /// The suggestions, as [`suggest`] gives them: the work not done yet
    /// is done first.
    pub fn finish(mut self) -> Vec<Suggestion> {
        self.step(usize::MAX);
        self.out
    }
}
