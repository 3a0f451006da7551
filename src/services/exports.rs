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

/// What a file picker for annotations offers: the last part of every
/// format's file name endings (`.brat.zip` → `.zip`), from the core's list.
pub fn import_accept() -> String {
    let mut endings: Vec<&str> = Format::ALL
        .into_iter()
        .flat_map(|f| std::iter::once(f.extension()).chain(f.other_extensions().iter().copied()))
        .map(|e| e.rfind('.').map_or(e, |i| &e[i..]))
        .collect();
    glossa_core::sort::sort(&mut endings);
    endings.dedup();
    endings.join(",")
}

/// Local storage key of the name the person gave for their exports.
fn own_name_key(prefix: &str) -> String {
    format!("{prefix}:v1:own-name")
}

/// The name the person gave for their exports, as kept (untrimmed; none
/// when nothing is kept or local storage cannot be read).
pub fn own_name(prefix: &str) -> Option<String> {
    platform::storage_get(&own_name_key(prefix)).ok().flatten()
}

/// Keeps `name` as the person's name for exports; `None` forgets it.
pub fn keep_own_name(prefix: &str, name: Option<&str>) -> Result<(), String> {
    let key = own_name_key(prefix);
    match name {
        Some(name) => platform::storage_set(&key, name),
        None => platform::storage_remove(&key),
    }
}
