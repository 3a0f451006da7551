//! Writes the seed files of the JSON targets: the seed article annotated
//! (sentences and spans of every tag, with attributes, a denial link and an
//! orphan), exported as Glossa JSON v2, a v1-shaped copy, and W3C.
//! `cargo run --example seeds` from fuzz/.
use glossa_core::interop::w3c;
use glossa_core::{format, Action, AnnotationId, Attrs, Env, SentenceId, Session, Tag};
use glossa_fuzz::{NOW, SEED};
use std::rc::Rc;

fn main() -> std::io::Result<()> {
    let doc = Rc::new(glossa_core::parse_article(SEED));
    let mut s = Session::new(doc.clone());
    let mut n = 0u8;
    let mut new_id = || {
        n += 1;
        AnnotationId::from_random_bytes([n; 16])
    };
    let mut env = Env {
        now: NOW,
        new_id: &mut new_id,
    };
    for (i, t) in [
        (1u32, Tag::Claim),
        (2, Tag::Denial),
        (4, Tag::Quote),
        (6, Tag::Claim),
    ] {
        s.apply(
            Action::Select {
                sentence: SentenceId(i),
                extend: false,
            },
            &mut env,
        );
        s.apply(Action::Toggle(t), &mut env);
    }
    let st = &doc.sentences[8];
    s.apply(
        Action::SelectSpan {
            sentence: st.id,
            start: st.start + 2,
            end: st.start + 12,
        },
        &mut env,
    );
    s.apply(Action::Toggle(Tag::Quote), &mut env);
    let ids: Vec<_> = s.annotations().iter().map(|a| (a.id, a.tag)).collect();
    let claim = ids.iter().find(|(_, t)| *t == Tag::Claim).map(|x| x.0);
    for (id, tag) in &ids {
        let attrs = match tag {
            Tag::Denial => Attrs {
                denies: claim,
                note: "denies it".into(),
                ..Attrs::default()
            },
            Tag::Quote => Attrs {
                speaker: "Ms. Li".into(),
                cue: "said".into(),
                direct: Some(true),
                ..Attrs::default()
            },
            Tag::Claim => Attrs {
                note: "a note".into(),
                ..Attrs::default()
            },
        };
        s.apply(Action::Edit { id: *id, attrs }, &mut env);
    }
    s.set_orphans(vec![glossa_core::Orphan {
        id: AnnotationId::from_random_bytes([0x77; 16]),
        tag: Tag::Claim,
        exact: "words no longer there".into(),
        prefix: "before ".into(),
        suffix: " after".into(),
        start: Some(10),
        end: Some(31),
        attrs: Attrs::default(),
        why: "its text is gone".into(),
    }]);
    let glossa = format::to_json(&format::export(&s, NOW, "0.1.0"));
    let w3c = w3c::export(&s, NOW, "");
    let v1 = glossa.replacen("\"version\": 2", "\"version\": 1", 1);
    for dir in ["glossa_json", "import"] {
        std::fs::write(format!("corpus/{dir}/seed.glossa.json"), &glossa)?;
        std::fs::write(format!("corpus/{dir}/seed-v1.glossa.json"), &v1)?;
    }
    std::fs::write("corpus/import/seed.w3c.jsonld", &w3c)?;
    let page = w3c.replacen("\"AnnotationCollection\"", "\"AnnotationPage\"", 1);
    std::fs::write("corpus/import/seed-page.w3c.jsonld", page)?;
    Ok(())
}
