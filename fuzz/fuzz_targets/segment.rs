//! `segment::split` on any UTF-8 text: the pieces tile the paragraph.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    glossa_fuzz::check_split(text);
});
