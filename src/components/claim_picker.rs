//! The claim a denial denies: a searchable list, nearest claim first,
//! driven by keys (the ARIA combobox pattern). Type to narrow (words of the
//! claim or its sentence number, "s12"), ↓/↑ to move, Enter to choose,
//! Esc to close the list.

use glossa_core::AnnotationId;
use yew::prelude::*;

/// At most this many claims are listed at once; typing narrows the rest.
const SHOWN: usize = 12;

/// One claim offered: its id, where it is ("s12 (2 before)") and its words.
#[derive(Clone, PartialEq)]
pub struct ClaimOption {
    pub id: AnnotationId,
    pub place: String,
    /// The claim's words, cut short for the list.
    pub words: String,
    /// All its words, lower-cased: what typing searches.
    pub search: String,
}

#[derive(Properties, PartialEq)]
pub struct ClaimPickerProps {
    /// Nearest first.
    pub options: Vec<ClaimOption>,
    pub value: Option<AnnotationId>,
    /// A choice made (None: the link removed).
    pub on_pick: Callback<Option<AnnotationId>>,
    #[prop_or_default]
    pub input_ref: NodeRef,
}

/// Rows of the list: `None` is "no claim" (remove the link).
fn matching(options: &[ClaimOption], query: &str) -> Vec<Option<usize>> {
    let q = query.trim().to_lowercase();
    let mut rows: Vec<Option<usize>> = Vec::new();
    if q.is_empty() {
        rows.push(None);
    }
    rows.extend(
        options
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                q.is_empty() || o.search.contains(&q) || o.place.to_lowercase().starts_with(&q)
            })
            .map(|(i, _)| Some(i))
            .take(SHOWN),
    );
    rows
}

#[function_component(ClaimPicker)]
pub fn claim_picker(props: &ClaimPickerProps) -> Html {
    let query = use_state(String::new);
    let open = use_state(|| false);
    let active = use_state(|| 0usize);
    let rows = matching(&props.options, &query);
    let chosen = props
        .value
        .and_then(|v| props.options.iter().find(|o| o.id == v));
    let shown_value = if *open {
        (*query).clone()
    } else {
        chosen
            .map(|o| format!("{} — {}", o.place, o.words))
            .unwrap_or_default()
    };
    let pick = {
        let on_pick = props.on_pick.clone();
        let options = props.options.clone();
        let open = open.clone();
        let query = query.clone();
        Callback::from(move |row: Option<usize>| {
            on_pick.emit(row.and_then(|i| options.get(i)).map(|o| o.id));
            open.set(false);
            query.set(String::new());
        })
    };
    let oninput = {
        let query = query.clone();
        let open = open.clone();
        let active = active.clone();
        Callback::from(move |e: InputEvent| {
            query.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            );
            open.set(true);
            active.set(0);
        })
    };
    let onkeydown = {
        let open = open.clone();
        let active = active.clone();
        let query = query.clone();
        let rows = rows.clone();
        let pick = pick.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                e.prevent_default();
                let n = rows.len().max(1);
                if !*open {
                    open.set(true);
                    // The first press lands on the nearest claim.
                    active.set(usize::from(rows.len() > 1 && e.key() == "ArrowDown"));
                    return;
                }
                let next = if e.key() == "ArrowDown" {
                    (*active + 1) % n
                } else {
                    (*active + n - 1) % n
                };
                active.set(next);
            }
            "Enter" if *open => {
                e.prevent_default();
                if let Some(row) = rows.get(*active) {
                    pick.emit(*row);
                }
            }
            "Escape" if *open => {
                // Closes the list only; a second Esc closes the details.
                e.prevent_default();
                e.stop_propagation();
                open.set(false);
                query.set(String::new());
            }
            _ => {}
        })
    };
    let onblur = {
        let open = open.clone();
        let query = query.clone();
        Callback::from(move |_: FocusEvent| {
            open.set(false);
            query.set(String::new());
        })
    };
    let onclick = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(true))
    };
    let active_id = (*open && !rows.is_empty()).then(|| format!("denies-opt-{}", *active));
    let label_of = |row: &Option<usize>| match row {
        None => html! { <span class="opt-none">{ "No claim (remove the link)" }</span> },
        Some(i) => {
            let o = &props.options[*i];
            html! { <><span class="opt-place">{ o.place.clone() }</span>{ " — " }{ o.words.clone() }</> }
        }
    };

    html! {
        <div class="claim-picker">
            <input
                id="f-denies"
                ref={props.input_ref.clone()}
                type="text"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-controls="denies-list"
                aria-expanded={if *open { "true" } else { "false" }}
                aria-activedescendant={active_id}
                placeholder={if props.options.is_empty() { "no claim tagged yet" } else { "none: type or press ↓ to choose" }}
                value={shown_value}
                {oninput}
                {onkeydown}
                {onblur}
                {onclick}
            />
            <ul id="denies-list" role="listbox" aria-label="Claims, nearest first" hidden={!*open}>
                { for rows.iter().enumerate().map(|(n, row)| {
                    let selected = n == *active;
                    let onmousedown = {
                        let pick = pick.clone();
                        let row = *row;
                        // Before the input's blur closes the list.
                        Callback::from(move |e: MouseEvent| {
                            e.prevent_default();
                            pick.emit(row);
                        })
                    };
                    html! {
                        <li key={row.map_or("none".to_string(), |i| props.options[i].id.to_string())}
                            id={format!("denies-opt-{n}")}
                            role="option"
                            class={classes!(selected.then_some("active"))}
                            aria-selected={if selected { "true" } else { "false" }}
                            {onmousedown}>
                            { label_of(row) }
                        </li>
                    }
                }) }
                if rows.is_empty() {
                    <li class="opt-empty" role="option" aria-disabled="true" aria-selected="false">{ "No claim matches" }</li>
                }
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(n: u32, place: &str, words: &str) -> ClaimOption {
        ClaimOption {
            id: AnnotationId::parse(&format!("00000000-0000-4000-8000-{n:012}")).expect("an id"),
            place: place.into(),
            words: words.into(),
            search: words.to_lowercase(),
        }
    }

    #[test]
    fn empty_query_offers_none_then_nearest_first_and_words_or_places_narrow() {
        let options = vec![
            option(1, "s4 (1 before)", "Critics claimed the plan was rushed."),
            option(2, "s9 (4 after)", "Officials claimed losses."),
        ];
        assert_eq!(matching(&options, ""), vec![None, Some(0), Some(1)]);
        assert_eq!(matching(&options, "LOSSES"), vec![Some(1)]);
        assert_eq!(matching(&options, "s4"), vec![Some(0)]);
        assert_eq!(matching(&options, "nothing like it"), vec![]);
        let many: Vec<ClaimOption> = (0..40)
            .map(|i| option(i, &format!("s{i}"), "claim"))
            .collect();
        assert_eq!(matching(&many, "claim").len(), SHOWN);
    }
}
