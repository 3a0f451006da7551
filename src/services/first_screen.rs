//! The prerendered first screen, taken over. A first visit receives the
//! built-in article already drawn in index.html (scripts/prerender.mjs);
//! web/first.js lets a person select and tag sentences in it before the app
//! has arrived, keeping each step in a journal. Once the app is ready it
//! calls [`take_over`]: first.js is told to let go (the `glossa-takeover`
//! event, whose detail receives the journal), the prerendered copy is
//! removed, and the journal's steps come back for the app to replay through
//! its own key table and reducer. The journal is also kept in local storage
//! (`glossa-first-screen`) in case the page was reloaded before the app
//! started; it is removed once read.

use crate::services::platform;
use glossa_core::SentenceId;
use serde::Deserialize;
use wasm_bindgen::JsValue;

/// Where web/first.js keeps its journal.
const JOURNAL: &str = "glossa-first-screen";

/// What was done on the first screen, in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Journal {
    /// A sentence and the key pressed on it (a tag key, as the page's tag
    /// buttons list them).
    pub steps: Vec<(SentenceId, String)>,
    /// The sentence selected last.
    pub selected: Option<SentenceId>,
}

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    steps: Vec<(String, String)>,
    #[serde(default)]
    selected: Option<String>,
}

/// Reads a journal as web/first.js writes it; `None` when it is not one.
/// Steps on sentences that do not parse are left out.
pub fn parse(text: &str) -> Option<Journal> {
    let raw: Raw = serde_json::from_str(text).ok()?;
    Some(Journal {
        steps: raw
            .steps
            .into_iter()
            .filter_map(|(id, key)| SentenceId::parse(&id).map(|id| (id, key)))
            .collect(),
        selected: raw.selected.as_deref().and_then(SentenceId::parse),
    })
}

/// Takes over the first screen if there is one, and returns its journal
/// (also one left from a visit reloaded before the app started): `None`
/// when there is none, `Some(Err(()))` when it could not be read.
pub fn take_over() -> Option<Result<Journal, ()>> {
    let document = web_sys::window()?.document()?;
    let mut text = None;
    if let Ok(Some(first)) = document.query_selector("div[data-first-screen]") {
        let detail = js_sys::Object::new();
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("glossa-takeover", &init)
        {
            let _ = document.dispatch_event(&event);
        }
        text = js_sys::Reflect::get(&detail, &JsValue::from_str("journal"))
            .ok()
            .and_then(|v| v.as_string());
        first.remove();
        if let Some(html) = document.document_element() {
            let _ = html.remove_attribute("data-first-screen-usable");
        }
    }
    let kept = platform::storage_get(JOURNAL).ok().flatten();
    if kept.is_some() {
        let _ = platform::storage_remove(JOURNAL);
    }
    let text = text.or(kept)?;
    Some(parse(&text).ok_or(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_journal_first_js_writes() {
        let j = parse(r#"{"steps":[["s1","1"],["s3","q"],["x9","2"]],"selected":"s3"}"#);
        assert_eq!(
            j,
            Some(Journal {
                steps: vec![
                    (SentenceId(0), "1".to_string()),
                    (SentenceId(2), "q".to_string())
                ],
                selected: Some(SentenceId(2)),
            })
        );
        assert_eq!(parse(r#"{"steps":[]}"#), Some(Journal::default()));
        assert_eq!(parse("not json"), None);
        assert_eq!(parse(r#"{"steps":"s1"}"#), None);
    }
}
