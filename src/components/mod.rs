//! View pieces. Each takes `PartialEq` props so Yew re-renders only what
//! changed; lists are keyed by stable ids.

mod article;
mod banner;
mod details;
mod help;
mod open;
mod overview;
mod sidebar;
mod toolbar;

pub use article::{ArticleView, SentenceView};
pub use banner::Banner;
pub use details::Details;
pub use help::Help;
pub use open::OpenDialog;
pub use overview::Overview;
pub use sidebar::Sidebar;
pub use toolbar::Toolbar;
