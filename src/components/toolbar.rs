use crate::keys::{self, Command};
use glossa_core::save::Status;
use glossa_core::{Action, Tag};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Annotations per tag, in [`Tag::ALL`] order.
    pub counts: [usize; 3],
    pub tagged: usize,
    pub total: usize,
    /// What saving says.
    pub save: Status,
    pub has_selection: bool,
    pub on_command: Callback<Action>,
}

/// Tag buttons, counts and progress; stays on screen while scrolling.
#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    // Keep keyboard focus on the sentence when a button is clicked.
    let keep_focus = Callback::from(|e: MouseEvent| e.prevent_default());
    let buttons = Tag::ALL.into_iter().map(|tag| {
        let command = Command::Core(Action::Toggle(tag));
        let (key, keys) = (keys::first_key(&command), keys::shortcuts(&command));
        let onclick = props
            .on_command
            .reform(move |_: MouseEvent| Action::Toggle(tag));
        html! {
            <button
                class={classes!("btn", "tag-btn", format!("tag-{}", tag.name()))}
                aria-keyshortcuts={keys}
                title={format!("Tag the selected sentences {} (key {key})", tag.label())}
                disabled={!props.has_selection}
                onmousedown={keep_focus.clone()}
                {onclick}
            >
                <span class="badge" aria-hidden="true">{ &tag.label()[..1] }</span>
                { tag.label() }
                <kbd aria-hidden="true">{ key.clone() }</kbd>
            </button>
        }
    });
    let clear_command = Command::Core(Action::Clear);
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
                    aria-keyshortcuts={keys::shortcuts(&clear_command)}
                    title={format!("Remove the tags of the selected sentences (key {})", keys::first_key(&clear_command))}
                    disabled={!props.has_selection}
                    onmousedown={keep_focus}
                    onclick={clear}
                >
                    { "Clear" }<kbd aria-hidden="true">{ keys::first_key(&clear_command) }</kbd>
                </button>
            </div>
            <div class="counts" role="group" aria-label="Counts">
                { for counts }
                <span class="progress" data-count="tagged">
                    <b class="n">{ props.tagged }</b>{ "/" }{ props.total }{ " tagged" }
                </span>
                <span class={classes!("save-state", props.save.problem().is_some().then_some("failed"))}>
                    { props.save.label() }
                </span>
            </div>
        </div>
    }
}
