//! Checks shared by the fuzz targets: the invariants the core documents
//! (ARCHITECTURE.md, "Invariants"), asserted on whatever the fuzzer finds.

use glossa_core::segment;
use glossa_core::{Annotation, Document};

/// The seed article, the document imports are placed on.
pub const SEED: &str = include_str!("../../assets/voa-counterespionage.txt");

/// `segment::split`'s pieces tile `text`: in order, non-empty, trimmed, on
/// char boundaries, only whitespace between and around them, ended by a
/// boundary rule; and every piece but the last ends at a boundary decision.
pub fn check_split(text: &str) {
    let pieces = segment::split(text);
    let mut at = 0;
    for p in &pieces {
        assert!(p.start < p.end, "empty piece {p:?}");
        assert!(p.start >= at, "pieces out of order: {p:?} after {at}");
        assert!(p.end <= text.len(), "piece past the end: {p:?}");
        assert!(
            text.is_char_boundary(p.start) && text.is_char_boundary(p.end),
            "piece not on char boundaries: {p:?}"
        );
        let gap = &text[at..p.start];
        assert!(gap.trim().is_empty(), "non-space between pieces: {gap:?}");
        let s = &text[p.start..p.end];
        assert_eq!(s.trim(), s, "piece not trimmed");
        assert!(
            p.rule.is_boundary(),
            "piece ended by a non-boundary rule {p:?}"
        );
        at = p.end;
    }
    assert!(
        text[at..].trim().is_empty(),
        "text left after the last piece"
    );
    assert_eq!(pieces.is_empty(), text.trim().is_empty());
    let decisions = segment::explain(text);
    for d in &decisions {
        assert!(
            d.at <= text.len() && text.is_char_boundary(d.at),
            "decision off a char boundary: {d:?}"
        );
    }
    for p in pieces.iter().rev().skip(1) {
        assert!(
            decisions.iter().any(|d| d.at == p.end && d.rule == p.rule),
            "piece {p:?} has no matching decision"
        );
    }
    // The documented linear bound on look-around work (segment_props).
    assert!(segment::lookaround_work(text) <= 256 * (text.len() + 1));
}

/// A parsed document keeps its documented invariants.
pub fn check_document(raw: &str, doc: &Document) {
    assert_eq!(doc.text, glossa_core::article::canonical_text(raw));
    assert!(!doc.text.contains('\r'));
    assert!(!doc.title.is_empty());
    assert_eq!(doc.text_sha256, glossa_core::article::sha256_hex(&doc.text));
    let text = &doc.text;
    let chars = text.chars().count();
    let mut last_end = 0;
    let mut next_sentence = 0;
    let mut cur = (0usize, 0usize, 0usize); // byte, code point, utf16
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        assert!(
            p.start <= p.end && p.end <= chars,
            "paragraph {pi} out of the text"
        );
        assert!(p.start >= last_end, "paragraphs overlap");
        assert_eq!(
            p.sentences.start, next_sentence,
            "paragraph {pi} sentences not contiguous"
        );
        next_sentence = p.sentences.end;
        assert!(
            doc.slice(p.start, p.end).is_some(),
            "paragraph off the text"
        );
        let mut at = p.start;
        for s in &doc.sentences[p.sentences.clone()] {
            assert_eq!(s.paragraph, pi);
            assert!(s.start < s.end, "empty sentence {s:?}");
            assert!(
                s.start >= at && s.end <= p.end,
                "sentence {s:?} outside paragraph {p:?}"
            );
            let gap = doc.slice(at, s.start).expect("gap slice");
            assert!(
                gap.trim().is_empty(),
                "non-space between sentences: {gap:?}"
            );
            // Byte, code point and UTF-16 forms agree.
            let st = &text[s.byte_start..s.byte_end];
            assert_eq!(Some(st), doc.slice(s.start, s.end));
            assert_eq!(st.trim(), st, "sentence not trimmed");
            // One forward walk over the text (the harness must stay linear too).
            assert!(s.byte_start >= cur.0, "sentences out of order");
            for c in text[cur.0..s.byte_start].chars() {
                cur.1 += 1;
                cur.2 += c.len_utf16();
            }
            cur.0 = s.byte_start;
            assert_eq!(
                (cur.1, cur.2),
                (s.start, s.utf16_start),
                "code point / utf16 start"
            );
            assert_eq!(
                s.utf16_end - s.utf16_start,
                st.encode_utf16().count(),
                "utf16 length"
            );
            assert_eq!(doc.sentence_at(s.start).map(|x| x.id), Some(s.id));
            at = s.end;
        }
        let tail = doc.slice(at, p.end).expect("tail slice");
        assert!(tail.trim().is_empty());
        last_end = p.end;
    }
    assert_eq!(next_sentence, doc.sentences.len());
    for (i, s) in doc.sentences.iter().enumerate() {
        assert_eq!(s.id.index(), i);
        assert_eq!(doc.sentence(s.id).map(|x| x.start), Some(s.start));
    }
}

/// A placed annotation lies inside the document, inside its sentence, on
/// char bounds, and is not empty.
pub fn check_placed(doc: &Document, a: &Annotation) {
    let t = &a.target;
    let s = doc
        .sentence(t.sentence)
        .unwrap_or_else(|| panic!("annotation in a missing sentence {:?}", t.sentence));
    assert!(t.start < t.end, "empty annotation {t:?}");
    assert!(
        s.start <= t.start && t.end <= s.end,
        "annotation {t:?} outside its sentence {}..{}",
        s.start,
        s.end
    );
    assert!(
        doc.slice(t.start, t.end).is_some(),
        "annotation off the text {t:?}"
    );
}

use arbitrary::Arbitrary;
use glossa_core::state::Proposal;
use glossa_core::{Action, AnnotationId, Attrs, Env, SentenceId, Session, Tag, Timestamp};
use std::rc::Rc;

/// A fixed "now" for exports and imports (2026-11-26).
pub const NOW: Timestamp = Timestamp(1_795_668_600_000);

pub fn tag(n: u8) -> Tag {
    Tag::ALL[usize::from(n) % 3]
}

/// The seed article, possibly edited: each edit deletes `del` code points
/// at `at` (mod the length) and inserts `ins` there. Imports placed on it
/// exercise re-anchoring (quotes moved, changed or gone).
#[derive(Arbitrary, Debug)]
pub struct Edit {
    pub at: u16,
    pub del: u8,
    pub ins: String,
}

pub fn edited_seed(edits: &[Edit]) -> String {
    let mut chars: Vec<char> = SEED.chars().collect();
    for e in edits.iter().take(16) {
        let at = usize::from(e.at) % (chars.len() + 1);
        let end = (at + usize::from(e.del)).min(chars.len());
        chars.splice(at..end, e.ins.chars().take(200));
    }
    chars.into_iter().collect()
}

/// One user action, with indices taken modulo what exists.
#[derive(Arbitrary, Debug)]
pub enum Op {
    Select(u16, bool),
    Move(i8, bool),
    SelectSpan(u16, u16, u16),
    MoveWord(i8, bool),
    SelectAnnotation(u8),
    CollapseSpan,
    Toggle(u8),
    Clear,
    Edit {
        which: u8,
        note: String,
        speaker: String,
        cue: String,
        direct: Option<bool>,
        denies: Option<u8>,
    },
    Accept,
    Reject,
    AcceptAll(u8),
    Undo,
    Redo,
}

thread_local! {
    static SEED_DOC: Rc<glossa_core::Document> = Rc::new(glossa_core::parse_article(SEED));
    static PROPOSALS: std::cell::RefCell<Option<(String, Vec<(SentenceId, Proposal)>)>> =
        const { std::cell::RefCell::new(None) };
}

/// The seed article, parsed once.
pub fn seed_doc() -> Rc<glossa_core::Document> {
    SEED_DOC.with(Rc::clone)
}

/// The suggester's proposals for `doc` (the last document's are kept: the
/// targets mostly ask for the seed's).
pub fn proposals(doc: &glossa_core::Document) -> Vec<(SentenceId, Proposal)> {
    PROPOSALS.with(|cache| {
        let mut cache = cache.borrow_mut();
        match &*cache {
            Some((sha, p)) if *sha == doc.text_sha256 => p.clone(),
            _ => {
                let p = glossa_core::suggest::proposals(doc);
                *cache = Some((doc.text_sha256.clone(), p.clone()));
                p
            }
        }
    })
}

/// A session on `doc` with the suggester's proposals, after `ops`.
pub fn session_after(doc: Rc<glossa_core::Document>, ops: &[Op]) -> Session {
    let mut session = Session::new(doc.clone());
    session.set_proposals(proposals(&doc));
    let n = doc.sentences.len().max(1);
    let mut next: u64 = 0;
    let mut new_id = move || {
        next += 1;
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&next.to_le_bytes());
        b[8] = 0xa5;
        AnnotationId::from_random_bytes(b)
    };
    for (i, op) in ops.iter().take(64).enumerate() {
        let ids: Vec<AnnotationId> = session.annotations().iter().map(|a| a.id).collect();
        let pick = |k: u8| ids.get(usize::from(k) % ids.len().max(1)).copied();
        let action = match op {
            Op::Select(s, extend) => Action::Select {
                sentence: SentenceId((usize::from(*s) % n) as u32),
                extend: *extend,
            },
            Op::Move(by, extend) => Action::Move {
                by: i32::from(*by),
                extend: *extend,
            },
            Op::SelectSpan(s, a, b) => {
                let sid = SentenceId((usize::from(*s) % n) as u32);
                let (lo, hi) = doc.sentence(sid).map_or((0, 0), |x| (x.start, x.end));
                let w = hi - lo + 3;
                // Mostly inside the sentence, sometimes just outside it.
                let a = (lo + usize::from(*a) % w).saturating_sub(1);
                let b = (lo + usize::from(*b) % w).saturating_sub(1);
                Action::SelectSpan {
                    sentence: sid,
                    start: a.min(b),
                    end: a.max(b),
                }
            }
            Op::MoveWord(by, extend) => Action::MoveWord {
                by: i32::from(*by),
                extend: *extend,
            },
            Op::SelectAnnotation(k) => match pick(*k) {
                Some(id) => Action::SelectAnnotation(id),
                None => Action::CollapseSpan,
            },
            Op::CollapseSpan => Action::CollapseSpan,
            Op::Toggle(t) => Action::Toggle(tag(*t)),
            Op::Clear => Action::Clear,
            Op::Edit {
                which,
                note,
                speaker,
                cue,
                direct,
                denies,
            } => match pick(*which) {
                Some(id) => Action::Edit {
                    id,
                    attrs: Attrs {
                        note: note.clone(),
                        speaker: speaker.clone(),
                        cue: cue.clone(),
                        direct: *direct,
                        denies: denies.and_then(pick),
                    },
                },
                None => Action::Clear,
            },
            Op::Accept => Action::Accept,
            Op::Reject => Action::Reject,
            Op::AcceptAll(t) => Action::AcceptAll(tag(*t)),
            Op::Undo => Action::Undo,
            Op::Redo => Action::Redo,
        };
        let mut env = Env {
            now: Timestamp(NOW.0 + i as i64 * 1000),
            new_id: &mut new_id,
        };
        session.apply(action, &mut env);
        check_session(&session);
    }
    session
}

/// A session's documented invariants: every annotation placed inside its
/// sentence, at most one sentence annotation per sentence, tag counts equal
/// the annotations held, a denial's link names an existing claim.
pub fn check_session(session: &Session) {
    let doc = &session.doc;
    let all = session.annotations();
    let mut whole = std::collections::HashSet::new();
    for a in &all {
        check_placed(doc, a);
        if session.is_sentence_level(a) {
            assert!(
                whole.insert(a.target.sentence),
                "two sentence annotations on {:?}",
                a.target.sentence
            );
        }
        if let Some(c) = a.attrs.denies {
            let claim = session.annotation(c);
            assert!(
                claim.is_some_and(|c| c.tag == Tag::Claim),
                "denial {} links to {c}, not an existing claim",
                a.id
            );
        }
    }
    for t in Tag::ALL {
        assert_eq!(
            session.count(t),
            all.iter().filter(|a| a.tag == t).count(),
            "count of {t:?}"
        );
    }
    assert_eq!(session.len(), all.len());
}

/// What must survive a round trip: id, tag, target and attributes.
pub type Key = (AnnotationId, Tag, usize, usize, SentenceId, Attrs);

/// The round-trip keys of annotations, in id order.
pub fn keys<'a>(annotations: impl IntoIterator<Item = &'a Annotation>) -> Vec<Key> {
    let mut out: Vec<Key> = annotations
        .into_iter()
        .map(|a| {
            (
                a.id,
                a.tag,
                a.target.start,
                a.target.end,
                a.target.sentence,
                a.attrs.clone(),
            )
        })
        .collect();
    out.sort_by_key(|k| k.0);
    out
}

/// What `interop::read_at` promises: placed annotations inside the document
/// on sentence and char bounds, at most one whole-sentence annotation per
/// sentence, ids unique, and everything read either placed or an orphan.
/// Then the import applied to a fresh session keeps the session invariants.
pub fn check_import(doc: &Rc<glossa_core::Document>, input: &str) {
    let Ok(imported) = glossa_core::interop::read_at(doc, input, NOW) else {
        return;
    };
    let mut ids = std::collections::HashSet::new();
    let mut whole = std::collections::HashSet::new();
    for (a, _) in &imported.placed {
        check_placed(doc, a);
        let s = &doc.sentences[a.target.sentence.index()];
        if (s.start, s.end) == (a.target.start, a.target.end) {
            assert!(
                whole.insert(s.id),
                "two whole-sentence annotations on {:?}",
                s.id
            );
        }
        assert!(ids.insert(a.id), "repeated id {}", a.id);
    }
    for o in &imported.orphans {
        assert!(ids.insert(o.id), "repeated id {}", o.id);
    }
    assert!(!imported.placed.is_empty() || !imported.orphans.is_empty());
    let _ = imported.summary();
    for replace in [false, true] {
        let mut session = session_after(doc.clone(), &[]);
        // Something there already, so a merge meets existing tags.
        let mut n = 0u64;
        let mut new_id = || {
            n += 1;
            AnnotationId::from_random_bytes([n as u8; 16])
        };
        let mut env = Env {
            now: NOW,
            new_id: &mut new_id,
        };
        session.apply(Action::AcceptAll(Tag::Quote), &mut env);
        session.apply(
            Action::Import {
                placed: imported.placed.iter().map(|(a, _)| a.clone()).collect(),
                orphans: imported.orphans.clone(),
                replace,
            },
            &mut env,
        );
        check_session(&session);
        // Everything read is kept: placed, or an orphan (never dropped).
        let placed: std::collections::HashSet<_> =
            imported.placed.iter().map(|(a, _)| a.id).collect();
        let have: std::collections::HashSet<_> =
            session.annotations().iter().map(|a| a.id).collect();
        let orphaned: std::collections::HashSet<_> =
            session.orphans().iter().map(|o| o.id).collect();
        for id in placed.iter().chain(imported.orphans.iter().map(|o| &o.id)) {
            assert!(
                have.contains(id) || orphaned.contains(id),
                "import dropped {id}"
            );
        }
        session.apply(Action::Undo, &mut env);
        check_session(&session);
        // And the session still saves and reads back.
        let json =
            glossa_core::format::to_json(&glossa_core::format::export(&session, NOW, "fuzz"));
        let back = glossa_core::format::read_session(doc.clone(), &json)
            .expect("saved session reads back");
        check_session(&back);
    }
}
