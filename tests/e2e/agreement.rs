//! Agreement and adjudication end to end: three annotators' Glossa JSON
//! files of the built-in article chosen together, the figures checked
//! against the core's report, disagreements settled by keys, agreed items
//! accepted in bulk (and undone, and redone), the gold version and the
//! report downloaded.

use crate::harness::{with_browser, Page, WorkDir, WAIT};
use fantoccini::key::Key;
use glossa_core::agreement::{agreement, DocumentWork, Work};
use glossa_core::{
    format, parse_article, Action, AnnotationId, Env, SentenceId, Session, Tag, Timestamp,
};
use serde_json::Value;
use std::rc::Rc;
use std::time::{Duration, Instant};

const SLUG: &str = "us-voices-concerns-over-chinas-counterespionage-push";
const ARTICLE: &str = include_str!("../../assets/voa-counterespionage.txt");

/// A session of the built-in article with `tags` (sentence number from 1).
fn session(tags: &[(u32, Tag)]) -> Session {
    session_of(ARTICLE, tags)
}

/// `name`'s work as a Glossa JSON file.
fn file(name: &str, s: &Session) -> String {
    let mut f = format::export(s, Timestamp(1_795_000_000_000), "0.1.0");
    f.annotator = Some(name.to_string());
    format::to_json(&f)
}

fn tags_shown(page_tags: &[(usize, String)]) -> Vec<(usize, &str)> {
    page_tags.iter().map(|(n, t)| (*n, t.as_str())).collect()
}

async fn shown(page: &Page) -> Vec<(usize, String)> {
    let s = page.snapshot().await.expect("snapshot");
    s.sentences
        .iter()
        .filter_map(|x| Some((x.id.strip_prefix('s')?.parse().ok()?, x.tag.clone()?)))
        .collect()
}

async fn wait_shown(page: &Page, what: &str, want: &[(usize, &str)]) {
    let deadline = Instant::now() + WAIT;
    loop {
        let got = shown(page).await;
        if tags_shown(&got) == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the page shows {got:?}, not {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn choose_files(page: &Page, paths: &[std::path::PathBuf]) {
    let input = page
        .client
        .find(fantoccini::Locator::Css("input[type=file][multiple]"))
        .await
        .expect("the compare input");
    let joined: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    input
        .send_keys(&joined.join("\n"))
        .await
        .expect("choose the files");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_annotators_compared_settled_by_keys_and_the_gold_version_exported() {
    let ana = session(&[
        (1, Tag::Claim),
        (2, Tag::Quote),
        (3, Tag::Claim),
        (5, Tag::Denial),
    ]);
    let ben = session(&[(1, Tag::Claim), (2, Tag::Denial), (5, Tag::Denial)]);
    let cora = session(&[
        (1, Tag::Claim),
        (2, Tag::Quote),
        (3, Tag::Claim),
        (4, Tag::Quote),
        (5, Tag::Denial),
    ]);
    let dir = WorkDir::new("agreement");
    let paths: Vec<_> = [("ana", &ana), ("ben", &ben), ("cora", &cora)]
        .iter()
        .map(|(n, s)| dir.write(&format!("{n}.glossa.json"), file(n, s)))
        .collect();
    let other = dir.write("other.glossa.json", &{
        let doc = Rc::new(parse_article("Another story\n\nIt rained. Nobody came."));
        file("dan", &Session::new(doc))
    });
    // What the core says for the same work: the figures shown must be these.
    let works: Vec<Work> = [("ana", &ana), ("ben", &ben), ("cora", &cora)]
        .iter()
        .map(|(n, s)| Work::from_session(*n, s, None))
        .collect();
    let report = agreement(&[DocumentWork {
        title: "t".into(),
        works,
    }])
    .expect("a report");
    let fleiss = format!(
        "{:.3}",
        report.sentences.overall.fleiss.value.expect("defined")
    );
    let kappa_ab = format!(
        "{:.3}",
        report.sentences.overall.cohen[0].1.value.expect("defined")
    );

    with_browser("agreement", move |page| async move {
        page.open().await;
        // Refusals first: one file is not a comparison; another article's
        // file is named. Nothing changes.
        choose_files(&page, &paths[..1]).await;
        let said = page
            .wait_for_text("the refusal", r#".banner[role="alert"] p"#)
            .await;
        assert!(said.contains("at least two annotators"), "{said}");
        page.click_button_text("Dismiss").await;
        choose_files(&page, &[paths[0].clone(), other.clone()]).await;
        let said = page
            .wait_for_text("the refusal", r#".banner[role="alert"] p"#)
            .await;
        assert!(
            said.contains("other.glossa.json") && said.contains("another article"),
            "{said}"
        );
        page.click_button_text("Dismiss").await;
        assert_eq!(shown(&page).await, vec![]);

        choose_files(&page, &paths).await;
        page.wait_for_text("the agreement panel", "aside.agreement")
            .await;
        assert_eq!(
            page.text_of("aside.agreement tr[data-row='all tags'] td[data-figure=fleiss]")
                .await,
            Some(fleiss.clone())
        );
        assert_eq!(
            page.text_of("aside.agreement td[data-kappa='0-1']").await,
            Some(kappa_ab.clone())
        );
        let items = page.texts_of("ol.disagreements li").await;
        assert_eq!(items.len(), 3, "{items:?}");
        assert!(
            items[0].contains("Sentence 2")
                && items[0].contains("ana Quote")
                && items[0].contains("ben Denial"),
            "{items:?}"
        );

        // Settle by keys: ana's quote on s2, ben's "no tag" on s3 (already
        // so: it moves on), cora's quote on s4.
        page.chord(&[Key::Alt], '1').await;
        wait_shown(&page, "ana's choice taken", &[(2, "quote")]).await;
        page.chord(&[Key::Alt], '2').await;
        let current = page
            .wait_for_text(
                "the current disagreement",
                "aside.agreement .current .where",
            )
            .await;
        let deadline = Instant::now() + WAIT;
        let mut current = current;
        while !current.contains("Sentence 4") {
            assert!(Instant::now() < deadline, "still at {current}");
            tokio::time::sleep(Duration::from_millis(50)).await;
            current = page
                .text_of("aside.agreement .current .where")
                .await
                .unwrap_or_default();
        }
        page.chord(&[Key::Alt], '3').await;
        wait_shown(&page, "cora's choice taken", &[(2, "quote"), (4, "quote")]).await;
        // Back with [ to s3, and tag it yourself.
        page.press("[").await;
        page.press("[").await;
        let sel = page.snapshot().await.expect("snapshot");
        sel.expect_selected(&[2])
            .expect("s2 selected after two steps back");
        page.press("]").await;
        page.press("c").await;
        wait_shown(
            &page,
            "s3 tagged by the curator",
            &[(2, "quote"), (3, "claim"), (4, "quote")],
        )
        .await;

        // Accept everything agreed (s1 claim, s5 denial) in one step;
        // undo and redo it.
        page.click_button_text("Accept all agreed").await;
        let gold = [
            (1, "claim"),
            (2, "quote"),
            (3, "claim"),
            (4, "quote"),
            (5, "denial"),
        ];
        wait_shown(&page, "the agreed items accepted", &gold).await;
        page.press("u").await;
        wait_shown(
            &page,
            "the bulk acceptance undone in one step",
            &[(2, "quote"), (3, "claim"), (4, "quote")],
        )
        .await;
        page.chord(&[Key::Control], 'y').await;
        wait_shown(&page, "and redone", &gold).await;

        // The gold version, exported; the report, downloaded.
        page.press("e").await;
        let path = page.wait_for_download(&format!("{SLUG}.glossa.json")).await;
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let mut tags: Vec<(String, String)> = json["annotations"]
            .as_array()
            .expect("annotations")
            .iter()
            .map(|a| {
                (
                    a["target"]["sentence_id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    a["tag"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        tags.sort();
        // The adjudicated tags, each whole-sentence: ana's quote on s2, the
        // curator's own claim on s3, cora's quote on s4, the agreed s1, s5.
        let want: Vec<(String, String)> = gold
            .iter()
            .map(|(n, t)| (format!("s{n}"), t.to_string()))
            .collect();
        assert_eq!(tags, want, "{json}");
        page.click_button_text("Report JSON").await;
        let path = page
            .wait_for_download(&format!("{SLUG}.agreement.json"))
            .await;
        let report_json: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let text = report_json.to_string();
        assert!(
            text.contains("fleiss_kappa") && text.contains("\"ana\"") && text.contains("\"cora\""),
            "{text}"
        );
        page.click_button_text("Report CSV").await;
        let path = page
            .wait_for_download(&format!("{SLUG}.agreement.csv"))
            .await;
        let csv = std::fs::read_to_string(&path).expect("read");
        assert!(csv.lines().count() > 3, "{csv}");
        page.click_button_text("Close").await;
        assert!(page.text_of("aside.agreement").await.is_none());
    })
    .await;
}

const BUDGET: &str = "City budget passes after long night\n\nThe council approved the budget on Tuesday. The mayor said taxes will not rise. Critics said that is false. \"We will see,\" one resident said.\n\nThe vote was seven to two. The budget takes effect in July.";
const PORT: &str = "Port reopens after the storm\n\nShips returned to the harbour on Monday. The port authority said damage was light. Dock workers denied that claim. \"It was a mess,\" a crane operator said.\n\nRepairs will take weeks. Officials expect full traffic by spring.";

/// A session of `text` with `tags` (sentence number from 1).
fn session_of(text: &str, tags: &[(u32, Tag)]) -> Session {
    let mut s = Session::new(Rc::new(parse_article(text)));
    let mut n = 0u8;
    for (sentence, tag) in tags {
        for action in [
            Action::Select {
                sentence: SentenceId(sentence - 1),
                extend: false,
            },
            Action::Toggle(*tag),
        ] {
            let mut new_id = || {
                n = n.wrapping_add(1);
                AnnotationId::from_random_bytes([n; 16])
            };
            let mut env = Env {
                now: Timestamp(1_795_000_000_000),
                new_id: &mut new_id,
            };
            s.apply(action, &mut env);
        }
    }
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_of_two_library_documents_make_the_project_view_whose_disagreements_open_there() {
    use Tag::{Claim, Denial, Quote};
    let budget_doc = parse_article(BUDGET);
    let port_doc = parse_article(PORT);
    // Four annotators on both articles; on the port they disagree on
    // sentence 3 (denial or claim) and dan alone tags sentence 4.
    let budget_tags: [(&str, Vec<(u32, Tag)>); 4] = [
        ("ana", vec![(2, Claim), (3, Denial), (4, Quote)]),
        ("ben", vec![(2, Claim), (3, Denial), (4, Quote)]),
        ("cora", vec![(2, Claim), (3, Claim), (4, Quote)]),
        ("dan", vec![(2, Claim), (3, Denial), (4, Quote)]),
    ];
    let port_tags: [(&str, Vec<(u32, Tag)>); 4] = [
        ("ana", vec![(2, Claim), (3, Denial)]),
        ("ben", vec![(2, Claim), (3, Claim)]),
        ("cora", vec![(2, Claim), (3, Denial)]),
        ("dan", vec![(2, Claim), (3, Denial), (4, Quote)]),
    ];
    let dir = WorkDir::new("agreement-project");
    let budget_txt = dir.write("budget.txt", BUDGET);
    let port_txt = dir.write("port.txt", PORT);
    let mut paths = Vec::new();
    let mut budget_works = Vec::new();
    let mut port_works = Vec::new();
    for (slug, text, tags, works) in [
        ("budget", BUDGET, &budget_tags, &mut budget_works),
        ("port", PORT, &port_tags, &mut port_works),
    ] {
        for (name, t) in tags {
            let s = session_of(text, t);
            paths.push(dir.write(&format!("{slug}.{name}.glossa.json"), file(name, &s)));
            works.push(Work::from_session(*name, &s, None));
        }
    }
    // A file about an article the library does not hold: left out.
    paths.push(dir.write("stray.dan.glossa.json", &{
        let doc = Rc::new(parse_article("Another story\n\nIt rained. Nobody came."));
        file("dan", &Session::new(doc))
    }));
    // What the core says for the same files.
    let report = agreement(&[
        DocumentWork {
            title: budget_doc.title.clone(),
            works: budget_works,
        },
        DocumentWork {
            title: port_doc.title.clone(),
            works: port_works,
        },
    ])
    .expect("a report");
    let alpha = format!(
        "{:.3}",
        report.sentences.overall.alpha.value.expect("defined")
    );
    let fleiss = format!(
        "{:.3}",
        report.sentences.overall.fleiss.value.expect("defined")
    );
    let port_sha = port_doc.text_sha256.clone();

    with_browser("agreement-project", move |page| async move {
        page.open().await;
        // Both articles into the library: the port first, then the budget,
        // which stays open.
        for (path, doc) in [(&port_txt, &port_doc), (&budget_txt, &budget_doc)] {
            page.click_css(r#"button[aria-keyshortcuts="o"]"#).await;
            page.wait_for_text("the Open dialog", "[role=dialog] #open-title")
                .await;
            page.choose_file("#f-file", path).await;
            page.wait_for_document(&doc.title, doc.sentences.len())
                .await;
        }

        choose_files(&page, &paths).await;
        page.wait_for_text("the project view", "#pa-title").await;
        assert_eq!(
            page.text_of(".agreement-dialog tr[data-row='all tags'] td[data-figure=alpha]")
                .await,
            Some(alpha.clone())
        );
        assert_eq!(
            page.text_of(".agreement-dialog tr[data-row='all tags'] td[data-figure=fleiss]")
                .await,
            Some(fleiss.clone())
        );
        let hint = page
            .text_of(".agreement-dialog .hint")
            .await
            .unwrap_or_default();
        assert!(hint.starts_with("2 documents"), "{hint}");
        let left_out = page
            .text_of(".agreement-dialog .left-out")
            .await
            .unwrap_or_default();
        assert!(left_out.contains("stray.dan.glossa.json"), "{left_out}");
        // The disagreements themselves, labelled by document: the budget's
        // sentence 3, the port's sentences 3 and 4.
        let items = page.texts_of("ol.project-disagreements li").await;
        assert_eq!(items.len(), 3, "{items:?}");
        assert!(
            items[0].starts_with(&budget_doc.title) && items[0].contains("Sentence 3"),
            "{items:?}"
        );
        assert!(
            items[2].starts_with(&port_doc.title)
                && items[2].contains("Sentence 4")
                && items[2].contains("dan Quote"),
            "{items:?}"
        );

        // The port's sentence 4: that document opens there.
        page.click_css(&format!(
            "ol.project-disagreements li[data-doc='{port_sha}'][data-sentence='4'] button"
        ))
        .await;
        page.wait_for_document(&port_doc.title, port_doc.sentences.len())
            .await;
        page.wait_for("the port's sentence 4 selected", |s| {
            s.expect_selected(&[4])
        })
        .await;
        assert!(page.text_of("#pa-title").await.is_none(), "the view closed");
    })
    .await;
}
