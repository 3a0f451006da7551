use glossa_core::couch::status::Version;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SyncConflictProps {
    pub versions: Vec<Version>,
    /// Keep the version with this revision.
    pub on_keep: Callback<String>,
}

/// The person's work on this document was saved with different changes on
/// two devices (or browsers): both are kept until they choose one. The
/// other stays in this browser's backups and in the server's history.
#[function_component(SyncConflict)]
pub fn sync_conflict(props: &SyncConflictProps) -> Html {
    let items = props.versions.iter().map(|v| {
        let keep = {
            let rev = v.rev.clone();
            props.on_keep.reform(move |_: MouseEvent| rev.clone())
        };
        let whose = if v.mine { "This device's version" } else { "The other version" };
        let when = if v.saved.is_empty() {
            String::new()
        } else {
            format!(", saved {}", v.saved)
        };
        html! {
            <li key={v.rev.clone()} data-rev={v.rev.clone()} data-mine={v.mine.to_string()}>
                { format!("{whose}: {} annotations{when}", v.annotations) }{ " " }
                <button class="btn" onclick={keep}>{ if v.mine { "Keep this device's" } else { "Keep the other" } }</button>
            </li>
        }
    });
    html! {
        <div class="banner sync-conflict" role="alert">
            <p>{ "Your work on this document was changed in two places (devices or browsers) while they were apart. Both versions are kept; this one shows yours from here. Choose the one to go on with: the other stays in this browser's backups and in the server's history." }</p>
            <ul>{ for items }</ul>
        </div>
    }
}
