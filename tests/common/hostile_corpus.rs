//! The hostile-input corpus (`tests/data/hostile/`), read the same way by the
//! core's test (`crates/glossa-core/tests/hostile.rs`) and the end-to-end test
//! (`tests/e2e/hostile.rs`), which include this file by path.

use std::path::Path;

/// Every payload file (not the README) as (name, bytes), sorted by name.
pub fn read(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
            (name, bytes)
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 18,
        "the corpus in {} is incomplete: {} files",
        dir.display(),
        files.len()
    );
    files
}
