//! The generic import `interop::read_at` (Glossa JSON or W3C, detected) on
//! any text, placed on the seed article or on an edited copy of it, then
//! applied to a session (merge and replace).
#![no_main]
use arbitrary::{Arbitrary, Unstructured};
use glossa_fuzz::{check_import, edited_seed, Edit};
use libfuzzer_sys::fuzz_target;
use std::rc::Rc;

fuzz_target!(|data: &[u8]| {
    // The file is the whole input when it is text (so JSON seeds work as
    // they are); otherwise a few edits to the seed and then the file.
    if let Ok(input) = std::str::from_utf8(data) {
        check_import(&glossa_fuzz::seed_doc(), input);
        return;
    }
    let mut u = Unstructured::new(data);
    let Ok(edits) = Vec::<Edit>::arbitrary(&mut u) else {
        return;
    };
    let Ok(input) = <&str>::arbitrary_take_rest(u) else {
        return;
    };
    let doc = Rc::new(glossa_core::parse_article(&edited_seed(&edits)));
    check_import(&doc, input);
});
