//! `glossa-cli suggest FILE`: the `split` JSON with a suggested tag on each
//! sentence that has one.
//!
//! Each sentence object gains `"suggestion": {"tag", "reason", "speaker"}`
//! (`tag` is `claim`, `denial` or `quote`; `speaker` may be `null`); a
//! sentence with no suggestion has no `suggestion` key. The suggestions
//! come from [`glossa_core::suggest::suggest`], the same code the web app runs.

use super::{document_json, read_text, write_stdout, CliError, CmdResult};
use glossa_core::{parse_article, suggest::suggest, Document};
use serde_json::{json, Value};

pub(crate) fn cmd_suggest(file: &str) -> CmdResult {
    let raw = read_text(file)?;
    let doc = parse_article(&raw);
    let mut out = serde_json::to_vec(&suggest_json(&doc))
        .map_err(|e| CliError::Runtime(format!("cannot encode JSON: {e}")))?;
    out.push(b'\n');
    write_stdout(&out)
}

/// `split`'s JSON with `"suggestion"` added to the sentences that have one.
pub(crate) fn suggest_json(doc: &Document) -> Value {
    let mut by_sentence: Vec<Option<Value>> = vec![None; doc.sentences.len()];
    for s in suggest(doc) {
        if let Some(slot) = by_sentence.get_mut(s.sentence.index()) {
            *slot = Some(json!({
                "tag": s.tag.name(),
                "reason": s.reason,
                "speaker": s.speaker,
            }));
        }
    }
    let mut v = document_json(doc);
    if let Some(paragraphs) = v.get_mut("paragraphs").and_then(Value::as_array_mut) {
        // `split` lists the sentences of each paragraph in document order.
        let mut k = 0;
        for p in paragraphs.iter_mut() {
            for s in p.as_array_mut().into_iter().flatten() {
                if let (Some(obj), Some(Some(sg))) = (s.as_object_mut(), by_sentence.get_mut(k)) {
                    obj.insert("suggestion".into(), sg.take());
                }
                k += 1;
            }
        }
    }
    v
}
