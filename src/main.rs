fn main() {
    yew::Renderer::<glossa::App>::with_props(glossa::AppProps::default()).render();
}
