use glossa_core::interop::Imported;
use glossa_core::text::excerpt;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, Clone)]
pub struct ImportProps {
    pub name: AttrValue,
    pub imported: Rc<Imported>,
    /// Apply the import: `true` replaces the annotations, `false` merges.
    pub on_apply: Callback<bool>,
    pub on_close: Callback<()>,
}

impl PartialEq for ImportProps {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name
            && Rc::ptr_eq(&self.imported, &o.imported)
            && self.on_apply == o.on_apply
            && self.on_close == o.on_close
    }
}

/// What a file would bring in, and the choice: merge, replace or cancel.
#[function_component(ImportDialog)]
pub fn import_dialog(props: &ImportProps) -> Html {
    let first = use_node_ref();
    {
        let first = first.clone();
        use_effect_with((), move |_| {
            if let Some(el) = first.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let imp = &props.imported;
    let cancel = props.on_close.reform(|_: MouseEvent| ());
    let merge = props.on_apply.reform(|_: MouseEvent| false);
    let replace = props.on_apply.reform(|_: MouseEvent| true);
    let onkeydown = super::close_on_escape(&props.on_close);
    html! {
        <div class="backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="import-title" {onkeydown}>
                <h2 id="import-title">{ format!("Import “{}”", props.name) }</h2>
                <p class="import-summary" role="status">{ imp.summary() }{ "." }</p>
                if !imp.orphans.is_empty() {
                    <p class="hint">{ "Those that could not be placed are kept, listed in the sidebar and exported with your work; none is dropped." }</p>
                    <ul class="orphan-preview">
                        { for imp.orphans.iter().take(20).map(|o| html! {
                            <li><b>{ o.tag.label() }</b>{ " “" }{ excerpt(&o.exact, 80) }{ "” — " }{ o.why.clone() }</li>
                        }) }
                    </ul>
                    if imp.orphans.len() > 20 {
                        <p class="hint">{ format!("…and {} more.", imp.orphans.len() - 20) }</p>
                    }
                }
                <div class="dialog-actions">
                    <button class="btn" ref={first} onclick={merge}>{ "Merge with my annotations" }</button>
                    <button class="btn" onclick={replace}>{ "Replace my annotations" }</button>
                    <button class="btn" onclick={cancel}>{ "Cancel" }</button>
                </div>
                <p class="hint">{ "Either way, u undoes the import." }</p>
            </div>
        </div>
    }
}
