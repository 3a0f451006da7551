use glossa_core::{Action, Tag};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Annotations per tag, in [`Tag::ALL`] order.
    pub counts: [usize; 3],
    pub tagged: usize,
    pub total: usize,
    pub saved: bool,
    /// Changes wait to be saved (a save is scheduled or being written).
    #[prop_or_default]
    pub saving: bool,
    pub has_selection: bool,
    pub on_command: Callback<Action>,
}

fn shortcut(tag: Tag) -> (&'static str, &'static str) {
    match tag {
        Tag::Claim => ("1", "1 c"),
        Tag::Denial => ("2", "2 d"),
        Tag::Quote => ("3", "3 q"),
    }
}

/// Tag buttons, counts and progress; stays on screen while scrolling.
#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    // Keep keyboard focus on the sentence when a button is clicked.
    let keep_focus = Callback::from(|e: MouseEvent| e.prevent_default());
    let buttons = Tag::ALL.into_iter().map(|tag| {
        let (key, keys) = shortcut(tag);
        let onclick = props
            .on_command
            .reform(move |_: MouseEvent| Action::Toggle(tag));
        html! {
            <button
                class={classes!("btn", "tag-btn", format!("tag-{}", tag.name()))}
                aria-label={tag.label()}
                aria-keyshortcuts={keys}
                title={format!("Tag the selected sentences {} (key {key})", tag.label())}
                disabled={!props.has_selection}
                onmousedown={keep_focus.clone()}
                {onclick}
            >
                <span class="badge" aria-hidden="true">{ &tag.label()[..1] }</span>
                { tag.label() }
                <kbd aria-hidden="true">{ key }</kbd>
            </button>
        }
    });
    let clear = props.on_command.reform(|_: MouseEvent| Action::Clear);
    let counts = Tag::ALL.into_iter().map(|tag| {
        html! {
            <span class={classes!("count", format!("tag-{}", tag.name()))} data-count={tag.name()}>
                { tag.name() }{ " " }<b class="n">{ props.counts[tag.index()] }</b>
            </span>
        }
    });
    html! {
        <div class="toolbar" role="toolbar" aria-label="Tags">
            <div class="tag-buttons">
                { for buttons }
                <button
                    class="btn clear-btn"
                    aria-label="Clear"
                    aria-keyshortcuts="0 Backspace"
                    title="Remove the tags of the selected sentences (key 0)"
                    disabled={!props.has_selection}
                    onmousedown={keep_focus}
                    onclick={clear}
                >
                    { "Clear" }<kbd aria-hidden="true">{ "0" }</kbd>
                </button>
            </div>
            <div class="counts" role="group" aria-label="Counts">
                { for counts }
                <span class="progress" data-count="tagged">
                    <b class="n">{ props.tagged }</b>{ "/" }{ props.total }{ " tagged" }
                </span>
                <span class={classes!("save-state", (!props.saved && !props.saving).then_some("failed"))}>
                    { if props.saved { "Saved" } else if props.saving { "Saving…" } else { "Not saved" } }
                </span>
            </div>
        </div>
    }
}
