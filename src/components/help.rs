use crate::keys;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub on_close: Callback<()>,
}

/// The keyboard map ([`keys::rows`], the one table), over the article.
#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let close_ref = use_node_ref();
    let dialog_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        let dialog_ref = dialog_ref.clone();
        use_effect_with((), move |_| {
            if let Some(b) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
            // Focus on Close (Enter or Esc closes) but the table read from
            // its first line: focusing scrolled the dialog to its end.
            if let Some(d) = dialog_ref.cast::<web_sys::Element>() {
                d.set_scroll_top(0);
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
            <div class="dialog" ref={dialog_ref} role="dialog" aria-modal="true" aria-labelledby="help-title" {onkeydown}
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2 id="help-title">{ "Keyboard" }</h2>
                <table class="keys">
                    <tbody>
                        { for keys::rows().iter().map(|r| html! { <tr><th scope="row"><kbd>{ r.keys }</kbd></th><td>{ r.does }</td></tr> }) }
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
