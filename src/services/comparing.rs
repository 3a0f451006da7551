//! Several annotators' work, for agreement and adjudication: Glossa JSON
//! files chosen together, or (for a curator) the team's work as sync last
//! pulled it. Files of the open document make an adjudication of it; files
//! of several documents of the library, agreement over them all. The core
//! reads them ([`Adjudication::from_files`],
//! [`ProjectAgreement::from_files`]); this module only brings the texts.

use super::{library, platform};
use glossa_core::agreement::adjudicate::{self, Adjudication, DocumentFiles, ProjectAgreement};
use glossa_core::{parse_article, Document};
use std::rc::Rc;
use yew::Callback;

/// What comparing found.
#[derive(Clone, Debug)]
pub enum Compared {
    /// Work on the open document: adjudicate it.
    Document(Rc<Adjudication>),
    /// Work on several documents of the library: agreement over them.
    Project(Rc<ProjectAgreement>),
}

/// What comparing found, or why there is nothing (nothing was changed).
pub type CompareEvent = Result<Compared, String>;

/// Reads `files` (Glossa JSON, one per annotator and document). All of the
/// open document `doc` (or of no other document in the library): work on
/// `doc`. Of other documents of the library too: agreement over each
/// document they annotate, files of no document there left out and named.
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
        let docs = documents_of(&doc, &texts).await;
        if docs.len() > 1 {
            report.emit(
                ProjectAgreement::from_files(&docs, &texts).map(|p| Compared::Project(Rc::new(p))),
            );
        } else {
            report.emit(adjudicate(doc, &texts).map(Compared::Document));
        }
    });
}

/// The documents `texts` annotate that this browser knows (the open one,
/// the library's, the built-in article), in the order the files name them;
/// `doc` first when any file is about it.
async fn documents_of(doc: &Rc<Document>, texts: &[(String, String)]) -> Vec<Rc<Document>> {
    let mut shas: Vec<String> = Vec::new();
    for (name, json) in texts {
        // An unreadable file is refused later, with its name.
        if let Ok(sha) = adjudicate::file_document(name, json) {
            if !shas.contains(&sha) {
                shas.push(sha);
            }
        }
    }
    if shas.iter().all(|s| *s == doc.text_sha256) {
        return vec![doc.clone()];
    }
    let entries = library::list().await.unwrap_or_default();
    let mut builtin: Option<Rc<Document>> = None;
    let mut docs = Vec::new();
    for sha in &shas {
        if *sha == doc.text_sha256 {
            docs.insert(0, doc.clone());
        } else if entries.iter().any(|e| e.id == *sha) {
            if let Ok(Some(text)) = library::text(sha).await {
                let d = parse_article(&text);
                if d.text_sha256 == *sha {
                    docs.push(Rc::new(d));
                }
            }
        } else {
            let b = builtin
                .get_or_insert_with(|| Rc::new(parse_article(crate::DEFAULT_ARTICLE)))
                .clone();
            if b.text_sha256 == *sha {
                docs.push(b);
            }
        }
    }
    docs
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
    adjudicate(doc, &texts).map(Compared::Document)
}

/// Reads the works, then computes agreement; each half is a performance
/// measure (`glossa:compare-read`, `glossa:agreement`) for the benchmark
/// and DevTools.
fn adjudicate(doc: Rc<Document>, texts: &[(String, String)]) -> Result<Rc<Adjudication>, String> {
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
