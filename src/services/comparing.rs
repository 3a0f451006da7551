//! Several annotators' work on the open document, for agreement and
//! adjudication: Glossa JSON files chosen together, or (for a curator) the
//! team's work as sync last pulled it. The core reads them
//! ([`Adjudication::from_files`]); this module only brings the texts.

use super::platform;
use glossa_core::agreement::adjudicate::{Adjudication, DocumentFiles, ProjectAgreement};
use glossa_core::Document;
use std::rc::Rc;
use yew::Callback;

/// What comparing found: the adjudication, or why there is none (nothing
/// was changed).
pub type CompareEvent = Result<Rc<Adjudication>, String>;

/// Reads `files` (Glossa JSON, one per annotator) as work on `doc`.
pub fn read_files(files: Vec<web_sys::File>, doc: Rc<Document>, report: Callback<CompareEvent>) {
    yew::platform::spawn_local(async move {
        let mut texts = Vec::new();
        for file in files {
            let name = file.name();
            if file.size() as usize > glossa_core::interop::import::MAX_BYTES {
                report.emit(Err(format!("“{name}” is too large to compare.")));
                return;
            }
            let blob = gloo::file::Blob::from(web_sys::Blob::from(file));
            match gloo::file::futures::read_as_text(&blob).await {
                Ok(text) => texts.push((name, text)),
                Err(e) => {
                    report.emit(Err(format!("“{name}” could not be read ({e}).")));
                    return;
                }
            }
        }
        report.emit(adjudicate(doc, &texts));
    });
}

/// The team's work on `doc` (member, Glossa JSON), as sync holds it.
pub fn team(doc: Rc<Document>, work: Vec<(String, serde_json::Value)>) -> CompareEvent {
    let texts: Vec<(String, String)> = work
        .into_iter()
        .map(|(member, mut json)| {
            json["annotator"] = serde_json::json!(member);
            (member, json.to_string())
        })
        .collect();
    adjudicate(doc, &texts)
}

/// Reads the works, then computes agreement; each half is a performance
/// measure (`glossa:compare-read`, `glossa:agreement`) for the benchmark
/// and DevTools.
fn adjudicate(doc: Rc<Document>, texts: &[(String, String)]) -> CompareEvent {
    let started = platform::now_ms();
    let (sources, works) = Adjudication::read(&doc, texts)?;
    platform::measure("glossa:compare-read", started);
    let started = platform::now_ms();
    let adjudication = Adjudication::new(doc, sources, works);
    platform::measure("glossa:agreement", started);
    adjudication.map(Rc::new)
}

/// Agreement over the whole project, from every member's work on every
/// document (as sync holds it).
pub fn project(work: Vec<super::sync::DocumentWork>) -> Result<Rc<ProjectAgreement>, String> {
    let texts: Vec<DocumentFiles> = work
        .into_iter()
        .map(|(doc, files)| {
            let files = files
                .into_iter()
                .map(|(member, mut json)| {
                    json["annotator"] = serde_json::json!(member);
                    (member, json.to_string())
                })
                .collect();
            (doc, files)
        })
        .collect();
    ProjectAgreement::from_work(&texts).map(Rc::new)
}
