use super::agreement::{figures_table, pair_matrix, ReportFormat};
use glossa_core::agreement::adjudicate::ProjectAgreement;
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
    pub on_close: Callback<()>,
}

/// Agreement over several documents (every document of a team project, or
/// files of several documents of the library): the figures, the pairwise
/// matrix, and each document's disagreements (open one to settle them);
/// files about no document of the library are named as left out.
#[function_component(ProjectAgreementDialog)]
pub fn project_agreement_dialog(props: &ProjectAgreementProps) -> Html {
    let a = &props.agreement.0;
    let report = &a.report;
    let names: Vec<&str> = report.annotators.iter().map(|x| x.name.as_str()).collect();
    let onkeydown = super::close_on_escape(&props.on_close);
    let left_out = (!a.left_out.is_empty()).then(|| {
        let names: Vec<String> = a.left_out.iter().map(|n| format!("“{n}”")).collect();
        html! {
            <p class="hint left-out" role="note">
                { format!("Left out, about no document in the library: {}.", names.join(", ")) }
            </p>
        }
    });
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
                    <thead><tr><th scope="col">{ "Document (open it, then Compare team or Compare…)" }</th><th scope="col">{ "sentences" }</th><th scope="col">{ "spans" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <div class="dialog-actions">
                    <button class="btn" onclick={props.on_report.reform(|_| ReportFormat::Json)}>{ "Report JSON" }</button>
                    <button class="btn" onclick={props.on_report.reform(|_| ReportFormat::Csv)}>{ "Report CSV" }</button>
                    <button class="btn" onclick={props.on_close.reform(|_| ())}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}
