//! The default article, split as a careful reader would. A change to the
//! segmenter or the parser that moves any boundary here fails this test.

use glossa_core::parse_article;
use proptest::prelude::*;

const SEED: &str = include_str!("../../../assets/voa-counterespionage.txt");

/// (paragraph, sentence) for every sentence of the seed article, checked by hand.
const EXPECTED: &[(usize, &str)] = &[
    (0, "The United States is pushing back at a Chinese government initiative that encourages its nationals to participate in counterespionage activities."),
    (0, "The State Department said on Wednesday that encouraging citizens to spy on each other is “something that’s of great concern.”"),
    (1, "This week, China’s Ministry of State Security, its main agency overseeing foreign intelligence and anti-spying, posted a message on China’s WeChat social media site, saying the effective implementation of the counterespionage law requires not only the work of China’s national security agencies but also the “extensive participation of the people.”"),
    (2, "The latest move by MSS followed an expansion of China’s counterespionage law that took effect on July 1."),
    (3, "“We are closely monitoring the implementation of China’s new counterespionage law … which, as written, greatly expands the scope of what activities are considered espionage,” State Department spokesperson Matthew Miller said during a briefing on Wednesday."),
    (4, "“We remain concerned about the risk of arbitrary arrest and detention in the PRC (People’s Republic of China) as is reflected in our level three travel advisory."),
    (4, "And I will add that these are issues that the secretary raised in his meetings with Chinese officials,” Miller said."),
    (5, "The Beijing government earlier this year updated its anti-espionage legislation, which prohibits the sharing of any information concerning national security."),
    (5, "But the law does not define specifically what constitutes China’s national security or interests."),
    (6, "The measure was seen to increase the operational risks for many multinational companies doing business in China."),
    (7, "“This literally sent chills down my spine."),
    (7, "The Chinese Ministry of State Security calls on all Chinese citizens to participate in counterespionage work; in other words, spying on fellow citizens and foreigners."),
    (7, "Devastating,” Isaac Stone Fish, CEO of consulting firm Strategy Risks, said in a message posted on the social media platform X, formerly known as Twitter."),
    (8, "Washington and Beijing have accused each other of spying in recent months."),
    (9, "On Wednesday, a U.S. congressional panel said it is opening an investigation into China’s alleged involvement in the recent hacking of email systems within the Commerce and State departments."),
    (10, "Hackers, possibly linked to China’s intelligence agencies, are being blamed for a monthlong campaign that breached some unclassified U.S. email systems, allowing them to access a small number of accounts at the U.S. State and Commerce departments, and a handful of other organizations."),
    (11, "Officials in Beijing denied the U.S. allegations."),
    (12, "“Since last year, cybersecurity institutions from China and elsewhere in the world have issued reports to reveal the U.S. government’s cyberattacks against China over the years,” Wang Wenbin, spokesman of China’s Ministry of Foreign Affairs, said during a briefing on July 12."),
    (12, "“It is high time that the U.S. explained its cyberattack activities and stopped spreading disinformation to deflect public attention.”"),
];

#[test]
fn seed_article_header() {
    let d = parse_article(SEED);
    assert_eq!(
        d.title,
        "US Voices Concerns Over China’s Counterespionage Push"
    );
    assert_eq!(d.categories.first().map(String::as_str), Some("America"));
    // Seven categories, as a person reads the line: the names of two words
    // are kept whole.
    assert_eq!(
        d.categories,
        [
            "America",
            "Asia",
            "China",
            "Cyber Security",
            "Defence",
            "News",
            "United States"
        ]
    );
    assert_eq!(d.source.as_deref(), Some("VOA News"));
    assert_eq!(d.paragraphs.len(), 13);
}

#[test]
fn seed_article_sentences() {
    let d = parse_article(SEED);
    let got: Vec<(usize, &str)> = d
        .sentences
        .iter()
        .map(|s| (s.paragraph, s.text(&d)))
        .collect();
    assert_eq!(got, EXPECTED);
}

#[test]
fn seed_offsets_are_code_points_and_utf16() {
    let d = parse_article(SEED);
    let chars: Vec<char> = d.text.chars().collect();
    let utf16: Vec<u16> = d.text.encode_utf16().collect();
    for s in &d.sentences {
        let exact: String = chars[s.start..s.end].iter().collect();
        assert_eq!(exact, s.text(&d));
        assert_eq!(
            String::from_utf16(&utf16[s.utf16_start..s.utf16_end])
                .ok()
                .as_deref(),
            Some(s.text(&d))
        );
    }
    // The title and header are never part of a sentence.
    assert!(d.sentences[0].start > d.text.find("Push").unwrap_or(0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// For any text: every sentence's offsets give back its exact text, in
    /// code points, bytes and UTF-16; sentences are in order and only
    /// whitespace lies between sentences of a paragraph.
    #[test]
    fn offsets_give_back_exact_text(raw in "(\\PC|[ .?!\n”“’()…。])*") {
        let d = parse_article(&raw);
        let chars: Vec<char> = d.text.chars().collect();
        let utf16: Vec<u16> = d.text.encode_utf16().collect();
        let mut prev_end = 0;
        for s in &d.sentences {
            let exact: String = chars[s.start..s.end].iter().collect();
            prop_assert_eq!(exact.as_str(), s.text(&d));
            prop_assert_eq!(String::from_utf16(&utf16[s.utf16_start..s.utf16_end]).ok(), Some(exact.clone()));
            prop_assert!(!exact.is_empty());
            prop_assert!(s.start >= prev_end);
            prop_assert_eq!(exact.trim(), exact.as_str());
            prev_end = s.end;
        }
        for p in &d.paragraphs {
            let mut at = p.start;
            for s in &d.sentences[p.sentences.clone()] {
                let gap: String = chars[at..s.start].iter().collect();
                prop_assert!(gap.trim().is_empty(), "non-space between sentences: {:?}", gap);
                at = s.end;
            }
            let tail: String = chars[at..p.end].iter().collect();
            prop_assert!(tail.trim().is_empty());
        }
        prop_assert_eq!(parse_article(&raw), d, "deterministic");
    }
}
