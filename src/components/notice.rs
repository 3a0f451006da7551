use crate::state::{Notice, Progress};
use yew::prelude::*;

/// How long an outcome stays on screen, unless the pointer or focus is on it.
const SHOWN_MS: u32 = 6_000;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notice: Notice,
    /// Take back the change the message reports.
    pub on_undo: Callback<()>,
    /// Hide the message with this `seq`.
    pub on_dismiss: Callback<u64>,
}

/// The last outcome (an export, a bulk change, an import, an undo) shown in
/// the fixed message area, with Undo when it changed the work. It goes by
/// itself after a few seconds but stays while the pointer or focus is on
/// it. Screen readers hear it from the app's live region, not from here,
/// so nothing is said twice.
#[function_component(NoticeView)]
pub fn notice_view(props: &NoticeProps) -> Html {
    let held = use_state_eq(|| false);
    {
        let seq = props.notice.seq;
        let on_dismiss = props.on_dismiss.clone();
        use_effect_with((seq, *held), move |&(seq, held)| {
            let timer = (!held).then(|| {
                gloo::timers::callback::Timeout::new(SHOWN_MS, move || on_dismiss.emit(seq))
            });
            move || drop(timer)
        });
    }
    let hold = {
        let held = held.clone();
        Callback::from(move |on: bool| held.set(on))
    };
    let seq = props.notice.seq;
    let on_close = props.on_dismiss.reform(move |_: MouseEvent| seq);
    let on_undo = props.on_undo.reform(|_: MouseEvent| ());
    html! {
        <div class="notice" data-seq={seq.to_string()}
            onmouseenter={hold.reform(|_: MouseEvent| true)} onmouseleave={hold.reform(|_: MouseEvent| false)}
            onfocusin={hold.reform(|_: FocusEvent| true)} onfocusout={hold.reform(|_: FocusEvent| false)}>
            <p>{ props.notice.text.clone() }</p>
            if props.notice.undo {
                <button class="btn" onclick={on_undo}>{ "Undo" }</button>
            }
            <button class="btn notice-close" onclick={on_close} aria-label="Close message">{ "×" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub progress: Progress,
}

/// Long work under way: a bar and what it is doing (polite, not modal).
#[function_component(ProgressView)]
pub fn progress_view(props: &ProgressProps) -> Html {
    let p = &props.progress;
    html! {
        <div class="notice progress-notice" role="status">
            <p>{ p.what.clone() }</p>
            <progress max={p.total.max(1).to_string()} value={p.done.min(p.total).to_string()}
                aria-label={format!("{} of {}", p.done.min(p.total), p.total)} />
        </div>
    }
}
