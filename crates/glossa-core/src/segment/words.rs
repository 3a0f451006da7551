//! Static word lists for the segmenter, each sorted by bytes and lowercase so
//! that a lookup is a case-insensitive binary search with no allocation.
//!
//! A unit test checks that every list stays sorted, lowercase and free of
//! duplicates: add words anywhere, then keep the order.

use std::cmp::Ordering;
use std::sync::OnceLock;

/// Compares `word` folded to ASCII lowercase with a lowercase `entry`.
fn cmp_folded(word: &[u8], entry: &[u8]) -> Ordering {
    for (a, b) in word.iter().zip(entry) {
        let a = a.to_ascii_lowercase();
        if a != *b {
            return a.cmp(b);
        }
    }
    word.len().cmp(&entry.len())
}

/// Whether `word` is in `list`, ignoring ASCII case.
pub(super) fn contains(list: &[&str], word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    list.binary_search_by(|entry| cmp_folded(word.as_bytes(), entry.as_bytes()).reverse())
        .is_ok()
}

/// Bit flags: which abbreviation lists a word is in (see [`classes`]).
pub(super) mod class {
    pub const TITLE: u16 = 1;
    pub const NEVER_LAST: u16 = 1 << 1;
    pub const BEFORE_NUMBER: u16 = 1 << 2;
    pub const TIME: u16 = 1 << 3;
    pub const COMPANY: u16 = 1 << 4;
    pub const ETC: u16 = 1 << 5;
    pub const MONTH: u16 = 1 << 6;
    pub const AMBIGUOUS: u16 = 1 << 7;
}

/// All abbreviation lists merged into one sorted table of `(word, flags)`,
/// built once, so that the word before a full stop costs one binary search.
struct Abbreviations {
    table: Vec<(&'static str, u16)>,
    longest: usize,
}

fn abbreviations() -> &'static Abbreviations {
    static TABLE: OnceLock<Abbreviations> = OnceLock::new();
    TABLE.get_or_init(|| {
        let lists = [
            (TITLES, class::TITLE),
            (NEVER_LAST, class::NEVER_LAST),
            (BEFORE_NUMBER, class::BEFORE_NUMBER),
            (TIME, class::TIME),
            (COMPANY, class::COMPANY),
            (ETC, class::ETC),
            (MONTHS, class::MONTH),
            (AMBIGUOUS, class::AMBIGUOUS),
        ];
        let mut table: Vec<(&'static str, u16)> = Vec::new();
        for (list, flag) in lists {
            for w in list {
                table.push((w, flag));
            }
        }
        table.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let mut merged: Vec<(&'static str, u16)> = Vec::with_capacity(table.len());
        for (w, f) in table {
            match merged.last_mut() {
                Some(last) if last.0 == w => last.1 |= f,
                _ => merged.push((w, f)),
            }
        }
        let longest = merged.iter().map(|(w, _)| w.len()).max().unwrap_or(0);
        Abbreviations {
            table: merged,
            longest,
        }
    })
}

/// The abbreviation lists `word` is in (ignoring ASCII case), as [`class`]
/// flags; 0 for ordinary words, which most are, and which the length check
/// usually rejects without a search.
pub(super) fn classes(word: &str) -> u16 {
    let a = abbreviations();
    if word.is_empty() || word.len() > a.longest {
        return 0;
    }
    a.table
        .binary_search_by(|(entry, _)| cmp_folded(word.as_bytes(), entry.as_bytes()).reverse())
        .map_or(0, |k| a.table[k].1)
}

/// Words that often begin a sentence in news text. After an ambiguous
/// abbreviation (`U.S.`, `Jr.`, `Calif.`) a capitalised word from this list
/// tips the decision towards a boundary.
pub(super) const STARTERS: &[&str] = &[
    "a",
    "about",
    "according",
    "across",
    "after",
    "afterward",
    "afterwards",
    "again",
    "against",
    "ahead",
    "all",
    "almost",
    "already",
    "also",
    "although",
    "always",
    "amid",
    "among",
    "an",
    "and",
    "another",
    "any",
    "anyone",
    "anything",
    "are",
    "as",
    "asked",
    "at",
    "authorities",
    "because",
    "before",
    "being",
    "beyond",
    "both",
    "but",
    "by",
    "can",
    "could",
    "critics",
    "currently",
    "despite",
    "did",
    "do",
    "does",
    "during",
    "each",
    "earlier",
    "either",
    "elsewhere",
    "even",
    "eventually",
    "every",
    "everyone",
    "everything",
    "experts",
    "few",
    "finally",
    "following",
    "for",
    "former",
    "from",
    "further",
    "furthermore",
    "given",
    "had",
    "has",
    "have",
    "he",
    "hence",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "including",
    "indeed",
    "instead",
    "investors",
    "is",
    "it",
    "its",
    "just",
    "last",
    "lately",
    "later",
    "lawmakers",
    "let",
    "like",
    "many",
    "may",
    "maybe",
    "meanwhile",
    "messrs",
    "more",
    "moreover",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "my",
    "neither",
    "never",
    "nevertheless",
    "next",
    "no",
    "nobody",
    "none",
    "nonetheless",
    "nor",
    "not",
    "nothing",
    "now",
    "of",
    "officials",
    "often",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "otherwise",
    "our",
    "over",
    "overall",
    "perhaps",
    "prices",
    "prosecutors",
    "rather",
    "recently",
    "researchers",
    "residents",
    "separately",
    "shares",
    "she",
    "should",
    "similarly",
    "since",
    "so",
    "some",
    "someone",
    "something",
    "sometimes",
    "soon",
    "still",
    "such",
    "than",
    "thanks",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "thereafter",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "though",
    "three",
    "through",
    "thus",
    "to",
    "today",
    "together",
    "tomorrow",
    "too",
    "two",
    "unless",
    "unlike",
    "until",
    "was",
    "we",
    "were",
    "what",
    "whatever",
    "when",
    "whenever",
    "where",
    "whereas",
    "whether",
    "which",
    "while",
    "who",
    "whoever",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yes",
    "yesterday",
    "yet",
    "you",
    "your",
];

/// Titles written before a name; never last in a sentence (`Mr.`, `Sen.`, `Gen.`).
/// Matched only when capitalised.
pub(super) const TITLES: &[&str] = &[
    "adm", "amb", "asst", "atty", "brig", "capt", "cdr", "cmdr", "col", "comdr", "cpl", "cpt",
    "dep", "det", "dr", "fr", "ft", "gen", "gens", "gov", "govs", "hon", "insp", "lieut", "lt",
    "maj", "messrs", "mlle", "mme", "mmes", "mr", "mrs", "ms", "msgr", "mt", "ofc", "pfc", "pres",
    "prof", "pvt", "rep", "reps", "rev", "rt", "sec", "sen", "sens", "sgt", "spc", "supt",
];

/// Abbreviations that never end a sentence, in any case (`e.g.`, `vs.`).
pub(super) const NEVER_LAST: &[&str] = &["approx", "cf", "e.g", "i.e", "v", "viz", "vs"];

/// Abbreviations that precede a number (`No. 5`, `pp. 12`, `Hwy. 101`).
pub(super) const BEFORE_NUMBER: &[&str] = &[
    "apt", "art", "arts", "bldg", "c", "ca", "ch", "chap", "eq", "ext", "fig", "figs", "ft", "hwy",
    "lb", "lbs", "no", "nos", "nr", "n°", "op", "oz", "p", "para", "paras", "pp", "rm", "rs",
    "rte", "sec", "secs", "ste", "tel", "vol", "vols",
];

/// Clock abbreviations (`a.m.`, `p.m.`), matched in any case.
pub(super) const TIME: &[&str] = &["a.m", "p.m"];

/// Words that continue a time after `a.m.`/`p.m.`: time zones, days, months.
pub(super) const TIME_FOLLOWERS: &[&str] = &[
    "aedt",
    "aest",
    "apr",
    "april",
    "aug",
    "august",
    "bst",
    "cat",
    "cdt",
    "central",
    "cest",
    "cet",
    "ct",
    "dec",
    "december",
    "eastern",
    "eat",
    "edt",
    "est",
    "et",
    "feb",
    "february",
    "friday",
    "gmt",
    "hkt",
    "ist",
    "jan",
    "january",
    "jst",
    "jul",
    "july",
    "jun",
    "june",
    "kst",
    "mar",
    "march",
    "may",
    "mdt",
    "monday",
    "mountain",
    "msk",
    "mst",
    "mt",
    "nov",
    "november",
    "oct",
    "october",
    "pacific",
    "pdt",
    "pst",
    "pt",
    "saturday",
    "sep",
    "sept",
    "september",
    "sgt",
    "sunday",
    "thursday",
    "tuesday",
    "utc",
    "wat",
    "wednesday",
];

/// Company suffixes: a sentence may end on them (`… & Co. It closed`).
pub(super) const COMPANY: &[&str] = &["co", "corp", "cos", "inc", "llc", "lp", "ltd", "plc"];

/// Capitalised words that continue a name after a company suffix
/// (`Apple Inc. Chief Executive Tim Cook`).
pub(super) const COMPANY_CONTINUES: &[&str] = &[
    "ceo",
    "cfo",
    "chair",
    "chairman",
    "chairwoman",
    "chief",
    "co",
    "cofounder",
    "coo",
    "corp",
    "cto",
    "executive",
    "founder",
    "group",
    "holdings",
    "inc",
    "llc",
    "ltd",
    "plc",
    "president",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "unit",
    "vice",
];

/// Abbreviations that end a sentence when a capital follows (`etc.`, `et al.`).
pub(super) const ETC: &[&str] = &["al", "etc"];

/// Abbreviated months (`Jan. 5`).
pub(super) const MONTHS: &[&str] = &[
    "apr", "aug", "dec", "feb", "jan", "jul", "jun", "mar", "nov", "oct", "sep", "sept",
];

/// Capitalised abbreviations that may or may not end a sentence: months,
/// days, U.S. states (AP style), street types, name suffixes, organisations.
pub(super) const AMBIGUOUS: &[&str] = &[
    "admin", "ala", "apr", "ariz", "ark", "assn", "assoc", "aug", "ave", "blvd", "bros", "calif",
    "colo", "conn", "ct", "dec", "del", "dept", "dist", "div", "esq", "feb", "fla", "fri", "ga",
    "govt", "hwy", "ill", "ind", "intl", "jan", "jr", "jul", "jun", "kan", "kans", "ky", "la",
    "ln", "mar", "mass", "md", "mfg", "mich", "minn", "miss", "mo", "mon", "mont", "natl", "neb",
    "nebr", "nev", "nov", "oct", "okla", "ore", "pa", "penn", "pkwy", "rd", "sat", "sep", "sept",
    "sq", "sr", "sun", "tenn", "tex", "thu", "thur", "thurs", "tue", "tues", "twp", "univ", "va",
    "vt", "wash", "wed", "wis", "wisc", "wyo",
];

/// Prepositions that open a time phrase (`At 5 a.m. Mr. Smith …`).
pub(super) const PREPOSITIONS: &[&str] = &[
    "about",
    "after",
    "around",
    "at",
    "before",
    "beginning",
    "between",
    "by",
    "from",
    "on",
    "shortly",
    "since",
    "starting",
    "through",
    "till",
    "until",
];

/// Verbs of saying; `“Why?” Smith asked` keeps the attribution with the quote.
pub(super) const SPEECH_VERBS: &[&str] = &[
    "acknowledged",
    "added",
    "adds",
    "answered",
    "argued",
    "asked",
    "asks",
    "conceded",
    "continued",
    "countered",
    "cried",
    "declared",
    "demanded",
    "exclaimed",
    "explained",
    "insisted",
    "joked",
    "laughed",
    "noted",
    "observed",
    "pleaded",
    "posted",
    "quipped",
    "recalled",
    "remarked",
    "replied",
    "replies",
    "responded",
    "said",
    "says",
    "shouted",
    "stated",
    "tells",
    "told",
    "tweeted",
    "urged",
    "warned",
    "wondered",
    "writes",
    "wrote",
    "yelled",
];
#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[(&str, &[&str])] = &[
        ("STARTERS", STARTERS),
        ("TITLES", TITLES),
        ("NEVER_LAST", NEVER_LAST),
        ("BEFORE_NUMBER", BEFORE_NUMBER),
        ("TIME", TIME),
        ("TIME_FOLLOWERS", TIME_FOLLOWERS),
        ("COMPANY", COMPANY),
        ("COMPANY_CONTINUES", COMPANY_CONTINUES),
        ("ETC", ETC),
        ("MONTHS", MONTHS),
        ("AMBIGUOUS", AMBIGUOUS),
        ("PREPOSITIONS", PREPOSITIONS),
        ("SPEECH_VERBS", SPEECH_VERBS),
    ];

    #[test]
    fn lists_are_sorted_lowercase_and_unique() {
        for (name, list) in ALL {
            for pair in list.windows(2) {
                assert!(
                    pair[0].as_bytes() < pair[1].as_bytes(),
                    "{name}: {:?} must come before {:?}",
                    pair[0],
                    pair[1]
                );
            }
            for w in *list {
                assert_eq!(w.to_lowercase(), *w, "{name}: {w:?} must be lowercase");
            }
        }
    }

    #[test]
    fn merged_classes() {
        assert_eq!(classes("Mr"), class::TITLE);
        assert_eq!(classes("co"), class::COMPANY);
        assert_eq!(classes("sept"), class::MONTH | class::AMBIGUOUS);
        assert_eq!(classes("P.M"), class::TIME);
        assert_eq!(classes("said"), 0);
        assert_eq!(classes("extraordinarily"), 0);
        assert_eq!(classes(""), 0);
    }

    #[test]
    fn lookups_ignore_case() {
        assert!(contains(TITLES, "Mr"));
        assert!(contains(TITLES, "MR"));
        assert!(contains(NEVER_LAST, "e.g"));
        assert!(contains(NEVER_LAST, "E.G"));
        assert!(contains(BEFORE_NUMBER, "N°"));
        assert!(!contains(TITLES, "Mrx"));
        assert!(!contains(TITLES, ""));
        assert_eq!(classes("Ill"), class::AMBIGUOUS);
    }
}
