use yew::prelude::*;

const KEYS: &[(&str, &str)] = &[
    ("j / ↓ · k / ↑", "next · previous sentence"),
    (
        "Home · End · PgUp · PgDn",
        "first · last sentence · 10 back · 10 on",
    ),
    ("shift + j/k/↓/↑", "extend the selection by a sentence"),
    ("← / →", "move the word caret inside the sentence"),
    ("shift + ← / →", "select words inside the sentence (a span)"),
    (
        "1 or c · 2 or d · 3 or q",
        "tag Claim · Denial · Quote (again: untag)",
    ),
    ("0 · Backspace", "clear the tags of the selection"),
    ("u · Ctrl+Z", "undo"),
    ("Ctrl+Shift+Z · Ctrl+Y", "redo"),
    (
        "Enter",
        "details of the selected annotation: note, speaker, cue, link",
    ),
    ("a · x", "accept · reject the suggestion on the selection"),
    ("shift + a", "accept every suggestion with the same tag"),
    ("/", "search annotations"),
    ("e", "export JSON"),
    ("?", "this help"),
    ("Esc", "close · drop the word selection"),
];

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub on_close: Callback<()>,
}

/// The keyboard map, over the article.
#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let close_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with((), move |_| {
            if let Some(b) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" || e.key() == "?" {
                e.prevent_default();
                on_close.emit(());
            }
            super::keep_tab_inside(&e);
        })
    };
    html! {
        <div class="backdrop" onclick={props.on_close.reform(|_| ())}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" {onkeydown}
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2 id="help-title">{ "Keyboard" }</h2>
                <table class="keys">
                    <tbody>
                        { for KEYS.iter().map(|(k, what)| html! { <tr><th scope="row"><kbd>{ *k }</kbd></th><td>{ *what }</td></tr> }) }
                    </tbody>
                </table>
                <p class="hint">{ "Keys never fire while you type in a field." }</p>
                <div class="dialog-actions">
                    <button class="btn" ref={close_ref} onclick={props.on_close.reform(|_| ())}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}
