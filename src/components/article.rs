use glossa_core::{Action, Document, Session, SentenceId, Tag};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What one sentence shows. Equal views render the same, so a keystroke
/// re-renders only the paragraphs whose sentences changed.
#[derive(Clone, Debug, PartialEq)]
pub struct SentenceView {
    pub id: SentenceId,
    pub text: AttrValue,
    pub tag: Option<Tag>,
    pub selected: bool,
    /// The one sentence reachable with Tab (roving tabindex).
    pub tabbable: bool,
}

#[derive(Properties, Clone)]
pub struct ArticleProps {
    pub doc: Rc<Document>,
    pub session: Rc<RefCell<Session>>,
    /// Changes whenever the session changed; stands in for comparing it.
    pub rev: u64,
    pub on_command: Callback<Action>,
}

impl PartialEq for ArticleProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.doc, &other.doc)
            && Rc::ptr_eq(&self.session, &other.session)
            && self.rev == other.rev
            && self.on_command == other.on_command
    }
}

/// Sentence texts, made once per document.
struct Texts(Vec<AttrValue>);

#[function_component(ArticleView)]
pub fn article_view(props: &ArticleProps) -> Html {
    let doc = props.doc.clone();
    let texts = use_memo(DocPtr(doc.clone()), |d| {
        Texts(d.0.sentences.iter().map(|s| AttrValue::from(s.text(&d.0).to_string())).collect())
    });
    let session = props.session.borrow();
    let selection = session.selection();
    let tabbable = selection.map(|s| s.focus).unwrap_or(SentenceId(0));

    // One handler for all sentences: find the sentence under the click.
    let onclick = {
        let on_command = props.on_command.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(id) = sentence_of(e.target()) {
                on_command.emit(Action::Select { sentence: id, extend: e.shift_key() });
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
                    on_command.emit(Action::Select { sentence: id, extend: false });
                }
            }
        })
    };

    let paragraphs = doc.paragraphs.iter().enumerate().map(|(p, para)| {
        let items: Vec<SentenceView> = doc.sentences[para.sentences.clone()]
            .iter()
            .map(|s| SentenceView {
                id: s.id,
                text: texts.0[s.id.index()].clone(),
                tag: session.sentence_tag(s.id),
                selected: selection.is_some_and(|sel| sel.contains(s.id)),
                tabbable: s.id == tabbable,
            })
            .collect();
        html! { <ParagraphView key={p} {items} /> }
    });

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

#[derive(Clone)]
struct DocPtr(Rc<Document>);

impl PartialEq for DocPtr {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn sentence_of(target: Option<web_sys::EventTarget>) -> Option<SentenceId> {
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    let s = el.closest("[data-sentence-id]").ok()??;
    SentenceId::parse(&s.get_attribute("data-sentence-id")?)
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
        nodes.push(html! {
            <span
                key={s.id.to_string()}
                class={classes!(
                    "s",
                    s.tag.map(|t| format!("tag-{}", t.name())),
                    s.selected.then_some("selected"),
                )}
                data-sentence-id={s.id.to_string()}
                data-tag={s.tag.map(|t| t.name())}
                role="option"
                aria-selected={if s.selected { "true" } else { "false" }}
                tabindex={if s.tabbable { "0" } else { "-1" }}
            >{ s.text.clone() }</span>
        });
    }
    html! { <p class="para" role="group">{ nodes }</p> }
}
