use crate::services::exports::Format;
use crate::services::library::{self, Entry};
use crate::services::opening::{self, OpenRequest};
use std::collections::BTreeSet;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OpenProps {
    /// Fingerprint of the open document.
    pub current: AttrValue,
    /// Changes when the library changed elsewhere; the list then reloads.
    pub library_rev: u32,
    /// Why the last file or paste could not be opened.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    pub on_open: Callback<OpenRequest>,
    /// Several files, an archive or another tool's file of texts.
    pub on_open_many: Callback<Vec<web_sys::File>>,
    /// The library documents ticked in the list (their ids, in list
    /// order), exported together in one format.
    #[prop_or_default]
    pub on_export_chosen: Callback<(Vec<String>, Format)>,
    pub on_close: Callback<()>,
    pub on_dismiss_error: Callback<()>,
    /// Something about the library went wrong (a rename, a delete).
    pub on_warn: Callback<String>,
    /// Team sync, for the progress of project documents.
    #[prop_or_default]
    pub sync: std::rc::Rc<glossa_core::couch::status::SyncView>,
}

/// What the library list is doing.
#[derive(Clone, PartialEq)]
enum ListState {
    Loading,
    Ready(Vec<Entry>),
    Failed(String),
}

/// Open a file, paste text, or pick from the library (rename, delete with undo).
/// How far the person's work on a project document is, as the last sync saw it.
fn project_progress(sync: &glossa_core::couch::status::SyncView, id: &str) -> String {
    match sync.docs.iter().find(|d| d.sha == id) {
        Some(d) if d.conflict => "two versions to choose from".into(),
        Some(d) => match d.annotations {
            Some(n) => format!("{n} annotations synced"),
            None => "not started".into(),
        },
        None => "not synced here now".into(),
    }
}

/// What tells an entry apart from one of the same name: its length, when
/// it was added, and the first characters of its text's fingerprint.
fn entry_meta(entry: &Entry) -> String {
    let added = glossa_core::Timestamp::from_millis(entry.added as i64).to_rfc3339();
    let added: String = added.chars().take(16).collect::<String>().replace('T', " ");
    format!(
        "{} characters · added {added} UTC · #{}",
        group_digits(entry.chars),
        entry.id.chars().take(8).collect::<String>()
    )
}

/// 1963110 → "1,963,110".
fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[function_component(OpenDialog)]
pub fn open_dialog(props: &OpenProps) -> Html {
    let list = use_state(|| ListState::Loading);
    let reload = use_state(|| 0u32);
    let pasted = use_node_ref();
    let renaming = use_state(|| None::<String>);
    // The last deleted entry with its text, so Undo can put it back.
    let deleted = use_state(|| None::<(Entry, String)>);
    let first = use_node_ref();
    // The library documents ticked for a joint export, and its format.
    let chosen = use_state(BTreeSet::<String>::new);
    let chosen_format = use_state(|| Format::Jsonl);
    {
        let list = list.clone();
        use_effect_with((*reload, props.library_rev), move |_| {
            yew::platform::spawn_local(async move {
                list.set(match library::list().await {
                    Ok(entries) => ListState::Ready(entries),
                    Err(e) => ListState::Failed(e),
                });
            });
        });
    }
    {
        let first = first.clone();
        use_effect_with((), move |_| {
            if let Some(el) = first.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }

    let close = props.on_close.reform(|_: MouseEvent| ());
    let onkeydown = super::close_on_escape(&props.on_close);
    let onfile = {
        let on_open = props.on_open.clone();
        let on_open_many = props.on_open_many.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let files: Vec<web_sys::File> = input
                .files()
                .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                .unwrap_or_default();
            match opening::one_article(files) {
                Ok(file) => on_open.emit(OpenRequest::File(file)),
                Err(files) if !files.is_empty() => on_open_many.emit(files),
                Err(_) => {}
            }
            input.set_value("");
        })
    };
    let onpaste_open = {
        let on_open = props.on_open.clone();
        let pasted = pasted.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = pasted.cast::<web_sys::HtmlTextAreaElement>() {
                on_open.emit(OpenRequest::Pasted(area.value()));
            }
        })
    };
    let open_default = props.on_open.reform(|_: MouseEvent| OpenRequest::Builtin);
    let default_sha = glossa_core::article::sha256_hex(&glossa_core::article::canonical_text(
        crate::DEFAULT_ARTICLE,
    ));

    let entry_row = |entry: &Entry| {
        let is_current = entry.id == props.current.as_str();
        let open = {
            let entry = entry.clone();
            props
                .on_open
                .reform(move |_: MouseEvent| OpenRequest::Entry(entry.clone()))
        };
        let start_rename = {
            let renaming = renaming.clone();
            let id = entry.id.clone();
            Callback::from(move |_: MouseEvent| renaming.set(Some(id.clone())))
        };
        let delete = {
            let deleted = deleted.clone();
            let reload = reload.clone();
            let on_warn = props.on_warn.clone();
            let entry = entry.clone();
            Callback::from(move |_: MouseEvent| {
                let deleted = deleted.clone();
                let reload = reload.clone();
                let on_warn = on_warn.clone();
                let entry = entry.clone();
                yew::platform::spawn_local(async move {
                    let text = library::text(&entry.id).await.ok().flatten();
                    match (text, library::delete(&entry.id).await) {
                        (Some(text), Ok(())) => deleted.set(Some((entry, text))),
                        (_, Err(e)) => {
                            on_warn.emit(format!("“{}” could not be deleted: {e}.", entry.name))
                        }
                        (None, Ok(())) => {}
                    }
                    reload.set(*reload + 1);
                });
            })
        };
        let is_chosen = chosen.contains(&entry.id);
        let toggle_chosen = {
            let chosen = chosen.clone();
            let id = entry.id.clone();
            Callback::from(move |_: Event| {
                let mut next = (*chosen).clone();
                if !next.remove(&id) {
                    next.insert(id.clone());
                }
                chosen.set(next);
            })
        };
        let renaming_this = renaming.as_deref() == Some(entry.id.as_str());
        let on_rename = {
            let renaming = renaming.clone();
            let reload = reload.clone();
            let entry = entry.clone();
            let on_warn = props.on_warn.clone();
            Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
                "Enter" => {
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    let name = input.value().trim().to_string();
                    let renaming = renaming.clone();
                    let reload = reload.clone();
                    let on_warn = on_warn.clone();
                    let mut next = entry.clone();
                    if !name.is_empty() {
                        next.name = name;
                    }
                    yew::platform::spawn_local(async move {
                        if let Err(e) = library::put_meta(&next).await {
                            on_warn.emit(format!("Could not rename: {e}."));
                        }
                        renaming.set(None);
                        reload.set(*reload + 1);
                    });
                }
                "Escape" => {
                    e.stop_propagation();
                    renaming.set(None);
                }
                _ => {}
            })
        };
        html! {
            <li key={entry.id.clone()} class={classes!("lib-item", is_current.then_some("current"))}>
                if renaming_this {
                    <input class="rename" type="text" value={entry.name.clone()} aria-label="New name (Enter saves, Esc cancels)"
                        onkeydown={on_rename} autofocus=true />
                } else {
                    <span class="lib-name">
                        <input class="lib-choose" type="checkbox" checked={is_chosen} onchange={toggle_chosen}
                            aria-label={format!("Choose {} for export", entry.name)} />
                        { entry.name.clone() }
                    </span>
                }
                <span class="lib-meta">{ entry_meta(entry) }{ if is_current { " · open now" } else { "" } }
                    if let Some(p) = entry.project.clone() {
                        <span class="lib-project">{ format!(" · project {p}: {}", project_progress(&props.sync, &entry.id)) }</span>
                    }
                </span>
                <span class="lib-actions">
                    <button class="btn small" onclick={open} aria-label={format!("Open {}", entry.name)}>{ "Open" }</button>
                    <button class="btn small" onclick={start_rename} aria-label={format!("Rename {}", entry.name)}>{ "Rename" }</button>
                    <button class="btn small" onclick={delete} aria-label={format!("Delete {}", entry.name)}>{ "Delete" }</button>
                </span>
            </li>
        }
    };
    let undo_delete = {
        let deleted = deleted.clone();
        let reload = reload.clone();
        let on_warn = props.on_warn.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some((entry, text)) = (*deleted).clone() {
                let deleted = deleted.clone();
                let reload = reload.clone();
                let on_warn = on_warn.clone();
                yew::platform::spawn_local(async move {
                    match library::put(&entry, &text).await {
                        Ok(()) => deleted.set(None),
                        Err(e) => on_warn.emit(format!("Could not restore “{}”: {e}.", entry.name)),
                    }
                    reload.set(*reload + 1);
                });
            }
        })
    };

    // The ticked documents still in the list, in its order.
    let chosen_ids: Vec<String> = match &*list {
        ListState::Ready(entries) => entries
            .iter()
            .filter(|e| e.id != default_sha && chosen.contains(&e.id))
            .map(|e| e.id.clone())
            .collect(),
        _ => Vec::new(),
    };
    let has_entries =
        matches!(&*list, ListState::Ready(entries) if entries.iter().any(|e| e.id != default_sha));
    let n_chosen = chosen_ids.len();
    let on_format = {
        let chosen_format = chosen_format.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(fmt) = Format::from_id(&select.value()) {
                chosen_format.set(fmt);
            }
        })
    };
    let export_chosen = {
        let on_export_chosen = props.on_export_chosen.clone();
        let fmt = *chosen_format;
        let ids = chosen_ids.clone();
        Callback::from(move |_: MouseEvent| {
            if !ids.is_empty() {
                on_export_chosen.emit((ids.clone(), fmt));
            }
        })
    };

    html! {
        <div class="backdrop" onclick={close.clone()}>
            <div class="dialog open-dialog" role="dialog" aria-modal="true" aria-labelledby="open-title" {onkeydown}
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2 id="open-title">{ "Open a document" }</h2>
                if let Some(text) = props.error.clone() {
                    <super::Banner {text} on_dismiss={props.on_dismiss_error.clone()} />
                }
                <label for="f-file">{ "Files from your computer: articles (.txt, .md, .html; up to 20 MB each), several at once or a .zip of them, brat .txt + .ann pairs, Label Studio JSON or doccano JSONL with their texts — or drop them on the page" }</label>
                <input id="f-file" ref={first} type="file" multiple=true accept={glossa_core::corpus::OPEN_ACCEPT} onchange={onfile} />
                <label for="f-paste">{ "Or paste an article" }</label>
                <textarea id="f-paste" ref={pasted} rows="5"
                    placeholder="Title on the first line, then paragraphs separated by blank lines." />
                <div class="dialog-actions left">
                    <button class="btn" onclick={onpaste_open}>{ "Open pasted text" }</button>
                </div>
                <h3>{ "Library" }</h3>
                if let Some((entry, _)) = (*deleted).clone() {
                    <p class="undo-line" role="status">
                        { format!("Deleted “{}”. Its annotations stay saved. ", entry.name) }
                        <button class="btn small" onclick={undo_delete}>{ "Undo" }</button>
                    </p>
                }
                <ul class="library">
                    <li key="default" class={classes!("lib-item", (default_sha == props.current.as_str()).then_some("current"))}>
                        <span class="lib-name">{ "US Voices Concerns Over China’s Counterespionage Push" }</span>
                        <span class="lib-meta">{ "built-in article, the one Glossa opens on" }</span>
                        <span class="lib-actions">
                            <button class="btn small" onclick={open_default} aria-label="Open the built-in article">{ "Open" }</button>
                        </span>
                    </li>
                    {
                        match &*list {
                            ListState::Loading => html! { <li class="lib-item muted">{ "Loading the library…" }</li> },
                            ListState::Failed(e) => html! { <li class="lib-item muted">{ format!("The library cannot be read here: {e}.") }</li> },
                            ListState::Ready(entries) => entries.iter().filter(|e| e.id != default_sha).map(entry_row).collect::<Html>(),
                        }
                    }
                </ul>
                if has_entries {
                    <div class="choose-export">
                        <label for="f-chosen-format">
                            { if n_chosen == 0 {
                                "Tick documents above to export them together, as".to_string()
                            } else {
                                format!("Export the {n_chosen} chosen as")
                            } }
                        </label>
                        <select id="f-chosen-format" onchange={on_format}>
                            { for Format::ALL.into_iter().map(|f| html! {
                                <option value={f.id()} selected={f == *chosen_format}>{ f.label() }</option>
                            }) }
                        </select>
                        <button class="btn" disabled={n_chosen == 0} onclick={export_chosen}>
                            { format!("Export {n_chosen} chosen") }
                        </button>
                    </div>
                }
                <div class="dialog-actions">
                    <button class="btn" onclick={close}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_of_one_name_are_told_apart() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1_963_110), "1,963,110");
        let entry = Entry {
            id: "3fca51a2c66a1e603b7cbc48ce7a334aff361dc0325f32ea69083ff282e71ded".into(),
            name: "Port strike ends".into(),
            chars: 1_963_110,
            added: 1_780_000_000_000.0,
            opened: 1_780_000_000_000.0,
            project: None,
        };
        assert_eq!(
            entry_meta(&entry),
            "1,963,110 characters · added 2026-05-28 20:26 UTC · #3fca51a2"
        );
    }
}
