use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    pub text: AttrValue,
    pub on_dismiss: Callback<()>,
}

/// A clear message about something that went wrong, until dismissed.
#[function_component(Banner)]
pub fn banner(props: &BannerProps) -> Html {
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="banner" role="alert">
            <p>{ props.text.clone() }</p>
            <button class="btn" onclick={on_dismiss}>{ "Dismiss" }</button>
        </div>
    }
}
