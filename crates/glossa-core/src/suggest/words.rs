//! The suggester's word lists: cue words, function words, titles and
//! boilerplate. Data only; the rules that read them are in the sibling
//! modules. Lookups ignore ASCII case (`Tok::is_any`), and the cue lists are
//! merged into one sorted table by `tokens::Lexicon`.

/// Attribution verbs; `true` = may also introduce indirect (reported) speech.
pub(super) const ATTR_VERBS: &[(&str, bool)] = &[
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

/// Honorifics and ranks written before a name (`Dr.`, `Gen.`, `Ms`): never
/// a speaker alone, kept with the name they precede. Compared without the
/// trailing dot.
pub(super) const HONORIFICS: &[&str] = &[
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "gen",
    "col",
    "capt",
    "lt",
    "sgt",
    "maj",
    "adm",
    "rev",
    "sir",
    "dame",
    "ing",
    "insp",
    "supt",
    "cpl",
    "pte",
    "brig",
    "hon",
    "professor",
];

/// The role an honorific stands for, so that `the general` finds `Gen. X`.
pub(super) const HONORIFIC_ROLES: &[(&str, &str)] = &[
    ("gen", "general"),
    ("col", "colonel"),
    ("capt", "captain"),
    ("prof", "professor"),
    ("professor", "professor"),
    ("dr", "doctor"),
    ("lt", "lieutenant"),
    ("sgt", "sergeant"),
    ("maj", "major"),
    ("adm", "admiral"),
    ("rev", "reverend"),
    ("insp", "inspector"),
    ("supt", "superintendent"),
];
/// Nouns by which an article refers back to an organisation it named
/// (`the company said`, `the agency added`).
pub(super) const ORG_ROLE_NOUNS: &[&str] = &[
    "company",
    "firm",
    "agency",
    "group",
    "organisation",
    "organization",
    "mission",
    "exporter",
    "builder",
    "operator",
    "body",
    "union",
    "ministry",
    "commission",
    "department",
    "government",
    "council",
    "institute",
    "charity",
    "bank",
    "court",
    "police",
    "army",
    "military",
    "embassy",
    "regulator",
    "insurer",
    "carrier",
    "airline",
    "manufacturer",
    "maker",
    "retailer",
    "lender",
    "utility",
    "watchdog",
    "tribunal",
    "party",
];
/// Generic nouns for an organisation (`the company`, `the agency`): when no
/// organisation named with that word is known, they stand for the last one
/// named.
pub(super) const GENERIC_ORG_NOUNS: &[&str] = &[
    "company",
    "firm",
    "agency",
    "group",
    "organisation",
    "organization",
    "mission",
    "exporter",
    "builder",
    "operator",
    "body",
    "charity",
    "insurer",
    "carrier",
    "airline",
    "manufacturer",
    "maker",
    "retailer",
    "lender",
    "utility",
    "watchdog",
];
/// Verbs that dismiss a claim when their object is one (`called the claims
/// “a plot”`).
pub(super) const CALL_VERBS: &[&str] = &[
    "called", "calls", "branded", "brands", "labelled", "labeled", "termed",
];
/// Prepositions after which a name is an organisation when a role comes
/// before (`the operations manager of Minera Andina`).
pub(super) const ROLE_OF: &[&str] = &["of", "at", "for"];
/// Documents through which an organisation speaks (`the statement said`):
/// the speaker is the organisation that issued it.
pub(super) const DOC_NOUNS: &[&str] = &[
    "statement",
    "report",
    "filing",
    "letter",
    "study",
    "survey",
    "audit",
    "release",
    "communique",
    "communiqué",
    "notice",
    "memo",
    "document",
    "complaint",
    "lawsuit",
    "ruling",
    "review",
    "assessment",
    "post",
    "inquiry",
    "investigation",
    "analysis",
];
/// Verbs by which a document (a [`DOC_NOUNS`] subject) reports: `An
/// internal audit found that …`. Not speech verbs for people (`police
/// found a body`).
pub(super) const FINDING_VERBS: &[&str] = &[
    "found",
    "finds",
    "concluded",
    "concludes",
    "showed",
    "shows",
];
/// Person roles not in `TITLES` that a later mention may use.
pub(super) const PERSON_ROLES: &[&str] = &[
    "doctor",
    "lieutenant",
    "sergeant",
    "admiral",
    "reverend",
    "inspector",
    "superintendent",
    "head",
    "chief",
    "executive",
    "manager",
    "founder",
    "owner",
    "candidate",
    "activist",
    "researcher",
    "scientist",
    "engineer",
    "economist",
    "official",
    "prosecutor",
    "diplomat",
    "pilot",
    "nurse",
    "witness",
    "chairperson",
    "deputy",
];

pub(super) const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];
pub(super) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "these", "those", "our", "my", "this", "that",
];
pub(super) const PREPS: &[&str] = &[
    "of", "for", "in", "at", "from", "with", "by", "on", "to", "across", "near", "over", "under",
    "about", "against", "into", "between", "among",
];
/// Words that end the search for a verb's subject right before the verb.
pub(super) const BOUNDARY: &[&str] = &[
    "that", "which", "who", "whom", "whose", "and", "but", "or", "when", "after", "before",
    "while", "because", "if", "as", "than", "so", "where", "since", "although", "though", "saying",
    "is", "was", "were", "are",
];
/// Adverbs and auxiliaries skipped between a subject and its verb.
pub(super) const SKIP: &[&str] = &[
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
pub(super) const TIME_WORDS: &[&str] = &[
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
pub(super) const TIME_LEAD: &[&str] = &["on", "last", "this", "late", "early", "in", "at", "that"];
pub(super) const DISCOURSE: &[&str] = &[
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
pub(super) const TITLES: &[&str] = &[
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
    "sheriff",
    "judge",
    "ambassador",
    "chancellor",
    "vice-chancellor",
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
pub(super) const ORG_WORDS: &[&str] = &[
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
    "hospital",
    "clinic",
    "programme",
    "program",
    "mission",
    "tribunal",
    "watch",
    "holding",
    "holdings",
    "partner",
    "partners",
    "seafood",
    "rail",
    "airlines",
];
pub(super) const NAME_CONNECTORS: &[&str] = &[
    "of", "for", "de", "van", "von", "bin", "al", "der", "la", "du", "da",
];
pub(super) const MONTHS: &[&str] = &[
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
pub(super) const DENY_VERBS: &[&str] = &["deny", "denies", "denied", "denying", "denial"];
pub(super) const STRONG_DENIAL_WORDS: &[&str] = &[
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
pub(super) const REJECT_VERBS: &[&str] = &[
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
pub(super) const DENIED_THINGS: &[&str] = &[
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
pub(super) const OBJ_FILLER: &[&str] = &[
    "him", "her", "them", "us", "me", "a", "an", "the", "his", "their", "its", "any", "further",
];
/// Nouns that make `rejected`/`dismissed` a denial.
pub(super) const CLAIM_NOUNS: &[&str] = &[
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
    "view",
    "views",
    "assessment",
    "explanation",
    "explanations",
    "version",
];
pub(super) const COPULAS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "as", "being", "’s", "'s",
];
pub(super) const INTENSIFIERS: &[&str] = &[
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
pub(super) const PASSIVE_AUX: &[&str] = &["is", "was", "were", "are", "been", "being", "be"];

pub(super) const ACCUSE_WORDS: &[&str] = &[
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

pub(super) const BOILERPLATE: &[&str] = &[
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

/// Anywhere in a sentence: the formulas of "no comment".
pub(super) const NO_COMMENT: &[&str] = &[
    "request for comment",
    "requests for comment",
    "reached for comment",
    "declined to comment",
    "did not comment",
    "contributed to this report",
];

/// Words that negate what follows (`didn't` and `can’t` are recognised by
/// their ending).
pub(super) const NEGATIONS: &[&str] = &["not", "never", "cannot", "no", "neither", "nor"];
/// Auxiliaries that carry a negation to the verb after them (`did not say`).
pub(super) const NEGATED_AUX: &[&str] = &["did", "does", "do", "would", "will"];
/// Verbs that may take `to` and still attribute speech (`said to reporters`).
pub(super) const SAY_TO: &[&str] = &["said", "says"];
/// Speech verbs whose object is a listener or more words, never the speaker
/// (`told reporters`, `saying the plan`).
pub(super) const NO_INVERTED_SPEAKER: &[&str] = &["told", "tells", "telling", "saying", "adding"];
/// Words joining a second verb to a sentence's subject (`X did not …, but said`).
pub(super) const COORDINATORS: &[&str] = &["and", "but"];
/// Articles: where a noun phrase starts.
pub(super) const ARTICLES: &[&str] = &["the", "a", "an"];
/// Relative pronouns after a speaker (`a nurse who asked not to be named said`).
pub(super) const PERSON_RELATIVES: &[&str] = &["who"];
/// Words that make a described group plural (`two officials familiar with
/// the inquiry`).
pub(super) const PLURAL_QUANTIFIERS: &[&str] = &[
    "two", "three", "four", "five", "six", "several", "some", "many", "most", "few", "both",
    "other", "dozens", "hundreds",
];
/// Words that call a claim a lie (`is lying`, `is a lie`, `are lies`).
pub(super) const LIE_WORDS: &[&str] = &["lying", "lie", "lies"];
/// Relative pronouns that end a loose phrase after `according to`.
pub(super) const RELATIVES: &[&str] = &["that", "which", "who"];
/// Words just before a denial word that make it no denial (`declined to
/// deny`, `without denying`).
pub(super) const REFUSALS: &[&str] = &[
    "declined", "refused", "refuses", "declines", "without", "won't",
];
/// Determiners right before a denial word that make it a noun (`no denial`).
pub(super) const NO_ANY: &[&str] = &["no", "any"];
/// Forms of `refute` that are the denial verb after a strong denial word.
pub(super) const REFUTE_VERBS: &[&str] = &["refuted", "refutes"];
/// Words before `responsible` that make it an accusation (`is responsible`).
pub(super) const RESPONSIBLE_LEAD: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "held", "hold", "holds",
];
/// Forms of `claim` that make a claim when not quoted.
pub(super) const CLAIM_VERBS: &[&str] = &["claimed", "claims", "claiming"];
/// Words before `claims` that make it a noun, not a verb (`these claims`).
pub(super) const CLAIM_NOUN_LEAD: &[&str] = &["these", "such", "false", "unfounded", "the"];
/// Scale words after a number (`18 million`).
pub(super) const SCALES: &[&str] = &["million", "billion", "trillion", "thousand"];
/// Words after a number that make it a clock time (`5 p.m.`).
pub(super) const CLOCK: &[&str] = &["a.m", "p.m", "am", "pm", "gmt", "utc"];

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[(&str, &[&str])] = &[
        ("HONORIFICS", HONORIFICS),
        ("PRONOUNS", PRONOUNS),
        ("ORG_ROLE_NOUNS", ORG_ROLE_NOUNS),
        ("DOC_NOUNS", DOC_NOUNS),
        ("GENERIC_ORG_NOUNS", GENERIC_ORG_NOUNS),
        ("CALL_VERBS", CALL_VERBS),
        ("ROLE_OF", ROLE_OF),
        ("PERSON_ROLES", PERSON_ROLES),
        ("DETERMINERS", DETERMINERS),
        ("PREPS", PREPS),
        ("BOUNDARY", BOUNDARY),
        ("SKIP", SKIP),
        ("TIME_WORDS", TIME_WORDS),
        ("TIME_LEAD", TIME_LEAD),
        ("DISCOURSE", DISCOURSE),
        ("TITLES", TITLES),
        ("ORG_WORDS", ORG_WORDS),
        ("NAME_CONNECTORS", NAME_CONNECTORS),
        ("MONTHS", MONTHS),
        ("DENY_VERBS", DENY_VERBS),
        ("STRONG_DENIAL_WORDS", STRONG_DENIAL_WORDS),
        ("REJECT_VERBS", REJECT_VERBS),
        ("DENIED_THINGS", DENIED_THINGS),
        ("OBJ_FILLER", OBJ_FILLER),
        ("CLAIM_NOUNS", CLAIM_NOUNS),
        ("COPULAS", COPULAS),
        ("INTENSIFIERS", INTENSIFIERS),
        ("PASSIVE_AUX", PASSIVE_AUX),
        ("ACCUSE_WORDS", ACCUSE_WORDS),
        ("BOILERPLATE", BOILERPLATE),
        ("NO_COMMENT", NO_COMMENT),
        ("NEGATIONS", NEGATIONS),
        ("NEGATED_AUX", NEGATED_AUX),
        ("SAY_TO", SAY_TO),
        ("NO_INVERTED_SPEAKER", NO_INVERTED_SPEAKER),
        ("ARTICLES", ARTICLES),
        ("COORDINATORS", COORDINATORS),
        ("PERSON_RELATIVES", PERSON_RELATIVES),
        ("LIE_WORDS", LIE_WORDS),
        ("RELATIVES", RELATIVES),
        ("FINDING_VERBS", FINDING_VERBS),
        ("PLURAL_QUANTIFIERS", PLURAL_QUANTIFIERS),
        ("REFUSALS", REFUSALS),
        ("NO_ANY", NO_ANY),
        ("REFUTE_VERBS", REFUTE_VERBS),
        ("RESPONSIBLE_LEAD", RESPONSIBLE_LEAD),
        ("CLAIM_VERBS", CLAIM_VERBS),
        ("CLAIM_NOUN_LEAD", CLAIM_NOUN_LEAD),
        ("SCALES", SCALES),
        ("CLOCK", CLOCK),
    ];

    /// The lexicon lowercases a token before its binary search, and the
    /// other lists are compared ignoring case: entries must be lowercase,
    /// and a repeated entry is a slip.
    #[test]
    fn lists_are_lowercase_without_repeats() {
        let attr: Vec<&str> = ATTR_VERBS.iter().map(|&(w, _)| w).collect();
        for (name, list) in ALL.iter().copied().chain([("ATTR_VERBS", &attr[..])]) {
            let mut seen = std::collections::BTreeSet::new();
            for w in list {
                assert_eq!(w.to_lowercase(), *w, "{name}: {w:?} must be lowercase");
                assert!(seen.insert(*w), "{name}: {w:?} twice");
            }
        }
    }

    /// `Lexicon::class` folds a token into a 16-byte buffer: a longer cue
    /// word could never be found.
    #[test]
    fn cue_words_fit_the_lexicon() {
        let cues = ATTR_VERBS
            .iter()
            .map(|&(w, _)| w)
            .chain(DENY_VERBS.iter().copied())
            .chain(STRONG_DENIAL_WORDS.iter().copied())
            .chain(REJECT_VERBS.iter().copied())
            .chain(ACCUSE_WORDS.iter().copied());
        for w in cues {
            assert!(w.len() <= 16, "{w:?} is longer than 16 bytes");
        }
    }
}
