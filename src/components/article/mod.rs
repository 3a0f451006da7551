//! The article: sentences in paragraphs, drawn in blocks near the screen.
//!
//! - `blocks`: which blocks are near the screen (an IntersectionObserver)
//!   and the block slots, drawn or stood in for;
//! - `cache`: the sentence views built per block, rebuilt only when the
//!   block changed (the core's change log) or the selection touches it;
//! - `sentence`: one sentence and paragraph drawn, and the DOM read back
//!   (the sentence under a click, a text selection as a span).

mod blocks;
mod cache;
mod sentence;

pub use sentence::SentenceView;

use crate::state::SameDoc;
use blocks::{BlockSlot, Observer, Seen};
use cache::{Cache, Items, ViewContext};
use glossa_core::layout::Layout;
use glossa_core::{Action, AnnotationId, Document, SentenceId, Session};
use sentence::{link_target, sentence_of, span_from_dom_selection};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, Clone)]
pub struct ArticleProps {
    pub doc: Rc<Document>,
    pub session: Rc<RefCell<Session>>,
    /// Changes whenever the session changed; stands in for comparing it.
    pub rev: u64,
    pub show_suggestions: bool,
    pub on_command: Callback<Action>,
    /// Go to an annotation (a link mark clicked).
    pub on_jump: Callback<AnnotationId>,
}

impl PartialEq for ArticleProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.doc, &other.doc)
            && Rc::ptr_eq(&self.session, &other.session)
            && self.rev == other.rev
            && self.show_suggestions == other.show_suggestions
            && self.on_command == other.on_command
            && self.on_jump == other.on_jump
    }
}

/// Sentence texts, made once per document.
pub(super) struct Texts(pub Vec<AttrValue>);

#[function_component(ArticleView)]
pub fn article_view(props: &ArticleProps) -> Html {
    let doc = props.doc.clone();
    let texts = use_memo(SameDoc(doc.clone()), |d| {
        Texts(
            d.0.sentences
                .iter()
                .map(|s| AttrValue::from(s.text(&d.0).to_string()))
                .collect(),
        )
    });
    let layout = use_memo(SameDoc(doc.clone()), |d| Layout::new(&d.0));
    // Which blocks are near the viewport, reported by an IntersectionObserver;
    // a report that changes the set renders this view again (not the app).
    let viewport = use_mut_ref(Seen::default);
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
            if let Some(actions) = span_from_dom_selection(&doc) {
                *span_made.borrow_mut() = true;
                for action in actions {
                    on_command.emit(action);
                }
            }
        })
    };
    // One handler for all sentences: find the sentence under the click.
    let onclick = {
        let on_command = props.on_command.clone();
        let on_jump = props.on_jump.clone();
        Callback::from(move |e: MouseEvent| {
            if std::mem::take(&mut *span_made.borrow_mut()) {
                return;
            }
            if let Some(id) = link_target(e.target()) {
                on_jump.emit(id);
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
        *viewport = Seen::first_screen(&doc, &layout);
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
        links: std::cell::OnceCell::new(),
    };
    let blocks = layout
        .blocks
        .iter()
        .enumerate()
        .map(|(b, block)| {
            let drawn = viewport.view.near.get(b).copied().unwrap_or(false) || keep.contains(&b);
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
            let height = viewport.view.height(b, &layout);
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
