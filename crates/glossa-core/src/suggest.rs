//! Tag suggestions: a first guess at *claim*, *denial* or *quote* for each
//! sentence, with a short reason, for people annotating news.
//!
//! [`suggest`] reads a [`Document`] and returns at most one [`Suggestion`] per
//! sentence, in document order. It is deterministic, allocation-light and
//! linear in the text: one pass tokenizes every sentence and tracks quotation
//! marks across sentences and paragraphs, a second pass decides. No regular
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
//! speaker or actor that fits (a person's name for he/she, a plural or an
//! organisation for they/it); a lone surname (`Miller said`) to the most
//! recent full name ending with it. Job titles in front of a name are
//! dropped (`Deputy Health Minister Joseph Mensah` → `Joseph Mensah`); a
//! leading `The` before a capitalised name is dropped (`The State
//! Department` → `State Department`); lowercase descriptions are kept as
//! written (`a U.S. congressional panel`, `its editor`).
//!
//! The reason is meant for people: `quotation marks + "said" (speaker:
//! Matthew Miller)`, `"denied"`, `accusation: "accused"`, `figure: "$3.5
//! billion"`. `cue` is the word or words that decided, as written.

use crate::annotation::Tag;
use crate::article::Document;
use crate::ids::SentenceId;

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

/// Suggests a tag for the sentences of `doc`: at most one per sentence, in
/// document order. See the module docs for the rules.
/// The suggestions as the session holds them: each sentence's proposal.
pub fn proposals(doc: &Document) -> Vec<(crate::SentenceId, crate::state::Proposal)> {
    suggest(doc)
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

pub fn suggest(doc: &Document) -> Vec<Suggestion> {
    let mut a = Analysis::new(doc);
    let mut out = Vec::new();
    for s in 0..doc.sentences.len() {
        if let Some(sg) = a.decide(s) {
            out.push(sg);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Tokens and quotation marks

#[derive(Clone, Copy, Debug)]
struct Tok<'a> {
    text: &'a str,
    /// The text between the previous token (or the sentence start) and this one.
    gap: &'a str,
    quoted: bool,
    /// The quotation (index into the spans) this token is inside.
    span: Option<usize>,
    /// Word classes (`C_*` bits), looked up once.
    class: u16,
}

const C_ATTR: u16 = 1;
const C_ATTR_STRONG: u16 = 2;
const C_DENY: u16 = 4;
const C_STRONG_DENIAL: u16 = 8;
const C_REJECT: u16 = 16;
const C_ACCUSE: u16 = 32;

/// The cue words, sorted, with their classes: one binary search per token
/// instead of many list scans.
struct Lexicon {
    table: Vec<(&'static str, u16)>,
}

impl Lexicon {
    fn new() -> Lexicon {
        let mut table: Vec<(&'static str, u16)> = Vec::new();
        for &(w, strong) in ATTR_VERBS {
            table.push((
                w,
                if strong {
                    C_ATTR | C_ATTR_STRONG
                } else {
                    C_ATTR
                },
            ));
        }
        let lists: [(&[&'static str], u16); 4] = [
            (DENY_VERBS, C_DENY),
            (STRONG_DENIAL_WORDS, C_STRONG_DENIAL),
            (REJECT_VERBS, C_REJECT),
            (ACCUSE_WORDS, C_ACCUSE),
        ];
        for (list, c) in lists {
            table.extend(list.iter().map(|&w| (w, c)));
        }
        table.sort_unstable();
        let mut merged: Vec<(&'static str, u16)> = Vec::with_capacity(table.len());
        for (w, c) in table {
            match merged.last_mut() {
                Some(last) if last.0 == w => last.1 |= c,
                _ => merged.push((w, c)),
            }
        }
        Lexicon { table: merged }
    }

    fn class(&self, word: &str) -> u16 {
        let mut buf = [0u8; 16];
        let b = word.as_bytes();
        if b.len() > buf.len() {
            return 0;
        }
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        let Ok(low) = std::str::from_utf8(&buf[..b.len()]) else {
            return 0;
        };
        self.table
            .binary_search_by(|(w, _)| (*w).cmp(low))
            .map_or(0, |k| self.table[k].1)
    }
}

impl Tok<'_> {
    fn has(&self, c: u16) -> bool {
        self.class & c != 0
    }
    fn is(&self, w: &str) -> bool {
        self.text.eq_ignore_ascii_case(w)
    }
    fn is_any(&self, ws: &[&str]) -> bool {
        ws.iter().any(|w| self.is(w))
    }
    fn cap(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    fn digit(&self) -> bool {
        self.text.as_bytes().first().is_some_and(u8::is_ascii_digit)
    }
    /// `didn't`, `can’t`, `not`, `never`, `no`.
    fn negation(&self) -> bool {
        let t = self.text;
        self.is_any(&["not", "never", "cannot", "no", "neither", "nor"])
            || t.ends_with("n't")
            || t.ends_with("n’t")
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum QKind {
    Curly,
    Ascii,
    Single,
}

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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | ',' | '&')
}

/// Splits one sentence into tokens, updating the quotation state.
/// `open` is the open quotation (kind, span index); `new_span` makes a span.
fn tokenize<'a>(
    lex: &Lexicon,
    text: &'a str,
    open: &mut Option<(QKind, usize)>,
    carry: &mut Option<usize>,
    single_close: &mut Option<usize>,
    new_span: &mut dyn FnMut() -> usize,
) -> Vec<Tok<'a>> {
    let mut toks = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut gap_start = 0;
    let mut i = 0;
    let open_quote = |open: &mut Option<(QKind, usize)>,
                      carry: &mut Option<usize>,
                      kind: QKind,
                      new_span: &mut dyn FnMut() -> usize| {
        let id = match carry.take() {
            Some(id) if kind != QKind::Single => id,
            _ => new_span(),
        };
        *open = Some((kind, id));
    };
    while i < chars.len() {
        let (b, c) = chars[i];
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let next = chars.get(i + 1).map(|&(_, c)| c);
        if is_word_char(c) {
            // A token: word chars, joined by ' ’ - . , & between word chars.
            let start = b;
            let mut j = i + 1;
            while j < chars.len() {
                let c2 = chars[j].1;
                if is_word_char(c2) {
                    j += 1;
                } else if is_joiner(c2)
                    && chars.get(j + 1).is_some_and(|&(_, c3)| is_word_char(c3))
                    && (c2 != ','
                        || (chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit()))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |&(b2, _)| b2);
            toks.push(Tok {
                text: &text[start..end],
                gap: &text[gap_start..start],
                quoted: open.is_some(),
                span: open.map(|(_, id)| id),
                class: lex.class(&text[start..end]),
            });
            gap_start = end;
            i = j;
            continue;
        }
        match c {
            '“' | '«' | '„' if open.is_none() => {
                open_quote(open, carry, QKind::Curly, new_span);
            }
            '”' | '»' => {
                if matches!(open, Some((QKind::Curly, _))) {
                    *open = None;
                }
            }
            '"' => match open {
                Some((QKind::Ascii, _)) => *open = None,
                None => {
                    let opens = prev.is_none_or(|p| {
                        p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | '/' | ':')
                    });
                    if opens && next.is_some_and(|n| !n.is_whitespace()) {
                        open_quote(open, carry, QKind::Ascii, new_span);
                    }
                }
                _ => {}
            },
            '‘' if open.is_none() => {
                // Only a single quotation closed in the same sentence counts.
                let close = chars[i + 1..].iter().enumerate().find(|&(k, &(_, c2))| {
                    c2 == '’'
                        && !chars[i + k].1.is_whitespace()
                        && chars
                            .get(i + k + 2)
                            .is_none_or(|&(_, c3)| !is_word_char(c3))
                });
                if let Some((k, _)) = close {
                    *single_close = Some(i + 1 + k);
                    open_quote(open, carry, QKind::Single, new_span);
                }
            }
            '’' if *single_close == Some(i) => {
                *open = None;
                *single_close = None;
            }
            _ => {}
        }
        i += 1;
    }
    // A single quotation never runs past its sentence.
    if matches!(open, Some((QKind::Single, _))) {
        *open = None;
    }
    *single_close = None;
    toks
}

// ---------------------------------------------------------------------------
// Word lists

/// Attribution verbs; `true` = may also introduce indirect (reported) speech.
const ATTR_VERBS: &[(&str, bool)] = &[
    ("said", true),
    ("says", true),
    ("say", true),
    ("told", true),
    ("tells", true),
    ("stated", true),
    ("added", true),
    ("adds", true),
    ("insisted", true),
    ("insists", true),
    ("warned", true),
    ("warns", true),
    ("argued", true),
    ("argues", true),
    ("explained", true),
    ("noted", true),
    ("announced", true),
    ("acknowledged", true),
    ("admitted", true),
    ("stressed", true),
    ("emphasized", true),
    ("emphasised", true),
    ("declared", true),
    ("testified", true),
    ("wrote", true),
    ("tweeted", true),
    ("replied", true),
    ("responded", false),
    ("writes", false),
    ("posted", false),
    ("notes", false),
    ("explains", false),
    ("asked", false),
    ("asks", false),
    ("claimed", false),
    ("claims", false),
    ("continued", false),
    ("recalled", false),
    ("urged", false),
    ("remarked", false),
    ("commented", false),
    ("called", false),
    ("described", false),
    ("saying", false),
    ("adding", false),
    ("telling", false),
];

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "these", "those", "our", "my", "this", "that",
];
const PREPS: &[&str] = &[
    "of", "for", "in", "at", "from", "with", "by", "on", "to", "across", "near", "over", "under",
    "about", "against", "into", "between", "among",
];
/// Words that end the search for a verb's subject right before the verb.
const BOUNDARY: &[&str] = &[
    "that", "which", "who", "whom", "whose", "and", "but", "or", "when", "after", "before",
    "while", "because", "if", "as", "than", "so", "where", "since", "although", "though", "saying",
    "is", "was", "were", "are",
];
/// Adverbs and auxiliaries skipped between a subject and its verb.
const SKIP: &[&str] = &[
    "also",
    "later",
    "previously",
    "recently",
    "then",
    "again",
    "separately",
    "further",
    "earlier",
    "has",
    "have",
    "had",
    "repeatedly",
    "publicly",
    "once",
    "reportedly",
    "would",
    "will",
    "privately",
    "immediately",
    "flatly",
    "firmly",
    "strongly",
    "categorically",
    "vehemently",
    "angrily",
    "quickly",
    "initially",
    "originally",
    "subsequently",
    "simply",
    "just",
    "only",
];
const TIME_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "tonight",
    "earlier",
    "later",
    "week",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "night",
    "weekend",
];
const TIME_LEAD: &[&str] = &["on", "last", "this", "late", "early", "in", "at", "that"];
const DISCOURSE: &[&str] = &[
    "but",
    "and",
    "however",
    "meanwhile",
    "still",
    "also",
    "so",
    "yet",
    "instead",
    "now",
    "then",
];
const TITLES: &[&str] = &[
    "minister",
    "president",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chairman",
    "chairwoman",
    "ceo",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "mayor",
    "judge",
    "ambassador",
    "chancellor",
    "commissioner",
    "officer",
    "lawmaker",
    "leader",
    "premier",
    "envoy",
    "adviser",
    "advisor",
    "lawyer",
    "analyst",
    "professor",
    "captain",
    "colonel",
    "commander",
    "general",
    "attorney",
];
const ORG_WORDS: &[&str] = &[
    "ministry",
    "department",
    "government",
    "office",
    "agency",
    "council",
    "committee",
    "party",
    "group",
    "organization",
    "organisation",
    "company",
    "bank",
    "court",
    "police",
    "army",
    "house",
    "senate",
    "parliament",
    "commission",
    "union",
    "inc",
    "corp",
    "ltd",
    "association",
    "institute",
    "university",
    "times",
    "news",
    "service",
    "security",
    "affairs",
    "board",
    "authority",
    "authorities",
    "administration",
    "embassy",
    "foundation",
    "fund",
    "network",
    "post",
    "journal",
    "press",
    "state",
    "states",
    "kremlin",
    "pentagon",
    "officials",
    "groups",
];
const NAME_CONNECTORS: &[&str] = &[
    "of", "for", "de", "van", "von", "bin", "al", "der", "la", "du", "da",
];
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Strong denial words: they count even inside quoted words.
const DENY_VERBS: &[&str] = &["deny", "denies", "denied", "denying", "denial"];
const STRONG_DENIAL_WORDS: &[&str] = &[
    "refute",
    "refutes",
    "refuted",
    "refuting",
    "rebut",
    "rebuts",
    "rebutted",
    "baseless",
    "groundless",
    "unfounded",
    "fabricated",
    "fabrication",
    "fabrications",
    "untrue",
    "unsubstantiated",
    "categorically",
    "smear",
];
const REJECT_VERBS: &[&str] = &[
    "reject",
    "rejects",
    "rejected",
    "rejecting",
    "dismiss",
    "dismisses",
    "dismissed",
    "dismissing",
];
/// Objects after `denied` that make it not a denial of a claim.
const DENIED_THINGS: &[&str] = &[
    "entry",
    "access",
    "bail",
    "visa",
    "visas",
    "permission",
    "parole",
    "asylum",
    "boarding",
    "service",
    "treatment",
    "care",
    "benefits",
    "permit",
    "license",
    "licence",
    "funding",
    "admission",
    "request",
    "application",
    "appeal",
    "motion",
    "petition",
    "passage",
    "citizenship",
    "residency",
    "medical",
    "food",
    "water",
];
const OBJ_FILLER: &[&str] = &[
    "him", "her", "them", "us", "me", "a", "an", "the", "his", "their", "its", "any", "further",
];
/// Nouns that make `rejected`/`dismissed` a denial.
const CLAIM_NOUNS: &[&str] = &[
    "allegation",
    "allegations",
    "accusation",
    "accusations",
    "claim",
    "claims",
    "charge",
    "charges",
    "report",
    "reports",
    "suggestion",
    "suggestions",
    "criticism",
    "criticisms",
    "assertion",
    "assertions",
    "notion",
    "account",
    "characterization",
    "characterisation",
    "speculation",
    "rumor",
    "rumors",
    "rumour",
    "rumours",
    "story",
    "stories",
    "findings",
    "accounts",
    "idea",
    "assessment",
];
const COPULAS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "as", "being", "’s", "'s",
];
const INTENSIFIERS: &[&str] = &[
    "completely",
    "totally",
    "entirely",
    "patently",
    "simply",
    "demonstrably",
    "utterly",
    "absolutely",
    "wholly",
    "blatantly",
    "clearly",
    "also",
];
const PASSIVE_AUX: &[&str] = &["is", "was", "were", "are", "been", "being", "be"];

const ACCUSE_WORDS: &[&str] = &[
    "accuse",
    "accuses",
    "accused",
    "accusing",
    "accusation",
    "accusations",
    "allege",
    "alleges",
    "alleged",
    "alleging",
    "allegedly",
    "allegation",
    "allegations",
    "blame",
    "blames",
    "blamed",
    "blaming",
];

const BOILERPLATE: &[&str] = &[
    "this story has been updated",
    "this article has been updated",
    "this story was updated",
    "this article was updated",
    "reporting by",
    "editing by",
    "writing by",
    "additional reporting",
    "click here",
    "read more",
    "sign up",
    "follow us",
    "subscribe",
];

// ---------------------------------------------------------------------------
// Analysis

#[derive(Clone, Debug)]
struct Known {
    name: String,
    person: bool,
    plural: bool,
}

struct Analysis<'a> {
    doc: &'a Document,
    sents: Vec<SentInfo<'a>>,
    spans: Vec<Span>,
    /// Recent named speakers and actors, most recent last (bounded).
    history: Vec<Known>,
}

const HISTORY: usize = 32;

impl<'a> Analysis<'a> {
    fn new(doc: &'a Document) -> Analysis<'a> {
        let lex = Lexicon::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut sents: Vec<SentInfo<'a>> = Vec::with_capacity(doc.sentences.len());
        let mut open: Option<(QKind, usize)> = None;
        let mut carry: Option<usize> = None;
        let mut single_close = None;
        for (pi, p) in doc.paragraphs.iter().enumerate() {
            for si in p.sentences.clone() {
                let Some(sent) = doc.sentences.get(si) else {
                    continue;
                };
                let text = sent.text(doc);
                let start_open = open.map(|(_, id)| id);
                let toks = {
                    let spans_ref = &mut spans;
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
                        &lex,
                        text,
                        &mut open,
                        &mut carry,
                        &mut single_close,
                        &mut mk,
                    )
                };
                let mut touched: Vec<usize> = start_open.into_iter().collect();
                for t in &toks {
                    if let Some(id) = t.span {
                        if !touched.contains(&id) {
                            touched.push(id);
                        }
                        if let Some(sp) = spans.get_mut(id) {
                            sp.words += 1;
                        }
                    }
                }
                for &id in &touched {
                    if let Some(sp) = spans.get_mut(id) {
                        sp.last = si;
                    }
                }
                sents.push(SentInfo {
                    toks,
                    spans: touched,
                    starts_quoted: start_open.is_some()
                        || text.trim_start().starts_with(['“', '"', '«', '‘']),
                    question: ends_with_question(text),
                });
            }
            // End of paragraph: a quotation left open continues only if the
            // next paragraph opens with a quotation mark.
            if let Some((kind, id)) = open.take() {
                let next_opens = doc
                    .paragraphs
                    .get(pi + 1)
                    .and_then(|np| doc.slice(np.start, np.end))
                    .is_some_and(|t| t.trim_start().starts_with(['“', '"', '«']));
                if next_opens && kind != QKind::Single {
                    carry = Some(id);
                }
            } else {
                carry = None;
            }
        }
        Analysis {
            doc,
            sents,
            spans,
            history: Vec::new(),
        }
    }

    fn remember(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() || PRONOUNS.iter().any(|p| p.eq_ignore_ascii_case(name)) {
            return;
        }
        let words: Vec<&str> = name.split_whitespace().collect();
        let person = looks_like_person(&words);
        let plural = !person
            && words
                .last()
                .is_some_and(|w| w.ends_with('s') && !w.ends_with("ss"));
        self.history.retain(|k| k.name != name);
        self.history.push(Known {
            name: name.to_string(),
            person,
            plural,
        });
        if self.history.len() > HISTORY {
            self.history.remove(0);
        }
    }

    /// Resolves pronouns and lone surnames against what came before.
    /// Returns (speaker, pronoun-as-written).
    fn resolve(&self, raw: &str) -> (Option<String>, Option<String>) {
        let lower = raw.to_ascii_lowercase();
        let pick = |f: &dyn Fn(&Known) -> bool| {
            self.history
                .iter()
                .rev()
                .find(|k| f(k))
                .map(|k| k.name.clone())
        };
        match lower.as_str() {
            "he" | "she" => (pick(&|k| k.person), Some(raw.to_string())),
            "they" => (
                pick(&|k| k.plural).or_else(|| pick(&|k| !k.person)),
                Some(raw.to_string()),
            ),
            "it" => (pick(&|k| !k.person && !k.plural), Some(raw.to_string())),
            "we" | "i" => (None, Some(raw.to_string())),
            _ => {
                if !raw.contains(' ') && raw.chars().next().is_some_and(char::is_uppercase) {
                    let full = pick(&|k| {
                        k.person && k.name.rsplit(' ').next() == Some(raw) && k.name != raw
                    });
                    if let Some(full) = full {
                        return (Some(full), None);
                    }
                }
                (Some(raw.to_string()), None)
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
                    let cand = self.make_attr(cue, speaker);
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

    fn make_attr(&self, cue: String, speaker: Option<String>) -> Attribution {
        match speaker {
            Some(raw) => {
                let (speaker, pronoun) = self.resolve(&raw);
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

    fn decide(&mut self, s: usize) -> Option<Suggestion> {
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
                    (_, Some(vi)) => subject_before(toks, vi).and_then(|r| self.resolve(&r).0),
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
                    self.remember(&sp.clone());
                }
                return Some(mk(Tag::Denial, reason, speaker, Some(d.cue)));
            }
        }
        // Direct quote.
        if let Some(q) = quote {
            if let Some(sp) = &q.speaker {
                self.remember(&sp.clone());
            }
            return Some(mk(Tag::Quote, q.reason, q.speaker, q.cue));
        }
        // Indirect speech.
        if let Some((vi, raw)) = indirect_speech(toks) {
            let (speaker, pronoun) = self.resolve(&raw);
            let cue = toks[vi].text.to_string();
            let reason = format!(
                "indirect speech: \"{cue}\"{}",
                speaker_note(speaker.as_deref(), pronoun.as_deref())
            );
            if let Some(sp) = &speaker {
                self.remember(&sp.clone());
            }
            return Some(mk(Tag::Quote, reason, speaker, Some(cue)));
        }
        // Claim.
        if let Some((vi, cue)) = find_accusation(toks) {
            if let Some(subj) = subject_before(toks, vi) {
                if let (Some(name), _) = self.resolve(&subj) {
                    self.remember(&name);
                }
            }
            let reason = format!("accusation: \"{cue}\"");
            return Some(mk(Tag::Claim, reason, None, Some(cue)));
        }
        if let Some(i) = find_according_to(toks) {
            let src = object_after(toks, i + 2, true);
            if let Some(src) = src {
                let cue = joined(text, toks, i, i + 2).to_string();
                self.remember(&src);
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

/// Anywhere in a sentence: the formulas of "no comment".
const NO_COMMENT: &[&str] = &[
    "request for comment",
    "requests for comment",
    "reached for comment",
    "declined to comment",
    "did not comment",
    "contributed to this report",
];

fn is_boilerplate(text: &str) -> bool {
    let t = text.trim_start().as_bytes();
    let starts = |p: &str| t.len() >= p.len() && t[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let contains = |p: &str| {
        t.windows(p.len())
            .any(|w| w.eq_ignore_ascii_case(p.as_bytes()))
    };
    BOILERPLATE.iter().any(|b| starts(b))
        || (contains("comment") && NO_COMMENT.iter().any(|b| contains(b)))
}

/// The source text from token `a` to the end of token `b - 1`.
fn joined<'t>(text: &'t str, toks: &[Tok<'t>], a: usize, b: usize) -> &'t str {
    if a >= b || b > toks.len() {
        return "";
    }
    let base = text.as_ptr() as usize;
    let start = toks[a].text.as_ptr() as usize - base;
    let last = toks[b - 1];
    let end = last.text.as_ptr() as usize - base + last.text.len();
    text.get(start..end).unwrap_or("")
}

/// Text of tokens `a..b` of one sentence, rebuilt from the tokens and gaps.
fn phrase(toks: &[Tok<'_>], a: usize, b: usize) -> String {
    let mut s = String::new();
    for (k, t) in toks.iter().enumerate().take(b).skip(a) {
        if k > a {
            let g = t.gap;
            if g.chars().all(char::is_whitespace) {
                s.push(' ');
            } else {
                s.push_str(g.trim_start_matches([',', ';']).trim_end());
                if !g.ends_with(['(', '[']) {
                    s.push(' ');
                }
            }
        }
        s.push_str(t.text);
    }
    // Keep a closing dot of an abbreviation (`U.S.`) only inside the phrase.
    s
}

fn hard_punct(gap: &str) -> bool {
    gap.contains([
        '“', '”', '"', '«', '»', '‘', ';', ':', '(', ')', '—', '–', '[', ']',
    ]) || gap.contains(" - ")
}

/// Is token `i` an attribution verb (or `according to`)? Returns the cue
/// and the raw speaker (subject, or the phrase after the verb).
/// `indirect` restricts to verbs that may introduce reported speech.
fn attribution_at(toks: &[Tok<'_>], i: usize, indirect: bool) -> Option<(String, Option<String>)> {
    let t = toks.get(i)?;
    if t.quoted {
        return None;
    }
    if t.is("according") {
        let next = toks.get(i + 1)?;
        if !next.is("to") || next.quoted || indirect {
            return None;
        }
        let who = object_after(toks, i + 2, true);
        return Some((format!("{} {}", t.text, next.text), who));
    }
    if !t.has(C_ATTR) || (indirect && !t.has(C_ATTR_STRONG)) {
        return None;
    }
    if i > 0 {
        let p = &toks[i - 1];
        if p.is_any(DETERMINERS) || p.is("to") || p.negation() {
            return None;
        }
        // Passive (`was told`, `is said to`), except `quoted as saying`.
        if p.is_any(PASSIVE_AUX) || (i > 1 && toks[i - 2].is_any(PASSIVE_AUX) && p.is_any(SKIP)) {
            return None;
        }
        if i > 1 && toks[i - 2].negation() && p.is_any(&["did", "does", "do", "would", "will"]) {
            return None;
        }
    }
    if toks.get(i + 1).is_some_and(|n| n.is("to") && !t.is("told")) {
        // `said to be`, `claimed to have` (not `told to`… which is passive anyway).
        if !t.is_any(&["said", "says"]) || toks.get(i + 2).is_some_and(|n| n.is("be")) {
            return None;
        }
    }
    let who = subject_before(toks, i).or_else(|| {
        if t.is_any(&["told", "tells", "telling", "saying", "adding"]) {
            None
        } else {
            object_after(toks, i + 1, false)
        }
    });
    Some((t.text.to_string(), who))
}

/// The subject of the verb at `vi`: walks back over adverbs, then collects
/// comma-separated pieces (`X, title, said`), and picks the name.
fn subject_before(toks: &[Tok<'_>], vi: usize) -> Option<String> {
    let mut end = vi;
    while end > 0 {
        let p = &toks[end - 1];
        if p.quoted || hard_punct(toks[end].gap) || toks[end].gap.contains(',') || !p.is_any(SKIP) {
            break;
        }
        end -= 1;
    }
    // Pieces, nearest first: (lo, hi) token ranges.
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut hi = end;
    let mut k = end;
    let mut count = 0;
    while k > 0 {
        let gap = toks[k].gap;
        if hard_punct(gap) {
            break;
        }
        if gap.contains(',') {
            pieces.push((k, hi));
            hi = k;
            if pieces.len() >= 4 {
                break;
            }
        }
        let t = &toks[k - 1];
        if t.quoted || count >= 24 {
            break;
        }
        if pieces.is_empty() && (t.is_any(BOUNDARY) || t.has(C_ATTR)) {
            break;
        }
        k -= 1;
        count += 1;
    }
    if pieces.len() < 4 {
        pieces.push((k, hi));
    }
    let (lo, hi) = *pieces.first()?;
    let chosen = if lo < hi {
        (lo, hi)
    } else {
        // `Name, title, said` / `title, Name, said` / `Name, 46, said`.
        let b = pieces.get(1).copied().filter(|&(l, h)| l < h);
        let a = pieces.get(2).copied().filter(|&(l, h)| l < h);
        match (a, b) {
            (Some(a), _) if is_proper(toks, a) => a,
            (_, Some(b)) if is_proper(toks, b) => b,
            (Some(a), _) => a,
            (None, Some(b)) => b,
            (None, None) => return None,
        }
    };
    noun_phrase(toks, chosen.0, chosen.1)
}

/// The phrase after an inverted verb (`said Lena Ortiz, …`) or after
/// `according to`. `loose` accepts any words up to the next comma.
fn object_after(toks: &[Tok<'_>], start: usize, loose: bool) -> Option<String> {
    let first = toks.get(start)?;
    if first.quoted || hard_punct(first.gap) && !loose {
        return None;
    }
    // `said commuter Priya Shah`: a lowercase descriptor right before a name.
    let descriptor = !first.cap()
        && toks
            .get(start + 1)
            .is_some_and(|n| n.cap() && !n.quoted && !hard_punct(n.gap) && !n.gap.contains(','));
    if !(loose || first.cap() || descriptor || first.is_any(&["the", "a", "an"])) {
        return None;
    }
    if first.is_any(PRONOUNS) && !loose {
        return None;
    }
    let mut end = start + 1;
    while end < toks.len() && end - start < 8 {
        let t = &toks[end];
        if t.quoted || t.gap.contains([',', '.', '!', '?']) || hard_punct(t.gap) {
            break;
        }
        if !loose && (t.is_any(PREPS) && !t.is("of") || t.is_any(BOUNDARY)) {
            break;
        }
        if loose && t.is_any(&["that", "which", "who"]) {
            break;
        }
        end += 1;
    }
    noun_phrase(toks, start, end)
}

/// Is the range a proper name: capitalised words (with name connectors)?
fn is_proper(toks: &[Tok<'_>], (lo, hi): (usize, usize)) -> bool {
    hi > lo
        && hi - lo <= 6
        && toks[lo].cap()
        && !toks[lo].is("the")
        && toks[lo..hi]
            .iter()
            .all(|t| t.cap() || t.is_any(NAME_CONNECTORS))
}

fn looks_like_person(words: &[&str]) -> bool {
    !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && !ORG_WORDS
                    .iter()
                    .any(|o| o.eq_ignore_ascii_case(w.trim_end_matches(['’', '\'', 's'])))
                && !ORG_WORDS.iter().any(|o| o.eq_ignore_ascii_case(w))
        })
        && !words[0].eq_ignore_ascii_case("the")
        && !words
            .last()
            .is_some_and(|w| w.ends_with("’s") || w.ends_with("'s"))
}

/// Turns a subject region into a speaker: trims time words and discourse
/// words, cuts at the last determiner, prefers a trailing proper name and
/// drops job titles in front of it.
fn noun_phrase(toks: &[Tok<'_>], mut lo: usize, mut hi: usize) -> Option<String> {
    // Trailing time expressions: `on Tuesday`, `last month`.
    while hi > lo && toks[hi - 1].is_any(TIME_WORDS) {
        hi -= 1;
        while hi > lo && toks[hi - 1].is_any(TIME_LEAD) {
            hi -= 1;
        }
    }
    while hi > lo && toks[lo].is_any(DISCOURSE) {
        lo += 1;
    }
    if hi <= lo {
        return None;
    }
    // Cut at the last determiner not inside a prepositional phrase.
    for d in (lo + 1..hi).rev() {
        if toks[d].is_any(&["the", "a", "an"])
            && !toks[d - 1].is_any(PREPS)
            && !toks[d - 1].is_any(DETERMINERS)
        {
            lo = d;
            break;
        }
    }
    if hi - lo == 1 && toks[lo].is_any(PRONOUNS) {
        return Some(toks[lo].text.to_string());
    }
    if hi - lo > 8 || toks[lo..hi].iter().any(|t| t.digit() && !t.cap()) && hi - lo > 1 {
        // Too long to be a subject, or a figure.
        if hi - lo > 8 {
            return None;
        }
    }
    // Trailing run of capitalised words.
    let mut r = hi;
    while r > lo {
        let t = &toks[r - 1];
        let connector = t.is_any(NAME_CONNECTORS) && r < hi && r - 1 > lo && toks[r - 2].cap();
        if (t.cap() && !t.is_any(&["the", "a", "an"])) || connector {
            r -= 1;
        } else {
            break;
        }
    }
    let (mut a, b) = if r < hi {
        if r == lo {
            (lo, hi)
        } else {
            let w = &toks[r - 1];
            if w.is("the") && r - 1 == lo {
                (r, hi)
            } else if w.is_any(PREPS) || w.is_any(DETERMINERS) || w.is("and") {
                (lo, hi)
            } else {
                (r, hi)
            }
        }
    } else {
        (lo, hi)
    };
    // A leading `The` before a capitalised name goes.
    if b - a >= 2 && toks[a].is("the") && toks[a + 1].cap() {
        a += 1;
    }
    // Drop job titles in front of a person's name.
    if toks[a].cap() {
        if let Some(tpos) = (a..b).rev().find(|&k| toks[k].is_any(TITLES)) {
            let rest: Vec<&str> = toks[tpos + 1..b].iter().map(|t| t.text).collect();
            if !rest.is_empty() && looks_like_person(&rest) {
                a = tpos + 1;
            }
        }
    }
    let p = phrase(toks, a, b);
    if p.is_empty() {
        None
    } else {
        Some(p)
    }
}

struct DenialHit {
    cue: String,
    quoted: bool,
    strong: bool,
    /// Index of the denial verb, for finding who denies.
    verb: Option<usize>,
}

fn negated_before(toks: &[Tok<'_>], i: usize) -> bool {
    let lo = i.saturating_sub(3);
    toks[lo..i].iter().any(|t| {
        t.negation()
            || t.is_any(&[
                "declined", "refused", "refuses", "declines", "without", "won't",
            ])
    }) || (i > 0 && toks[i - 1].is_any(&["no", "any"]))
}

fn find_denial(toks: &[Tok<'_>]) -> Option<DenialHit> {
    // Outside quotation marks: strong hits return at once, weak ones wait;
    // strong hits inside quoted words come last.
    let mut weak: Option<DenialHit> = None;
    let mut inside: Option<DenialHit> = None;
    let has_speech_verb = toks.iter().any(|t| !t.quoted && t.has(C_ATTR_STRONG));
    macro_rules! return_or_keep {
        ($h:expr) => {{
            let h = $h;
            if h.quoted {
                if inside.is_none() {
                    inside = Some(h);
                }
                continue;
            }
            return Some(h);
        }};
    }
    for i in 0..toks.len() {
        let t = &toks[i];
        let next = |k: usize| toks.get(i + k);
        let hit = |cue: String, strong: bool, verb: Option<usize>| DenialHit {
            cue,
            quoted: t.quoted,
            strong,
            verb,
        };
        if t.has(C_DENY) {
            if negated_before(toks, i) {
                continue;
            }
            if t.is("denial") && next(1).is_some_and(|n| n.is("of")) {
                continue;
            }
            // Passive `was denied bail` (but `was denied by the ministry` counts).
            let passive = i > 0 && toks[i - 1].is_any(PASSIVE_AUX);
            if passive && !next(1).is_some_and(|n| n.is("by")) {
                continue;
            }
            // `denied (him) entry/access/bail/a visa…`
            let mut k = i + 1;
            while k < toks.len() && k <= i + 3 && toks[k].is_any(OBJ_FILLER) {
                k += 1;
            }
            if toks.get(k).is_some_and(|o| o.is_any(DENIED_THINGS)) {
                continue;
            }
            return_or_keep!(hit(t.text.to_string(), true, Some(i)))
        }
        if t.has(C_STRONG_DENIAL) {
            if negated_before(toks, i) && !t.is("categorically") {
                continue;
            }
            let verb = (i..toks.len().min(i + 3)).find(|&k| {
                toks[k].is_any(DENY_VERBS)
                    || toks[k].is_any(REJECT_VERBS)
                    || toks[k].is_any(&["refuted", "refutes"])
            });
            return_or_keep!(hit(t.text.to_string(), true, verb.or(Some(i))));
        }
        // Two- and four-word cues.
        let pair = |a: &str, b: &str| t.is(a) && next(1).is_some_and(|n| n.is(b));
        if pair("no", "truth") || pair("no", "basis") {
            return_or_keep!(hit(format!("{} {}", t.text, toks[i + 1].text), true, None));
        }
        if (pair("not", "true")
            || (t.text.ends_with("n’t") || t.text.ends_with("n't"))
                && next(1).is_some_and(|n| n.is("true")))
            && !next(2).is_some_and(|n| n.is("that"))
        {
            return_or_keep!(hit(format!("{} {}", t.text, toks[i + 1].text), true, None));
        }
        if t.is("nothing")
            && next(1).is_some_and(|n| n.is("to"))
            && next(2).is_some_and(|n| n.is("do"))
            && next(3).is_some_and(|n| n.is("with"))
        {
            return_or_keep!(hit("nothing to do with".to_string(), true, None));
        }
        if t.is("false") {
            let mut k = i;
            while k > 0 && toks[k - 1].is_any(INTENSIFIERS) {
                k -= 1;
            }
            let copula = k > 0 && toks[k - 1].is_any(COPULAS)
                || k > 0 && toks[k].gap.contains(['"', '“']) && k > 1 && toks[k - 1].is("as");
            if copula && !negated_before(toks, k.saturating_sub(1)) {
                return_or_keep!(hit(t.text.to_string(), true, None));
            }
            continue;
        }
        if weak.is_some() || t.quoted {
            continue;
        }
        if t.has(C_REJECT) {
            if negated_before(toks, i) || next(1).is_some_and(|n| n.is("from")) {
                continue;
            }
            let as_next = next(1).is_some_and(|n| n.is("as"));
            let noun_after = toks[i + 1..toks.len().min(i + 7)]
                .iter()
                .any(|n| n.is_any(CLAIM_NOUNS));
            let passive = i > 0 && toks[i - 1].is_any(PASSIVE_AUX);
            let noun_before = passive
                && toks[i.saturating_sub(5)..i]
                    .iter()
                    .any(|n| n.is_any(CLAIM_NOUNS));
            if (!passive && (as_next || noun_after)) || noun_before {
                weak = Some(hit(t.text.to_string(), false, Some(i)));
            }
            continue;
        }
        if t.is("never") && has_speech_verb {
            let after_verb = toks[..i].iter().any(|p| !p.quoted && p.has(C_ATTR_STRONG));
            if after_verb {
                weak = Some(hit(t.text.to_string(), false, None));
            }
        }
    }
    weak.or(inside)
}

/// Reported speech without quotation marks: returns (verb index, raw speaker).
fn indirect_speech(toks: &[Tok<'_>]) -> Option<(usize, String)> {
    for i in 0..toks.len() {
        if toks[i].is("according") {
            continue;
        }
        if let Some((_, Some(who))) = attribution_at(toks, i, true) {
            // The speaker must be the verb's subject or the inverted subject,
            // not a long stretch of text.
            if who.split_whitespace().count() <= 8 {
                return Some((i, who));
            }
        }
    }
    None
}

fn find_accusation(toks: &[Tok<'_>]) -> Option<(usize, String)> {
    for (i, t) in toks.iter().enumerate() {
        if t.has(C_ACCUSE) {
            if i > 0 && toks[i - 1].negation() {
                continue;
            }
            return Some((i, t.text.to_string()));
        }
        let prev_is = |ws: &[&str]| i > 0 && toks[i - 1].is_any(ws);
        if t.is("responsible")
            && prev_is(&[
                "is", "are", "was", "were", "be", "been", "held", "hold", "holds",
            ])
        {
            return Some((i, format!("{} {}", toks[i - 1].text, t.text)));
        }
        if t.is("charged") && toks.get(i + 1).is_some_and(|n| n.is("with")) {
            return Some((i, "charged with".to_string()));
        }
        if t.is("suspected") && toks.get(i + 1).is_some_and(|n| n.is("of")) {
            return Some((i, "suspected of".to_string()));
        }
        if t.is_any(&["claimed", "claims", "claiming"])
            && !prev_is(DETERMINERS)
            && !prev_is(&["these", "such", "false", "unfounded", "the"])
            && (i == 0 || !toks[i - 1].quoted)
        {
            return Some((i, t.text.to_string()));
        }
    }
    None
}

fn find_according_to(toks: &[Tok<'_>]) -> Option<usize> {
    (0..toks.len().saturating_sub(1)).find(|&i| toks[i].is("according") && toks[i + 1].is("to"))
}

/// The most telling figure: money or a percentage first, then amounts in
/// millions/billions, then other numbers that are not dates or years.
fn find_figure(toks: &[Tok<'_>]) -> Option<String> {
    let mut best: Option<(u8, String)> = None;
    for (i, t) in toks.iter().enumerate() {
        if !t.digit() || t.text.chars().any(char::is_alphabetic) {
            continue;
        }
        let currency = t
            .gap
            .chars()
            .last()
            .filter(|c| matches!(c, '$' | '€' | '£' | '¥'));
        let next = toks.get(i + 1);
        let after_gap = next.map_or("", |n| n.gap);
        let percent = after_gap.starts_with('%')
            || next.is_some_and(|n| n.is("percent"))
            || (next.is_some_and(|n| n.is("per")) && toks.get(i + 2).is_some_and(|n| n.is("cent")));
        let scale = next
            .filter(|n| n.is_any(&["million", "billion", "trillion", "thousand"]))
            .map(|n| n.text);
        let prev_month = i > 0 && toks[i - 1].is_any(MONTHS);
        let next_month = next.is_some_and(|n| n.is_any(MONTHS));
        let digits: String = t.text.chars().filter(char::is_ascii_digit).collect();
        let year = digits.len() == 4
            && !t.text.contains(',')
            && (digits.starts_with("19") || digits.starts_with("20"));
        let clock = next.is_some_and(|n| n.is_any(&["a.m", "p.m", "am", "pm", "gmt", "utc"]));
        let mut s = String::new();
        if let Some(c) = currency {
            s.push(c);
        }
        s.push_str(t.text);
        let rank = if currency.is_some() || percent {
            if percent {
                if after_gap.starts_with('%') {
                    s.push('%');
                } else if let Some(n) = next {
                    s.push(' ');
                    s.push_str(n.text);
                    if n.is("per") {
                        s.push_str(" cent");
                    }
                }
            }
            if let Some(sc) = scale {
                s.push(' ');
                s.push_str(sc);
            }
            3
        } else if let Some(sc) = scale {
            s.push(' ');
            s.push_str(sc);
            2
        } else if prev_month || next_month || year || clock {
            continue;
        } else {
            1
        };
        if best.as_ref().is_none_or(|(r, _)| rank > *r) {
            best = Some((rank, s));
        }
    }
    best.map(|(_, s)| s)
}
