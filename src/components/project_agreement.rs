use super::agreement::{describe, figures_table, pair_matrix, ReportFormat, WINDOW};
use glossa_core::agreement::adjudicate::{self, Item, ProjectAgreement};
use glossa_core::SentenceId;
use std::rc::Rc;
use yew::prelude::*;

/// A project's agreement compared by identity.
#[derive(Clone)]
pub struct SharedProject(pub Rc<ProjectAgreement>);

impl PartialEq for SharedProject {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct ProjectAgreementProps {
    pub agreement: SharedProject,
    pub on_report: Callback<ReportFormat>,
    /// Open a document (by its text SHA-256) to adjudicate it.
    pub on_open: Callback<String>,
    /// Open a document (by its text SHA-256) at a sentence: a disagreement.
    pub on_go: Callback<(String, SentenceId)>,
    pub on_close: Callback<()>,
}

/// Every disagreement of the project, document by document, each in
/// document order: (document index, item).
fn all_items(a: &ProjectAgreement) -> Vec<(usize, Item)> {
    (0..a.docs.len())
        .flat_map(|d| {
            adjudicate::items(&a.report, d)
                .into_iter()
                .map(move |i| (d, i))
        })
        .collect()
}

/// Agreement over several documents (a team project, or files of several
/// documents of the library): the figures, the pairwise matrix, each
/// document's disagreements counted, and the disagreements themselves
/// (a window of them; each opens its document at its sentence).
#[function_component(ProjectAgreementDialog)]
pub fn project_agreement_dialog(props: &ProjectAgreementProps) -> Html {
    let a = &props.agreement.0;
    let report = &a.report;
    let names: Vec<&str> = report.annotators.iter().map(|x| x.name.as_str()).collect();
    let onkeydown = super::close_on_escape(&props.on_close);
    let items = use_memo(props.agreement.clone(), |p| all_items(&p.0));
    let first = use_state(|| 0usize);
    let rows = a.docs.iter().enumerate().map(|(i, doc)| {
        let sentences = report.sentence_disagreements.iter().filter(|d| d.document == i).count();
        let spans = report.span_disagreements.iter().filter(|d| d.document == i).count();
        let open = {
            let sha = doc.text_sha256.clone();
            props.on_open.reform(move |_: MouseEvent| sha.clone())
        };
        html! {
            <tr key={doc.text_sha256.clone()} data-doc={doc.text_sha256.clone()}>
                <th scope="row"><button class="link" onclick={open}>{ doc.title.clone() }</button></th>
                <td>{ sentences }</td>
                <td>{ spans }</td>
            </tr>
        }
    });
    let total = items.len();
    let start = (*first).min(total.saturating_sub(1) / WINDOW * WINDOW);
    let end = (start + WINDOW).min(total);
    let list = items[start..end].iter().enumerate().map(|(k, (d, item))| {
        let doc = &a.docs[*d];
        let (what, _) = describe(item, doc);
        let summary: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(n, name)| format!("{name} {}", item.choice(n)))
            .collect();
        let go = {
            let to = (doc.text_sha256.clone(), item.sentence());
            props.on_go.reform(move |_: MouseEvent| to.clone())
        };
        html! {
            <li key={start + k} data-doc={doc.text_sha256.clone()} data-sentence={item.sentence().number().to_string()}>
                <button class="link" onclick={go}>
                    <span class="doc-title">{ format!("{} · ", doc.title) }</span>
                    { format!("{what} — {}", summary.join(" · ")) }
                </button>
            </li>
        }
    });
    let page = |to: usize| {
        let first = first.clone();
        Callback::from(move |_: MouseEvent| first.set(to))
    };
    let left_out = (!a.left_out.is_empty()).then(|| {
        let names: Vec<String> = a.left_out.iter().map(|n| format!("“{n}”")).collect();
        html! {
            <p class="hint left-out" role="note">
                { format!("Left out, about no document in the library: {}.", names.join(", ")) }
            </p>
        }
    });
    html! {
        <div class="backdrop" onclick={props.on_close.reform(|_| ())}>
            <div class="dialog team agreement-dialog" role="dialog" aria-modal="true" aria-labelledby="pa-title" {onkeydown}
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2 id="pa-title">{ "Agreement over the project" }</h2>
                <p class="hint">{ format!("{} documents · {}", a.docs.len(), names.join(", ")) }</p>
                { for left_out }
                { figures_table(report) }
                { pair_matrix(report, &names) }
                <h3>{ "Disagreements by document" }</h3>
                <table class="team-docs">
                    <thead><tr><th scope="col">{ "Document (open it to settle its disagreements)" }</th><th scope="col">{ "sentences" }</th><th scope="col">{ "spans" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <h3 id="pa-list">{ "Disagreements" }</h3>
                if total == 0 {
                    <p class="empty">{ "None: the annotators agree on every sentence and span." }</p>
                } else {
                    if total > WINDOW {
                        <p class="hint">
                            { format!("Showing {}–{end} of {total}. ", start + 1) }
                            if start > 0 {
                                <button class="link" onclick={page(start - WINDOW)}>{ format!("Previous {WINDOW}") }</button>
                                { " " }
                            }
                            if end < total {
                                <button class="link" onclick={page(end)}>{ format!("Next {}", WINDOW.min(total - end)) }</button>
                            }
                        </p>
                    }
                    <ol class="disagreements project-disagreements" aria-labelledby="pa-list" start={(start + 1).to_string()}>{ for list }</ol>
                }
                <div class="dialog-actions">
                    <button class="btn" onclick={props.on_report.reform(|_| ReportFormat::Json)}>{ "Report JSON" }</button>
                    <button class="btn" onclick={props.on_report.reform(|_| ReportFormat::Csv)}>{ "Report CSV" }</button>
                    <button class="btn" onclick={props.on_close.reform(|_| ())}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}
