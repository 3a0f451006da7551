use glossa_core::agreement::adjudicate::{Adjudication, Item};
use glossa_core::agreement::{Figure, Figures, Label, Report, Undefined};
use glossa_core::{Document, Session, Tag};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// How many disagreements the list shows at once.
pub(super) const WINDOW: usize = 100;

/// An adjudication compared by identity.
#[derive(Clone)]
pub struct Shared(pub Rc<Adjudication>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Which agreement report to download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Json,
    Csv,
}

#[derive(Properties, PartialEq)]
pub struct AgreementProps {
    pub adjudication: Shared,
    /// The disagreement being settled.
    pub item: usize,
    /// The work shown: the gold version being made.
    pub session: Rc<RefCell<Session>>,
    /// Bumps when the work shown changes.
    pub rev: u64,
    pub on_at: Callback<usize>,
    pub on_take: Callback<usize>,
    pub on_accept_agreed: Callback<()>,
    pub on_report: Callback<ReportFormat>,
    pub on_close: Callback<()>,
}

fn number(f: &Figure) -> (String, String) {
    match f.value {
        Ok(v) => (format!("{v:.3}"), format!("over {} sentences", f.items)),
        Err(Undefined::OneLabel) => ("—".into(), Undefined::OneLabel.explain().into()),
        Err(Undefined::NoItems) => ("—".into(), Undefined::NoItems.explain().into()),
    }
}

fn observed(f: &Figure) -> String {
    f.observed.map_or("—".into(), |o| format!("{o:.3}"))
}

fn figures_row(name: &str, f: &Figures) -> Html {
    let (fleiss, fleiss_why) = number(&f.fleiss);
    let (alpha, alpha_why) = number(&f.alpha);
    html! {
        <tr data-row={name.to_lowercase()}>
            <th scope="row">{ name }</th>
            <td data-figure="fleiss" title={fleiss_why}>{ fleiss }</td>
            <td data-figure="alpha" title={alpha_why}>{ alpha }</td>
            <td data-figure="observed">{ observed(&f.alpha) }</td>
        </tr>
    }
}

fn label_name(l: Option<Label>) -> &'static str {
    match l {
        None => "not reached",
        Some(Label::None) => "no tag",
        Some(Label::Tag(t)) => t.label(),
    }
}

/// What the gold version holds on `item`.
fn gold_choice(item: &Item, gold: &Session) -> String {
    match item {
        Item::Sentence { sentence, .. } => gold
            .sentence_tag(*sentence)
            .map_or("no tag".into(), |t| t.label().to_string()),
        Item::Span { span, .. } => {
            let has = gold.annotations_in_order().any(|a| {
                !gold.is_sentence_level(a)
                    && a.tag == span.tag
                    && a.target.sentence == span.sentence
                    && (a.target.start, a.target.end) == (span.start, span.end)
            });
            if has { "has it" } else { "lacks it" }.into()
        }
    }
}

/// What an item is about, in words, with the text of `doc` it is on.
pub(super) fn describe(item: &Item, doc: &Document) -> (String, String) {
    match item {
        Item::Sentence { sentence, .. } => {
            let text = doc
                .sentence(*sentence)
                .and_then(|s| doc.slice(s.start, s.end))
                .unwrap_or_default()
                .to_string();
            (format!("Sentence {}: its tag", sentence.number()), text)
        }
        Item::Span { span, .. } => {
            let text = doc
                .slice(span.start, span.end)
                .unwrap_or_default()
                .to_string();
            (
                format!(
                    "Sentence {}: a {} span",
                    span.sentence.number(),
                    span.tag.label()
                ),
                text,
            )
        }
    }
}

/// Cohen's κ by pair above the diagonal, span F1 (exact / overlap) below.
pub(super) fn pair_matrix(report: &Report, names: &[&str]) -> Html {
    let n = names.len();
    // Pairwise: κ above the diagonal, span overlap F1 below.
    let kappa = |i: usize, j: usize| {
        report
            .sentences
            .overall
            .cohen
            .iter()
            .find(|(p, _)| *p == (i.min(j), i.max(j)))
            .map(|(_, f)| number(f))
    };
    let span_f1 = |i: usize, j: usize| {
        report
            .spans
            .iter()
            .find(|p| p.pair == (i.min(j), i.max(j)))
            .map(|p| {
                let f = |x: Option<f64>| x.map_or("—".to_string(), |v| format!("{v:.3}"));
                (f(p.overall.exact.f1), f(p.overall.overlap.f1))
            })
    };
    html! {
        <table class="pairs">
            <caption>{ "By pair: Cohen's κ on sentence tags (above the diagonal) · span F1 exact / overlap (below)" }</caption>
            <thead><tr><td></td>{ for names.iter().map(|m| html! { <th scope="col">{ *m }</th> }) }</tr></thead>
            <tbody>
                { for (0..n).map(|i| html! {
                    <tr>
                        <th scope="row">{ names[i] }</th>
                        { for (0..n).map(|j| {
                            if i == j {
                                html! { <td class="diag">{ "·" }</td> }
                            } else if i < j {
                                let (v, why) = kappa(i, j).unwrap_or(("—".into(), String::new()));
                                html! { <td data-kappa={format!("{i}-{j}")} title={why}>{ v }</td> }
                            } else {
                                let (e, o) = span_f1(i, j).unwrap_or(("—".into(), "—".into()));
                                html! { <td data-spans={format!("{j}-{i}")}>{ format!("{e} / {o}") }</td> }
                            }
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// Fleiss' κ, α and observed agreement, for all tags and each tag.
pub(super) fn figures_table(report: &Report) -> Html {
    let tags = Tag::ALL.map(|t| figures_row(t.label(), report.sentences.tag(t)));
    html! {
        <table class="figures">
            <caption>{ "Sentence tags: Fleiss' κ, Krippendorff's α (nominal), observed agreement" }</caption>
            <thead><tr><td></td><th scope="col">{ "Fleiss κ" }</th><th scope="col">{ "α" }</th><th scope="col">{ "observed" }</th></tr></thead>
            <tbody>
                { figures_row("All tags", &report.sentences.overall) }
                { for tags }
            </tbody>
        </table>
    }
}

/// Agreement on the open document and the disagreements to settle: the
/// figures per tag, a pairwise matrix, the list (each jumps to its
/// sentence), and the current one with every annotator's choice to take.
#[function_component(AgreementPanel)]
pub fn agreement_panel(props: &AgreementProps) -> Html {
    let adj = &props.adjudication.0;
    let report = &adj.report;
    let names: Vec<&str> = adj.sources.iter().map(|s| s.name.as_str()).collect();
    let gold = props.session.borrow();

    let matrix = pair_matrix(report, &names);

    let current = adj.items.get(props.item).map(|item| {
        let (what, text) = describe(item, &adj.doc);
        let choices = names.iter().enumerate().map(|(a, name)| {
            let take = props.on_take.reform(move |_: MouseEvent| a);
            let choice = match item {
                Item::Sentence { labels, .. } => label_name(labels.get(a).copied().flatten()),
                Item::Span { .. } => item.choice(a),
            };
            let key = if a < 9 { format!("Alt+{} ", a + 1) } else { String::new() };
            html! {
                <li key={a}>
                    <button class="btn small" data-annotator={a.to_string()} onclick={take}
                        aria-keyshortcuts={if a < 9 { format!("Alt+{}", a + 1) } else { String::new() }}>
                        <kbd>{ key }</kbd>{ format!("{name}: {choice}") }</button>
                </li>
            }
        });
        html! {
            <section class="current" aria-live="polite" aria-label="The disagreement being settled">
                <p class="where">{ format!("Disagreement {} of {} · {what}", props.item + 1, adj.items.len()) }</p>
                <blockquote class="exact">{ text }</blockquote>
                <ol class="choices">{ for choices }</ol>
                <p class="gold">{ format!("Your version: {}", gold_choice(item, &gold)) }
                    <span class="hint">{ " · or tag it yourself (c, d, q, 0)" }</span></p>
            </section>
        }
    });

    // A window of the list around the current one: a long article can have
    // tens of thousands; ] and [ (and the current one) move through all.
    let first = props.item.saturating_sub(WINDOW / 5);
    let shown = adj.items.iter().enumerate().skip(first).take(WINDOW);
    let window_note = (adj.items.len() > WINDOW).then(|| {
        format!(
            "Showing {}–{} of {}; ] and [ go through all of them.",
            first + 1,
            (first + WINDOW).min(adj.items.len()),
            adj.items.len()
        )
    });
    let list = shown.map(|(i, item)| {
        let at = props.on_at.reform(move |_: MouseEvent| i);
        let summary: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(a, name)| format!("{name} {}", item.choice(a)))
            .collect();
        let (what, _) = describe(item, &adj.doc);
        let is_current = i == props.item;
        html! {
            <li key={i} class={classes!(is_current.then_some("current"))}>
                <button class="link" onclick={at} aria-current={if is_current { "true" } else { "false" }}>
                    { format!("{what} — {}", summary.join(" · ")) }</button>
            </li>
        }
    });

    html! {
        <aside class="agreement" aria-label="Agreement and adjudication">
            <div class="agreement-head">
                <h2>{ "Agreement" }</h2>
                <p class="hint">{ format!("{} · {} disagreement{}", names.join(", "), adj.items.len(), if adj.items.len() == 1 { "" } else { "s" }) }</p>
                <div class="agreement-actions">
                    <button class="btn small" onclick={props.on_accept_agreed.reform(|_| ())}>{ "Accept all agreed" }</button>
                    <button class="btn small" onclick={props.on_report.reform(|_| ReportFormat::Json)}>{ "Report JSON" }</button>
                    <button class="btn small" onclick={props.on_report.reform(|_| ReportFormat::Csv)}>{ "Report CSV" }</button>
                    <button class="btn small" onclick={props.on_close.reform(|_| ())}>{ "Close" }</button>
                </div>
            </div>
            { figures_table(report) }
            { matrix }
            { for current }
            <h3>{ "Disagreements" }</h3>
            if adj.items.is_empty() {
                <p class="empty">{ "None: the annotators agree on every sentence and span." }</p>
            } else {
                if let Some(note) = window_note {
                    <p class="hint">{ note }</p>
                }
                <ol class="disagreements" start={(first + 1).to_string()}>{ for list }</ol>
            }
        </aside>
    }
}
