fn main() {
    // index.html's mount point; the prerendered first screen, when there is
    // one, is its sibling and is taken over by the app (services::first_screen).
    let props = glossa::AppProps::default();
    match gloo::utils::document().get_element_by_id("glossa") {
        Some(root) => yew::Renderer::<glossa::App>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<glossa::App>::with_props(props).render(),
    };
}
