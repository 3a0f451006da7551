//! Exports: a format (the core's one list, [`glossa_core::export`]) made
//! into a file and offered as a download.

use super::platform;
pub use glossa_core::export::ExportFormat as Format;
use glossa_core::export::Options;
use glossa_core::Session;

/// Builds and downloads one format, naming `annotator` as who annotated
/// when given (see [`Options::annotator`]). Returns the file's name, for
/// the announcement, or why it failed.
pub fn export(session: &Session, fmt: Format, annotator: Option<&str>) -> Result<String, String> {
    let mut options = Options::new(platform::now(), crate::VERSION);
    options.annotator = annotator;
    let file = fmt.export(session, &options);
    platform::download_bytes(&file.name, file.mime, &file.bytes)?;
    Ok(file.name)
}
