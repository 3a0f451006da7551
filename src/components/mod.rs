//! View pieces. Each takes `PartialEq` props so Yew re-renders only what
//! changed; lists are keyed by stable ids.

mod article;
mod banner;
mod toolbar;

pub use article::{ArticleView, SentenceView};
pub use banner::Banner;
pub use toolbar::Toolbar;
