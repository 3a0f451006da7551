//! View pieces. Each takes `PartialEq` props so Yew re-renders only what
//! changed; lists are keyed by stable ids.

mod agreement;
mod article;
mod banner;
mod claim_picker;
mod details;
mod export_menu;
mod help;
mod import_dialog;
mod notice;
mod open;
mod overview;
mod project_agreement;
mod save_problem;
mod sidebar;
mod sync_conflict;
mod team;
mod toolbar;

pub use agreement::{AgreementPanel, AgreementProps, ReportFormat, Shared};
pub use article::{ArticleView, SentenceView};
pub use banner::Banner;
pub use details::Details;
pub use export_menu::{ExportMenu, ExportMenuProps};
pub use help::Help;
pub use import_dialog::ImportDialog;
pub use notice::{NoticeView, ProgressView};
pub use open::OpenDialog;
pub use overview::Overview;
pub use project_agreement::{ProjectAgreementDialog, ProjectAgreementProps, SharedProject};
pub use save_problem::{Choice, SaveProblem};
pub use sidebar::Sidebar;
pub use sync_conflict::{SyncConflict, SyncConflictProps};
pub use team::{TeamDialog, TeamProps, TeamRequest};
pub use toolbar::Toolbar;

use yew::{Callback, KeyboardEvent};

/// A dialog's key handler: Esc closes it, Tab stays inside it.
pub(crate) fn close_on_escape(on_close: &Callback<()>) -> Callback<KeyboardEvent> {
    let on_close = on_close.clone();
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            on_close.emit(());
        }
        keep_tab_inside(&e);
    })
}

/// What Tab can reach inside a dialog.
const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), textarea:not([disabled]), \
    select:not([disabled]), [href], [tabindex]:not([tabindex='-1'])";

/// For a key handler on a modal dialog: Tab from the last control goes to
/// the first and Shift+Tab from the first to the last, so keyboard focus
/// never wanders to the page behind the dialog.
pub(crate) fn keep_tab_inside(e: &KeyboardEvent) {
    use wasm_bindgen::JsCast;
    if e.key() != "Tab" {
        return;
    }
    // Yew delegates events to its root, so the dialog is found from the
    // focused element rather than from `current_target`.
    let Some(dialog) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("[role=dialog]").ok().flatten())
    else {
        return;
    };
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = gloo::utils::document().active_element();
    let is = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == AsRef::<web_sys::Element>::as_ref(el))
    };
    let target = match (e.shift_key(), is(first), is(last)) {
        (true, true, _) => last,
        (false, _, true) => first,
        _ => return,
    };
    e.prevent_default();
    let _ = target.focus();
}
