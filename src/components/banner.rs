use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    pub text: AttrValue,
    pub on_dismiss: Callback<()>,
    /// Choices offered beside the message (label, what it does).
    #[prop_or_default]
    pub actions: Vec<(AttrValue, Callback<()>)>,
    /// Whether the banner may be closed without choosing.
    #[prop_or(true)]
    pub dismissable: bool,
}

/// A clear message about something that went wrong, until dismissed or
/// until one of its choices is taken.
#[function_component(Banner)]
pub fn banner(props: &BannerProps) -> Html {
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let actions = props.actions.iter().map(|(label, action)| {
        let onclick = action.reform(|_: MouseEvent| ());
        html! { <button class="btn" {onclick}>{ label.clone() }</button> }
    });
    html! {
        <div class="banner" role="alert">
            <p>{ props.text.clone() }</p>
            { for actions }
            if props.dismissable {
                <button class="btn" onclick={on_dismiss}>{ "Dismiss" }</button>
            }
        </div>
    }
}
