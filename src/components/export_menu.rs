use crate::services::exports::Format;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportMenuProps {
    pub on_export: Callback<Format>,
    /// The whole library in one format (one file, or one zip).
    pub on_export_library: Callback<Format>,
    /// The name the person gave for their exports, if any.
    #[prop_or_default]
    pub own_name: Option<AttrValue>,
    /// The signed-in team member, whose name the exports carry instead.
    #[prop_or_default]
    pub team_name: Option<AttrValue>,
    /// The person typed their name for exports (as typed, untrimmed).
    #[prop_or_default]
    pub on_own_name: Callback<String>,
}

/// "Export ▾": one item per format. Arrow keys move between items, Esc
/// closes, Enter or a click exports. Below the items (Tab from them), the
/// person's name for exports.
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
            // Letters and arrows typed in the name field are its own.
            let in_field = e.target_dyn_into::<web_sys::HtmlInputElement>().is_some();
            if in_field && e.key() != "Escape" {
                return;
            }
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
                <div class="menu">
                    <ul class="menu-list" role="menu" aria-label="Export formats" ref={menu}>
                        { for items }
                        <li role="separator" class="menu-heading" aria-hidden="true">{ "Whole library" }</li>
                        { for library_items }
                    </ul>
                    <OwnName own_name={props.own_name.clone()} team_name={props.team_name.clone()}
                        on_change={props.on_own_name.clone()} />
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct OwnNameProps {
    own_name: Option<AttrValue>,
    team_name: Option<AttrValue>,
    on_change: Callback<String>,
}

/// "Your name in exports": what every export names as the annotator. Signed
/// in to a team server, the team name is shown instead, read-only. The text
/// typed is kept here as typed (the state keeps it trimmed), so a space
/// between names survives the typing.
#[function_component(OwnName)]
fn own_name(props: &OwnNameProps) -> Html {
    let draft = use_state({
        let name = props.own_name.clone();
        move || name.map(|n| n.to_string()).unwrap_or_default()
    });
    let oninput = {
        let draft = draft.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                let value = input.value();
                draft.set(value.clone());
                on_change.emit(value);
            }
        })
    };
    let (field, note) = match &props.team_name {
        Some(team) => (
            html! {
                <input id="f-own-name" type="text" class="menu-name-input" readonly=true
                    value={team.clone()} aria-describedby="own-name-note" />
            },
            "Signed in to the team server: exports name you by your team name.",
        ),
        None => (
            html! {
                <input id="f-own-name" type="text" class="menu-name-input" autocomplete="name"
                    spellcheck="false" value={(*draft).clone()} {oninput}
                    aria-describedby="own-name-note" />
            },
            "Every export names you as its annotator; blank names nobody.",
        ),
    };
    html! {
        <div class="menu-name">
            <label for="f-own-name">{ "Your name in exports" }</label>
            { field }
            <p id="own-name-note" class="menu-note">{ note }</p>
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
