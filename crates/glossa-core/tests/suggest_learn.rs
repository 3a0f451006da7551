//! The learner: it starts as the rules, learns from accepts, rejects and
//! own tags for the rest of the document and for other documents, says what
//! it learned from, keeps corrected speakers per document, and survives
//! JSON.

use glossa_core::suggest::{suggest, Decision, Learner};
use glossa_core::{parse_article, Document, SentenceId, Tag};
use proptest::prelude::*;

fn article(paragraphs: &[&str]) -> Document {
    parse_article(&format!(
        "News\n\nA test article\n\n{}\n\nSource : Test\n",
        paragraphs.join("\n\n")
    ))
}

const REPORTED: &[&str] = &[
    "The ministry said the budget would rise next year.",
    "Police said the road would stay closed until Friday.",
    "The mayor said the new bridge would open in spring.",
    "The union said its members would strike on Monday.",
    "The company said profits would fall this quarter.",
];

fn tag_of(sugg: &[glossa_core::suggest::Suggestion], i: usize) -> Option<Tag> {
    sugg.iter().find(|s| s.sentence.index() == i).map(|s| s.tag)
}

#[test]
fn a_new_learner_is_the_rules() {
    let doc = article(REPORTED);
    assert_eq!(Learner::new().suggest(&doc), suggest(&doc));
}

#[test]
fn rejecting_reported_speech_as_quote_teaches_the_rest_of_the_document() {
    let doc = article(REPORTED);
    let rules = suggest(&doc);
    assert!(
        (0..5).all(|i| tag_of(&rules, i) == Some(Tag::Quote)),
        "{rules:?}"
    );
    let mut l = Learner::new();
    // The person rejects the first two quotes and tags them as claims.
    for i in 0..2 {
        let id = SentenceId(i);
        l.observe(&doc, &rules, id, &Decision::Rejected(Tag::Quote));
        l.observe(
            &doc,
            &rules,
            id,
            &Decision::Tagged {
                tag: Tag::Claim,
                speaker: None,
            },
        );
    }
    let now = l.adjust(&doc, &rules);
    for i in 2..5 {
        assert_eq!(tag_of(&now, i), Some(Tag::Claim), "s{}: {now:?}", i + 1);
    }
    let s5 = now.iter().find(|s| s.sentence.index() == 4).expect("s5");
    assert!(
        s5.reason.contains("of your decisions") && s5.reason.contains("rules said quote"),
        "{}",
        s5.reason
    );
    // Another document of the project benefits too.
    let other = article(&["The regulator said prices would be capped from June."]);
    assert_eq!(tag_of(&l.suggest(&other), 0), Some(Tag::Claim));
    // A new learner (a new project) starts from the rules again.
    assert_eq!(tag_of(&Learner::new().suggest(&other), 0), Some(Tag::Quote));
}

#[test]
fn accepting_what_the_rules_say_changes_nothing() {
    let doc = article(REPORTED);
    let rules = suggest(&doc);
    let mut l = Learner::new();
    for s in &rules {
        l.observe(&doc, &rules, s.sentence, &Decision::Accepted(s.tag));
    }
    assert_eq!(l.decisions(), rules.len() as u32);
    assert_eq!(l.adjust(&doc, &rules), rules);
}

#[test]
fn a_corrected_speaker_is_kept_for_that_document_only() {
    let text = [
        "“We saw the same symptoms in every ward,” the doctor said.",
        "“Nobody had tested the tanks,” the doctor said.",
    ];
    let doc = article(&text);
    let rules = suggest(&doc);
    let rule_speaker = rules[0].speaker.clone().expect("a rule speaker");
    let mut l = Learner::new();
    l.observe(
        &doc,
        &rules,
        SentenceId(0),
        &Decision::Tagged {
            tag: Tag::Quote,
            speaker: Some("Dr. Amina Yusuf".into()),
        },
    );
    let now = l.adjust(&doc, &rules);
    assert_eq!(now[1].speaker.as_deref(), Some("Dr. Amina Yusuf"));
    assert!(
        now[1].reason.contains("as you corrected it"),
        "{}",
        now[1].reason
    );
    let other = article(&["“The tanks were fine,” the doctor said."]);
    assert_eq!(
        l.suggest(&other)[0].speaker.as_deref(),
        Some(rule_speaker.as_str())
    );
}

#[test]
fn the_learner_survives_json_and_is_deterministic() {
    let doc = article(REPORTED);
    let rules = suggest(&doc);
    let play = || {
        let mut l = Learner::new();
        l.observe(&doc, &rules, SentenceId(0), &Decision::Rejected(Tag::Quote));
        l.observe(
            &doc,
            &rules,
            SentenceId(1),
            &Decision::Tagged {
                tag: Tag::Denial,
                speaker: None,
            },
        );
        l
    };
    let (a, b) = (play(), play());
    assert_eq!(a.to_json(), b.to_json());
    let back = Learner::from_json(&a.to_json()).expect("reads back");
    assert_eq!(back, a);
    assert_eq!(back.adjust(&doc, &rules), a.adjust(&doc, &rules));
    assert!(Learner::from_json("{not json").is_err());
}

proptest! {
    /// Whatever the decisions, the learner gives at most one suggestion per
    /// sentence, in order, and never panics.
    #[test]
    fn any_decisions_keep_suggestions_well_formed(
        ops in proptest::collection::vec((0usize..8, 0u8..5), 0..30)
    ) {
        let doc = article(&[REPORTED[0], "“It is not true,” she said. Was it?", REPORTED[2], "Profits rose 7% to $3 billion."]);
        let rules = suggest(&doc);
        let mut l = Learner::new();
        for (i, op) in ops {
            let id = SentenceId(i as u32);
            let d = match op {
                0 => Decision::Accepted(Tag::Claim),
                1 => Decision::Rejected(Tag::Quote),
                2 => Decision::Tagged { tag: Tag::Denial, speaker: Some("X".into()) },
                3 => Decision::Tagged { tag: Tag::Quote, speaker: None },
                _ => Decision::Rejected(Tag::Claim),
            };
            l.observe(&doc, &rules, id, &d);
        }
        let got = l.adjust(&doc, &rules);
        prop_assert!(got.windows(2).all(|w| w[0].sentence < w[1].sentence));
        prop_assert!(got.iter().all(|s| s.sentence.index() < doc.sentences.len()));
    }
}

/// Adjusting a slice at a time (as the app does on a long document) gives
/// exactly what adjusting at once gives, for any cut into ranges, with and
/// without anything learned.
#[test]
fn adjusting_in_ranges_is_adjusting_at_once() {
    let mut paragraphs: Vec<&str> = REPORTED.to_vec();
    paragraphs.extend([
        "“We will not pay,” the minister said on Tuesday.",
        "Officials denied that the plant had closed.",
        "Prices rose by 4 percent in May.",
    ]);
    let doc = article(&paragraphs);
    let rules = suggest(&doc);
    let fresh = Learner::new();
    let mut taught = Learner::new();
    for i in 0..2 {
        taught.observe(&doc, &rules, SentenceId(i), &Decision::Rejected(Tag::Quote));
        taught.observe(
            &doc,
            &rules,
            SentenceId(i),
            &Decision::Tagged {
                tag: Tag::Claim,
                speaker: None,
            },
        );
    }
    let n = doc.sentences.len();
    for learner in [&fresh, &taught] {
        let whole = learner.adjust(&doc, &rules);
        for step in 1..=n + 1 {
            let mut joined = Vec::new();
            let mut at = 0;
            while at < n {
                joined.extend(learner.adjust_range(&doc, &rules, at..(at + step).min(n)));
                at += step;
            }
            assert_eq!(joined, whole, "ranges of {step}");
        }
        assert!(learner.adjust_range(&doc, &rules, n..n + 3).is_empty());
    }
    assert_ne!(
        taught.adjust(&doc, &rules),
        rules,
        "the taught learner changes something"
    );
}
