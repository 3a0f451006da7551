use crate::state::Filter;
use glossa_core::listing::{self, Goto, Listing, Way, MAX_ROWS};
use glossa_core::text::excerpt;
use glossa_core::{Action, AnnotationId, SentenceId, Session, Tag};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, Clone)]
pub struct SidebarProps {
    pub session: Rc<RefCell<Session>>,
    pub rev: u64,
    pub filter: Filter,
    pub query: AttrValue,
    pub active: Option<AnnotationId>,
    pub show_suggestions: bool,
    /// Suggestions drawn in full rather than quietly.
    pub mark_suggestions: bool,
    /// How many of the person's decisions the suggester learned from.
    pub learned_from: u32,
    /// Forget what the suggester learned.
    pub on_forget: Callback<()>,
    /// Select an annotation and bring it into view.
    pub on_jump: Callback<AnnotationId>,
    /// Select a sentence (a suggestion's) and bring it into view.
    pub on_jump_to: Callback<SentenceId>,
    pub on_filter: Callback<Filter>,
    pub on_query: Callback<String>,
    pub on_toggle_suggestions: Callback<()>,
    pub on_toggle_mark: Callback<()>,
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
            && self.mark_suggestions == o.mark_suggestions
            && self.learned_from == o.learned_from
            && self.on_forget == o.on_forget
            && self.on_toggle_mark == o.on_toggle_mark
            && self.on_jump == o.on_jump
            && self.on_jump_to == o.on_jump_to
            && self.on_filter == o.on_filter
            && self.on_query == o.on_query
            && self.on_toggle_suggestions == o.on_toggle_suggestions
            && self.on_command == o.on_command
    }
}

/// Every annotation in document order, filtered by tag and search, with
/// counts, progress and the open suggestions. The rows are the core's
/// ([`glossa_core::listing`]).
#[function_component(Sidebar)]
pub fn sidebar(props: &SidebarProps) -> Html {
    let list = use_node_ref();
    {
        // When another annotation is selected (a jump, a key, an accept),
        // its card comes into view in the list (the list scrolls, never the
        // page). Other changes leave the list where the person put it.
        let list = list.clone();
        use_effect_with(props.active, move |_| {
            keep_card_in_view(&list);
        });
    }
    let s = props.session.borrow();
    let Listing { rows, total } = listing::list(&s, props.filter, &props.query, MAX_ROWS);

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
        <aside class="sidebar" aria-label="Annotations" ref={list}>
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
                <label class="toggle">
                    <input type="checkbox" checked={props.mark_suggestions}
                        disabled={!props.show_suggestions}
                        onchange={props.on_toggle_mark.reform(|_| ())} />
                    { " Mark them in full" }<span class="hint">{ " (else a thin grey line)" }</span>
                </label>
                if props.learned_from > 0 {
                    <p class="learned">
                        { format!("Suggestions learn from your decisions ({} so far). ", props.learned_from) }
                        <button class="link-btn" onclick={props.on_forget.reform(|_| ())}>{ "Forget them" }</button>
                    </p>
                }
                // Always there while suggestions are shown, so accepting the
                // last of a tag moves nothing and focus stays on its button.
                if props.show_suggestions {
                    <div class="accept-all">
                        { for open.iter().map(|&(t, n)| {
                            let onclick = if n > 0 {
                                props.on_command.reform(move |_| Action::AcceptAll(t))
                            } else {
                                Callback::noop()
                            };
                            html! {
                            <button
                                class={classes!("btn", "small", format!("tag-{}", t.name()))}
                                aria-disabled={if n == 0 { "true" } else { "false" }}
                                title={if n == 0 {
                                    format!("No open {} suggestions", t.name())
                                } else {
                                    format!("Accept all {n} open {} suggestions (Undo in the message that follows)", t.name())
                                }}
                                {onclick}
                            >
                                <span class="accept-what">{ "Accept all" }</span>{ " " }
                                <span class="accept-tag">{ format!("{} ({n})", t.name()) }</span>
                            </button>
                        }}) }
                    </div>
                }
            </div>
            <ol class="ann-list">
                { for rows.into_iter().map(|r| {
                    let active = matches!(r.goes_to, Goto::Annotation(id) if props.active == Some(id));
                    let onclick = match r.goes_to {
                        Goto::Annotation(id) => props.on_jump.reform(move |_: MouseEvent| id),
                        Goto::Sentence(sid) => props.on_jump_to.reform(move |_: MouseEvent| sid),
                    };
                    html! {
                    <li key={r.key.clone()}>
                        <button
                            class={classes!("ann", format!("tag-{}", r.tag.name()), r.suggested.then_some("suggested"), active.then_some("active"))}
                            aria-current={active.then_some("true")}
                            {onclick}
                        >
                            <span class="ann-head">
                                <span class="badge">{ if r.suggested { format!("{}?", &r.tag.label()[..1]) } else { r.tag.label()[..1].to_string() } }</span>
                                <span class="ann-tag">{ r.tag.label() }{ if r.span { " · span" } else { "" } }</span>
                                <span class="ann-where">{ format!("s{}", r.sentence.number()) }</span>
                            </span>
                            <span class="ann-text">{ r.excerpt.clone() }</span>
                            if !r.speaker.is_empty() {
                                <span class="ann-speaker">{ "— " }{ r.speaker.clone() }</span>
                            }
                            if !r.note.is_empty() {
                                <span class="ann-note">{ r.note.clone() }</span>
                            }
                        </button>
                        if !r.links.is_empty() {
                            <div class="ann-links">
                                { for r.links.iter().map(|l| {
                                    let to = l.to;
                                    let words = match l.way {
                                        Way::Denies => format!("↦ denies the claim in s{}", l.sentence.number()),
                                        Way::DeniedBy => format!("↤ denied in s{}", l.sentence.number()),
                                    };
                                    html! {
                                        <button class="link-btn" title="Go there (l follows a link from the selected annotation)"
                                            onclick={props.on_jump.reform(move |_: MouseEvent| to)}>{ words }</button>
                                    }
                                }) }
                            </div>
                        }
                    </li>
                    }
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

/// Scrolls the sidebar (`list`, the scrolling element) so that its active
/// card is wholly inside it, by the least distance; nothing else scrolls.
fn keep_card_in_view(list: &NodeRef) {
    let Some(list) = list.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(Some(card)) = list.query_selector(".ann.active") else {
        return;
    };
    let (outer, inner) = (
        list.get_bounding_client_rect(),
        card.get_bounding_client_rect(),
    );
    let top = outer.top();
    let by = if inner.top() < top {
        inner.top() - top - 8.0
    } else if inner.bottom() > outer.bottom() {
        (inner.bottom() - outer.bottom() + 8.0).min(inner.top() - top)
    } else {
        return;
    };
    list.set_scroll_top(list.scroll_top() + by.round() as i32);
}
