//! Many documents at once: files opened together (articles, a `.zip` of
//! them, brat pairs, Label Studio and doccano files of many texts) added to
//! the library with the annotations they carried, and the whole library
//! (or a chosen set of its documents) exported in one step. The sorting and the writing are the core's
//! (`glossa_core::corpus`); this carries out the reading, storing and
//! downloading, and reports progress through [`CorpusEvent`].

use super::library::{self, Entry};
use super::{platform, saving};
use glossa_core::corpus;
use glossa_core::export::{ExportFormat, Options};
use glossa_core::{format, parse_article, Action, Document, Env, Session};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Callback;

/// Progress is shown only for work that lasts longer than this.
const QUIET_MS: f64 = 1_000.0;

pub enum CorpusEvent {
    /// `done` of `total` steps; `what` is under way.
    Progress {
        done: usize,
        total: usize,
        what: String,
    },
    /// Files opened together: what was added, and what could not be used.
    Opened(Summary),
    /// The library (or the documents chosen in it, `chosen`) was exported
    /// as `name` (`documents` documents).
    Exported {
        name: String,
        documents: usize,
        chosen: bool,
    },
    /// Why nothing was done.
    Failed(String),
}

/// What opening many files did.
pub struct Summary {
    pub documents: usize,
    /// Annotations placed at their own offsets.
    pub exact: usize,
    /// Annotations placed by their quote, the text having changed.
    pub reanchored: usize,
    pub not_placed: usize,
    pub problems: Vec<String>,
    /// Labels of other tools that are not claim, denial or quote, with how
    /// many annotations had each: left out.
    pub other_labels: std::collections::BTreeMap<String, usize>,
    /// The first document added, to show.
    pub first: Option<Entry>,
}

/// Reports progress once the work has taken longer than [`QUIET_MS`].
struct Progress {
    started: f64,
    report: Callback<CorpusEvent>,
}

impl Progress {
    fn new(report: &Callback<CorpusEvent>) -> Progress {
        Progress {
            started: platform::now_ms(),
            report: report.clone(),
        }
    }

    async fn step(&self, done: usize, total: usize, what: String) {
        if platform::now_ms() - self.started >= QUIET_MS {
            self.report
                .emit(CorpusEvent::Progress { done, total, what });
        }
        // A turn of the event loop, so the page can draw between steps.
        gloo::timers::future::TimeoutFuture::new(0).await;
    }
}

/// Reads `files`, sorts them into documents (the core's `gather`), adds
/// each to the library and stores the annotations it carried as its work
/// (merged into work already there: nothing is replaced).
pub fn open_files(prefix: String, files: Vec<web_sys::File>, report: Callback<CorpusEvent>) {
    yew::platform::spawn_local(async move {
        let progress = Progress::new(&report);
        let total = files.len();
        let mut read = Vec::with_capacity(total);
        let mut problems = Vec::new();
        let mut bytes_in = 0usize;
        for (i, file) in files.into_iter().enumerate() {
            let name = file.name();
            progress.step(i, total, format!("Reading {name}")).await;
            bytes_in = bytes_in.saturating_add(file.size() as usize);
            if bytes_in > corpus::ZIP_LIMITS.total {
                problems.push(format!(
                    "“{name}” and the files after it were not read: more than {} MB at once.",
                    corpus::ZIP_LIMITS.total / (1024 * 1024)
                ));
                break;
            }
            let blob = gloo::file::Blob::from(web_sys::Blob::from(file));
            match gloo::file::futures::read_as_bytes(&blob).await {
                Ok(bytes) => read.push((name, bytes)),
                Err(e) => problems.push(format!("“{name}” could not be read ({e}).")),
            }
        }
        progress
            .step(total, total, "Sorting the files".into())
            .await;
        let gathered = corpus::gather(read, platform::now());
        problems.extend(gathered.problems);
        let count = gathered.documents.len();
        let existing = library::list().await.unwrap_or_default();
        let mut summary = Summary {
            documents: 0,
            exact: 0,
            reanchored: 0,
            not_placed: 0,
            problems,
            other_labels: Default::default(),
            first: None,
        };
        for (i, found) in gathered.documents.into_iter().enumerate() {
            progress
                .step(i, count, format!("Adding {}", found.doc.title))
                .await;
            let now = platform::now().millis() as f64;
            let entry = existing
                .iter()
                .find(|e| e.id == found.doc.text_sha256)
                .cloned()
                .unwrap_or(Entry {
                    id: found.doc.text_sha256.clone(),
                    name: found.doc.title.clone(),
                    chars: found.doc.len(),
                    added: now,
                    opened: now,
                    project: None,
                });
            if let Err(e) = library::put(&entry, &found.text).await {
                summary.problems.push(format!(
                    "“{}” could not be added to the library: {e}.",
                    found.from
                ));
                continue;
            }
            summary.documents += 1;
            if let Some((_, imported)) = found.annotations {
                for (label, n) in &imported.other_labels {
                    *summary.other_labels.entry(label.clone()).or_insert(0) += n;
                }
                let (exact, reanchored) = (imported.exact(), imported.reanchored());
                let not_placed = imported.orphans.len();
                match store(&prefix, found.doc.clone(), imported).await {
                    Ok(()) => {
                        summary.exact += exact;
                        summary.reanchored += reanchored;
                        summary.not_placed += not_placed;
                    }
                    Err(e) => summary.problems.push(format!(
                        "The annotations of “{}” could not be stored: {e}. The text is in the library.",
                        found.from
                    )),
                }
            }
            if summary.first.is_none() {
                summary.first = Some(entry);
            }
        }
        report.emit(CorpusEvent::Opened(summary));
    });
}

/// Stores `imported` as `doc`'s work: a new revision over what is saved,
/// merged into it.
async fn store(
    prefix: &str,
    doc: Rc<Document>,
    imported: glossa_core::interop::Imported,
) -> Result<(), String> {
    let sha = doc.text_sha256.clone();
    let stored = saving::stored_work(prefix, &sha).await?;
    let (rev, mut session) = match stored {
        Some((rev, json)) => (
            rev,
            format::read_session(doc.clone(), &json).map_err(|e| {
                format!("its saved work could not be read ({e}), so it is not changed")
            })?,
        ),
        None => (0, Session::new(doc)),
    };
    let mut new_id = platform::new_annotation_id;
    let mut env = Env {
        now: platform::now(),
        new_id: &mut new_id,
    };
    session.apply(
        Action::Import {
            placed: imported.placed.into_iter().map(|(a, _)| a).collect(),
            orphans: imported.orphans,
            replace: false,
        },
        &mut env,
    );
    saving::store_opened(prefix, &sha, rev, &saving::work_json(&session))
        .await
        .map(|_| ())
        .map_err(|e| e.text())
}

/// Exports every document in the library (and the one open, as shown) in
/// `fmt` as one file, or one zip where the format holds one document per
/// file, and downloads it. `chosen`: only the library's documents with
/// these ids (the open one as shown, if it is one of them).
pub fn export_library(
    prefix: String,
    fmt: ExportFormat,
    chosen: Option<Vec<String>>,
    annotator: Option<String>,
    open: Rc<RefCell<Session>>,
    report: Callback<CorpusEvent>,
) {
    yew::platform::spawn_local(async move {
        let progress = Progress::new(&report);
        let entries = match library::list().await {
            Ok(entries) => match &chosen {
                Some(ids) => entries
                    .into_iter()
                    .filter(|e| ids.contains(&e.id))
                    .collect(),
                None => entries,
            },
            Err(e) => {
                report.emit(CorpusEvent::Failed(format!(
                    "The library could not be read: {e}. Nothing was exported."
                )));
                return;
            }
        };
        let open_sha = open.borrow().doc.text_sha256.clone();
        let mut sessions: Vec<Session> = Vec::new();
        let mut problems = Vec::new();
        let mut has_open = false;
        let total = entries.len();
        for (i, entry) in entries.iter().enumerate() {
            progress
                .step(i, total, format!("Reading {}", entry.name))
                .await;
            if entry.id == open_sha {
                has_open = true;
                sessions.push(copy_of(&open.borrow()));
                continue;
            }
            let text = match library::text(&entry.id).await {
                Ok(Some(text)) => text,
                Ok(None) => continue,
                Err(e) => {
                    problems.push(format!("“{}”: {e}", entry.name));
                    continue;
                }
            };
            let doc = Rc::new(parse_article(&text));
            let session = match saving::stored_work(&prefix, &entry.id).await {
                Ok(Some((_, json))) => match format::read_session(doc.clone(), &json) {
                    Ok(s) => s,
                    Err(e) => {
                        problems.push(format!(
                            "“{}”: its saved work could not be read ({e})",
                            entry.name
                        ));
                        continue;
                    }
                },
                Ok(None) => Session::new(doc),
                Err(e) => {
                    problems.push(format!("“{}”: {e}", entry.name));
                    continue;
                }
            };
            sessions.push(session);
        }
        // The built-in article is not in the library; when it is the one
        // open, it is part of the person's work too.
        if !has_open && chosen.is_none() && !open.borrow().annotations().is_empty() {
            sessions.insert(0, copy_of(&open.borrow()));
        }
        if !problems.is_empty() {
            report.emit(CorpusEvent::Failed(format!(
                "Nothing was exported: {}.",
                problems.join("; ")
            )));
            return;
        }
        progress
            .step(total, total, format!("Writing {}", fmt.label()))
            .await;
        let mut options = Options::new(platform::now(), crate::VERSION);
        options.annotator = annotator.as_deref();
        let refs: Vec<&Session> = sessions.iter().collect();
        let stem = if chosen.is_some() {
            "glossa-chosen"
        } else {
            "glossa-library"
        };
        let file = corpus::combine(fmt, &refs, &options, stem);
        match platform::download_bytes(&file.name, file.mime, &file.bytes) {
            Ok(()) => report.emit(CorpusEvent::Exported {
                name: file.name,
                documents: sessions.len(),
                chosen: chosen.is_some(),
            }),
            Err(e) => report.emit(CorpusEvent::Failed(format!(
                "The library export could not be offered as a download: {e}."
            ))),
        }
    });
}

/// The open document's work, as a session of its own (what is shown,
/// including what saving has not written yet).
fn copy_of(session: &Session) -> Session {
    let doc = session.doc.clone();
    let annotations = session.annotations().into_iter().cloned().collect();
    Session::with_annotations(doc.clone(), annotations).unwrap_or_else(|_| Session::new(doc))
}
