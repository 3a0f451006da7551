//! Label Studio JSON: export as tasks Label Studio's own import takes, and
//! import of Label Studio exports (tasks with `annotations` or
//! `predictions`).
//!
//! One task per document:
//!
//! ```json
//! [{"data": {"text": "…", "title": "…", "text_sha256": "…"},
//!   "annotations": [{"result": [
//!     {"id": "<annotation uuid>", "from_name": "label", "to_name": "text",
//!      "type": "labels", "value": {"start": 117, "end": 262, "text": "…", "labels": ["Claim"]}},
//!     {"id": "<same uuid>", "from_name": "speaker", "to_name": "text",
//!      "type": "textarea", "value": {"start": 117, "end": 262, "text": ["Matthew Miller"]}},
//!     {"from_id": "<denial uuid>", "to_id": "<claim uuid>", "type": "relation",
//!      "direction": "right", "labels": ["Denies"]}]}]}]
//! ```
//!
//! `value.start`/`end` are code points of `data.text` (what Label Studio
//! stores for `<Text>` since 1.4), `[start, end)`. A region's speaker, cue
//! and note are per-region `TextArea` results and its direct/indirect a
//! per-region `Choices` result, each with the region's `id`, as Label Studio
//! writes them with [`config`]. Who annotated goes into `data.annotator`:
//! Label Studio's `completed_by` holds a user id of the server the file is
//! imported into, not a name.
//!
//! Reading, labels map to tags by name, any case (`Claim`, `DENIAL`…);
//! other labels are counted and reported, not placed. A `relation` from a
//! denial to a claim (after `direction`) is the denial's link. Cancelled
//! annotations are left out; a task's predictions are read only when it has
//! no annotation that is not cancelled (they are counted otherwise), and
//! the same tag on the same range given twice in a task (several people's
//! annotations) is read once, counted. Label
//! Studio's JSON-MIN export (rows with `text` at the top and each control's
//! regions under its name) is read too, without relations (it has none).

use super::import::{self, Carried, ImportError, Imported, Item};
use super::records;
use crate::annotation::{Attrs, Tag};
use crate::article::Document;
use crate::state::Session;
use crate::text::CharIndex;
use crate::time::Timestamp;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

/// The format's name in messages.
pub const NAME: &str = "Label Studio";

/// Names in the labelling config, and so in results' `from_name`/`to_name`.
pub const TEXT: &str = "text";
pub const LABEL: &str = "label";
pub const SPEAKER: &str = "speaker";
pub const CUE: &str = "cue";
pub const NOTE: &str = "note";
pub const DIRECT: &str = "direct";
/// The relation label of a denial's link to its claim.
pub const DENIES: &str = "Denies";
/// The choices of [`DIRECT`]: direct, indirect.
pub const DIRECT_CHOICES: [&str; 2] = ["Direct", "Indirect"];

/// The labelling config matching the export: paste it into the project's
/// Settings → Labeling Interface → Code.
pub fn config() -> String {
    let labels: String = Tag::ALL
        .iter()
        .map(|t| format!("    <Label value=\"{}\"/>\n", t.label()))
        .collect();
    let [direct, indirect] = DIRECT_CHOICES;
    format!(
        "<View>\n  <Relations>\n    <Relation value=\"{DENIES}\"/>\n  </Relations>\n  \
         <Labels name=\"{LABEL}\" toName=\"{TEXT}\">\n{labels}  </Labels>\n  \
         <Text name=\"{TEXT}\" value=\"${TEXT}\"/>\n  \
         <View visibleWhen=\"region-selected\">\n    \
         <TextArea name=\"{SPEAKER}\" toName=\"{TEXT}\" perRegion=\"true\" maxSubmissions=\"1\" editable=\"true\" placeholder=\"Speaker\"/>\n    \
         <TextArea name=\"{CUE}\" toName=\"{TEXT}\" perRegion=\"true\" maxSubmissions=\"1\" editable=\"true\" placeholder=\"Cue\"/>\n    \
         <Choices name=\"{DIRECT}\" toName=\"{TEXT}\" perRegion=\"true\">\n      \
         <Choice value=\"{direct}\"/>\n      <Choice value=\"{indirect}\"/>\n    </Choices>\n    \
         <TextArea name=\"{NOTE}\" toName=\"{TEXT}\" perRegion=\"true\" maxSubmissions=\"1\" editable=\"true\" placeholder=\"Note\"/>\n  \
         </View>\n</View>\n"
    )
}

/// The tasks file (a JSON array of one task), pretty-printed.
pub fn export_by(session: &Session, annotator: Option<&str>) -> String {
    let doc = &session.doc;
    let mut result: Vec<Value> = Vec::new();
    let mut relations: Vec<Value> = Vec::new();
    for r in records(session) {
        let (start, end) = (r.target.start, r.target.end);
        let region = |from: &str, kind: &str, extra: Value| {
            let mut value = json!({"start": start, "end": end});
            if let (Value::Object(v), Value::Object(e)) = (&mut value, extra) {
                v.extend(e);
            }
            json!({"id": r.id, "from_name": from, "to_name": TEXT, "type": kind, "value": value})
        };
        result.push(region(
            LABEL,
            "labels",
            json!({"text": r.target.exact, "labels": [r.tag.label()]}),
        ));
        for (name, v) in [
            (SPEAKER, &r.attrs.speaker),
            (CUE, &r.attrs.cue),
            (NOTE, &r.attrs.note),
        ] {
            if !v.is_empty() {
                result.push(region(name, "textarea", json!({"text": [v]})));
            }
        }
        if let Some(direct) = r.attrs.direct {
            let choice = DIRECT_CHOICES[usize::from(!direct)];
            result.push(region(DIRECT, "choices", json!({"choices": [choice]})));
        }
        if let Some(claim) = &r.attrs.denies {
            relations.push(json!({
                "from_id": r.id, "to_id": claim, "type": "relation",
                "direction": "right", "labels": [DENIES],
            }));
        }
    }
    result.extend(relations);
    let mut data = Map::new();
    data.insert(TEXT.into(), json!(doc.text));
    data.insert("title".into(), json!(doc.title));
    data.insert("text_sha256".into(), json!(doc.text_sha256));
    if let Some(name) = crate::format::annotator_name(annotator) {
        data.insert("annotator".into(), json!(name));
    }
    let task = json!([{"data": data, "annotations": [{"result": result}]}]);
    let mut s = serde_json::to_string_pretty(&task).unwrap_or_default();
    s.push('\n');
    s
}

/// Reads a Label Studio file into `doc` (the task whose text is `doc`'s;
/// a file of one task is re-anchored into any document).
pub fn read(doc: &Document, input: &str, now: Timestamp) -> Result<Imported, ImportError> {
    import::place_carried(doc, NAME, carried(input, now)?)
}

/// The texts of the file's tasks, in order.
pub fn texts(input: &str) -> Result<Vec<String>, ImportError> {
    import::texts_of(carried(input, Timestamp(0))?)
}

fn damaged(why: String) -> ImportError {
    ImportError::Damaged { format: NAME, why }
}

/// Each task's text and annotations.
pub(crate) fn carried(input: &str, now: Timestamp) -> Result<Vec<Carried>, ImportError> {
    let input = import::accepted(input)?;
    let value: Value =
        serde_json::from_str(input).map_err(|e| ImportError::NotJson(e.to_string()))?;
    let tasks: Vec<&Value> = match &value {
        Value::Array(tasks) => tasks.iter().collect(),
        Value::Object(o) if o.contains_key("data") || is_min(&value) => vec![&value],
        _ => {
            return Err(ImportError::NotAnnotations(
                "no Label Studio task: neither a list of tasks nor an object with \"data\"".into(),
            ))
        }
    };
    tasks
        .into_iter()
        .enumerate()
        .map(|(k, t)| task(k + 1, t, now))
        .collect()
}

/// The task's text: `data.text`, else the only string in `data`.
fn task_text(k: usize, task: &Value) -> Result<&str, ImportError> {
    let Some(Value::Object(data)) = task.get("data") else {
        return Err(damaged(format!("task {k} has no \"data\" object")));
    };
    if let Some(text) = data.get(TEXT) {
        return text
            .as_str()
            .ok_or_else(|| damaged(format!("task {k}: \"data.text\" is not a string")));
    }
    let strings: Vec<&str> = data.values().filter_map(Value::as_str).collect();
    match strings.as_slice() {
        [one] => Ok(one),
        _ => Err(damaged(format!("task {k} has no \"data.text\""))),
    }
}

/// Whether `task` is a row of Label Studio's JSON-MIN export: the data
/// fields at the top (`text`), and each control's regions under its name.
fn is_min(task: &Value) -> bool {
    task.get("data").is_none() && task.get(TEXT).is_some_and(Value::is_string)
}

/// A JSON-MIN row's regions as the results of a full export: a control's
/// list of `{start, end, text, labels}` becomes `labels` results, a list of
/// `{start, end, text: [..]}` under `speaker`, `cue` or `note` the
/// `textarea` results of the region with the same range, and `direct`'s
/// `{start, end, choices}` its choice.
fn min_results(task: &Value) -> Vec<Value> {
    let Some(o) = task.as_object() else {
        return Vec::new();
    };
    let range_id = |v: &Value| {
        format!(
            "min:{}-{}",
            number(v, "start").unwrap_or(0),
            number(v, "end").unwrap_or(0)
        )
    };
    let mut out = Vec::new();
    for (name, regions) in o {
        let Some(regions) = regions.as_array() else {
            continue;
        };
        for v in regions.iter().filter(|v| v.is_object()) {
            let kind = if v.get("labels").is_some() {
                "labels"
            } else if v.get("choices").is_some() {
                "choices"
            } else if v.get("text").is_some_and(Value::is_array) {
                "textarea"
            } else {
                continue;
            };
            out.push(json!({"id": range_id(v), "from_name": name, "type": kind, "value": v}));
        }
    }
    // Regions first, so the attributes find them.
    crate::sort::sort_by_key(&mut out, |r| r["type"] != "labels");
    out
}

fn task(k: usize, task: &Value, now: Timestamp) -> Result<Carried, ImportError> {
    if is_min(task) {
        let text = task
            .get(TEXT)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let index = CharIndex::new(&text);
        let date = |key: &str| {
            task.get(key)
                .and_then(Value::as_str)
                .and_then(Timestamp::parse_rfc3339)
        };
        let created = date("created_at").unwrap_or(now);
        let updated = date("updated_at").unwrap_or(created);
        let mut out = Carried {
            text: String::new(),
            offset: 0,
            items: Vec::new(),
            other_labels: BTreeMap::new(),
            ..Default::default()
        };
        let results = min_results(task);
        results_of(
            &text,
            &index,
            &results,
            &format!("task {k}"),
            created,
            updated,
            &mut out,
        );
        out.text = text;
        return Ok(out);
    }
    let text = task_text(k, task)?.to_string();
    let index = CharIndex::new(&text);
    let mut out = Carried::default();
    let cancelled = |a: &Value| a.get("was_cancelled").and_then(Value::as_bool) == Some(true);
    let mut annotated = false;
    for key in ["annotations", "completions", "predictions"] {
        let lists = match task.get(key) {
            None | Some(Value::Null) => continue,
            Some(Value::Array(a)) => a,
            Some(_) => return Err(damaged(format!("task {k}: \"{key}\" is not a list"))),
        };
        if key != "predictions" {
            annotated |= lists.iter().any(|a| !cancelled(a));
        } else if annotated {
            // A person's annotations come before a model's predictions.
            out.predictions_unread = lists
                .iter()
                .filter_map(|a| a.get("result").and_then(Value::as_array))
                .flatten()
                .filter(|r| r.pointer("/value/labels").is_some())
                .count();
            continue;
        }
        for (j, a) in lists.iter().enumerate() {
            if cancelled(a) {
                continue;
            }
            let results = match a.get("result") {
                Some(Value::Array(r)) => r,
                None | Some(Value::Null) => continue,
                Some(_) => {
                    return Err(damaged(format!(
                        "task {k}: \"{key}[{j}].result\" is not a list"
                    )))
                }
            };
            let date = |key: &str| {
                a.get(key)
                    .and_then(Value::as_str)
                    .and_then(Timestamp::parse_rfc3339)
            };
            let created = date("created_at").unwrap_or(now);
            let updated = date("updated_at").unwrap_or(created);
            let scope = format!("task {k}, {key} {}", j + 1);
            results_of(&text, &index, results, &scope, created, updated, &mut out);
        }
    }
    drop_duplicates(&mut out);
    out.text = text;
    Ok(out)
}

/// Keeps the first of items with the same tag on the same range (several
/// annotations of one task, or annotations and predictions of older
/// files, often repeat a span); a link to a dropped one goes to the kept.
fn drop_duplicates(out: &mut Carried) {
    let mut first: HashMap<(Tag, Option<usize>, Option<usize>, String), String> = HashMap::new();
    let mut renamed: HashMap<String, String> = HashMap::new();
    let before = out.items.len();
    out.items.retain(|it| {
        let q = &it.quote;
        let key = (it.tag, q.start, q.end, q.exact.clone());
        match first.get(&key) {
            Some(kept) => {
                renamed.insert(it.raw_id.clone(), kept.clone());
                false
            }
            None => {
                first.insert(key, it.raw_id.clone());
                true
            }
        }
    });
    out.duplicates += before - out.items.len();
    for it in &mut out.items {
        if let Some(to) = it.denies.as_ref().and_then(|d| renamed.get(d)) {
            it.denies = Some(to.clone());
        }
    }
}

fn number(v: &Value, key: &str) -> Option<usize> {
    v.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
}

/// The items of one annotation's (or prediction's) results.
fn results_of(
    text: &str,
    index: &CharIndex,
    results: &[Value],
    scope: &str,
    created: Timestamp,
    updated: Timestamp,
    out: &mut Carried,
) {
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, r) in results.iter().enumerate() {
        let Some(value) = r.get("value") else {
            continue;
        };
        let Some(labels) = value.get("labels").and_then(Value::as_array) else {
            continue;
        };
        let label = labels.first().and_then(Value::as_str).unwrap_or_default();
        let Some(tag) = import::tag_named(label) else {
            *out.other_labels.entry(label.to_string()).or_default() += 1;
            continue;
        };
        let (start, end) = (number(value, "start"), number(value, "end"));
        let quoted = value
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let quote = match (start, end) {
            (Some(s), Some(e)) => import::quote_in(index, text, s, e, tag),
            _ => None,
        }
        .unwrap_or_else(|| super::anchor::Quote {
            exact: quoted.to_string(),
            start,
            end,
            tag: Some(tag),
            ..Default::default()
        });
        let raw_id = match r.get("id").and_then(Value::as_str) {
            Some(id) => {
                by_id.insert(id, out.items.len());
                id.to_string()
            }
            None => format!("{scope}, result {}", i + 1),
        };
        out.items.push(Item {
            raw_id,
            tag,
            quote,
            attrs: Attrs::default(),
            denies: None,
            created,
            updated,
        });
    }
    for r in results {
        let kind = r.get("type").and_then(Value::as_str).unwrap_or_default();
        if kind == "relation" {
            let end = |key: &str| r.get(key).and_then(Value::as_str);
            let (Some(mut from), Some(mut to)) = (end("from_id"), end("to_id")) else {
                continue;
            };
            if r.get("direction").and_then(Value::as_str) == Some("left") {
                std::mem::swap(&mut from, &mut to);
            }
            let (Some(&f), Some(&t)) = (by_id.get(from), by_id.get(to)) else {
                continue;
            };
            if out.items[f].tag == Tag::Denial && out.items[t].tag == Tag::Claim {
                out.items[f].denies = Some(out.items[t].raw_id.clone());
            }
            continue;
        }
        let Some(&at) = r
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| by_id.get(id))
        else {
            continue;
        };
        let name = r
            .get("from_name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let value = r.get("value");
        let texts = |key: &str| -> Vec<String> {
            match value.and_then(|v| v.get(key)) {
                Some(Value::String(s)) => vec![s.clone()],
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect(),
                _ => Vec::new(),
            }
        };
        let attrs = &mut out.items[at].attrs;
        match kind {
            "textarea" => {
                let said = texts("text").join("\n");
                if said.is_empty() {
                    continue;
                }
                match name {
                    SPEAKER => attrs.speaker = said,
                    CUE => attrs.cue = said,
                    _ if attrs.note.is_empty() => attrs.note = said,
                    _ => {
                        attrs.note.push_str("\n\n");
                        attrs.note.push_str(&said);
                    }
                }
            }
            "choices" => {
                for c in texts("choices") {
                    if c.eq_ignore_ascii_case(DIRECT_CHOICES[0]) {
                        attrs.direct = Some(true);
                    } else if c.eq_ignore_ascii_case(DIRECT_CHOICES[1]) {
                        attrs.direct = Some(false);
                    }
                }
            }
            _ => {}
        }
    }
}
