use glossa_core::{Action, Document, SentenceId, Session, Tag};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
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
    let layout = use_memo(DocPtr(doc.clone()), |d| Layout::new(&d.0));
    // Which blocks are near the viewport, reported by an IntersectionObserver;
    // a report that changes the set renders this view again (not the app).
    let viewport = use_mut_ref(Viewport::default);
    let force = use_force_update();
    let observer = use_memo((), {
        let viewport = viewport.clone();
        move |_| Observer::new(viewport, force)
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

    let mut cache = cache.borrow_mut();
    let mut viewport = viewport.borrow_mut();
    if !cache.matches(&doc, &props.session, props.show_suggestions) {
        *cache = Cache {
            doc: Some(doc.clone()),
            session: Some(props.session.clone()),
            show_suggestions: props.show_suggestions,
            mark: session.change_mark(),
            block_rev: vec![0; layout.blocks.len()],
            built: vec![None; layout.blocks.len()],
        };
    } else {
        // Only the blocks holding sentences that changed get a new revision:
        // O(changes), not O(sentences).
        match session.changed_since(cache.mark) {
            Some(changed) => {
                for &id in changed {
                    if let Some(b) = layout.block_of(id) {
                        cache.block_rev[b] += 1;
                    }
                }
            }
            None => cache.block_rev.iter_mut().for_each(|r| *r += 1),
        }
        cache.mark = session.change_mark();
    }
    if !viewport.is_for(&doc) {
        *viewport = Viewport::first_screen(&doc, &layout);
    }
    // The selection's ends are always drawn, so keys and jumps can reach
    // sentences far from the screen.
    let keep: Vec<usize> = selection
        .map(|sel| [sel.anchor, sel.focus])
        .into_iter()
        .flatten()
        .chain([tabbable])
        .filter_map(|id| layout.block_of(id))
        .collect();
    let ctx = ViewContext {
        doc: &doc,
        session: &session,
        texts: &texts,
        selection,
        tabbable,
        show_suggestions: props.show_suggestions,
        total: doc.sentences.len() as u32,
    };
    let blocks = layout
        .blocks
        .iter()
        .enumerate()
        .map(|(b, block)| {
            let drawn = viewport.near[b] || keep.contains(&b);
            let items = drawn.then(|| {
                let (first, last) = (
                    SentenceId(block.sentences.start as u32),
                    SentenceId(block.sentences.end.saturating_sub(1) as u32),
                );
                let sel_key = selection
                    .filter(|sel| {
                        let (a, z) = sel.bounds();
                        a <= last && first <= z
                    })
                    .map(|sel| {
                        (
                            sel.anchor,
                            sel.focus,
                            sel.span.map(|sp| (sp.anchor, sp.focus)),
                        )
                    });
                let tab_key = (first <= tabbable && tabbable <= last).then_some(tabbable);
                let key = (cache.block_rev[b], sel_key, tab_key);
                match &cache.built[b] {
                    Some((k, items)) if *k == key => items.clone(),
                    _ => {
                        let built = Items(Rc::new(
                            doc.paragraphs[block.paragraphs.clone()]
                                .iter()
                                .map(|para| {
                                    doc.sentences[para.sentences.clone()]
                                        .iter()
                                        .map(|s| ctx.sentence_view(s))
                                        .collect()
                                })
                                .collect(),
                        ));
                        cache.built[b] = Some((key, built.clone()));
                        built
                    }
                }
            });
            let height = viewport.height(b, &layout);
            html! {
                <BlockSlot key={b} index={b} first_para={block.paragraphs.start} {items} {height} observer={observer.clone()} />
            }
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
                { for blocks }
            </div>
            if let Some(source) = doc.source.clone() {
                <p class="source">{ "Source : " }{ source }</p>
            }
        </article>
    }
}

/// Whole paragraphs grouped into blocks of about this many sentences: the
/// unit that is drawn or stood in for by an empty box of the same height.
const BLOCK_SENTENCES: usize = 48;

/// A document's blocks, made once per document.
struct Layout {
    blocks: Vec<Block>,
}

struct Block {
    paragraphs: std::ops::Range<usize>,
    sentences: std::ops::Range<usize>,
    /// Characters of text, for estimating the height before it is drawn.
    chars: usize,
}

impl Layout {
    fn new(doc: &Document) -> Layout {
        let mut blocks: Vec<Block> = Vec::new();
        for (p, para) in doc.paragraphs.iter().enumerate() {
            let chars: usize = doc.sentences[para.sentences.clone()]
                .iter()
                .map(|s| s.end - s.start + 1)
                .sum();
            match blocks.last_mut() {
                Some(b) if b.sentences.len() < BLOCK_SENTENCES => {
                    b.paragraphs.end = p + 1;
                    b.sentences.end = para.sentences.end;
                    b.chars += chars;
                }
                _ => blocks.push(Block {
                    paragraphs: p..p + 1,
                    sentences: para.sentences.clone(),
                    chars,
                }),
            }
        }
        Layout { blocks }
    }

    /// The block holding sentence `id` (binary search: blocks are in order).
    fn block_of(&self, id: SentenceId) -> Option<usize> {
        let i = id.index();
        let b = self.blocks.partition_point(|b| b.sentences.end <= i);
        self.blocks
            .get(b)
            .filter(|b| b.sentences.contains(&i))
            .map(|_| b)
    }
}

/// What the observer has seen: which blocks are near the screen, and the
/// heights of blocks once drawn (so a block that leaves keeps its height).
#[derive(Default)]
struct Viewport {
    doc: Option<Rc<Document>>,
    near: Vec<bool>,
    heights: Vec<Option<f64>>,
    /// Pixels per character of drawn blocks, to size the undrawn ones.
    measured: (f64, f64),
}

/// Estimated pixels per character before anything was measured: 18 px
/// type at line height 1.75 over a ~75-character line.
const PX_PER_CHAR: f64 = 0.42;
/// A paragraph's bottom margin, in pixels.
const PARA_GAP: f64 = 20.0;

impl Viewport {
    fn is_for(&self, doc: &Rc<Document>) -> bool {
        self.doc.as_ref().is_some_and(|d| Rc::ptr_eq(d, doc))
    }

    /// Before the observer reports: the blocks that fill about two screens
    /// from the top.
    fn first_screen(doc: &Rc<Document>, layout: &Layout) -> Viewport {
        let screen = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(1000.0);
        let mut v = Viewport {
            doc: Some(doc.clone()),
            near: vec![false; layout.blocks.len()],
            heights: vec![None; layout.blocks.len()],
            measured: (0.0, 0.0),
        };
        let mut filled = 0.0;
        for b in 0..layout.blocks.len() {
            if filled > 2.0 * screen {
                break;
            }
            v.near[b] = true;
            filled += f64::from(v.height(b, layout));
        }
        v
    }

    /// The height to give block `b` while it is not drawn.
    fn height(&self, b: usize, layout: &Layout) -> u32 {
        if let Some(Some(h)) = self.heights.get(b) {
            return h.round() as u32;
        }
        let per_char = match self.measured {
            (px, chars) if chars > 0.0 => px / chars,
            _ => PX_PER_CHAR,
        };
        let block = &layout.blocks[b];
        (block.chars as f64 * per_char + block.paragraphs.len() as f64 * PARA_GAP).round() as u32
    }
}

/// One IntersectionObserver for all blocks of the article.
struct Observer {
    observer: Option<web_sys::IntersectionObserver>,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl PartialEq for Observer {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Drop for Observer {
    fn drop(&mut self) {
        if let Some(o) = &self.observer {
            o.disconnect();
        }
    }
}

impl Observer {
    fn new(viewport: Rc<RefCell<Viewport>>, force: UseForceUpdateHandle) -> Observer {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let mut changed = false;
            {
                let mut guard = viewport.borrow_mut();
                let v = &mut *guard;
                for entry in entries.iter() {
                    let Ok(entry) = entry.dyn_into::<web_sys::IntersectionObserverEntry>() else {
                        continue;
                    };
                    let target = entry.target();
                    let Some(b) = target
                        .get_attribute("data-block")
                        .and_then(|a| a.parse::<usize>().ok())
                    else {
                        continue;
                    };
                    let drawn = target.get_attribute("data-drawn").is_some();
                    if drawn {
                        let h = entry.bounding_client_rect().height();
                        let chars = target
                            .get_attribute("data-chars")
                            .and_then(|c| c.parse::<f64>().ok())
                            .unwrap_or(0.0);
                        if let Some(slot) = v.heights.get_mut(b) {
                            if slot.is_none() && h > 0.0 && chars > 0.0 {
                                v.measured.0 += h;
                                v.measured.1 += chars;
                            }
                            *slot = Some(h);
                        }
                    }
                    if let Some(near) = v.near.get_mut(b) {
                        if *near != entry.is_intersecting() {
                            *near = entry.is_intersecting();
                            changed = true;
                        }
                    }
                }
            }
            if changed {
                force.force_update();
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        // Draw blocks a screen and a half before they scroll into view.
        options.set_root_margin("150% 0px");
        let observer = web_sys::IntersectionObserver::new_with_options(
            callback.as_ref().unchecked_ref(),
            &options,
        )
        .ok();
        Observer {
            observer,
            _callback: callback,
        }
    }
}

#[derive(Properties, PartialEq)]
struct BlockProps {
    index: usize,
    first_para: usize,
    /// The sentence views of each paragraph; None: not drawn, an empty box
    /// of `height` pixels stands in.
    items: Option<Items>,
    height: u32,
    observer: Rc<Observer>,
}

/// A block of paragraphs, or the box that stands in for it. The outer
/// element stays the same either way, so it is observed once.
#[function_component(BlockSlot)]
fn block_slot(props: &BlockProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let observer = props.observer.clone();
        use_effect_with((), move |_| {
            let el = node.cast::<web_sys::Element>();
            if let (Some(o), Some(el)) = (&observer.observer, &el) {
                o.observe(el);
            }
            move || {
                if let (Some(o), Some(el)) = (&observer.observer, &el) {
                    o.unobserve(el);
                }
            }
        });
    }
    {
        // The stand-in's height goes through the CSS object model: a style
        // attribute would need 'unsafe-inline' in the page's CSP.
        let node = node.clone();
        let drawn = props.items.is_some();
        use_effect_with((drawn, props.height), move |&(drawn, height)| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let style = el.style();
                let _ = if drawn {
                    style.remove_property("height").map(|_| ())
                } else {
                    style.set_property("height", &format!("{height}px"))
                };
            }
        });
    }
    let chars: usize = props
        .items
        .iter()
        .flat_map(|i| i.0.iter().flatten())
        .map(|s| s.text.len())
        .sum();
    match &props.items {
        Some(items) => html! {
            <div ref={node} class="block" data-block={props.index.to_string()} data-drawn="" data-chars={chars.to_string()}>
                { for items.0.iter().enumerate().map(|(i, para)| html! {
                    <ParagraphView key={props.first_para + i} items={para.clone()} />
                }) }
            </div>
        },
        None => html! {
            <div ref={node} class="block standin" data-block={props.index.to_string()} aria-hidden="true"></div>
        },
    }
}

/// Views built per block, valid for one document, session and suggestion
/// setting; `block_rev` counts changes to each block's sentences.
#[derive(Default)]
struct Cache {
    doc: Option<Rc<Document>>,
    session: Option<Rc<RefCell<Session>>>,
    show_suggestions: bool,
    mark: u64,
    block_rev: Vec<u64>,
    built: Vec<Option<(BlockKey, Items)>>,
}

/// The key a block's views were built for: its revision, and the selection
/// and tab stop where they touch it.
type BlockKey = (
    u64,
    Option<(SentenceId, SentenceId, Option<(usize, usize)>)>,
    Option<SentenceId>,
);

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

/// A block's sentence views, per paragraph; equal when they are the same
/// build.
#[derive(Clone)]
struct Items(Rc<Vec<Vec<SentenceView>>>);

impl PartialEq for Items {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What every sentence view of one render is built from.
struct ViewContext<'a> {
    doc: &'a Document,
    session: &'a Session,
    texts: &'a Texts,
    selection: Option<glossa_core::state::Selection>,
    tabbable: SentenceId,
    show_suggestions: bool,
    total: u32,
}

impl ViewContext<'_> {
    fn sentence_view(&self, s: &glossa_core::Sentence) -> SentenceView {
        let ViewContext {
            doc,
            session,
            texts,
            selection,
            tabbable,
            show_suggestions,
            total,
        } = *self;
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
            total,
        }
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
    items: Vec<SentenceView>,
}

#[function_component(ParagraphView)]
fn paragraph_view(props: &ParagraphProps) -> Html {
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
