use crate::services::exports::Format;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportMenuProps {
    pub on_export: Callback<Format>,
    /// The whole library in one format (one file, or one zip).
    pub on_export_library: Callback<Format>,
}

/// "Export ▾": one item per format. Arrow keys move between items, Esc
/// closes, Enter or a click exports.
#[function_component(ExportMenu)]
pub fn export_menu(props: &ExportMenuProps) -> Html {
    let open = use_state(|| false);
    let menu = use_node_ref();
    {
        let menu = menu.clone();
        use_effect_with(*open, move |open| {
            if *open {
                focus_item(&menu, 0);
            }
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let onkeydown = {
        let open = open.clone();
        let menu = menu.clone();
        Callback::from(move |e: KeyboardEvent| {
            let items = item_count(&menu);
            let current = focused_index(&menu);
            match e.key().as_str() {
                "Escape" => {
                    e.prevent_default();
                    e.stop_propagation();
                    open.set(false);
                }
                "ArrowDown" | "j" => {
                    e.prevent_default();
                    e.stop_propagation();
                    focus_item(&menu, current.map_or(0, |i| (i + 1) % items.max(1)));
                }
                "ArrowUp" | "k" => {
                    e.prevent_default();
                    e.stop_propagation();
                    focus_item(
                        &menu,
                        current.map_or(0, |i| (i + items.max(1) - 1) % items.max(1)),
                    );
                }
                _ => {}
            }
        })
    };
    // One item: the open document's export (`library` false) or the whole
    // library's, in `fmt`.
    let item = |fmt: Format, library: bool| {
        let on_export = if library {
            props.on_export_library.clone()
        } else {
            props.on_export.clone()
        };
        let open = open.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            open.set(false);
            on_export.emit(fmt);
        });
        let hint = if library {
            library_hint(fmt)
        } else {
            fmt.hint()
        };
        html! {
            <li role="none">
                <button role="menuitem" class="menu-item" tabindex="-1"
                    data-library={library.then(|| fmt.id())} {onclick}>
                    if library {
                        <span class="sr-only">{ "Whole library as " }</span>
                    }
                    <span class="menu-label">{ fmt.label() }</span>
                    <span class="menu-hint" aria-hidden="true">{ hint }</span>
                </button>
            </li>
        }
    };
    let items = Format::ALL.into_iter().map(|fmt| item(fmt, false));
    let library_items = Format::ALL.into_iter().map(|fmt| item(fmt, true));
    html! {
        <div class="menu-wrap" {onkeydown}>
            <button class="btn" aria-haspopup="menu" aria-expanded={if *open { "true" } else { "false" }} onclick={toggle}>
                { "Export ▾" }
            </button>
            if *open {
                <ul class="menu" role="menu" aria-label="Export formats" ref={menu}>
                    { for items }
                    <li role="separator" class="menu-heading" aria-hidden="true">{ "Whole library" }</li>
                    { for library_items }
                </ul>
            }
        </div>
    }
}

/// What exporting the library in `fmt` gives.
fn library_hint(fmt: Format) -> &'static str {
    match fmt {
        Format::Glossa => "one .zip, a file per document",
        Format::Brat => "one .zip, a .txt + .ann per document",
        Format::Jsonl => "one file, a line per document",
        Format::Csv => "one file, a document column",
        Format::W3c => "one collection",
        Format::LabelStudio => "one task list",
    }
}

fn buttons(menu: &NodeRef) -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Some(root) = menu.cast::<web_sys::Element>() else {
        return Vec::new();
    };
    let Ok(list) = root.query_selector_all("[role=menuitem]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

fn item_count(menu: &NodeRef) -> usize {
    buttons(menu).len()
}

fn focused_index(menu: &NodeRef) -> Option<usize> {
    let active = gloo::utils::document().active_element()?;
    buttons(menu).iter().position(|b| **b == active)
}

fn focus_item(menu: &NodeRef, i: usize) {
    if let Some(b) = buttons(menu).get(i) {
        let _ = b.focus();
    }
}
