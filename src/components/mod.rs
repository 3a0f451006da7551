//! View pieces. Each takes `PartialEq` props so Yew re-renders only what
//! changed; lists are keyed by stable ids.

mod article;
mod banner;
mod details;
mod export_menu;
mod help;
mod import_dialog;
mod open;
mod overview;
mod sidebar;
mod toolbar;

pub use article::{ArticleView, SentenceView};
pub use banner::Banner;
pub use details::Details;
pub use export_menu::ExportMenu;
pub use help::Help;
pub use import_dialog::ImportDialog;
pub use open::OpenDialog;
pub use overview::Overview;
pub use sidebar::Sidebar;
pub use toolbar::Toolbar;

use crate::app::Msg;
use yew::{Callback, KeyboardEvent};

/// A dialog's key handler: Esc closes it.
pub(crate) fn close_on_escape(dispatch: &Callback<Msg>) -> Callback<KeyboardEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            dispatch.emit(Msg::CloseDialog);
        }
    })
}
