use super::DocKey;
use crate::services::opening::{self, OpenEvent};
use glossa_core::Document;
use std::rc::Rc;
use yew::prelude::*;

/// At start, reopens the document that was open last time (from the
/// library); afterwards remembers each document opened.
#[hook]
pub fn use_reopen_last(prefix: &str, doc: Rc<Document>, report: Callback<OpenEvent>) {
    let started = use_mut_ref(|| false);
    let prefix = prefix.to_string();
    use_effect_with(DocKey(doc), move |DocKey(doc)| {
        if std::mem::replace(&mut *started.borrow_mut(), true) {
            opening::remember_last(&prefix, doc);
        } else if let Some(id) = opening::last(&prefix).filter(|id| *id != doc.text_sha256) {
            opening::reopen(id, report);
        }
    });
}
