use crate::services::sync::{Sync, SyncView};
use std::rc::Rc;
use yew::prelude::*;

/// Team sync for this tab: started once (it picks up the account kept from
/// the last visit), muted when the app unmounts. Local saves reach it
/// through the saving channel, so it needs nothing from the other hooks.
#[hook]
pub fn use_sync(prefix: &str, on_view: Callback<Rc<SyncView>>) -> Sync {
    let sync = use_memo((), {
        let prefix = prefix.to_string();
        move |_| Sync::new(&prefix, on_view)
    });
    {
        let sync = (*sync).clone();
        use_effect_with((), move |_| move || sync.mute());
    }
    (*sync).clone()
}
