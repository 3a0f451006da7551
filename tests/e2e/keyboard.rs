//! End-to-end: the whole built-in article annotated with the keyboard alone.
//!
//! After the page has loaded, not one mouse event: every step is a key press
//! sent through WebDriver actions to whatever has keyboard focus (the page's
//! keys are window-level). Page state is only *read* (snapshots, storage,
//! the downloaded file). See `e2e/harness.rs`.

use crate::harness::files::{assert_schema_valid, read_json, slice_cp};
use crate::harness::{with_browser, Page, Snapshot};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use glossa_core::article::sha256_hex;
use glossa_core::{parse_article, suggest, Document};
use serde_json::Value;
use std::sync::atomic::{AtomicU32, Ordering};

const SEED: &str = include_str!("../../assets/voa-counterespionage.txt");
const EXPORT_NAME: &str = "us-voices-concerns-over-chinas-counterespionage-push.glossa.json";

/// The tag each sentence s1..s19 of the built-in article gets.
const PLAN: [&str; 19] = [
    "claim",  // s1  The United States is pushing back …
    "quote",  // s2  The State Department said … “something that’s of great concern.”
    "claim",  // s3  This week, China’s Ministry of State Security … posted a message …
    "claim",  // s4  The latest move by MSS followed an expansion …
    "quote",  // s5  “We are closely monitoring …” … Matthew Miller said …
    "quote",  // s6  “We remain concerned …
    "quote",  // s7  And I will add … ,” Miller said.
    "claim",  // s8  The Beijing government earlier this year updated …
    "claim",  // s9  But the law does not define …
    "claim",  // s10 The measure was seen to increase …
    "quote",  // s11 “This literally sent chills down my spine.
    "quote",  // s12 The Chinese Ministry of State Security calls on …
    "quote",  // s13 Devastating,” Isaac Stone Fish … said …
    "claim",  // s14 Washington and Beijing have accused each other …
    "quote",  // s15 On Wednesday, a U.S. congressional panel said …
    "claim",  // s16 Hackers, possibly linked to China’s intelligence agencies …
    "denial", // s17 Officials in Beijing denied the U.S. allegations.
    "quote",  // s18 “Since last year, …” Wang Wenbin … said …
    "quote",  // s19 “It is high time …”
];
/// The quote whose details are filled in: speaker and "direct".
const DETAILS_QUOTE: usize = 5;
const SPEAKER: &str = "Matthew Miller";
/// The denial, linked to the claim of the sentence before it.
const DENIAL: usize = 17;
const DENIED_CLAIM: usize = 16;
/// The claim sentence holding a three-word span tagged Quote.
const SPAN_SENTENCE: usize = 14;
const SPAN_WORDS: &str = "Washington and Beijing";

fn key_for(tag: &str) -> char {
    match tag {
        "claim" => '1',
        "denial" => 'd',
        "quote" => 'q',
        other => panic!("no key for {other}"),
    }
}

/// Every key press goes through here, so they can be counted. A chord
/// (Shift+→, Ctrl+Y) counts as one keystroke; so does each typed character.
struct Keyboard<'a> {
    page: &'a Page,
    count: AtomicU32,
}

impl Keyboard<'_> {
    async fn send(&self, seq: KeyActions, what: &str, strokes: u32) {
        self.page
            .client
            .perform_actions(seq)
            .await
            .unwrap_or_else(|e| panic!("press {what}: {e}"));
        self.count.fetch_add(strokes, Ordering::Relaxed);
    }

    /// One key with `modifiers` held (the harness's chord, counted).
    async fn chord(&self, modifiers: &[Key], key: char) {
        self.page.chord(modifiers, key).await;
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    /// Each character of `keys`, one press each, one after the other.
    async fn press(&self, keys: &str) {
        for c in keys.chars() {
            self.chord(&[], c).await;
        }
    }

    async fn key(&self, key: Key) {
        self.chord(&[], key.into()).await;
    }

    /// Types `text` into whatever has focus (one action sequence).
    async fn type_text(&self, text: &str) {
        let mut seq = KeyActions::new("keyboard".into());
        for c in text.chars() {
            seq = seq
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.send(
            seq,
            &format!("typing {text:?}"),
            text.chars().count() as u32,
        )
        .await;
    }

    fn strokes(&self) -> u32 {
        self.count.load(Ordering::Relaxed)
    }
}

fn storage_key(doc: &Document) -> String {
    format!("glossa:v1:doc:{}", sha256_hex(&doc.text))
}

/// The saved work's annotations (what autosave wrote), without the export time.
fn saved_annotations(s: &Snapshot, doc: &Document) -> Result<Value, String> {
    let key = storage_key(doc);
    let raw = s
        .storage
        .get(&key)
        .ok_or_else(|| format!("nothing saved under {key}"))?;
    let file: Value = serde_json::from_str(raw).map_err(|e| format!("{key}: {e}"))?;
    Ok(file["annotations"].clone())
}

/// The saved annotation on sentence `n` covering the whole sentence.
fn saved_sentence_ann(s: &Snapshot, doc: &Document, n: usize) -> Result<Value, String> {
    let anns = saved_annotations(s, doc)?;
    anns.as_array()
        .into_iter()
        .flatten()
        .find(|a| a["target"]["sentence_id"] == format!("s{n}") && a["scope"] == "sentence")
        .cloned()
        .ok_or_else(|| format!("no saved sentence annotation on s{n}"))
}

fn planned_tags(upto: usize) -> Vec<(usize, &'static str)> {
    PLAN.iter()
        .take(upto)
        .enumerate()
        .map(|(i, t)| (i + 1, *t))
        .collect()
}

fn counts_for(tags: &[(usize, &str)], spans_quote: u32) -> [u32; 4] {
    let n = |t: &str| tags.iter().filter(|(_, x)| *x == t).count() as u32;
    [
        n("claim"),
        n("denial"),
        n("quote") + spans_quote,
        tags.len() as u32,
    ]
}

/// The page's open suggestions: `data-suggestion` of each sentence.
async fn shown_suggestions(page: &Page) -> Vec<Option<String>> {
    let v = page
        .js(
            r#"return Array.from(document.querySelectorAll('div.sentences[role="listbox"] span.s[data-sentence-id]')).map((e) => e.getAttribute('data-suggestion'));"#,
            vec![],
        )
        .await;
    serde_json::from_value(v).expect("data-suggestion list")
}

async fn expect_state(
    page: &Page,
    what: &str,
    tags: &[(usize, &str)],
    sel: usize,
    quote_spans: u32,
) {
    let c = counts_for(tags, quote_spans);
    page.wait_for(what, |s| {
        s.expect_tags(tags)?;
        s.expect_selected(&[sel])?;
        s.expect_focus(sel)?;
        s.expect_counts(c[0], c[1], c[2], c[3])
    })
    .await;
}

#[tokio::test]
async fn annotates_the_default_article_with_the_keyboard_alone() {
    with_browser(
        "annotates_the_default_article_with_the_keyboard_alone",
        |page| async move {
            let doc = parse_article(SEED);
            assert_eq!(doc.sentences.len(), PLAN.len(), "the built-in article has 19 sentences");
            page.open().await;
            let kb = Keyboard {
                page: &page,
                count: AtomicU32::new(0),
            };

            // Suggestions, as the core makes them and the page shows them.
            let mut expected_suggestions: Vec<Option<String>> = vec![None; PLAN.len()];
            for sg in suggest::suggest(&doc) {
                expected_suggestions[sg.sentence.index()] = Some(sg.tag.name().to_string());
            }
            let shown = shown_suggestions(&page).await;
            assert_eq!(shown, expected_suggestions, "data-suggestion of s1..s19");
            // Accept the first suggestion that is what the plan wants; reject
            // the first one that is not, then tag it by hand.
            let accept_at = (1..=PLAN.len())
                .find(|&n| {
                    n != DETAILS_QUOTE && shown[n - 1].as_deref() == Some(PLAN[n - 1])
                })
                .expect("some suggestion agrees with the plan");
            let reject_at = (1..=PLAN.len())
                .find(|&n| shown[n - 1].as_deref().is_some_and(|t| t != PLAN[n - 1]))
                .expect("some suggestion disagrees with the plan");
            println!("suggestions shown: {shown:?}");
            println!("accepting the suggestion on s{accept_at}, rejecting the one on s{reject_at}");

            // s1..s19 in order: j moves (the first j selects s1), then a tag.
            for n in 1..=PLAN.len() {
                kb.press("j").await;
                let done = planned_tags(n - 1);
                expect_state(&page, &format!("j selects s{n}"), &done, n, 0).await;
                if n == accept_at {
                    kb.press("a").await;
                } else if n == reject_at {
                    kb.press("x").await;
                    page.wait_js(
                        &format!("x rejects the suggestion on s{n}"),
                        &format!(
                            r#"const e = document.querySelector('[data-sentence-id="s{n}"]');
                            return e.hasAttribute('data-suggestion') ? 'still suggested: ' + e.getAttribute('data-suggestion') : null;"#
                        ),
                    )
                    .await;
                    kb.press(&key_for(PLAN[n - 1]).to_string()).await;
                } else {
                    kb.press(&key_for(PLAN[n - 1]).to_string()).await;
                }
                let done = planned_tags(n);
                expect_state(&page, &format!("s{n} tagged {}", PLAN[n - 1]), &done, n, 0).await;

                if n == DETAILS_QUOTE {
                    // Enter: the details; speaker typed (Tab commits), "direct"
                    // picked with the arrow key, Esc closes.
                    kb.key(Key::Enter).await;
                    page.wait_for_focus_on("#f-speaker").await;
                    kb.chord(&[Key::Control], 'a').await;
                    kb.type_text(SPEAKER).await;
                    kb.key(Key::Tab).await;
                    page.wait_for_focus_on("#f-cue").await;
                    page.wait_for("the speaker saved", |s| {
                        let a = saved_sentence_ann(s, &doc, n)?;
                        match a["speaker"].as_str() {
                            Some(SPEAKER) => Ok(()),
                            other => Err(format!("saved speaker {other:?}")),
                        }
                    })
                    .await;
                    kb.key(Key::Tab).await;
                    page.wait_for_focus_on("#f-direct").await;
                    kb.key(Key::Down).await;
                    page.wait_for("direct saved", |s| {
                        let a = saved_sentence_ann(s, &doc, n)?;
                        match a["direct"].as_bool() {
                            Some(true) => Ok(()),
                            other => Err(format!("saved direct {other:?} in {a}")),
                        }
                    })
                    .await;
                    kb.key(Key::Escape).await;
                    page.wait_js(
                        "the details closed",
                        "return document.querySelector('.details-pane') ? 'the details are open' : null;",
                    )
                    .await;
                    page.wait_for_focus_on(&format!("s{n}")).await;
                }
            }
            let all = planned_tags(PLAN.len());
            expect_state(&page, "all 19 tagged", &all, PLAN.len(), 0).await;

            // Back up to the denial: link it to the claim of s16.
            kb.press(&"k".repeat(PLAN.len() - DENIAL)).await;
            expect_state(&page, "k back to the denial", &all, DENIAL, 0).await;
            kb.key(Key::Enter).await;
            page.wait_for_focus_on("#f-denies").await;
            // The claims are offered nearest first: ↓ opens the list on
            // s16's, the sentence before (after "no claim").
            kb.key(Key::Down).await;
            let labels = page.texts_of("#denies-list [role=option]").await;
            assert!(
                labels
                    .get(1)
                    .is_some_and(|l| l.starts_with(&format!("s{DENIED_CLAIM} (1 before) — "))),
                "the first claim offered is s{DENIED_CLAIM}: {labels:?}"
            );
            page.wait_js(
                "the nearest claim is the active option",
                "const i = document.getElementById('f-denies'); const a = i.getAttribute('aria-activedescendant'); \
                 const o = a && document.getElementById(a); return o && o.textContent.includes('(1 before)') ? null : 'active: ' + (o && o.textContent);",
            )
            .await;
            kb.key(Key::Enter).await;
            let linked = page
                .wait_for("the denial linked to s16's claim", |s| {
                    let claim = saved_sentence_ann(s, &doc, DENIED_CLAIM)?;
                    let denial = saved_sentence_ann(s, &doc, DENIAL)?;
                    if denial["denies"] == claim["id"] {
                        Ok(())
                    } else {
                        Err(format!("denies {} vs claim id {}", denial["denies"], claim["id"]))
                    }
                })
                .await;
            let claim_id = saved_sentence_ann(&linked, &doc, DENIED_CLAIM).unwrap()["id"].clone();
            kb.key(Key::Escape).await;
            page.wait_js(
                "the details closed",
                "return document.querySelector('.details-pane') ? 'the details are open' : null;",
            )
            .await;
            page.wait_for_focus_on(&format!("s{DENIAL}")).await;

            // Up to s14 and a span of three words with Shift+→, tagged Quote.
            kb.press(&"k".repeat(DENIAL - SPAN_SENTENCE)).await;
            expect_state(&page, "k up to s14", &all, SPAN_SENTENCE, 0).await;
            for _ in 0..3 {
                kb.chord(&[Key::Shift], Key::Right.into()).await;
            }
            page.wait_js(
                "three words selected",
                &format!(
                    r#"const t = Array.from(document.querySelectorAll('[data-sentence-id="s{SPAN_SENTENCE}"] span.seg.insel')).map((e) => e.textContent).join('');
                    return t === {SPAN_WORDS:?} ? null : 'selected words: ' + JSON.stringify(t);"#
                ),
            )
            .await;
            kb.press("q").await;
            let span_js = format!(
                r#"const t = Array.from(document.querySelectorAll('[data-sentence-id="s{SPAN_SENTENCE}"] span.seg.t-quote')).map((e) => e.textContent).join('');
                return t === {SPAN_WORDS:?} ? null : 'quote span shows: ' + JSON.stringify(t);"#
            );
            page.wait_js("the span tagged Quote", &span_js).await;
            let full = page
                .wait_for("the span counted and saved", |s| {
                    s.expect_tags(&all)?;
                    let c = counts_for(&all, 1);
                    s.expect_counts(c[0], c[1], c[2], c[3])?;
                    let n = saved_annotations(s, &doc)?.as_array().map_or(0, Vec::len);
                    if n == PLAN.len() + 1 {
                        Ok(())
                    } else {
                        Err(format!("{n} annotations saved"))
                    }
                })
                .await;
            let before_undo = saved_annotations(&full, &doc).unwrap();

            // Undo twice: the span, then the link; redo twice: both back.
            kb.press("u").await;
            page.wait_js(
                "u removes the span",
                &format!(
                    r#"return document.querySelector('[data-sentence-id="s{SPAN_SENTENCE}"] span.seg.t-quote') ? 'the span is still there' : null;"#
                ),
            )
            .await;
            kb.press("u").await;
            page.wait_for("the second u removes the denial's link", |s| {
                let c = counts_for(&all, 0);
                s.expect_counts(c[0], c[1], c[2], c[3])?;
                let d = saved_sentence_ann(s, &doc, DENIAL)?;
                match d.get("denies") {
                    None => Ok(()),
                    Some(v) => Err(format!("still denies {v}")),
                }
            })
            .await;
            kb.chord(&[Key::Control], 'y').await;
            kb.chord(&[Key::Control], 'y').await;
            page.wait_for("Ctrl+Y twice: everything back", |s| {
                s.expect_tags(&all)?;
                let c = counts_for(&all, 1);
                s.expect_counts(c[0], c[1], c[2], c[3])?;
                let now = saved_annotations(s, &doc)?;
                if now == before_undo {
                    Ok(())
                } else {
                    Err(format!("saved now {now:#}\nbefore undo {before_undo:#}"))
                }
            })
            .await;
            page.wait_js("the span shown again", &span_js).await;

            // e exports; read the file.
            kb.press("e").await;
            let path = page.wait_for_download(EXPORT_NAME).await;
            let file = read_json(&path);
            assert_schema_valid(&file, "the exported file");
            assert_eq!(file["document"]["text_sha256"], sha256_hex(&doc.text).as_str());
            let anns = file["annotations"].as_array().expect("annotations");
            assert_eq!(anns.len(), PLAN.len() + 1, "19 sentence annotations and one span");
            let sentence_level: Vec<&Value> =
                anns.iter().filter(|a| a["scope"] == "sentence").collect();
            assert_eq!(sentence_level.len(), PLAN.len(), "19 sentence annotations");
            for (a, (n, tag)) in sentence_level.iter().zip(planned_tags(PLAN.len())) {
                let s = &doc.sentences[n - 1];
                let t = &a["target"];
                assert_eq!(t["sentence_id"], format!("s{n}"), "file order");
                assert_eq!(a["tag"], tag, "s{n}'s tag");
                assert_eq!((t["start"].as_u64(), t["end"].as_u64()), (Some(s.start as u64), Some(s.end as u64)), "s{n} offsets");
                assert_eq!(t["exact"], s.text(&doc), "s{n} exact");
                if n == DETAILS_QUOTE {
                    assert_eq!(a["speaker"], SPEAKER, "s{n} speaker");
                    assert_eq!(a["direct"], true, "s{n} is a direct quote");
                } else {
                    assert!(a.get("direct").is_none(), "s{n} has no direct/indirect: {a}");
                }
                if n == DENIAL {
                    assert_eq!(a["denies"], claim_id, "s{n} denies s{DENIED_CLAIM}'s claim");
                } else {
                    assert!(a.get("denies").is_none(), "s{n} denies nothing: {a}");
                }
            }
            let claim = sentence_level[DENIED_CLAIM - 1];
            assert_eq!(claim["tag"], "claim");
            assert_eq!(
                sentence_level[DENIAL - 1]["denies"], claim["id"],
                "the denial's link is the id of s16's claim in the same file"
            );
            let spans: Vec<&Value> = anns.iter().filter(|a| a["scope"] == "span").collect();
            assert_eq!(spans.len(), 1, "one span");
            let span = spans[0];
            let s14 = &doc.sentences[SPAN_SENTENCE - 1];
            let (start, end) = (
                span["target"]["start"].as_u64().unwrap() as usize,
                span["target"]["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(span["tag"], "quote");
            assert_eq!(span["target"]["sentence_id"], format!("s{SPAN_SENTENCE}"));
            assert_eq!(span["target"]["exact"], SPAN_WORDS, "the span's three words");
            assert_eq!(slice_cp(&doc.text, start, end), SPAN_WORDS, "exact == text[start..end]");
            assert_eq!(start, s14.start, "the span starts at the sentence's first word");
            assert_eq!(
                file["rejected_suggestions"],
                serde_json::json!([format!("s{reject_at}")]),
                "the rejected suggestion is kept"
            );

            println!("keystrokes: {}", kb.strokes());
        },
    )
    .await;
}
