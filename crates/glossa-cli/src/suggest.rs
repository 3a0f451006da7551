//! `glossa-cli suggest FILE`: the `split` JSON with a suggested tag on each
//! sentence that has one.
//!
//! Each sentence object gains `"suggestion": {"tag", "reason", "speaker"}`
//! (`tag` is `claim`, `denial` or `quote`; `speaker` may be `null`); a
//! sentence with no suggestion has no `suggestion` key. The suggestions
//! come from [`glossa_core::suggest::suggest`], the same code the web app runs.
//!
//! `glossa-cli suggest --eval DIR`: the suggester measured on the annotated
//! articles of DIR (`NAME.txt` with `NAME-gold.tsv`, the format of
//! `crates/glossa-core/tests/data/suggest/README.md`), one line per article
//! and one for all, then the learning curve when there are more than five.

use super::{document_json, read_text, write_stdout, CliError, CmdResult};
use glossa_core::suggest::eval::{learning_curve, parse_gold, score, GoldLine, Score};
use glossa_core::{parse_article, suggest::suggest, Document};
use serde_json::{json, Value};
use std::collections::BTreeMap;

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

pub(crate) fn cmd_suggest_eval(dir: &str) -> CmdResult {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CliError::Runtime(format!("{dir}: cannot read the folder: {e}")))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter_map(|n| n.strip_suffix(".txt").map(str::to_string))
        .collect();
    names.sort();
    let mut docs: Vec<(Document, BTreeMap<u32, GoldLine>)> = Vec::new();
    let mut out = String::new();
    let mut total = Score::default();
    for name in &names {
        let base = std::path::Path::new(dir);
        let gold_path = base.join(format!("{name}-gold.tsv"));
        if !gold_path.exists() {
            eprintln!("glossa-cli: {name}.txt has no {name}-gold.tsv; skipped");
            continue;
        }
        let text = read_text(&base.join(format!("{name}.txt")).to_string_lossy())?;
        let tsv = read_text(&gold_path.to_string_lossy())?;
        let gold = parse_gold(&tsv).map_err(|e| CliError::Runtime(format!("{name}: {e}")))?;
        let doc = parse_article(&text);
        let (sc, _) = score(&doc, &suggest(&doc), &gold)
            .map_err(|e| CliError::Runtime(format!("{name}: {e}")))?;
        out.push_str(&format!("{name:<28} {}\n", sc.line()));
        total.add(&sc);
        docs.push((doc, gold));
    }
    if docs.is_empty() {
        return Err(CliError::Runtime(format!(
            "{dir}: no NAME.txt with a NAME-gold.tsv"
        )));
    }
    out.push_str(&format!("{:<28} {}\n", "ALL", total.line()));
    if docs.len() > 5 {
        let curve = learning_curve(&docs, &[0, 1, 3, 5]);
        out.push_str(
            "learning curve: primary match on the articles left after annotating the first k\n",
        );
        for (k, acc) in curve {
            out.push_str(&format!("  k = {k}: {acc:.3}\n"));
        }
    }
    write_stdout(out.as_bytes())
}
