use crate::state::Filter;
use glossa_core::text::excerpt;
use glossa_core::{Action, AnnotationId, SentenceId, Session, Tag};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// How many list rows are drawn at once; more would slow every keystroke on
/// long documents. The search narrows the rest.
const MAX_ROWS: usize = 300;

#[derive(Properties, Clone)]
pub struct SidebarProps {
    pub session: Rc<RefCell<Session>>,
    pub rev: u64,
    pub filter: Filter,
    pub query: AttrValue,
    pub active: Option<AnnotationId>,
    pub show_suggestions: bool,
    /// Select an annotation and bring it into view.
    pub on_jump: Callback<AnnotationId>,
    /// Select a sentence (a suggestion's) and bring it into view.
    pub on_jump_to: Callback<SentenceId>,
    pub on_filter: Callback<Filter>,
    pub on_query: Callback<String>,
    pub on_toggle_suggestions: Callback<()>,
    /// Accept all (`Action::AcceptAll`).
    pub on_command: Callback<Action>,
}

impl PartialEq for SidebarProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.session, &o.session)
            && self.rev == o.rev
            && self.filter == o.filter
            && self.query == o.query
            && self.active == o.active
            && self.show_suggestions == o.show_suggestions
            && self.on_jump == o.on_jump
            && self.on_jump_to == o.on_jump_to
            && self.on_filter == o.on_filter
            && self.on_query == o.on_query
            && self.on_toggle_suggestions == o.on_toggle_suggestions
            && self.on_command == o.on_command
    }
}

/// One row of the list.
#[derive(Clone, PartialEq)]
struct Row {
    key: String,
    tag: Tag,
    sentence: u32,
    excerpt: String,
    speaker: String,
    note: String,
    span: bool,
    suggested: bool,
    active: bool,
    onclick: Callback<MouseEvent>,
}

/// Every annotation in document order, filtered by tag and search, with
/// counts, progress and the open suggestions.
#[function_component(Sidebar)]
pub fn sidebar(props: &SidebarProps) -> Html {
    let s = props.session.borrow();
    let query = props.query.to_lowercase();
    let matches = |fields: &[&str]| {
        query.is_empty() || fields.iter().any(|f| f.to_lowercase().contains(&query))
    };

    let mut rows: Vec<Row> = Vec::new();
    let mut total = 0;
    if props.filter == Filter::Suggested {
        let known_total = props
            .query
            .is_empty()
            .then(|| s.open_suggestion_counts().iter().sum::<usize>());
        for (sid, p) in s.open_suggestions() {
            if known_total.is_some() && rows.len() >= MAX_ROWS {
                break;
            }
            let text = s
                .doc
                .sentence(sid)
                .map(|x| x.text(&s.doc))
                .unwrap_or_default();
            let speaker = p.speaker.clone().unwrap_or_default();
            if !matches(&[text, &speaker, &p.reason]) {
                continue;
            }
            total += 1;
            if rows.len() < MAX_ROWS {
                rows.push(Row {
                    key: format!("sg{}", sid.0),
                    tag: p.tag,
                    sentence: sid.number(),
                    excerpt: excerpt(text, 90),
                    speaker,
                    note: p.reason.clone(),
                    span: false,
                    suggested: true,
                    active: false,
                    onclick: props.on_jump_to.reform(move |_| sid),
                });
            }
        }
        total = known_total.unwrap_or(total);
    } else {
        // Without a search the total is known from the counts, and the walk
        // stops after the rows shown: a keystroke on a document with 20,000
        // annotations does not visit them all.
        let known_total = props.query.is_empty().then(|| match props.filter {
            Filter::Tag(t) => s.count(t),
            _ => s.len(),
        });
        for a in s.annotations_in_order() {
            if let Filter::Tag(t) = props.filter {
                if a.tag != t {
                    continue;
                }
            }
            if known_total.is_some() && rows.len() >= MAX_ROWS {
                break;
            }
            let text = s
                .doc
                .slice(a.target.start, a.target.end)
                .unwrap_or_default();
            if !matches(&[text, &a.attrs.speaker, &a.attrs.note, a.tag.name()]) {
                continue;
            }
            total += 1;
            if rows.len() < MAX_ROWS {
                let id = a.id;
                rows.push(Row {
                    key: id.to_string(),
                    tag: a.tag,
                    sentence: a.target.sentence.number(),
                    excerpt: excerpt(text, 90),
                    speaker: a.attrs.speaker.clone(),
                    note: a.attrs.note.clone(),
                    span: !s.is_sentence_level(a),
                    suggested: false,
                    active: props.active == Some(id),
                    onclick: props.on_jump.reform(move |_| id),
                });
            }
        }
        total = known_total.unwrap_or(total);
    }

    let filter_button = |f: Filter, label: String| {
        let pressed = props.filter == f;
        html! {
            <button
                class={classes!("chip", pressed.then_some("on"))}
                aria-pressed={if pressed { "true" } else { "false" }}
                onclick={props.on_filter.reform(move |_| f)}
            >{ label }</button>
        }
    };
    let open: Vec<(Tag, usize)> = Tag::ALL
        .into_iter()
        .zip(s.open_suggestion_counts())
        .collect();
    let open_total: usize = open.iter().map(|(_, n)| n).sum();
    let oninput = props.on_query.reform(|e: InputEvent| {
        e.target_unchecked_into::<web_sys::HtmlInputElement>()
            .value()
    });
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Escape" || e.key() == "Enter" {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlElement>() {
                let _ = input.blur();
            }
        }
    });

    html! {
        <aside class="sidebar" aria-label="Annotations">
            <div class="side-head">
                <input
                    type="search"
                    class="search"
                    placeholder="Search annotations  /"
                    aria-label="Search annotations"
                    aria-keyshortcuts="/"
                    value={props.query.clone()}
                    {oninput}
                    {onkeydown}
                />
                <div class="filters" role="group" aria-label="Show">
                    { filter_button(Filter::All, format!("All {}", s.len())) }
                    { for Tag::ALL.into_iter().map(|t| filter_button(Filter::Tag(t), format!("{} {}", t.label(), s.count(t)))) }
                    { filter_button(Filter::Suggested, format!("Suggested {open_total}")) }
                </div>
                <label class="toggle">
                    <input type="checkbox" checked={props.show_suggestions}
                        onchange={props.on_toggle_suggestions.reform(|_| ())} />
                    { " Show suggestions" }<span class="hint">{ " (a accepts, x rejects)" }</span>
                </label>
                if open_total > 0 && props.show_suggestions {
                    <div class="accept-all">
                        { for open.iter().filter(|(_, n)| *n > 0).map(|&(t, n)| html! {
                            <button
                                class={classes!("btn", "small", format!("tag-{}", t.name()))}
                                title={format!("Accept all {n} open {} suggestions", t.name())}
                                onclick={props.on_command.reform(move |_| Action::AcceptAll(t))}
                            >{ format!("Accept all {} ({n})", t.name()) }</button>
                        }) }
                    </div>
                }
            </div>
            <ol class="ann-list">
                { for rows.into_iter().map(|r| html! {
                    <li key={r.key.clone()}>
                        <button
                            class={classes!("ann", format!("tag-{}", r.tag.name()), r.suggested.then_some("suggested"), r.active.then_some("active"))}
                            aria-current={r.active.then_some("true")}
                            onclick={r.onclick.clone()}
                        >
                            <span class="ann-head">
                                <span class="badge">{ if r.suggested { format!("{}?", &r.tag.label()[..1]) } else { r.tag.label()[..1].to_string() } }</span>
                                <span class="ann-tag">{ r.tag.label() }{ if r.span { " · span" } else { "" } }</span>
                                <span class="ann-where">{ format!("s{}", r.sentence) }</span>
                            </span>
                            <span class="ann-text">{ r.excerpt.clone() }</span>
                            if !r.speaker.is_empty() {
                                <span class="ann-speaker">{ "— " }{ r.speaker.clone() }</span>
                            }
                            if !r.note.is_empty() {
                                <span class="ann-note">{ r.note.clone() }</span>
                            }
                        </button>
                    </li>
                }) }
            </ol>
            if !s.orphans().is_empty() && props.filter != Filter::Suggested {
                <details class="orphans">
                    <summary>{ format!("Could not be placed ({})", s.orphans().len()) }</summary>
                    <p class="hint">{ "Imported annotations whose text is not in this document. They are kept and exported with your work." }</p>
                    <ul>
                        { for s.orphans().iter().take(MAX_ROWS).map(|o| html! {
                            <li key={o.id.to_string()}>
                                <b>{ o.tag.label() }</b>{ " “" }{ excerpt(&o.exact, 90) }{ "”" }
                                <span class="ann-note">{ o.why.clone() }</span>
                            </li>
                        }) }
                    </ul>
                </details>
            }
            if total > MAX_ROWS {
                <p class="more">{ format!("Showing {MAX_ROWS} of {total}. Search to narrow the list.") }</p>
            }
            if total == 0 {
                <p class="empty">{ if props.query.is_empty() { "Nothing here yet. Select a sentence and press 1, 2 or 3." } else { "No annotation matches the search." } }</p>
            }
        </aside>
    }
}
