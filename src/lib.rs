//! Glossa web app (placeholder while the UI is written).
