use glossa_core::{Action, Document, SentenceId, Session, Tag};
use std::cell::RefCell;
use std::rc::Rc;
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
}

#[derive(Properties, Clone)]
pub struct ArticleProps {
    pub doc: Rc<Document>,
    pub session: Rc<RefCell<Session>>,
    /// Changes whenever the session changed; stands in for comparing it.
    pub rev: u64,
    pub show_suggestions: bool,
    pub on_command: Callback<Action>,
}

impl PartialEq for ArticleProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.doc, &other.doc)
            && Rc::ptr_eq(&self.session, &other.session)
            && self.rev == other.rev
            && self.show_suggestions == other.show_suggestions
            && self.on_command == other.on_command
    }
}

/// Sentence texts, made once per document.
struct Texts(Vec<AttrValue>);

#[function_component(ArticleView)]
pub fn article_view(props: &ArticleProps) -> Html {
    let doc = props.doc.clone();
    let texts = use_memo(DocPtr(doc.clone()), |d| {
        Texts(
            d.0.sentences
                .iter()
                .map(|s| AttrValue::from(s.text(&d.0).to_string()))
                .collect(),
        )
    });
    // Set when a mouse-up made a span selection, so the click that follows
    // does not turn it back into a sentence selection.
    let span_made = use_mut_ref(|| false);
    let cache = use_mut_ref(Cache::default);
    let session = props.session.borrow();
    let selection = session.selection();
    let tabbable = selection.map(|s| s.focus).unwrap_or(SentenceId(0));

    let onmouseup = {
        let on_command = props.on_command.clone();
        let doc = doc.clone();
        let span_made = span_made.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(action) = span_from_dom_selection(&doc) {
                *span_made.borrow_mut() = true;
                on_command.emit(action);
            }
        })
    };
    // One handler for all sentences: find the sentence under the click.
    let onclick = {
        let on_command = props.on_command.clone();
        Callback::from(move |e: MouseEvent| {
            if std::mem::take(&mut *span_made.borrow_mut()) {
                return;
            }
            if let Some(id) = sentence_of(e.target()) {
                on_command.emit(Action::Select {
                    sentence: id,
                    extend: e.shift_key(),
                });
            }
        })
    };
    // Shift-click extends the selection; don't let it select text too.
    let onmousedown = Callback::from(|e: MouseEvent| {
        if e.shift_key() {
            e.prevent_default();
        }
    });
    // Tabbing into the article selects the sentence that gets focus.
    let onfocusin = {
        let on_command = props.on_command.clone();
        let current = selection.map(|s| s.focus);
        Callback::from(move |e: FocusEvent| {
            if let Some(id) = sentence_of(e.target()) {
                if current != Some(id) {
                    on_command.emit(Action::Select {
                        sentence: id,
                        extend: false,
                    });
                }
            }
        })
    };

    // Rebuild the views of a paragraph only when one of its sentences
    // changed (its revision sum moved) or the selection touches it; other
    // paragraphs keep the same `Rc`, which Yew skips by pointer.
    let mut cache = cache.borrow_mut();
    if !cache.matches(&doc, &props.session, props.show_suggestions) {
        *cache = Cache {
            doc: Some(doc.clone()),
            session: Some(props.session.clone()),
            show_suggestions: props.show_suggestions,
            paragraphs: vec![None; doc.paragraphs.len()],
        };
    }
    let paragraphs = doc
        .paragraphs
        .iter()
        .enumerate()
        .map(|(p, para)| {
            let range = para.sentences.clone();
            let revs: u64 = range
                .clone()
                .map(|i| session.sentence_rev(SentenceId(i as u32)) as u64)
                .sum();
            let (first, last) = (
                SentenceId(range.start as u32),
                SentenceId(range.end.saturating_sub(1) as u32),
            );
            let touches = |id: SentenceId| first <= id && id <= last;
            let sel_key = selection
                .filter(|sel| {
                    let (a, b) = sel.bounds();
                    a <= last && first <= b
                })
                .map(|sel| {
                    (
                        sel.anchor,
                        sel.focus,
                        sel.span.map(|sp| (sp.anchor, sp.focus)),
                    )
                });
            let tab_key = touches(tabbable).then_some(tabbable);
            let key = (revs, sel_key, tab_key);
            let items = match &cache.paragraphs[p] {
                Some((k, items)) if *k == key => items.clone(),
                _ => {
                    let built = Items(Rc::new(
                        doc.sentences[range.clone()]
                            .iter()
                            .map(|s| {
                                sentence_view(
                                    &doc,
                                    &session,
                                    &texts,
                                    s,
                                    selection,
                                    tabbable,
                                    props.show_suggestions,
                                )
                            })
                            .collect(),
                    ));
                    cache.paragraphs[p] = Some((key, built.clone()));
                    built
                }
            };
            html! { <ParagraphView key={p} {items} /> }
        })
        .collect::<Vec<Html>>();

    html! {
        <article class="article">
            if !doc.categories.is_empty() {
                <ul class="categories" aria-label="Categories">
                    { for doc.categories.iter().map(|c| html! { <li>{ c.clone() }</li> }) }
                </ul>
            }
            <h1 class="title">{ doc.title.clone() }</h1>
            <div
                class="sentences"
                role="listbox"
                aria-multiselectable="true"
                aria-label="Article sentences"
                {onclick}
                {onmousedown}
                {onmouseup}
                {onfocusin}
            >
                { for paragraphs }
            </div>
            if let Some(source) = doc.source.clone() {
                <p class="source">{ "Source : " }{ source }</p>
            }
        </article>
    }
}

/// The key a paragraph's views were built for: its sentences' revision sum,
/// and the selection and tab stop where they touch it.
type ParaKey = (
    u64,
    Option<(SentenceId, SentenceId, Option<(usize, usize)>)>,
    Option<SentenceId>,
);

/// Views built per paragraph, valid for one document, session and
/// suggestion setting.
#[derive(Default)]
struct Cache {
    doc: Option<Rc<Document>>,
    session: Option<Rc<RefCell<Session>>>,
    show_suggestions: bool,
    paragraphs: Vec<Option<(ParaKey, Items)>>,
}

impl Cache {
    fn matches(&self, doc: &Rc<Document>, session: &Rc<RefCell<Session>>, show: bool) -> bool {
        self.doc.as_ref().is_some_and(|d| Rc::ptr_eq(d, doc))
            && self
                .session
                .as_ref()
                .is_some_and(|s| Rc::ptr_eq(s, session))
            && self.show_suggestions == show
    }
}

/// A paragraph's sentence views; equal when they are the same build.
#[derive(Clone)]
struct Items(Rc<Vec<SentenceView>>);

impl PartialEq for Items {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn sentence_view(
    doc: &Document,
    session: &Session,
    texts: &Texts,
    s: &glossa_core::Sentence,
    selection: Option<glossa_core::state::Selection>,
    tabbable: SentenceId,
    show_suggestions: bool,
) -> SentenceView {
    let spans = session
        .spans_in(s.id)
        .into_iter()
        .map(|a| {
            let (b0, b1) = s.local_bytes(doc, a.target.start, a.target.end);
            (b0, b1, a.tag)
        })
        .collect();
    // The selected words (trimmed), or the caret where nothing is selected yet.
    let span_sel = selection
        .filter(|sel| sel.focus == s.id)
        .and_then(|sel| sel.span)
        .map(|sp| {
            let (a, b) = session.selected_span().unwrap_or((sp.focus, sp.focus));
            s.local_bytes(doc, a, b)
        });
    let suggestion = session
        .open_suggestion(s.id)
        .filter(|_| show_suggestions)
        .map(|p| (p.tag, AttrValue::from(p.reason.clone())));
    SentenceView {
        id: s.id,
        text: texts.0[s.id.index()].clone(),
        tag: session.sentence_tag(s.id),
        selected: selection.is_some_and(|sel| sel.contains(s.id)),
        tabbable: s.id == tabbable,
        spans,
        span_sel,
        suggestion,
    }
}

#[derive(Clone)]
struct DocPtr(Rc<Document>);

impl PartialEq for DocPtr {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn sentence_element(node: &web_sys::Node) -> Option<web_sys::Element> {
    let el = match node.dyn_ref::<web_sys::Element>() {
        Some(el) => el.clone(),
        None => node.parent_element()?,
    };
    el.closest("[data-sentence-id]").ok()?
}

fn sentence_of(target: Option<web_sys::EventTarget>) -> Option<SentenceId> {
    let node = target?.dyn_into::<web_sys::Node>().ok()?;
    SentenceId::parse(&sentence_element(&node)?.get_attribute("data-sentence-id")?)
}

/// Turns the browser's text selection inside one sentence into a span
/// selection (code points of the document), and clears the browser's own.
/// A selection that starts in one sentence and ends in another is cut at the
/// end of the first.
fn span_from_dom_selection(doc: &Document) -> Option<Action> {
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
    let same = sentence_element(&end_node).is_some_and(|e| e == start_el);
    let end = if same {
        units_before(&end_node, range.end_offset().ok()?)?
    } else {
        sentence.utf16_end - sentence.utf16_start
    };
    let _ = selection.remove_all_ranges();
    Some(Action::SelectSpan {
        sentence: id,
        start: sentence.cp_from_utf16(doc, start),
        end: sentence.cp_from_utf16(doc, end),
    })
}

#[derive(Properties, PartialEq)]
struct ParagraphProps {
    items: Items,
}

#[function_component(ParagraphView)]
fn paragraph_view(props: &ParagraphProps) -> Html {
    // Sentences and the spaces between them, each keyed; the space is its
    // own node so a sentence's text is exactly the sentence.
    let mut nodes = Vec::with_capacity(props.items.0.len() * 2);
    for (i, s) in props.items.0.iter().enumerate() {
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
            tabindex={if s.tabbable { "0" } else { "-1" }}
        >{ segments(s) }</span>
    }
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
    cuts.sort_unstable();
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
        out.push(html! {
            <span class={classes!("seg", tags.map(|t| format!("t-{}", t.name())).collect::<Vec<_>>(), in_sel.then_some("insel"))}>
                { &text[a..b] }
            </span>
        });
    }
    if caret == Some(text.len()) {
        out.push(html! { <span class="caret" aria-hidden="true"></span> });
    }
    html! { <>{ out }</> }
}
