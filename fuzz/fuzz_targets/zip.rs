//! `zip::read_stored` on any bytes: an error or entries, never a panic;
//! and any entries written by `zip::store` read back unchanged.
#![no_main]
use glossa_core::zip;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(entries) = zip::read_stored(data) {
        assert!(!entries.is_empty());
        let total: usize = entries.iter().map(|(n, d)| n.len() + d.len()).sum();
        assert!(total <= data.len() * 3 + 16, "more out than in");
    }
    // The same bytes cut into entries: name length from the first byte.
    let mut entries: Vec<(String, &[u8])> = Vec::new();
    let mut rest = data;
    while let Some((&n, tail)) = rest.split_first() {
        let n = usize::from(n % 16).min(tail.len());
        let name = String::from_utf8_lossy(&tail[..n]).into_owned();
        let tail = &tail[n..];
        let len = tail.len().min(64);
        entries.push((name, &tail[..len]));
        rest = &tail[len..];
    }
    if entries.is_empty() {
        return;
    }
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (n.as_str(), *d)).collect();
    let archive = zip::store(&refs);
    let back = zip::read_stored(&archive).expect("own archive reads back");
    assert_eq!(back.len(), refs.len());
    for ((n, d), (bn, bd)) in refs.iter().zip(&back) {
        assert_eq!(*n, bn.as_str());
        assert_eq!(*d, bd.as_slice());
    }
});
