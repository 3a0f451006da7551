//! The prerendered first screen (scripts/prerender.mjs, web/first.js,
//! src/services/first_screen.rs): a first visit shows the built-in article
//! before the app's wasm has arrived, a person can tag in it, and the app
//! takes it over without moving a line and without losing a tag.

use crate::harness::{open_browser, serve_holding, Hold, Page, BROWSERS};
use glossa_core::parse_article;
use serde_json::Value;

const ARTICLE: &str = include_str!("../../assets/voa-counterespionage.txt");

/// Each sentence of the shown copy (`scope`): id, left, top, height.
async fn boxes(page: &Page, scope: &str) -> Vec<(String, i64, i64, i64)> {
    let v = page
        .js(
            "return Array.from(document.querySelectorAll(arguments[0] + ' span.s[data-sentence-id]'))
               .map((e) => { const r = e.getBoundingClientRect();
                 return [e.getAttribute('data-sentence-id'), Math.round(r.left), Math.round(r.top + scrollY), Math.round(r.height)]; });",
            vec![Value::from(scope)],
        )
        .await;
    serde_json::from_value(v).unwrap_or_else(|e| panic!("sentence boxes: {e}"))
}

async fn first_screen_tags(page: &Page) -> Vec<(String, String)> {
    let v = page
        .js(
            "return Array.from(document.querySelectorAll('div[data-first-screen] span.s[data-tag]'))
               .map((e) => [e.getAttribute('data-sentence-id'), e.getAttribute('data-tag')]);",
            vec![],
        )
        .await;
    serde_json::from_value(v).unwrap_or_else(|e| panic!("first-screen tags: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_screen_is_readable_and_taggable_before_the_app_and_taken_over_in_place() {
    let _permit = BROWSERS.acquire().await.expect("browser semaphore");
    let hold = Hold::new("_bg.wasm");
    let server = serve_holding(crate::harness::dist_dir(), hold.clone()).await;
    let browser = open_browser("first-screen", &server).await;
    let page = browser.page.clone();
    let body = async move {
        page.client
            .goto(&format!("{}/", page.base))
            .await
            .expect("navigate to the app");
        // The wasm is held back: what shows is the page as received.
        page.wait_js(
            "the first screen to be usable",
            "return document.documentElement.hasAttribute('data-first-screen-usable') ? null : 'not yet';",
        )
        .await;
        let app_started = "return document.querySelectorAll('#glossa span.s').length;";
        assert_eq!(
            page.js(app_started, vec![]).await,
            Value::from(0),
            "the app has not started (its wasm is held back)"
        );
        let doc = parse_article(ARTICLE);
        let shown = page
            .js(
                "return Array.from(document.querySelectorAll('div[data-first-screen] span.s')).map((e) => e.textContent);",
                vec![],
            )
            .await;
        let want: Vec<String> = doc
            .sentences
            .iter()
            .map(|s| doc.text[s.byte_start..s.byte_end].to_string())
            .collect();
        assert_eq!(
            shown,
            Value::from(want),
            "the built-in article's sentences, as text"
        );
        let before = boxes(&page, "div[data-first-screen]").await;
        assert_eq!(before.len(), doc.sentences.len());

        // A person tags two sentences, by mouse and keys, and changes one.
        page.click_css(r#"div[data-first-screen] span.s[data-sentence-id="s2"]"#)
            .await;
        page.press("1").await;
        page.click_css(r#"div[data-first-screen] span.s[data-sentence-id="s4"]"#)
            .await;
        page.press("2").await;
        page.press("3").await;
        assert_eq!(
            first_screen_tags(&page).await,
            vec![
                ("s2".to_string(), "claim".to_string()),
                ("s4".to_string(), "quote".to_string())
            ],
            "the first screen shows the tags at once"
        );
        assert_eq!(
            page.text_of(r#"div[data-first-screen] [data-count="tagged"] .n"#)
                .await
                .as_deref(),
            Some("2")
        );
        assert_eq!(
            page.js(app_started, vec![]).await,
            Value::from(0),
            "still before the app"
        );

        // Layout shifts from now on, through the takeover.
        page.js(
            "window.__shifts = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__shifts.push([e.value, (e.sources || []).map((s) => s.node ? (s.node.className || s.node.nodeName) + ' ' + JSON.stringify([s.previousRect.x, s.previousRect.y, s.previousRect.width, s.currentRect.x, s.currentRect.y, s.currentRect.width]) : '?').join('; ')]); }).observe({ type: 'layout-shift' }); return null;",
            vec![],
        )
        .await;
        hold.release();
        let snap = page.wait_for_app().await;
        snap.expect_tags(&[(2, "claim"), (4, "quote")])
            .unwrap_or_else(|e| panic!("the app took over the first screen's tags: {e}"));
        let after = boxes(&page, "#glossa").await;
        let moved: Vec<_> = before
            .iter()
            .zip(&after)
            .filter(|(b, a)| {
                (b.1 - a.1).abs() > 1 || (b.2 - a.2).abs() > 1 || (b.3 - a.3).abs() > 1
            })
            .collect();
        assert!(
            moved.is_empty(),
            "sentences moved when the app took over: {moved:?}"
        );
        // Layout-shift scores (the share of the window that moved, times how
        // far). The article does not move (above); the side panel gains the
        // cards of the two tags (the first screen shows tags in the text and
        // the counts only), which moves the button below them: ~0.006.
        let shifts: Vec<(f64, String)> =
            serde_json::from_value(page.js("return window.__shifts;", vec![]).await)
                .unwrap_or_else(|e| panic!("layout shifts: {e}"));
        let total: f64 = shifts.iter().map(|(v, _)| v).sum();
        assert!(total < 0.01, "the page moved at the takeover: {shifts:?}");
        eprintln!("first screen: layout shift at the takeover {total:.6}: {shifts:?}");

        // The app is live where the person left off: s4 is selected.
        page.press("2").await;
        page.wait_for("s4 tagged denial by the app", |s| {
            s.expect_tags(&[(2, "claim"), (4, "denial")])
        })
        .await;
        // Saved like any work: after a reload (served by the service
        // worker, without the first screen) the tags are there.
        let key = format!("glossa:v1:doc:{}", doc.text_sha256);
        page.wait_for("the work saved", |s| {
            let raw = s.storage.get(&key).ok_or("nothing saved yet")?;
            if raw.contains("\"denial\"") && raw.contains("\"claim\"") {
                Ok(())
            } else {
                Err(format!("saved: {raw}"))
            }
        })
        .await;
        page.wait_js(
            "the service worker to control the page",
            "return navigator.serviceWorker.controller ? null : 'not yet';",
        )
        .await;
        page.reload().await;
        page.wait_for("the tags after a reload", |s| {
            s.expect_tags(&[(2, "claim"), (4, "denial")])
        })
        .await;
        // The worker answered with app.html: no built-in article first (the
        // person's own document may be what opens), no inline stylesheet.
        assert_eq!(
            page.js("return document.querySelectorAll('style').length;", vec![])
                .await,
            Value::from(0),
            "the page after a reload is app.html"
        );
        assert_eq!(
            page.js(
                "return localStorage.getItem('glossa-first-screen');",
                vec![]
            )
            .await,
            Value::Null,
            "the journal is gone once replayed"
        );
    };
    let result = tokio::spawn(body).await;
    if result.is_err() {
        eprintln!("{}", browser.page.diagnostics().await);
    }
    let passed = result.is_ok();
    browser.close(passed).await;
    drop(server);
    if let Err(e) = result {
        std::panic::resume_unwind(e.into_panic());
    }
}
