//! The suggester in steps ([`Suggester`]) gives exactly what [`suggest`]
//! gives, whatever the sizes of the steps and wherever [`Suggester::finish`]
//! is called: on generated news-like documents (quotations over sentences
//! and paragraphs, names, pronouns, denials) and on every article of
//! `tests/data/suggest/` (the tuning and held-out sets).

use glossa_core::suggest::{suggest, Suggester, Suggestion};
use glossa_core::{parse_article, Document};
use proptest::prelude::*;
use std::path::Path;

/// Runs `doc` with steps of `sizes` (cycled; a 0 does nothing), calling
/// `finish` after `stop` steps if that comes first.
fn stepped(doc: &Document, sizes: &[usize], stop: Option<usize>) -> Vec<Suggestion> {
    let mut run = Suggester::new(doc);
    if sizes.iter().all(|&n| n == 0) {
        assert!(!run.step(0));
        return run.finish();
    }
    let mut calls = 0;
    for &n in sizes.iter().cycle() {
        if stop == Some(calls) {
            return run.finish();
        }
        let done = run.step(n);
        assert_eq!(done, run.is_done());
        calls += 1;
        if done {
            break;
        }
        assert!(
            calls < 10_000_000,
            "no end after {calls} steps of {sizes:?}"
        );
    }
    assert!(run.step(1), "a finished run stays finished");
    assert!(run.step(0));
    run.finish()
}

/// Pieces of news: names, titles, roles, pronouns, speech and denial
/// verbs, figures, every kind of quotation mark, sentence ends and
/// paragraph breaks.
const PIECES: &[&str] = &[
    "Dr. Amina Yusuf ",
    "Yusuf ",
    "Ms. Lan ",
    "Nguyễn Thị Lan ",
    "Deputy Health Minister Joseph Mensah ",
    "the minister ",
    "the spokesman ",
    "a company spokesman, Markus Weiss, ",
    "the ministry ",
    "Ocean Rights Watch ",
    "The energy ministry ",
    "the statement ",
    "An internal audit ",
    "he ",
    "she ",
    "they ",
    "It ",
    "Environmental groups were ",
    "said ",
    "told reporters ",
    "said in a statement ",
    "according to ",
    "denied ",
    "did not deny ",
    "rejected the allegations ",
    "accused ",
    "found that ",
    "never ",
    "baseless ",
    "is false ",
    "$18 million ",
    "7% ",
    "the report ",
    "workers ",
    "on Tuesday ",
    "“",
    "”",
    "\"",
    "‘",
    "’",
    "«",
    "»",
    ", ",
    ". ",
    "? ",
    "! ",
    "\n\n",
    "\n\n“",
    "This story has been updated. ",
    "Reporting by Jane Doe. ",
];

/// News-like text: the pieces, and a few plain words, in any order.
fn news_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => "[a-zA-Z ]{1,12}",
    ];
    proptest::collection::vec(piece, 0..160)
        .prop_map(|parts| format!("Title\n\n{}", parts.concat()))
}

/// Step sizes: mostly small (many step boundaries), some zero, some large.
fn sizes() -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(
        prop_oneof![4 => 1usize..8, 1 => Just(0usize), 2 => 8usize..200, 1 => 200usize..5000],
        1..12,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_steps_give_what_suggest_gives(text in news_text(), sizes in sizes(), stop in proptest::option::of(0usize..60)) {
        let doc = parse_article(&text);
        let whole = suggest(&doc);
        prop_assert_eq!(stepped(&doc, &sizes, stop), whole.clone());
        prop_assert_eq!(stepped(&doc, &[1], None), whole);
    }

    #[test]
    fn any_steps_give_what_suggest_gives_on_any_text(text in "\\PC{0,400}", sizes in sizes()) {
        let doc = parse_article(&text);
        prop_assert_eq!(stepped(&doc, &sizes, None), suggest(&doc));
    }
}

/// Every article of `tests/data/suggest/` and its folders.
fn articles() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            panic!("cannot read {}", dir.display());
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "txt") {
                let text =
                    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                out.push((p.display().to_string(), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/suggest"),
        &mut out,
    );
    out
}

#[test]
fn the_test_articles_are_all_here() {
    let all = articles();
    assert!(all.len() >= 20, "{} articles", all.len());
    assert!(all.iter().any(|(p, _)| p.contains("heldout5")));
}

#[test]
fn every_test_article_one_unit_at_a_time() {
    for (name, text) in articles() {
        let doc = parse_article(&text);
        let whole = suggest(&doc);
        assert!(!whole.is_empty(), "{name}");
        assert_eq!(stepped(&doc, &[1], None), whole, "{name}");
        assert_eq!(stepped(&doc, &[usize::MAX], None), whole, "{name}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_steps_on_the_test_articles(pick in any::<prop::sample::Index>(), sizes in sizes(), stop in proptest::option::of(0usize..400)) {
        let all = articles();
        let (name, text) = &all[pick.index(all.len())];
        let doc = parse_article(text);
        prop_assert_eq!(stepped(&doc, &sizes, stop), suggest(&doc), "{}", name);
    }
}

#[test]
fn the_seed_article_and_an_empty_one() {
    let seed = include_str!("../../../assets/voa-counterespionage.txt");
    for text in [seed, "", "Title", "Title\n\n“"] {
        let doc = parse_article(text);
        assert_eq!(stepped(&doc, &[3, 0, 1], None), suggest(&doc));
        let mut run = Suggester::new(&doc);
        assert!(!run.step(0), "a step of 0 does nothing");
        assert!(!run.is_done());
    }
}

/// The generated documents reach the rules that carry state across
/// sentences: quotations over several sentences, speakers borrowed or
/// resolved from earlier ones, and every tag.
#[test]
fn the_generated_documents_reach_the_rules() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..200 {
        let Ok(tree) = news_text().new_tree(&mut runner) else {
            continue;
        };
        let doc = parse_article(&tree.current());
        for s in suggest(&doc) {
            seen.insert(s.tag.name().to_string());
            for (what, mark) in [
                ("multi-sentence quotation", "quotation s"),
                ("continued quotation", "continues the quotation"),
                ("pronoun", "from \""),
                ("quoted denial", "denial in quoted words"),
            ] {
                if s.reason.contains(mark) {
                    seen.insert(what.to_string());
                }
            }
        }
    }
    for want in [
        "claim",
        "denial",
        "quote",
        "multi-sentence quotation",
        "continued quotation",
        "pronoun",
        "quoted denial",
    ] {
        assert!(seen.contains(want), "no {want} in {seen:?}");
    }
}
