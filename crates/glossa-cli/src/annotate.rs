//! `generate --annotations N --out-json FILE`: a deterministic Glossa JSON
//! file with `N` whole-sentence annotations on a generated article, written
//! by the core's own exporter, so it is exactly what the app exports.

use glossa_core::{format, Annotation, AnnotationId, Attrs, Document, Session, Tag, Target};
use std::rc::Rc;

/// 2026-01-01T00:00:00Z: every generated annotation and file carries it.
const FIXED_TIME_MS: i64 = 1_767_225_600_000;

/// The tag of the `i`-th generated annotation: claim, denial and quote in a
/// fixed, irregular pattern (about 45 % claims, 25 % denials, 30 % quotes).
pub fn tag_for(i: usize) -> Tag {
    const PATTERN: [Tag; 20] = [
        Tag::Claim,
        Tag::Quote,
        Tag::Claim,
        Tag::Denial,
        Tag::Claim,
        Tag::Quote,
        Tag::Denial,
        Tag::Claim,
        Tag::Quote,
        Tag::Claim,
        Tag::Denial,
        Tag::Quote,
        Tag::Claim,
        Tag::Claim,
        Tag::Denial,
        Tag::Quote,
        Tag::Claim,
        Tag::Quote,
        Tag::Denial,
        Tag::Claim,
    ];
    PATTERN[i % PATTERN.len()]
}

/// The sentences that get an annotation: `n` of them spread evenly over the
/// document (the first always included), in order, without repeats.
pub fn chosen_sentences(total: usize, n: usize) -> Vec<usize> {
    (0..n).map(|i| i * total / n.max(1)).collect()
}

/// The Glossa JSON file with `n` sentence annotations on `doc`, or why not.
pub fn annotations_json(doc: Rc<Document>, n: usize) -> Result<String, String> {
    let total = doc.sentences.len();
    if n > total {
        return Err(format!(
            "--annotations {n}: the article has only {total} sentences (one annotation per sentence at most)"
        ));
    }
    let now = glossa_core::Timestamp::from_millis(FIXED_TIME_MS);
    let annotations: Vec<Annotation> = chosen_sentences(total, n)
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let sentence = &doc.sentences[s];
            // Deterministic, distinct "random" bytes: the index, spread.
            let seed = (i as u128 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835);
            Annotation {
                id: AnnotationId::from_random_bytes(seed.to_be_bytes()),
                tag: tag_for(i),
                target: Target {
                    sentence: sentence.id,
                    start: sentence.start,
                    end: sentence.end,
                },
                attrs: Attrs::default(),
                created: now,
                updated: now,
            }
        })
        .collect();
    let session = Session::with_annotations(doc, annotations).map_err(|e| e.to_string())?;
    let file = format::export(&session, now, env!("CARGO_PKG_VERSION"));
    Ok(format::to_json(&file))
}
