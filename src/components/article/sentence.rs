//! One sentence and one paragraph drawn, and the DOM read back: which
//! sentence an event hit, and the browser's text selection as a span.

use glossa_core::listing::Way;
use glossa_core::{Action, AnnotationId, Document, SentenceId, Tag};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What one sentence shows. Equal views render the same, so a keystroke
/// re-renders only the sentences that changed.
#[derive(Clone, Debug, PartialEq)]
pub struct SentenceView {
    pub id: SentenceId,
    pub text: AttrValue,
    pub tag: Option<Tag>,
    pub selected: bool,
    /// The one sentence reachable with Tab (roving tabindex).
    pub tabbable: bool,
    /// Span annotations: byte range in `text` and tag.
    pub spans: Vec<(usize, usize, Tag)>,
    /// The selected words (byte range in `text`); equal ends = a caret.
    pub span_sel: Option<(usize, usize)>,
    /// An open suggestion: its tag and reason.
    pub suggestion: Option<(Tag, AttrValue)>,
    /// How many sentences the document has (for screen readers: only the
    /// blocks near the screen are in the page).
    pub total: u32,
    /// The denial links of what is tagged here: which way, the sentence at
    /// the other end and the annotation there.
    pub links: Vec<(Way, SentenceId, AnnotationId)>,
}

fn sentence_element(node: &web_sys::Node) -> Option<web_sys::Element> {
    let el = match node.dyn_ref::<web_sys::Element>() {
        Some(el) => el.clone(),
        None => node.parent_element()?,
    };
    el.closest("[data-sentence-id]").ok()?
}

pub(super) fn sentence_of(target: Option<web_sys::EventTarget>) -> Option<SentenceId> {
    let node = target?.dyn_into::<web_sys::Node>().ok()?;
    SentenceId::parse(&sentence_element(&node)?.get_attribute("data-sentence-id")?)
}

/// Turns the browser's text selection into Glossa's, and clears the
/// browser's own: inside one sentence, a span selection (code points of the
/// document); from one sentence into another (a drag across sentences),
/// those sentences selected, as a shift-click would.
pub(super) fn span_from_dom_selection(doc: &Document) -> Option<Vec<Action>> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let start_el = sentence_element(&range.start_container().ok()?)?;
    let id = SentenceId::parse(&start_el.get_attribute("data-sentence-id")?)?;
    let sentence = doc.sentence(id)?;
    // UTF-16 length of the sentence's text before a DOM position.
    let units_before = |node: &web_sys::Node, offset: u32| -> Option<usize> {
        let r = web_sys::window()?.document()?.create_range().ok()?;
        r.set_start(&start_el, 0).ok()?;
        r.set_end(node, offset).ok()?;
        Some(String::from(r.to_string()).encode_utf16().count())
    };
    let start = units_before(&range.start_container().ok()?, range.start_offset().ok()?)?;
    let end_node = range.end_container().ok()?;
    let end_el = sentence_element(&end_node);
    let same = end_el.as_ref().is_some_and(|e| *e == start_el);
    let other = end_el
        .filter(|_| !same)
        .and_then(|e| SentenceId::parse(&e.get_attribute("data-sentence-id")?));
    if let Some(last) = other {
        let _ = selection.remove_all_ranges();
        return Some(vec![
            Action::Select {
                sentence: id,
                extend: false,
            },
            Action::Select {
                sentence: last,
                extend: true,
            },
        ]);
    }
    let end = if same {
        units_before(&end_node, range.end_offset().ok()?)?
    } else {
        sentence.utf16_end - sentence.utf16_start
    };
    let _ = selection.remove_all_ranges();
    Some(vec![Action::SelectSpan {
        sentence: id,
        start: sentence.cp_from_utf16(doc, start),
        end: sentence.cp_from_utf16(doc, end),
    }])
}

#[derive(Properties, PartialEq)]
pub(super) struct ParagraphProps {
    pub items: Vec<SentenceView>,
}

#[function_component(ParagraphView)]
pub(super) fn paragraph_view(props: &ParagraphProps) -> Html {
    // Sentences and the spaces between them, each keyed; the space is its
    // own node so a sentence's text is exactly the sentence.
    let mut nodes = Vec::with_capacity(props.items.len() * 2);
    for (i, s) in props.items.iter().enumerate() {
        if i > 0 {
            nodes.push(html! { <span key={format!("g{}", s.id.0)} class="gap">{ " " }</span> });
        }
        nodes.push(html! { <SentenceItem key={s.id.to_string()} view={s.clone()} /> });
    }
    html! { <p class="para" role="group">{ nodes }</p> }
}

#[derive(Properties, PartialEq)]
struct SentenceProps {
    view: SentenceView,
}

#[function_component(SentenceItem)]
fn sentence_item(props: &SentenceProps) -> Html {
    let s = &props.view;
    let suggest_class = s
        .suggestion
        .as_ref()
        .map(|(t, _)| format!("suggest suggest-{}", t.name()));
    let title = s
        .suggestion
        .as_ref()
        .map(|(t, why)| format!("Suggested: {} — {why} (a accepts, x rejects)", t.label()));
    html! {
        <span
            class={classes!(
                "s",
                s.tag.map(|t| format!("tag-{}", t.name())),
                s.selected.then_some("selected"),
                suggest_class,
            )}
            data-sentence-id={s.id.to_string()}
            data-tag={s.tag.map(|t| t.name())}
            data-suggestion={s.suggestion.as_ref().map(|(t, _)| t.name())}
            {title}
            role="option"
            aria-selected={if s.selected { "true" } else { "false" }}
            aria-posinset={(s.id.0 + 1).to_string()}
            aria-setsize={s.total.to_string()}
            tabindex={if s.tabbable { "0" } else { "-1" }}
        >{ segments(s) }{ for s.links.iter().take(MARKS).map(link_mark) }{ more_links(s.links.len()) }</span>
    }
}

/// At most this many link marks after a sentence; then "+n".
const MARKS: usize = 3;

/// A denial link drawn after the sentence: "→ s12" (this denies the claim
/// there) or "← s14" (the denial there denies this). Generated content
/// only, so the sentence's text stays its text; a click goes there (the
/// article's click handler reads `data-goto`), so does `l`.
fn link_mark(&(way, to, id): &(Way, SentenceId, AnnotationId)) -> Html {
    let (mark, title) = match way {
        Way::Denies => (
            format!("→ {to}"),
            format!("Denies the claim in {to} (click or l to go there)"),
        ),
        Way::DeniedBy => (
            format!("← {to}"),
            format!("Denied in {to} (click or l to go there)"),
        ),
    };
    let class = match way {
        Way::Denies => "link-mark denies",
        Way::DeniedBy => "link-mark denied-by",
    };
    html! { <span class={class} data-link={mark} data-goto={id.to_string()} {title} aria-hidden="true"></span> }
}

fn more_links(n: usize) -> Html {
    if n <= MARKS {
        return html! {};
    }
    html! { <span class="link-mark more" data-link={format!("+{}", n - MARKS)} aria-hidden="true"></span> }
}

/// The annotation a link mark under `target` goes to.
pub(super) fn link_target(target: Option<web_sys::EventTarget>) -> Option<AnnotationId> {
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    AnnotationId::parse(&el.get_attribute("data-goto")?)
}

/// The sentence's text cut where spans and the word selection start and
/// end; each piece knows which span tags cover it.
fn segments(s: &SentenceView) -> Html {
    if s.spans.is_empty() && s.span_sel.is_none() {
        return html! { { s.text.clone() } };
    }
    let text: &str = &s.text;
    let mut cuts = vec![0, text.len()];
    for &(a, b, _) in &s.spans {
        cuts.extend([a, b]);
    }
    if let Some((a, b)) = s.span_sel {
        cuts.extend([a, b]);
    }
    cuts.retain(|&c| c <= text.len() && text.is_char_boundary(c));
    glossa_core::sort::sort(&mut cuts);
    cuts.dedup();
    let caret = s.span_sel.filter(|(a, b)| a == b).map(|(a, _)| a);
    let mut out = Vec::with_capacity(cuts.len() * 2);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if caret == Some(a) {
            out.push(html! { <span class="caret" aria-hidden="true"></span> });
        }
        let tags = Tag::ALL
            .into_iter()
            .filter(|t| s.spans.iter().any(|&(x, y, u)| u == *t && x <= a && b <= y));
        let in_sel = s.span_sel.is_some_and(|(x, y)| x < y && x <= a && b <= y);
        // Where a tagged span starts: its letter is drawn there (CSS).
        let starts = Tag::ALL
            .into_iter()
            .filter(|t| s.spans.iter().any(|&(x, _, u)| u == *t && x == a))
            .map(|t| format!("start-{}", t.name()));
        out.push(html! {
            <span class={classes!("seg", tags.map(|t| format!("t-{}", t.name())).collect::<Vec<_>>(), starts.collect::<Vec<_>>(), in_sel.then_some("insel"))}>
                { &text[a..b] }
            </span>
        });
    }
    if caret == Some(text.len()) {
        out.push(html! { <span class="caret" aria-hidden="true"></span> });
    }
    html! { <>{ out }</> }
}
