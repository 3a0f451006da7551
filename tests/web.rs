//! Component tests in a real headless Chromium (wasm-bindgen-test).
//!
//! Each test mounts the whole app into its own element with its own storage
//! prefix, acts on the DOM as a person would (click, key), and checks the DOM.

#![cfg(target_arch = "wasm32")]

use glossa::services::store;
use glossa::{App, AppProps};
use glossa_core::parse_article;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit, MouseEvent, MouseEventInit};
use yew::AttrValue;

wasm_bindgen_test_configure!(run_in_browser);

struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<App>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

async fn settle() {
    // Until Yew has rendered and run effects (it may yield to the browser
    // in between), twice over: what an effect or a timer started (a
    // deferred message to the app) gets its turn and its render too.
    for _ in 0..2 {
        gloo::timers::future::TimeoutFuture::new(5).await;
        yew::scheduler::flush().await;
    }
}

async fn mount(article: &'static str, prefix: &str) -> Mounted {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    gloo::utils::body().append_child(&root).expect("append");
    let props = AppProps {
        article: AttrValue::Static(article),
        storage_prefix: AttrValue::from(prefix.to_string()),
    };
    let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let app = Mounted {
        root,
        handle: Some(handle),
    };
    // Saved work is read from IndexedDB first; the article shows after it.
    wait_for(&app, "the saved work to be read", |a| {
        !a.all("[data-sentence-id]").is_empty()
    })
    .await;
    app
}

fn unique_prefix(name: &str) -> String {
    format!("test-{name}-{}", js_sys::Math::random())
}

impl Mounted {
    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).expect("selector");
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
            .collect()
    }

    fn one(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .expect("selector")
            .unwrap_or_else(|| panic!("no {selector}"))
    }

    fn sentence(&self, n: u32) -> Element {
        self.one(&format!("[data-sentence-id=\"s{n}\"]"))
    }

    fn count(&self, tag: &str) -> String {
        self.one(&format!("[data-count=\"{tag}\"] .n"))
            .text_content()
            .unwrap_or_default()
    }

    async fn click(&self, el: &Element, shift: bool) {
        let init = MouseEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        init.set_shift_key(shift);
        let ev = MouseEvent::new_with_mouse_event_init_dict("click", &init).expect("event");
        el.dispatch_event(&ev).expect("dispatch");
        settle().await;
    }

    async fn key(&self, key: &str, shift: bool) {
        self.key_now(key, shift);
        settle().await;
    }

    /// Presses `key` and returns before Yew renders (or runs effects).
    fn key_now(&self, key: &str, shift: bool) {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        init.set_shift_key(shift);
        let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
        let target: Element = gloo::utils::document()
            .active_element()
            .unwrap_or_else(|| self.root.clone());
        target.dispatch_event(&ev).expect("dispatch");
    }
}

/// The element matching `selector` whose text is exactly `text`, as an HtmlElement.
fn button(app: &Mounted, selector: &str, text: &str) -> HtmlElement {
    app.all(selector)
        .into_iter()
        .find(|b| b.text_content().as_deref() == Some(text))
        .and_then(|b| b.dyn_into().ok())
        .unwrap_or_else(|| panic!("no {selector} with text {text:?}"))
}

fn selected(el: &Element) -> bool {
    el.get_attribute("aria-selected").as_deref() == Some("true")
        && el.class_list().contains("selected")
}

#[wasm_bindgen_test]
async fn renders_every_sentence_with_its_exact_text() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("render")).await;
    let doc = parse_article(glossa::DEFAULT_ARTICLE);
    let shown = app.all("[data-sentence-id]");
    assert_eq!(shown.len(), doc.sentences.len());
    for (el, s) in shown.iter().zip(&doc.sentences) {
        assert_eq!(el.get_attribute("data-sentence-id"), Some(s.id.to_string()));
        assert_eq!(el.text_content().as_deref(), Some(s.text(&doc)));
    }
    assert_eq!(
        app.one("h1.title").text_content().as_deref(),
        Some(doc.title.as_str())
    );
    assert_eq!(
        app.one(".source").text_content().as_deref(),
        Some("Source : VOA News")
    );
    assert_eq!(app.count("claim"), "0");
    // The article text is shown as text, never parsed as markup.
    assert_eq!(app.all(".sentences script").len(), 0);
}

#[wasm_bindgen_test]
async fn click_then_keys_tag_toggle_and_count() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("tag")).await;
    let s2 = app.sentence(2);
    app.click(&s2, false).await;
    assert!(selected(&s2));
    assert_eq!(
        gloo::utils::document().active_element().as_ref(),
        Some(&s2),
        "focus follows the selection"
    );
    app.key("1", false).await;
    assert!(s2.class_list().contains("tag-claim"));
    assert_eq!(s2.get_attribute("data-tag").as_deref(), Some("claim"));
    assert_eq!(app.count("claim"), "1");
    assert_eq!(app.count("tagged"), "1");
    // Another tag replaces it; the same tag again removes it.
    app.key("q", false).await;
    assert_eq!(s2.get_attribute("data-tag").as_deref(), Some("quote"));
    assert_eq!(
        (app.count("claim"), app.count("quote")),
        ("0".into(), "1".into())
    );
    app.key("3", false).await;
    assert_eq!(s2.get_attribute("data-tag"), None);
    assert_eq!(app.count("quote"), "0");
    // The live region said what happened.
    let status = app.one("[role=status]").text_content().unwrap_or_default();
    assert!(status.contains("Sentence 2"), "{status}");
}

#[wasm_bindgen_test]
async fn shift_click_selects_a_range_and_buttons_tag_it() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("range")).await;
    app.click(&app.sentence(3), false).await;
    app.click(&app.sentence(5), true).await;
    let sel: Vec<bool> = (1..=6).map(|n| selected(&app.sentence(n))).collect();
    assert_eq!(sel, vec![false, false, true, true, true, false]);
    let denial: HtmlElement = app
        .one("button.tag-btn.tag-denial")
        .dyn_into()
        .expect("button");
    denial.click();
    settle().await;
    assert_eq!(app.count("denial"), "3");
    let clear: HtmlElement = app.one("button.clear-btn").dyn_into().expect("button");
    clear.click();
    settle().await;
    assert_eq!(app.count("denial"), "0");
    assert_eq!(app.all("[data-tag]").len(), 0);
}

#[wasm_bindgen_test]
async fn keys_move_and_extend_the_selection() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("move")).await;
    app.key("j", false).await;
    assert!(selected(&app.sentence(1)));
    app.key("ArrowDown", false).await;
    app.key("j", false).await;
    assert!(selected(&app.sentence(3)) && !selected(&app.sentence(1)));
    app.key("k", false).await;
    assert!(selected(&app.sentence(2)));
    app.key("ArrowDown", true).await;
    assert!(selected(&app.sentence(2)) && selected(&app.sentence(3)));
    app.key("2", false).await;
    assert_eq!(app.count("denial"), "2");
    app.key("u", false).await;
    assert_eq!(app.count("denial"), "0", "u undoes");
}

/// A change is saved even when the app goes away before Yew has rendered
/// it or run its effects (Yew may yield to the browser in between): the key
/// and the unmount happen in one turn of the event loop.
#[wasm_bindgen_test]
async fn a_change_right_before_unmounting_is_saved() {
    let prefix = unique_prefix("unmount");
    {
        let app = mount(glossa::DEFAULT_ARTICLE, &prefix).await;
        app.click(&app.sentence(6), false).await;
        app.key_now("q", false);
    }
    let app = mount(glossa::DEFAULT_ARTICLE, &prefix).await;
    assert_eq!(
        app.sentence(6).get_attribute("data-tag").as_deref(),
        Some("quote"),
        "the quote tagged just before the unmount is back"
    );
    assert_eq!(app.count("quote"), "1");
}

#[wasm_bindgen_test]
async fn work_survives_a_remount_and_bad_storage_is_kept_aside() {
    let prefix = unique_prefix("save");
    {
        let app = mount(glossa::DEFAULT_ARTICLE, &prefix).await;
        app.click(&app.sentence(4), false).await;
        app.key("d", false).await;
        assert_eq!(app.count("denial"), "1");
    }
    {
        let app = mount(glossa::DEFAULT_ARTICLE, &prefix).await;
        assert_eq!(
            app.sentence(4).get_attribute("data-tag").as_deref(),
            Some("denial")
        );
        assert_eq!(app.count("denial"), "1");
    }
    // Corrupt the saved work: the app starts empty, says so, and keeps the data aside.
    let sha = parse_article(glossa::DEFAULT_ARTICLE).text_sha256;
    let db = store::open(&format!("{prefix}-work"), &["work", "claims", "backups"])
        .await
        .map_err(|e| e.text())
        .expect("open");
    let garbage = store::record(
        &sha,
        &[("rev", &3.into()), ("data", &"{ this is not json".into())],
    );
    let tx = store::transaction(&db, &["work"], true)
        .map_err(|e| e.text())
        .expect("tx");
    store::store(&tx, "work")
        .map_err(|e| e.text())
        .expect("store")
        .put(&garbage)
        .expect("put");
    store::commit(&tx, "save")
        .await
        .map_err(|e| e.text())
        .expect("commit");
    let app = mount(glossa::DEFAULT_ARTICLE, &prefix).await;
    let alert = app.one("[role=alert]").text_content().unwrap_or_default();
    assert!(alert.contains("could not be read"), "{alert}");
    assert_eq!(app.count("denial"), "0");
    let backups = store::all(&db, "backups")
        .await
        .map_err(|e| e.text())
        .expect("backups");
    assert_eq!(backups.length(), 1);
    let kept = js_sys::Reflect::get(&backups.get(0), &"data".into()).expect("data");
    assert_eq!(
        store::text_field(&kept, "data").as_deref(),
        Some("{ this is not json")
    );
    let id = store::text_field(&backups.get(0), "id").unwrap_or_default();
    assert!(
        alert.contains(&id),
        "the banner names the backup {id}: {alert}"
    );
}

#[wasm_bindgen_test]
async fn a_save_that_loses_its_claim_writes_nothing() {
    // The compare-and-set of saves: one transaction adds the revision's
    // claim and puts the record; a taken claim aborts the put with it.
    let name = unique_prefix("store");
    let db = store::open(&name, &["work", "claims"])
        .await
        .map_err(|e| e.text())
        .expect("open");
    let save = |rev: u32, data: &str| {
        let tx = store::transaction(&db, &["work", "claims"], true)
            .map_err(|e| e.text())
            .expect("tx");
        let claim = store::record(&format!("doc:{rev}"), &[]);
        let _ = store::store(&tx, "claims")
            .map_err(|e| e.text())
            .expect("claims")
            .add(&claim);
        let record = store::record("doc", &[("data", &data.into())]);
        let _ = store::store(&tx, "work")
            .map_err(|e| e.text())
            .expect("work")
            .put(&record);
        tx
    };
    let first = save(1, "mine");
    assert!(store::commit(&first, "save").await.is_ok());
    let second = save(1, "theirs");
    assert!(
        store::commit(&second, "save").await == Err(store::Failure::Taken),
        "the second claim of revision 1 is refused"
    );
    let value = store::get(&db, "work", "doc")
        .await
        .map_err(|e| e.text())
        .expect("get");
    assert_eq!(store::text_field(&value, "data").as_deref(), Some("mine"));
    let third = save(2, "theirs");
    assert!(store::commit(&third, "save").await.is_ok());
    let value = store::get(&db, "work", "doc")
        .await
        .map_err(|e| e.text())
        .expect("get");
    assert_eq!(store::text_field(&value, "data").as_deref(), Some("theirs"));
}

#[wasm_bindgen_test]
async fn article_markup_is_shown_as_text() {
    const HOSTILE: &str = "Title <b>x</b>\n\nHe wrote <script>window.__glossa_pwned = 1</script> here. <img src=x onerror=\"window.__glossa_pwned = 2\"> Done.";
    let app = mount(HOSTILE, &unique_prefix("hostile")).await;
    assert_eq!(app.all(".sentences script, .sentences img").len(), 0);
    let text = app.one(".sentences").text_content().unwrap_or_default();
    assert!(
        text.contains("<script>window.__glossa_pwned = 1</script>"),
        "{text}"
    );
    let pwned =
        js_sys::Reflect::get(&gloo::utils::window(), &"__glossa_pwned".into()).expect("get");
    assert!(pwned.is_undefined());
}

async fn change_value(el: &Element, value: &str) {
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(value);
    } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("change", &init).expect("event");
    el.dispatch_event(&ev).expect("dispatch");
    settle().await;
}

#[wasm_bindgen_test]
async fn keyboard_span_is_tagged_inside_a_tagged_sentence() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("span")).await;
    let s5 = app.sentence(5);
    app.click(&s5, false).await;
    app.key("1", false).await;
    // Shift+→ three times: the first three words.
    for _ in 0..3 {
        app.key("ArrowRight", true).await;
    }
    let selected_words: String = app
        .all("[data-sentence-id=\"s5\"] .insel")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert_eq!(selected_words, "“We are closely");
    app.key("3", false).await;
    let quoted: String = app
        .all("[data-sentence-id=\"s5\"] .seg.t-quote")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert_eq!(quoted, "“We are closely");
    let s5 = app.sentence(5);
    assert_eq!(
        s5.get_attribute("data-tag").as_deref(),
        Some("claim"),
        "the sentence keeps its own tag"
    );
    let exact = parse_article(glossa::DEFAULT_ARTICLE).sentences[4].clone();
    assert_eq!(
        s5.text_content().as_deref(),
        Some(exact.text(&parse_article(glossa::DEFAULT_ARTICLE))),
        "spans never change the text"
    );
    assert_eq!(
        (app.count("claim"), app.count("quote"), app.count("tagged")),
        ("1".into(), "1".into(), "1".into())
    );
    // The sidebar lists both, the span marked as such.
    let rows: Vec<String> = app
        .all(".ann-list .ann-tag")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert_eq!(rows, vec!["Claim".to_string(), "Quote · span".to_string()]);
}

#[wasm_bindgen_test]
async fn a_quote_in_quotation_marks_is_not_called_unset() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("direct")).await;
    // Sentence 5 opens with “We are closely monitoring…”; 7 does not.
    for (n, quoted) in [(5, true), (7, false)] {
        let text = app.sentence(n).text_content().unwrap_or_default();
        assert_eq!(text.trim_start().starts_with('“'), quoted, "s{n}: {text}");
        app.click(&app.sentence(n), false).await;
        app.key("q", false).await;
        app.key("Enter", false).await;
        let unset = app
            .one("#f-direct option[value='']")
            .text_content()
            .unwrap_or_default();
        assert_eq!(unset.contains("quotation marks"), quoted, "s{n}: {unset}");
        app.key("Escape", false).await;
        settle().await;
    }
}

#[wasm_bindgen_test]
async fn details_edit_speaker_and_note_and_undo_reverts() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("details")).await;
    app.click(&app.sentence(7), false).await;
    app.key("q", false).await;
    app.key("Enter", false).await;
    let speaker = app.one("#f-speaker");
    assert_eq!(
        gloo::utils::document().active_element().as_ref(),
        Some(&speaker),
        "the first field gets focus"
    );
    change_value(&speaker, "Matthew Miller").await;
    change_value(&app.one("#f-direct"), "direct").await;
    change_value(&app.one("#f-note"), "second half of Miller's quote").await;
    // Keys typed into a field never tag.
    app.key("1", false).await;
    assert_eq!(app.count("claim"), "0");
    assert!(app.all("[role=dialog]").is_empty(), "docked, not a dialog");
    let pane = app.one(".side-panel .details-pane");
    let init = KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    pane.dispatch_event(
        &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("ev"),
    )
    .expect("dispatch");
    settle().await;
    assert!(app.all(".details-pane").is_empty(), "Esc closes");
    assert_eq!(
        gloo::utils::document().active_element().as_ref(),
        Some(&app.sentence(7)),
        "and the keyboard is back in the text"
    );
    assert_eq!(
        app.one(".ann-speaker").text_content().as_deref(),
        Some("— Matthew Miller")
    );
    assert_eq!(
        app.one(".ann-note").text_content().as_deref(),
        Some("second half of Miller's quote")
    );
    // Three edits, three undo steps.
    app.key("u", false).await;
    app.key("u", false).await;
    assert_eq!(
        app.one(".ann-speaker").text_content().as_deref(),
        Some("— Matthew Miller")
    );
    assert!(app.all(".ann-note").is_empty());
    app.key("u", false).await;
    assert!(app.all(".ann-speaker").is_empty());
}

/// What is being typed in a field of the details dialog survives the app
/// rendering again meanwhile (here: the tag's save finishing).
#[wasm_bindgen_test]
async fn typing_in_the_details_survives_a_save_finishing() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("typing")).await;
    app.click(&app.sentence(7), false).await;
    app.key("q", false).await;
    app.key("Enter", false).await;
    wait_for(&app, "the save to start", |a| {
        a.one(".save-state").text_content().as_deref() == Some("Saving…")
    })
    .await;
    // Half a name typed: no change event yet.
    let speaker: web_sys::HtmlInputElement = app.one("#f-speaker").dyn_into().expect("an input");
    speaker.set_value("Matthew Mi");
    wait_for(&app, "the save to finish", |a| {
        a.one(".save-state").text_content().as_deref() == Some("Saved")
    })
    .await;
    assert_eq!(speaker.value(), "Matthew Mi", "the typing was put back");
    // The whole name, once changed, is the annotation's.
    change_value(&speaker, "Matthew Miller").await;
    assert_eq!(
        app.one(".ann-speaker").text_content().as_deref(),
        Some("— Matthew Miller")
    );
}

#[wasm_bindgen_test]
async fn sidebar_filters_searches_and_jumps() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("sidebar")).await;
    for (n, key) in [(1, "1"), (4, "1"), (17, "2")] {
        app.click(&app.sentence(n), false).await;
        app.key(key, false).await;
    }
    assert_eq!(app.all(".ann-list li").len(), 3);
    let denial_chip: HtmlElement = app
        .all(".filters .chip")
        .into_iter()
        .find(|c| c.text_content().is_some_and(|t| t.starts_with("Denial")))
        .and_then(|c| c.dyn_into().ok())
        .expect("chip");
    denial_chip.click();
    settle().await;
    assert_eq!(app.all(".ann-list li").len(), 1);
    assert_eq!(
        denial_chip.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    let all: HtmlElement = app.one(".filters .chip").dyn_into().expect("chip");
    all.click();
    settle().await;
    let search: web_sys::HtmlInputElement =
        app.one("input[type=search]").dyn_into().expect("input");
    search.set_value("MSS");
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    search
        .dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).expect("ev"))
        .expect("dispatch");
    settle().await;
    let rows = app.all(".ann-list .ann");
    assert_eq!(rows.len(), 1, "only s4 mentions MSS");
    let row: HtmlElement = rows[0].clone().dyn_into().expect("button");
    row.click();
    settle().await;
    assert!(selected(&app.sentence(4)));
    assert_eq!(
        gloo::utils::document().active_element().as_ref(),
        Some(&app.sentence(4))
    );
}

#[wasm_bindgen_test]
async fn help_opens_with_question_mark_and_closes_with_escape() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("help")).await;
    app.key("?", false).await;
    let dialog = app.one("[role=dialog]");
    let text = dialog.text_content().unwrap_or_default();
    assert!(text.contains("accept · reject the suggestion"));
    // Every key is listed, Delete and o among them.
    assert!(
        text.contains("Delete") && text.contains("open a document"),
        "{text}"
    );
    // It opens at its first line (a long table scrolled to Close before).
    settle().await;
    if dialog.scroll_height() > dialog.client_height() {
        assert_eq!(dialog.scroll_top(), 0, "the help opens at its top");
    }
    app.key("Escape", false).await;
    assert!(app.all("[role=dialog]").is_empty());
}

#[wasm_bindgen_test]
async fn suggestions_show_and_are_accepted_or_rejected_by_key() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("suggest")).await;
    let s17 = app.sentence(17);
    assert_eq!(
        s17.get_attribute("data-suggestion").as_deref(),
        Some("denial")
    );
    assert!(s17.class_list().contains("suggest"));
    assert_eq!(
        app.count("denial"),
        "0",
        "a suggestion is not an annotation"
    );
    app.click(&s17, false).await;
    app.key("a", false).await;
    assert_eq!(s17.get_attribute("data-tag").as_deref(), Some("denial"));
    assert_eq!(s17.get_attribute("data-suggestion"), None);
    assert_eq!(app.count("denial"), "1");
    // Reject the claim suggested on s1, then undo the rejection.
    let s1 = app.sentence(1);
    app.click(&s1, false).await;
    app.key("x", false).await;
    assert_eq!(s1.get_attribute("data-suggestion"), None);
    assert_eq!(s1.get_attribute("data-tag"), None);
    app.key("u", false).await;
    assert_eq!(
        s1.get_attribute("data-suggestion").as_deref(),
        Some("claim")
    );
    // Shift+A on a quote suggestion accepts every open quote suggestion.
    app.click(&app.sentence(5), false).await;
    app.key("A", true).await;
    let quotes: usize = app.count("quote").parse().unwrap_or(0);
    assert!(quotes >= 5, "accepted {quotes} quotes");
    assert_eq!(app.all("[data-suggestion=quote]").len(), 0);
    assert_eq!(
        app.sentence(5).get_attribute("data-tag").as_deref(),
        Some("quote")
    );
    // The accepted quote carries the suggested speaker.
    app.key("Enter", false).await;
    let speaker: web_sys::HtmlInputElement = app.one("#f-speaker").dyn_into().expect("input");
    assert_eq!(speaker.value(), "Matthew Miller");
}

async fn wait_for(app: &Mounted, what: &str, cond: impl Fn(&Mounted) -> bool) {
    for _ in 0..100 {
        if cond(app) {
            // Yew may yield to the browser with some components' updates
            // still queued (under load the toolbar can trail the article by
            // a turn): let it finish before the caller looks further.
            yew::scheduler::flush().await;
            return;
        }
        gloo::timers::future::TimeoutFuture::new(20).await;
    }
    panic!("timed out waiting for {what}");
}

async fn drop_file(app: &Mounted, name: &str, contents: &[u8]) {
    let bytes = js_sys::Uint8Array::from(contents);
    let parts = js_sys::Array::of1(&bytes);
    let file = web_sys::File::new_with_u8_array_sequence(&parts, name).expect("file");
    let dt = web_sys::DataTransfer::new().expect("data transfer");
    dt.items().add_with_file(&file).expect("add");
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&dt));
    let ev = web_sys::DragEvent::new_with_event_init_dict("drop", &init).expect("drop");
    app.one(".layout").dispatch_event(&ev).expect("dispatch");
    settle().await;
}

/// The shown title; empty while a document's saved work is being read.
fn title_of(app: &Mounted) -> String {
    app.all("h1.title")
        .first()
        .and_then(|t| t.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn paste_a_document_switch_back_and_forth_keeping_each_documents_work() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("paste")).await;
    app.click(&app.sentence(1), false).await;
    app.key("1", false).await;
    let open: HtmlElement = button(&app, ".topbar-actions .btn", "Open");
    open.click();
    settle().await;
    let area: web_sys::HtmlTextAreaElement = app.one("#f-paste").dyn_into().expect("textarea");
    area.set_value("Pasted title\n\nFirst pasted sentence. Second one here.\n\nA new paragraph.");
    let open_pasted: HtmlElement = button(&app, ".open-dialog button", "Open pasted text");
    open_pasted.click();
    wait_for(&app, "the pasted document", |a| {
        title_of(a) == "Pasted title"
    })
    .await;
    assert_eq!(app.all("[data-sentence-id]").len(), 3);
    assert_eq!(app.count("claim"), "0", "the new document has its own work");
    app.click(&app.sentence(2), false).await;
    app.key("3", false).await;
    assert_eq!(app.count("quote"), "1");
    // Back to the built-in article: its claim is still there.
    open_builtin_button(&app).await.click();
    wait_for(&app, "the built-in article", |a| {
        a.all("[data-sentence-id]").len() == 19
    })
    .await;
    assert_eq!(app.count("claim"), "1");
    let shown = |a: &Mounted| {
        a.all("[data-sentence-id]")
            .iter()
            .filter_map(|e| {
                Some((
                    e.get_attribute("data-sentence-id")?,
                    e.get_attribute("data-tag")?,
                ))
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        shown(&app),
        vec![("s1".to_string(), "claim".to_string())],
        "the built-in article shows its own tags, not the pasted document's"
    );
    // And the pasted one is in the library with its quote.
    open.click();
    wait_for(&app, "the library list", |a| {
        !a.all("button[aria-label='Open Pasted title']").is_empty()
    })
    .await;
    let again: HtmlElement = app
        .one("button[aria-label='Open Pasted title']")
        .dyn_into()
        .expect("button");
    again.click();
    wait_for(&app, "the pasted document again", |a| {
        title_of(a) == "Pasted title"
    })
    .await;
    assert_eq!(
        app.sentence(2).get_attribute("data-tag").as_deref(),
        Some("quote")
    );
}

#[wasm_bindgen_test]
async fn dropped_html_is_text_and_runs_nothing_and_binary_is_refused() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("drop")).await;
    let html = b"<html><head><title>Hostile page</title><script>window.__glossa_dropped = 1</script></head>\
        <body><p onmouseover=\"window.__glossa_dropped = 2\">Plain words &lt;b&gt;here&lt;/b&gt;. <img src=x onerror=\"window.__glossa_dropped = 3\">More.</p></body></html>";
    drop_file(&app, "page.html", html).await;
    wait_for(&app, "the dropped page", |a| title_of(a) == "Hostile page").await;
    let text = app.one(".sentences").text_content().unwrap_or_default();
    assert!(text.contains("Plain words <b>here</b>."), "{text}");
    assert_eq!(
        app.all(".sentences img, .sentences script, .sentences b")
            .len(),
        0
    );
    let flag =
        js_sys::Reflect::get(&gloo::utils::window(), &"__glossa_dropped".into()).expect("get");
    assert!(flag.is_undefined(), "no script ran");
    drop_file(&app, "photo.txt", &[0x89, b'P', b'N', b'G', 0, 1, 2, 3]).await;
    wait_for(&app, "the refusal", |a| !a.all("[role=alert]").is_empty()).await;
    let alert = app.one("[role=alert]").text_content().unwrap_or_default();
    assert!(
        alert.contains("not text") && alert.contains("Nothing was changed"),
        "{alert}"
    );
    assert_eq!(title_of(&app), "Hostile page", "the open document stays");
}

#[wasm_bindgen_test]
async fn export_menu_lists_every_format() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("menu")).await;
    let button: HtmlElement = app
        .one("button[aria-haspopup=menu]")
        .dyn_into()
        .expect("button");
    button.click();
    settle().await;
    let names: Vec<String> = app
        .all("[role=menuitem]:not([data-library]) .menu-label")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    let formats = vec![
        "Glossa JSON",
        "W3C Web Annotation",
        "JSONL",
        "CSV",
        "brat",
        "Label Studio",
    ];
    assert_eq!(names, formats);
    // The same formats again for the whole library, named as such.
    let library: Vec<String> = app
        .all("[role=menuitem][data-library]")
        .iter()
        .map(|e| {
            let part = |css: &str| {
                e.query_selector(css)
                    .ok()
                    .flatten()
                    .and_then(|x| x.text_content())
                    .unwrap_or_default()
            };
            format!("{}{}", part(".sr-only"), part(".menu-label"))
        })
        .collect();
    let want: Vec<String> = formats
        .iter()
        .map(|f| format!("Whole library as {f}"))
        .collect();
    assert_eq!(library, want);
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let first = app.one("[role=menuitem]");
    assert_eq!(
        gloo::utils::document().active_element().as_ref(),
        Some(&first),
        "the first item gets focus"
    );
}

#[wasm_bindgen_test]
async fn import_merges_and_keeps_what_clashes_then_undo_restores() {
    use glossa_core::Tag;
    let prefix = unique_prefix("import");
    let app = mount(glossa::DEFAULT_ARTICLE, &prefix).await;
    app.click(&app.sentence(1), false).await;
    app.key("1", false).await;
    // A file made elsewhere: s1 denial (clashes with my claim) and s2 quote.
    let json = glossa_file(
        glossa::DEFAULT_ARTICLE,
        &[(0, Tag::Denial), (1, Tag::Quote)],
    );
    choose_import(&app, "theirs.glossa.json", json);
    wait_for(&app, "the import dialog", |a| {
        !a.all(".import-summary").is_empty()
    })
    .await;
    let summary = app
        .one(".import-summary")
        .text_content()
        .unwrap_or_default();
    assert_eq!(
        summary,
        "2 placed exactly, 0 re-anchored, 0 could not be placed."
    );
    let merge: HtmlElement = button(&app, "[role=dialog] button", "Merge with my annotations");
    merge.click();
    settle().await;
    assert_eq!(
        app.sentence(1).get_attribute("data-tag").as_deref(),
        Some("claim"),
        "my tag stays"
    );
    assert_eq!(
        app.sentence(2).get_attribute("data-tag").as_deref(),
        Some("quote")
    );
    let orphans = app
        .one(".orphans summary")
        .text_content()
        .unwrap_or_default();
    assert_eq!(orphans, "Could not be placed (1)");
    app.key("u", false).await;
    assert_eq!(app.sentence(2).get_attribute("data-tag"), None);
    assert!(app.all(".orphans").is_empty());
}

#[wasm_bindgen_test]
async fn library_entries_can_be_renamed_deleted_and_restored() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("library")).await;
    let open_dialog = || async {
        let open: HtmlElement = button(&app, ".topbar-actions .btn", "Open");
        open.click();
        settle().await;
    };
    // A document with a name no other test uses.
    let title = format!("Library title {}", (js_sys::Math::random() * 1e9) as u64);
    open_dialog().await;
    let area: web_sys::HtmlTextAreaElement = app.one("#f-paste").dyn_into().expect("textarea");
    area.set_value(&format!("{title}\n\nOne sentence here. Another one."));
    let paste: HtmlElement = button(&app, ".open-dialog button", "Open pasted text");
    paste.click();
    wait_for(&app, "the pasted document", |a| title_of(a) == title).await;
    open_dialog().await;
    let rename_label = format!("button[aria-label='Rename {title}']");
    wait_for(&app, "the library entry", |a| {
        !a.all(&rename_label).is_empty()
    })
    .await;
    let rename: HtmlElement = app.one(&rename_label).dyn_into().expect("rename");
    rename.click();
    settle().await;
    let input: web_sys::HtmlInputElement = app.one("input.rename").dyn_into().expect("input");
    input.set_value("Renamed entry");
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    input
        .dispatch_event(
            &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("ev"),
        )
        .expect("dispatch");
    wait_for(&app, "the new name", |a| {
        !a.all("button[aria-label='Delete Renamed entry']")
            .is_empty()
    })
    .await;
    let delete: HtmlElement = app
        .one("button[aria-label='Delete Renamed entry']")
        .dyn_into()
        .expect("delete");
    delete.click();
    wait_for(&app, "the undo line", |a| !a.all(".undo-line").is_empty()).await;
    wait_for(&app, "the entry gone from the list", |a| {
        a.all("button[aria-label='Open Renamed entry']").is_empty()
    })
    .await;
    let undo: HtmlElement = app.one(".undo-line button").dyn_into().expect("undo");
    undo.click();
    wait_for(&app, "the entry back", |a| {
        !a.all("button[aria-label='Open Renamed entry']").is_empty()
    })
    .await;
    // Clean up so other runs in this browser start from the same library.
    let delete: HtmlElement = app
        .one("button[aria-label='Delete Renamed entry']")
        .dyn_into()
        .expect("delete");
    delete.click();
    wait_for(&app, "the clean-up", |a| {
        a.all("button[aria-label='Open Renamed entry']").is_empty()
    })
    .await;
}

/// An annotation file read for one document is never applied to another:
/// when the document changes while the file is being read, the import is
/// dropped with a message, and nothing lands on the new document.
#[wasm_bindgen_test]
async fn an_import_read_while_the_document_changes_is_not_applied() {
    const OTHER: &str = "Another article\n\nIts first sentence is here. Its second one follows.\n";
    let app = mount(OTHER, &unique_prefix("import-switch")).await;
    app.click(&app.sentence(1), false).await;
    app.key("1", false).await;
    app.key("j", false).await;
    app.key("3", false).await;
    let json = glossa_file(
        OTHER,
        &[(0, glossa_core::Tag::Claim), (1, glossa_core::Tag::Quote)],
    );
    let builtin = open_builtin_button(&app).await;
    // The file is chosen, and before it is read the built-in article opens.
    choose_import(&app, "other.glossa.json", json);
    builtin.click();
    wait_for(&app, "the built-in article", |a| {
        a.all("[data-sentence-id]").len() == 19
    })
    .await;
    wait_for_banner(&app, "other.glossa.json").await;
    settle().await;
    assert!(app.all(".import-summary").is_empty(), "no import dialog");
    assert!(
        app.all("[data-tag]").is_empty(),
        "nothing landed on the built-in article"
    );
    assert_eq!(app.count("claim"), "0");
    assert_eq!(app.count("quote"), "0");
}

/// A Glossa file for `article` with a sentence tag per (sentence index, tag),
/// as another annotator's export would be.
fn glossa_file(article: &str, tags: &[(u32, glossa_core::Tag)]) -> String {
    use glossa_core::{Action, AnnotationId, Env, SentenceId, Session, Timestamp};
    let mut session = Session::new(std::rc::Rc::new(parse_article(article)));
    let mut n = 0u8;
    let mut new_id = || {
        n += 1;
        AnnotationId::from_random_bytes([n; 16])
    };
    let mut env = Env {
        now: Timestamp(1_000),
        new_id: &mut new_id,
    };
    for &(s, t) in tags {
        session.apply(
            Action::Select {
                sentence: SentenceId(s),
                extend: false,
            },
            &mut env,
        );
        session.apply(Action::Toggle(t), &mut env);
    }
    glossa_core::format::to_json(&glossa_core::format::export(
        &session,
        Timestamp(2_000),
        "0.1.0",
    ))
}

/// Chooses `json` as file `name` in the toolbar's Import picker (returns
/// before the file is read).
fn choose_import(app: &Mounted, name: &str, json: String) {
    let file = web_sys::File::new_with_str_sequence(&js_sys::Array::of1(&json.into()), name)
        .expect("file");
    let dt = web_sys::DataTransfer::new().expect("dt");
    dt.items().add_with_file(&file).expect("add");
    let input: web_sys::HtmlInputElement = app
        .one("input[type=file]:not(#f-file)")
        .dyn_into()
        .expect("input");
    input.set_files(dt.files().as_ref());
    input
        .dispatch_event(&web_sys::Event::new("change").expect("ev"))
        .expect("dispatch");
}

/// Opens the Open dialog; returns its button for the built-in article.
async fn open_builtin_button(app: &Mounted) -> HtmlElement {
    button(app, ".topbar-actions .btn", "Open").click();
    settle().await;
    app.one("button[aria-label='Open the built-in article']")
        .dyn_into()
        .expect("button")
}

/// Saved work held open by a connection that does not let an upgrade through
/// (a tab of an older build): the app opens anyway and says so, refuses to
/// save over the work it could not read, and offers the export — it does not
/// wait for ever on "Loading saved work…".
#[wasm_bindgen_test]
async fn a_database_another_tab_will_not_let_go_is_reported_not_waited_on() {
    let prefix = unique_prefix("blocked");
    // An older layout: the database with one store, held open, deaf to
    // `versionchange`.
    let holder = store::open(&format!("{prefix}-work"), &["work"])
        .await
        .map_err(|e| e.text())
        .expect("open");
    holder.set_onversionchange(None);
    let app = mount(glossa::DEFAULT_ARTICLE, &prefix).await;
    wait_for_banner(&app, "another tab holds it open").await;
    app.click(&app.sentence(2), false).await;
    app.key("1", false).await;
    assert_eq!(app.count("claim"), "1", "the work goes on in memory");
    wait_for(&app, "the offer to export", |a| {
        a.all(".banner button")
            .iter()
            .any(|b| b.text_content().as_deref() == Some("Export my work"))
    })
    .await;
    holder.close();
}

/// Waits for a banner whose message contains `words`.
async fn wait_for_banner(app: &Mounted, words: &str) {
    wait_for(app, &format!("a banner saying {words:?}"), |a| {
        a.all(".banner p")
            .iter()
            .any(|p| p.text_content().unwrap_or_default().contains(words))
    })
    .await;
}

/// A component mounted alone into its own element (removed when dropped).
struct Alone<C: yew::BaseComponent> {
    root: Element,
    handle: Option<yew::AppHandle<C>>,
}

impl<C: yew::BaseComponent> Drop for Alone<C> {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

async fn mount_alone<C: yew::BaseComponent>(props: C::Properties) -> Alone<C> {
    let root = gloo::utils::document().create_element("div").expect("div");
    gloo::utils::body().append_child(&root).expect("append");
    let handle = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    settle().await;
    Alone {
        root,
        handle: Some(handle),
    }
}

impl<C: yew::BaseComponent> Alone<C> {
    fn one(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .expect("selector")
            .unwrap_or_else(|| panic!("no {selector}"))
    }

    fn count(&self, selector: &str) -> u32 {
        self.root
            .query_selector_all(selector)
            .expect("selector")
            .length()
    }
}

fn input(el: Element) -> web_sys::HtmlInputElement {
    el.dyn_into().expect("an input")
}

/// Presses `key` on `el` (a keydown that bubbles), then lets Yew render.
async fn key_on(el: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    el.dispatch_event(
        &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("ev"),
    )
    .expect("dispatch");
    settle().await;
}

#[wasm_bindgen_test]
async fn export_menu_name_field_takes_letters_and_leaves_the_arrows_to_the_formats() {
    use glossa::components::{ExportMenu, ExportMenuProps};
    use std::cell::RefCell;
    use std::rc::Rc;
    let typed: Rc<RefCell<Vec<String>>> = Rc::default();
    let props = ExportMenuProps {
        on_export: yew::Callback::noop(),
        on_export_library: yew::Callback::noop(),
        own_name: Some(AttrValue::Static("Ana Lima")),
        team_name: None,
        on_own_name: {
            let typed = typed.clone();
            yew::Callback::from(move |s: String| typed.borrow_mut().push(s))
        },
    };
    let menu = mount_alone::<ExportMenu>(props).await;
    let open: HtmlElement = menu
        .one("button[aria-haspopup=menu]")
        .dyn_into()
        .expect("button");
    open.click();
    settle().await;
    let field = input(menu.one("#f-own-name"));
    assert_eq!(field.value(), "Ana Lima", "the name given shows");
    assert!(!field.read_only());
    let label = menu.one("label[for=f-own-name]").text_content();
    assert_eq!(label.as_deref(), Some("Your name in exports"));
    // The arrows go round the formats only: up from the first is the last
    // library item, never the field.
    let items = menu.count("[role=menuitem]");
    assert_eq!(items, 12);
    let first = menu.one("[role=menuitem]");
    assert_eq!(
        gloo::utils::document().active_element().as_ref(),
        Some(&first)
    );
    key_on(&first, "ArrowUp").await;
    let active = gloo::utils::document().active_element().expect("focus");
    assert_eq!(active.get_attribute("role").as_deref(), Some("menuitem"));
    assert!(
        active.get_attribute("data-library").is_some(),
        "the last item"
    );
    // In the field, j and k are letters, not moves.
    field.focus().expect("focus the field");
    key_on(&field, "j").await;
    key_on(&field, "ArrowDown").await;
    assert_eq!(
        gloo::utils::document().active_element().as_ref(),
        Some(field.unchecked_ref::<Element>()),
        "the keyboard stays in the field"
    );
    field.set_value("Ana Lima ");
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    field
        .dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).expect("ev"))
        .expect("dispatch");
    settle().await;
    assert_eq!(*typed.borrow(), vec!["Ana Lima ".to_string()]);
    assert_eq!(
        field.value(),
        "Ana Lima ",
        "the space typed stays while typing"
    );
    // Esc in the field closes the menu.
    key_on(&field, "Escape").await;
    assert_eq!(menu.count("[role=menu]"), 0);
}

#[wasm_bindgen_test]
async fn export_menu_shows_the_team_name_read_only_when_signed_in() {
    use glossa::components::{ExportMenu, ExportMenuProps};
    let props = ExportMenuProps {
        on_export: yew::Callback::noop(),
        on_export_library: yew::Callback::noop(),
        own_name: Some(AttrValue::Static("Ana Lima")),
        team_name: Some(AttrValue::Static("ana")),
        on_own_name: yew::Callback::noop(),
    };
    let menu = mount_alone::<ExportMenu>(props).await;
    let open: HtmlElement = menu
        .one("button[aria-haspopup=menu]")
        .dyn_into()
        .expect("button");
    open.click();
    settle().await;
    let field = input(menu.one("#f-own-name"));
    assert_eq!(field.value(), "ana", "the team name, which exports carry");
    assert!(field.read_only());
    let note = menu
        .one("#own-name-note")
        .text_content()
        .unwrap_or_default();
    assert!(note.contains("team name"), "{note}");
}

#[wasm_bindgen_test]
async fn team_dialog_signs_in_with_what_was_typed_and_keeps_no_password() {
    use glossa::components::{TeamDialog, TeamRequest};
    use std::cell::RefCell;
    use std::rc::Rc;
    let asked: Rc<RefCell<Vec<TeamRequest>>> = Rc::default();
    let props = glossa::components::TeamProps {
        view: Rc::default(),
        default_server: AttrValue::Static("/couchdb"),
        on_request: {
            let asked = asked.clone();
            yew::Callback::from(move |r| asked.borrow_mut().push(r))
        },
        on_close: yew::Callback::noop(),
    };
    let dialog = mount_alone::<TeamDialog>(props).await;
    assert_eq!(input(dialog.one("input[name=server]")).value(), "/couchdb");
    // The name field has focus: the server is usually filled in.
    let focused = gloo::utils::document()
        .active_element()
        .and_then(|e| e.get_attribute("name"));
    assert_eq!(focused.as_deref(), Some("name"));
    input(dialog.one("input[name=name]")).set_value("ana");
    input(dialog.one("input[name=password]")).set_value("s3cret pass");
    assert_eq!(
        dialog
            .one("input[name=password]")
            .get_attribute("type")
            .as_deref(),
        Some("password")
    );
    dialog
        .one("form.sign-in button[type=submit]")
        .dyn_into::<HtmlElement>()
        .expect("button")
        .click();
    settle().await;
    assert_eq!(
        *asked.borrow(),
        vec![TeamRequest::SignIn {
            server: "/couchdb".into(),
            name: "ana".into(),
            password: "s3cret pass".into(),
        }]
    );
    assert_eq!(input(dialog.one("input[name=password]")).value(), "");
    assert!(!dialog.root.inner_html().contains("s3cret"));
}

#[wasm_bindgen_test]
async fn team_dialog_shows_server_text_as_text_and_everyones_progress_to_a_curator() {
    use glossa::components::TeamDialog;
    use glossa_core::couch::project::Role;
    use glossa_core::couch::status::{Cell, ProjectDoc, SyncStatus, SyncView};
    use std::rc::Rc;
    let hostile = "<img src=x onerror=\"window.__team=1\"><b>Budget</b>";
    let mut view = SyncView {
        status: SyncStatus::Synced,
        server: "/couchdb".into(),
        user: Some("cora".into()),
        projects: vec![("council".into(), Role::Curator)],
        project: Some("council".into()),
        role: Some(Role::Curator),
        members: vec![
            ("ana".into(), "annotator".into()),
            ("ben".into(), "annotator".into()),
        ],
        ..SyncView::default()
    };
    view.docs.push(ProjectDoc {
        sha: "abc".into(),
        title: hostile.into(),
        chars: 10,
        annotations: None,
        conflict: false,
    });
    view.team.insert(
        "abc".into(),
        vec![
            Cell {
                member: "ana".into(),
                annotations: Some(3),
                conflicts: 1,
            },
            Cell {
                member: "ben".into(),
                annotations: None,
                conflicts: 0,
            },
        ],
    );
    let props = glossa::components::TeamProps {
        view: Rc::new(view),
        default_server: AttrValue::Static("/couchdb"),
        on_request: yew::Callback::noop(),
        on_close: yew::Callback::noop(),
    };
    let dialog = mount_alone::<TeamDialog>(props).await;
    assert_eq!(
        dialog.one("tr[data-doc=abc] th").text_content().as_deref(),
        Some(hostile)
    );
    assert_eq!(dialog.count("img"), 0);
    assert_eq!(dialog.count("tbody b"), 0);
    assert_eq!(
        dialog.one("td[data-member=ana]").text_content().as_deref(),
        Some("3 (+1 versions)")
    );
    assert_eq!(
        dialog.one("td[data-member=ben]").text_content().as_deref(),
        Some("—")
    );
    assert_eq!(dialog.count("form.sign-in"), 0, "signed in: no form");
    assert!(dialog
        .one(".sync-detail")
        .text_content()
        .unwrap_or_default()
        .contains("saved here and on the server"));
}

#[wasm_bindgen_test]
async fn a_sync_conflict_keeps_the_version_chosen() {
    use glossa::components::SyncConflict;
    use glossa_core::couch::status::Version;
    use std::cell::RefCell;
    use std::rc::Rc;
    let kept: Rc<RefCell<Vec<String>>> = Rc::default();
    let props = glossa::components::SyncConflictProps {
        versions: vec![
            Version {
                rev: "3-aaa".into(),
                annotations: 4,
                mine: true,
                saved: "2026-12-03T08:00:00Z".into(),
            },
            Version {
                rev: "3-bbb".into(),
                annotations: 5,
                mine: false,
                saved: String::new(),
            },
        ],
        on_keep: {
            let kept = kept.clone();
            yew::Callback::from(move |r| kept.borrow_mut().push(r))
        },
    };
    let banner = mount_alone::<SyncConflict>(props).await;
    assert!(banner
        .one("li[data-mine=true]")
        .text_content()
        .unwrap_or_default()
        .contains("This device's version: 4 annotations"));
    banner
        .one("li[data-rev='3-bbb'] button")
        .dyn_into::<HtmlElement>()
        .expect("button")
        .click();
    settle().await;
    assert_eq!(*kept.borrow(), vec!["3-bbb".to_string()]);
}

#[wasm_bindgen_test]
async fn the_agreement_panel_shows_the_reports_figures_and_offers_each_choice() {
    use glossa::components::{AgreementPanel, AgreementProps, ReportFormat, Shared};
    use glossa_core::agreement::adjudicate::Adjudication;
    use glossa_core::Tag;
    use std::cell::RefCell;
    use std::rc::Rc;
    const TEXT: &str = "Title\n\nOne is here. Two is there. Three is last.\n\nFour, five six.";
    let doc = Rc::new(parse_article(TEXT));
    let file = |name: &str, tags: &[(usize, Tag)]| {
        let f = glossa_file(
            TEXT,
            &tags
                .iter()
                .map(|(n, t)| (*n as u32, *t))
                .collect::<Vec<_>>(),
        );
        let mut v: serde_json::Value = serde_json::from_str(&f).expect("json");
        v["annotator"] = serde_json::json!(name);
        (format!("{name}.glossa.json"), v.to_string())
    };
    let files = vec![
        file("ana", &[(0, Tag::Claim), (1, Tag::Quote)]),
        file("ben", &[(0, Tag::Claim), (1, Tag::Denial)]),
    ];
    let adj = Rc::new(Adjudication::from_files(doc.clone(), &files).expect("an adjudication"));
    let fleiss = format!(
        "{:.3}",
        adj.report.sentences.overall.fleiss.value.expect("defined")
    );
    let taken: Rc<RefCell<Vec<usize>>> = Rc::default();
    let reports: Rc<RefCell<Vec<ReportFormat>>> = Rc::default();
    let props = AgreementProps {
        adjudication: Shared(adj.clone()),
        item: 0,
        session: Rc::new(RefCell::new(glossa_core::Session::new(doc))),
        rev: 0,
        on_at: yew::Callback::noop(),
        on_take: {
            let taken = taken.clone();
            yew::Callback::from(move |a| taken.borrow_mut().push(a))
        },
        on_accept_agreed: yew::Callback::noop(),
        on_report: {
            let reports = reports.clone();
            yew::Callback::from(move |f| reports.borrow_mut().push(f))
        },
        on_close: yew::Callback::noop(),
    };
    let panel = mount_alone::<AgreementPanel>(props).await;
    assert_eq!(
        panel
            .one("tr[data-row='all tags'] td[data-figure=fleiss]")
            .text_content(),
        Some(fleiss)
    );
    assert_eq!(panel.count("ol.disagreements li"), adj.items.len() as u32);
    assert!(panel
        .one(".current .where")
        .text_content()
        .unwrap_or_default()
        .contains("Sentence 2"));
    assert!(panel
        .one("button[data-annotator='1']")
        .text_content()
        .unwrap_or_default()
        .contains("ben: Denial"));
    panel
        .one("button[data-annotator='1']")
        .dyn_into::<HtmlElement>()
        .expect("button")
        .click();
    button_in(&panel.root, "button", "Report CSV").click();
    settle().await;
    assert_eq!(*taken.borrow(), vec![1]);
    assert_eq!(*reports.borrow(), vec![ReportFormat::Csv]);
    assert!(panel
        .one(".gold")
        .text_content()
        .unwrap_or_default()
        .contains("no tag"));
}

fn button_in(root: &Element, selector: &str, text: &str) -> HtmlElement {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .find(|b| b.text_content().as_deref() == Some(text))
        .and_then(|b| b.dyn_into().ok())
        .unwrap_or_else(|| panic!("no {selector} with text {text:?}"))
}

/// The details are docked beside the text: it stays visible and its keys
/// keep working, and the pane follows the selection.
#[wasm_bindgen_test]
async fn details_are_docked_and_keys_keep_working_in_the_text() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("docked")).await;
    app.click(&app.sentence(3), false).await;
    app.key("1", false).await;
    app.key("Enter", false).await;
    let head = app
        .one(".details-pane h2")
        .text_content()
        .unwrap_or_default();
    assert!(head.contains("Claim · sentence s3"), "{head}");
    assert!(app.all(".backdrop").is_empty(), "nothing covers the text");
    assert_eq!(
        gloo::utils::document().active_element().map(|e| e.id()),
        Some("f-note".to_string()),
        "Enter puts the keyboard in the details"
    );
    // Back in the text, keys tag as ever; the pane shows the new selection
    // without taking the keyboard. (A real click focuses the sentence.)
    let s4: HtmlElement = app.sentence(4).dyn_into().expect("html");
    s4.focus().expect("focus");
    app.click(&s4, false).await;
    app.key("2", false).await;
    assert_eq!(app.count("denial"), "1");
    let head = app
        .one(".details-pane h2")
        .text_content()
        .unwrap_or_default();
    assert!(head.contains("Denial · sentence s4"), "{head}");
    assert_ne!(
        gloo::utils::document().active_element().map(|e| e.id()),
        Some("f-denies".to_string())
    );
}

/// Enter with words selected opens the span's details, and they say so.
#[wasm_bindgen_test]
async fn enter_on_a_span_opens_the_span_and_says_so() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("span-details")).await;
    app.click(&app.sentence(5), false).await;
    app.key("3", false).await;
    for _ in 0..3 {
        app.key("ArrowRight", true).await;
    }
    app.key("1", false).await;
    app.key("Enter", false).await;
    let head = app
        .one(".details-pane h2")
        .text_content()
        .unwrap_or_default();
    assert!(head.contains("Claim · span in s5"), "{head}");
    let exact = app.one(".details-pane .exact.exact-span");
    assert_eq!(exact.text_content().as_deref(), Some("“We are closely"));
}

/// A denial is linked to a claim by typing in the searchable picker (the
/// nearest claim first); the link shows in the text at both ends and a
/// click on the mark goes to the other end.
#[wasm_bindgen_test]
async fn a_link_is_chosen_by_search_and_shown_at_both_ends_in_the_text() {
    let app = mount(glossa::DEFAULT_ARTICLE, &unique_prefix("links")).await;
    for n in [2, 6] {
        app.click(&app.sentence(n), false).await;
        app.key("1", false).await;
    }
    app.click(&app.sentence(7), false).await;
    app.key("2", false).await;
    app.key("Enter", false).await;
    let picker = app.one("#f-denies");
    assert_eq!(
        gloo::utils::document().active_element().as_ref(),
        Some(&picker)
    );
    // ↓ opens the list on the nearest claim: s6's.
    app.key("ArrowDown", false).await;
    let options: Vec<String> = app
        .all("#denies-list [role=option]")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert!(options[0].starts_with("No claim"), "{options:?}");
    assert!(options[1].starts_with("s6 (1 before)"), "{options:?}");
    assert!(options[2].starts_with("s2 (5 before)"), "{options:?}");
    // Typing narrows to the farther claim; Enter takes it.
    let input: web_sys::HtmlInputElement = picker.clone().dyn_into().expect("input");
    let s2_words = app.sentence(2).text_content().unwrap_or_default();
    let word = s2_words
        .split_whitespace()
        .max_by_key(|w| w.len())
        .expect("a word")
        .to_string();
    input.set_value(&word);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).expect("ev"))
        .expect("dispatch");
    settle().await;
    let options: Vec<String> = app
        .all("#denies-list [role=option]")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert_eq!(options.len(), 1, "{word}: {options:?}");
    assert!(options[0].starts_with("s2 "), "{options:?}");
    app.key("Enter", false).await;
    assert!(
        input.value().starts_with("s2 (5 before)"),
        "{}",
        input.value()
    );
    // In the text: "→ s2" after the denial, "← s7" after the claim.
    let mark = app.one("[data-sentence-id=\"s7\"] .link-mark.denies");
    assert_eq!(mark.get_attribute("data-link").as_deref(), Some("→ s2"));
    let back = app.one("[data-sentence-id=\"s2\"] .link-mark.denied-by");
    assert_eq!(back.get_attribute("data-link").as_deref(), Some("← s7"));
    assert!(app.all("[data-sentence-id=\"s6\"] .link-mark").is_empty());
    // The text of both sentences is unchanged (the marks are drawn, not text).
    assert_eq!(app.sentence(2).text_content(), Some(s2_words));
    // A click on the mark goes to the claim.
    app.click(&mark, false).await;
    assert!(selected(&app.sentence(2)));
    // Undo removes the link, and both marks.
    app.key("Escape", false).await;
    app.key("u", false).await;
    assert!(app.all(".link-mark").is_empty());
}

/// How many `glossa:<name>` performance marks the page has made.
fn marks(name: &str) -> usize {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0, |p| {
            p.get_entries_by_name(&format!("glossa:{name}")).length() as usize
        })
}

/// When the last `glossa:<name>` mark was made (`performance.now()` time).
fn mark_time(name: &str) -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .and_then(|p| {
            let list = p.get_entries_by_name(&format!("glossa:{name}"));
            let last = list.get(list.length().checked_sub(1)?);
            js_sys::Reflect::get(&last, &"startTime".into())
                .ok()?
                .as_f64()
        })
        .unwrap_or(0.0)
}

/// Waits (up to `secs` seconds) for `cond`, polling every 20 ms.
async fn wait_secs(what: &str, secs: f64, cond: impl Fn() -> bool) {
    let start = js_sys::Date::now();
    while !cond() {
        assert!(
            js_sys::Date::now() - start < secs * 1000.0,
            "timed out waiting for {what}"
        );
        gloo::timers::future::TimeoutFuture::new(20).await;
    }
}

#[wasm_bindgen_test]
async fn a_long_document_is_suggested_in_slices_keys_work_meanwhile_and_closing_stops_it() {
    // Over SUGGEST_AT_ONCE sentences: shown first, suggested afterwards.
    let text = glossa_core::generate::long_article(glossa::DEFAULT_ARTICLE, 600_000);
    let doc = parse_article(&text);
    assert!(doc.sentences.len() > glossa::state::SUGGEST_AT_ONCE);
    let text: &'static str = Box::leak(text.into_boxed_str());
    let (started, ended) = (marks("suggest"), marks("suggested"));

    let app = mount(text, &unique_prefix("slices")).await;
    wait_secs("the suggester to start", 10.0, || {
        marks("suggest") > started
    })
    .await;
    // A key while the suggester runs is handled before it ends.
    let s1 = app.sentence(1);
    app.click(&s1, false).await;
    app.key("1", false).await;
    assert_eq!(s1.get_attribute("data-tag").as_deref(), Some("claim"));
    assert_eq!(
        marks("suggested"),
        ended,
        "the suggester ended before the key was handled (it ran in one go, or the article is too short to outlast a key)"
    );
    wait_secs("the suggestions", 120.0, || marks("suggested") > ended).await;
    wait_for(&app, "the suggestions shown", |a| {
        !a.all(".s.suggest").is_empty()
    })
    .await;
    assert_eq!(s1.get_attribute("data-tag").as_deref(), Some("claim"));
    let took = mark_time("suggested") - mark_time("suggest");
    drop(app);

    // Closed while the suggester runs: it stops, and never reports.
    let app = mount(text, &unique_prefix("slices-closed")).await;
    wait_secs("the suggester to start again", 10.0, || {
        marks("suggest") > started + 1
    })
    .await;
    drop(app);
    gloo::timers::future::TimeoutFuture::new((2.0 * took) as u32 + 500).await;
    assert_eq!(
        marks("suggested"),
        ended + 1,
        "a closed app's suggester ran on"
    );
}

#[wasm_bindgen_test]
async fn the_project_view_lists_disagreements_by_document_in_windows_and_each_goes_there() {
    use glossa::components::{ProjectAgreementDialog, ProjectAgreementProps, SharedProject};
    use glossa_core::agreement::adjudicate::ProjectAgreement;
    use glossa_core::{SentenceId, Tag};
    use std::cell::RefCell;
    use std::rc::Rc;
    // 110 sentences ana and ben tag differently, then a short document
    // with one.
    let long: &'static str = Box::leak(
        format!(
            "Long\n\n{}",
            (1..=110)
                .map(|i| format!("Item {i} is here."))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .into_boxed_str(),
    );
    const SHORT: &str = "Short\n\nOne is here. Two is there.";
    let file = |text: &str, name: &str, tags: &[(u32, Tag)]| {
        let mut v: serde_json::Value =
            serde_json::from_str(&glossa_file(text, tags)).expect("json");
        v["annotator"] = serde_json::json!(name);
        (format!("{name}.glossa.json"), v.to_string())
    };
    let all = |t: Tag| (0..110).map(|i| (i, t)).collect::<Vec<_>>();
    let files = vec![
        file(long, "ana", &all(Tag::Claim)),
        file(long, "ben", &all(Tag::Quote)),
        file(SHORT, "ana", &[(1, Tag::Claim)]),
        file(SHORT, "ben", &[(1, Tag::Denial)]),
        file("Other\n\nIt rained.", "cy", &[]),
    ];
    let docs = [Rc::new(parse_article(long)), Rc::new(parse_article(SHORT))];
    let agreement = Rc::new(ProjectAgreement::from_files(&docs, &files).expect("a project"));
    let went: Rc<RefCell<Vec<(String, SentenceId)>>> = Rc::default();
    let props = ProjectAgreementProps {
        agreement: SharedProject(agreement),
        on_report: yew::Callback::noop(),
        on_open: yew::Callback::noop(),
        on_go: {
            let went = went.clone();
            yew::Callback::from(move |to| went.borrow_mut().push(to))
        },
        on_close: yew::Callback::noop(),
    };
    let view = mount_alone::<ProjectAgreementDialog>(props).await;
    assert!(view
        .one(".left-out")
        .text_content()
        .unwrap_or_default()
        .contains("cy.glossa.json"));
    assert_eq!(view.count("ol.project-disagreements li"), 100);
    button_in(&view.root, "button", "Next 11").click();
    settle().await;
    assert_eq!(view.count("ol.project-disagreements li"), 11);
    let last = view.one("ol.project-disagreements li:last-child button");
    let text = last.text_content().unwrap_or_default();
    assert!(
        text.starts_with("Short · Sentence 2") && text.contains("ben Denial"),
        "{text}"
    );
    last.dyn_into::<HtmlElement>().expect("button").click();
    settle().await;
    assert_eq!(
        *went.borrow(),
        vec![(docs[1].text_sha256.clone(), SentenceId(1))]
    );
}
