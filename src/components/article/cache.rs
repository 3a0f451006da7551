//! Sentence views built per block and kept until the block's sentences,
//! the selection where it touches the block, or the tab stop change; the
//! core's change log says which blocks changed.

use super::sentence::SentenceView;
use super::Texts;
use glossa_core::listing::Links;
use glossa_core::{Document, SentenceId, Session};
use std::cell::RefCell;
use std::rc::Rc;
use yew::AttrValue;

/// Views built per block, valid for one document, session and suggestion
/// setting; `block_rev` counts changes to each block's sentences.
#[derive(Default)]
pub(super) struct Cache {
    pub doc: Option<Rc<Document>>,
    pub session: Option<Rc<RefCell<Session>>>,
    pub show_suggestions: bool,
    pub mark: u64,
    pub block_rev: Vec<u64>,
    pub built: Vec<Option<(BlockKey, Items)>>,
}

/// The key a block's views were built for: its revision, and the selection
/// and tab stop where they touch it.
pub(super) type BlockKey = (
    u64,
    Option<(SentenceId, SentenceId, Option<(usize, usize)>)>,
    Option<SentenceId>,
);

impl Cache {
    pub fn matches(&self, doc: &Rc<Document>, session: &Rc<RefCell<Session>>, show: bool) -> bool {
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
pub(super) struct Items(pub Rc<Vec<Vec<SentenceView>>>);

impl PartialEq for Items {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What every sentence view of one render is built from.
pub(super) struct ViewContext<'a> {
    pub doc: &'a Document,
    pub session: &'a Session,
    pub texts: &'a Texts,
    pub selection: Option<glossa_core::state::Selection>,
    pub tabbable: SentenceId,
    pub show_suggestions: bool,
    pub total: u32,
    /// The session's denial links, found when a first view needs them.
    pub links: std::cell::OnceCell<Links>,
}

impl ViewContext<'_> {
    pub fn sentence_view(&self, s: &glossa_core::Sentence) -> SentenceView {
        let ViewContext {
            doc,
            session,
            texts,
            selection,
            tabbable,
            show_suggestions,
            total,
            ref links,
        } = *self;
        let in_sentence: Vec<&glossa_core::Annotation> = session
            .sentence_annotation(s.id)
            .into_iter()
            .chain(session.spans_in(s.id))
            .collect();
        let links = if in_sentence
            .iter()
            .any(|a| a.attrs.denies.is_some() || a.tag == glossa_core::Tag::Claim)
        {
            let all = links.get_or_init(|| Links::of(session));
            in_sentence
                .iter()
                .flat_map(|a| all.from(session, a))
                .map(|l| (l.way, l.sentence, l.to))
                .collect()
        } else {
            Vec::new()
        };
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
            links,
        }
    }
}
