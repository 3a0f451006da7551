use super::claim_picker::{ClaimOption, ClaimPicker};
use glossa_core::text::excerpt;
use glossa_core::{Action, AnnotationId, Attrs, Session, Tag};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, Clone)]
pub struct DetailsProps {
    pub session: Rc<RefCell<Session>>,
    pub rev: u64,
    /// The annotation shown: the selected one (the pane follows the
    /// selection), or none.
    pub id: Option<AnnotationId>,
    /// Bumps when the pane should take the keyboard (Enter in the text).
    pub focus: u64,
    /// An edit of the annotation's attributes (`Action::Edit`).
    pub on_command: Callback<Action>,
    pub on_close: Callback<()>,
}

impl PartialEq for DetailsProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.session, &o.session)
            && self.rev == o.rev
            && self.id == o.id
            && self.focus == o.focus
            && self.on_command == o.on_command
            && self.on_close == o.on_close
    }
}

/// Note, speaker, cue, direct/indirect and denial link of the selected
/// annotation, docked in the side panel: the text stays in view and its
/// keys keep working. Every committed change is one undoable edit.
#[function_component(Details)]
pub fn details(props: &DetailsProps) -> Html {
    let first = use_node_ref();
    {
        // Enter puts the keyboard here; moving the selection does not.
        let first = first.clone();
        use_effect_with(props.focus, move |_| {
            if let Some(el) = first.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    // The text fields are not controlled: a render while the person types
    // (a save finishing, say) would put the stored value back over what is
    // being typed. Their values are set here, when the stored ones change
    // (opening, an undo, another annotation selected), and read back on
    // change.
    {
        let stored = props
            .id
            .and_then(|id| props.session.borrow().annotation(id).cloned())
            .map(|a| {
                (
                    a.attrs.speaker.clone(),
                    a.attrs.cue.clone(),
                    a.attrs.note.clone(),
                )
            });
        use_effect_with((props.id, stored), |(_, stored)| {
            if let Some((speaker, cue, note)) = stored {
                set_field("f-speaker", speaker);
                set_field("f-cue", cue);
                set_field("f-note", note);
            }
        });
    }
    let close = props.on_close.reform(|_: MouseEvent| ());
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_close.emit(());
            }
        })
    };
    let s = props.session.borrow();
    let Some(a) = props.id.and_then(|id| s.annotation(id)).cloned() else {
        return html! {
            <section class="details-pane" aria-label="Details" {onkeydown}>
                <div class="details-head">
                    <h2 id="details-title">{ "Details" }</h2>
                    <button class="btn small" ref={first} onclick={close} aria-label="Close the details">{ "Close" }</button>
                </div>
                <p class="hint">{ "Select a tagged sentence or span: its details show here (Enter edits them)." }</p>
            </section>
        };
    };
    let id = a.id;
    let attrs = a.attrs.clone();
    // Each field change sends the whole attribute set with one field changed.
    let edit = |f: fn(&mut Attrs, String)| {
        let on_command = props.on_command.clone();
        let attrs = attrs.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target()
                .and_then(|t| {
                    t.dyn_ref::<web_sys::HtmlInputElement>()
                        .map(|i| i.value())
                        .or_else(|| {
                            t.dyn_ref::<web_sys::HtmlTextAreaElement>()
                                .map(|i| i.value())
                        })
                        .or_else(|| t.dyn_ref::<web_sys::HtmlSelectElement>().map(|i| i.value()))
                })
                .unwrap_or_default();
            let mut next = attrs.clone();
            f(&mut next, value);
            on_command.emit(Action::Edit { id, attrs: next });
        })
    };
    let on_pick = {
        let on_command = props.on_command.clone();
        let attrs = attrs.clone();
        Callback::from(move |claim: Option<AnnotationId>| {
            let mut next = attrs.clone();
            next.denies = claim;
            on_command.emit(Action::Edit { id, attrs: next });
        })
    };
    let exact = s
        .doc
        .slice(a.target.start, a.target.end)
        .unwrap_or_default()
        .to_string();
    let is_span = !s.is_sentence_level(&a);
    let speakers = s.speakers();
    // The claims, nearest to this annotation first (a denial answers a
    // claim close by), each saying where it is.
    let here = a.target.sentence.0 as i64;
    // Only a denial's details list them (the pane re-renders on every
    // change while it is open: no list of every claim for other tags).
    let mut claims: Vec<(i64, ClaimOption)> = s
        .annotations()
        .into_iter()
        .filter(|c| a.tag == Tag::Denial && c.tag == Tag::Claim)
        .map(|c| {
            let text = s
                .doc
                .slice(c.target.start, c.target.end)
                .unwrap_or_default();
            let d = c.target.sentence.0 as i64 - here;
            let place = match d {
                0 => "this sentence".to_string(),
                d if d < 0 => format!("{} before", -d),
                d => format!("{d} after"),
            };
            (
                d.abs() * 2 + i64::from(d > 0),
                ClaimOption {
                    id: c.id,
                    place: format!("{} ({place})", c.target.sentence),
                    words: excerpt(text, 70),
                    search: text.to_lowercase(),
                },
            )
        })
        .collect();
    glossa_core::sort::sort_by_key(&mut claims, |(distance, _)| *distance);
    let claims: Vec<ClaimOption> = claims.into_iter().map(|(_, o)| o).collect();
    // Quoted words are direct speech: say so while nothing is set.
    let opens_quoted = exact
        .trim_start()
        .starts_with(['“', '"', '«', '„', '‘', '\'', '‹', '「', '『']);
    let unset_label = if opens_quoted {
        "direct, from its quotation marks (not set)"
    } else {
        "not set"
    };
    let direct_value = match attrs.direct {
        Some(true) => "direct",
        Some(false) => "indirect",
        None => "",
    };
    let what = if is_span {
        format!("span in {}", a.target.sentence)
    } else {
        format!("sentence {}", a.target.sentence)
    };

    html! {
        <section class="details-pane" aria-labelledby="details-title" {onkeydown}>
            <div class="details-head">
                <h2 id="details-title" class={format!("tag-{}", a.tag.name())}>
                    <span class="badge">{ &a.tag.label()[..1] }</span>{ " " }{ a.tag.label() }{ " · " }{ what }
                </h2>
                <button class="btn small" onclick={close} aria-label="Close the details" title="Esc">{ "Close" }</button>
            </div>
            <blockquote class={classes!("exact", is_span.then_some("exact-span"))}>{ excerpt(&exact, 400) }</blockquote>
            if a.tag == Tag::Quote {
                <label for="f-speaker">{ "Speaker" }</label>
                <input id="f-speaker" ref={first.clone()} type="text" list="speaker-names" autocomplete="off"
                    onchange={edit(|a, v| a.speaker = v.trim().to_string())} />
                <datalist id="speaker-names">
                    { for speakers.iter().map(|n| html! { <option value={n.clone()} /> }) }
                </datalist>
                <label for="f-cue">{ "Cue verb" }</label>
                <input id="f-cue" type="text" placeholder="said, told, wrote…"
                    onchange={edit(|a, v| a.cue = v.trim().to_string())} />
                <label for="f-direct">{ "Quotation" }</label>
                <select id="f-direct" onchange={edit(|a, v| a.direct = match v.as_str() { "direct" => Some(true), "indirect" => Some(false), _ => None })}>
                    <option value="" selected={direct_value.is_empty()}>{ unset_label }</option>
                    <option value="direct" selected={direct_value == "direct"}>{ "direct (quoted words)" }</option>
                    <option value="indirect" selected={direct_value == "indirect"}>{ "indirect (reported speech)" }</option>
                </select>
            }
            if a.tag == Tag::Denial {
                <label for="f-denies">{ "Denies the claim" }</label>
                <ClaimPicker options={claims} value={attrs.denies} {on_pick} input_ref={first.clone()} />
            }
            <label for="f-note">{ "Note" }</label>
            if a.tag == Tag::Claim {
                <textarea id="f-note" ref={first} rows="3" onchange={edit(|a, v| a.note = v)} />
            } else {
                <textarea id="f-note" rows="3" onchange={edit(|a, v| a.note = v)} />
            }
            <p class="hint">{ "Kept when you leave a field; u undoes. Esc goes back to the text." }</p>
        </section>
    }
}

/// Puts `value` into the text field `id` (an input or a textarea) unless it
/// is already there.
fn set_field(id: &str, value: &str) {
    let Some(el) = gloo::utils::document().get_element_by_id(id) else {
        return;
    };
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        if input.value() != value {
            input.set_value(value);
        }
    } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        if area.value() != value {
            area.set_value(value);
        }
    }
}
