use super::*;
use crate::annotation::Target;
use crate::article::parse_article;

fn session() -> Session {
    let doc =
        parse_article("Title\n\nOne is here. Two is there. Three is last.\n\nFour, “five” six.");
    Session::new(Rc::new(doc))
}

fn run(s: &mut Session, actions: &[Action]) -> Vec<Outcome> {
    thread_local!(static N: std::cell::Cell<u8> = const { std::cell::Cell::new(0) });
    let mut new_id = || {
        let n = N.with(|c| {
            c.set(c.get().wrapping_add(1));
            c.get()
        });
        AnnotationId::from_random_bytes([n; 16])
    };
    let mut env = Env {
        now: Timestamp(1000),
        new_id: &mut new_id,
    };
    actions
        .iter()
        .map(|a| s.apply(a.clone(), &mut env))
        .collect()
}

fn tags(s: &Session) -> Vec<Option<Tag>> {
    (0..s.doc.sentences.len())
        .map(|i| s.sentence_tag(SentenceId(i as u32)))
        .collect()
}

fn sel(n: u32) -> Action {
    Action::Select {
        sentence: SentenceId(n),
        extend: false,
    }
}

const S0: SentenceId = SentenceId(0);
const S2: SentenceId = SentenceId(2);
const S3: SentenceId = SentenceId(3);

#[test]
fn tag_retag_and_toggle_off() {
    let mut s = session();
    let out = run(&mut s, &[sel(0), Action::Toggle(Tag::Claim)]);
    assert_eq!(out[1].message.as_deref(), Some("Sentence 1 tagged Claim"));
    assert_eq!(tags(&s), vec![Some(Tag::Claim), None, None, None]);
    let id = s.annotations()[0].id;
    run(&mut s, &[Action::Toggle(Tag::Quote)]);
    assert_eq!(tags(&s)[0], Some(Tag::Quote));
    assert_eq!(s.annotations()[0].id, id, "re-tagging keeps the annotation");
    assert_eq!((s.count(Tag::Claim), s.count(Tag::Quote)), (0, 1));
    run(&mut s, &[Action::Toggle(Tag::Quote)]);
    assert_eq!(tags(&s), vec![None; 4]);
    assert!(s.is_empty());
    assert_eq!(s.tagged_sentences(), 0);
}

#[test]
fn range_toggle_and_clear() {
    let mut s = session();
    run(
        &mut s,
        &[
            sel(2),
            Action::Toggle(Tag::Denial),
            sel(0),
            Action::Select {
                sentence: S2,
                extend: true,
            },
            Action::Toggle(Tag::Denial),
        ],
    );
    assert_eq!(
        tags(&s),
        vec![
            Some(Tag::Denial),
            Some(Tag::Denial),
            Some(Tag::Denial),
            None
        ]
    );
    assert_eq!(s.count(Tag::Denial), 3);
    assert_eq!(s.tagged_sentences(), 3);
    // All selected have the tag: toggling removes it from all.
    run(&mut s, &[Action::Toggle(Tag::Denial)]);
    assert_eq!(s.count(Tag::Denial), 0);
    run(&mut s, &[Action::Toggle(Tag::Claim)]);
    assert_eq!(
        tags(&s),
        vec![Some(Tag::Claim), Some(Tag::Claim), Some(Tag::Claim), None]
    );
    // Moving from the focus (s3) lands on s4, which has nothing to clear.
    let out = run(
        &mut s,
        &[
            Action::Move {
                by: 1,
                extend: false,
            },
            Action::Clear,
        ],
    );
    assert_eq!(s.selection(), Some(Selection::single(S3)));
    assert!(!out[1].changed);
    run(
        &mut s,
        &[
            Action::Move {
                by: -2,
                extend: false,
            },
            Action::Clear,
        ],
    );
    assert_eq!(
        tags(&s),
        vec![Some(Tag::Claim), None, Some(Tag::Claim), None]
    );
}

#[test]
fn move_clamps_and_extends() {
    let mut s = session();
    run(
        &mut s,
        &[Action::Move {
            by: 1,
            extend: false,
        }],
    );
    assert_eq!(s.selection(), Some(Selection::single(S0)));
    run(
        &mut s,
        &[Action::Move {
            by: -1,
            extend: false,
        }],
    );
    assert_eq!(s.selection(), Some(Selection::single(S0)));
    run(
        &mut s,
        &[
            Action::Move {
                by: 1,
                extend: true,
            },
            Action::Move {
                by: 1,
                extend: true,
            },
        ],
    );
    assert_eq!(
        s.selection(),
        Some(Selection {
            anchor: S0,
            focus: S2,
            span: None
        })
    );
    run(
        &mut s,
        &[Action::Move {
            by: 10,
            extend: false,
        }],
    );
    assert_eq!(s.selection(), Some(Selection::single(S3)));
}

#[test]
fn undo_redo_restore_exact_state() {
    let mut s = session();
    run(&mut s, &[sel(0), Action::Toggle(Tag::Claim)]);
    let after_one = s.annotations().into_iter().cloned().collect::<Vec<_>>();
    run(&mut s, &[Action::Toggle(Tag::Quote), Action::Clear]);
    assert!(s.is_empty());
    run(&mut s, &[Action::Undo, Action::Undo]);
    assert_eq!(
        s.annotations().into_iter().cloned().collect::<Vec<_>>(),
        after_one
    );
    run(&mut s, &[Action::Redo]);
    assert_eq!(s.sentence_tag(S0), Some(Tag::Quote));
    // A new action drops the redo branch.
    run(&mut s, &[Action::Toggle(Tag::Denial)]);
    let out = run(&mut s, &[Action::Redo]);
    assert!(!out[0].changed);
    run(&mut s, &[Action::Undo, Action::Undo, Action::Undo]);
    assert!(s.is_empty());
    assert!(!s.can_undo());
}

#[test]
fn five_hundred_steps_undo_back_to_empty_and_redo_forward() {
    let mut s = session();
    let tagsets = [Tag::Claim, Tag::Denial, Tag::Quote];
    let mut snapshots = vec![s.annotations().into_iter().cloned().collect::<Vec<_>>()];
    for i in 0..600u32 {
        run(
            &mut s,
            &[sel(i % 4), Action::Toggle(tagsets[(i % 3) as usize])],
        );
        snapshots.push(s.annotations().into_iter().cloned().collect());
    }
    for i in (0..600).rev() {
        let out = run(&mut s, &[Action::Undo]);
        assert!(out[0].changed, "undo step {i}");
        assert_eq!(
            s.annotations().into_iter().cloned().collect::<Vec<_>>(),
            snapshots[i]
        );
    }
    assert!(s.is_empty());
    for snap in snapshots.iter().skip(1).take(550) {
        run(&mut s, &[Action::Redo]);
        assert_eq!(
            &s.annotations().into_iter().cloned().collect::<Vec<_>>(),
            snap
        );
    }
}

#[test]
fn nothing_selected_changes_nothing() {
    let mut s = session();
    let out = run(&mut s, &[Action::Toggle(Tag::Claim), Action::Undo, sel(99)]);
    assert!(out.iter().all(|o| !o.changed));
    assert_eq!(s.selection(), None);
}

fn text_of(s: &Session, (a, b): (usize, usize)) -> String {
    s.doc.slice(a, b).unwrap_or_default().to_string()
}

#[test]
fn words_and_span_selection_snap_to_words() {
    let mut s = session();
    let four = s.doc.sentences[3].clone();
    let words: Vec<String> = s.words(S3).into_iter().map(|w| text_of(&s, w)).collect();
    assert_eq!(words, vec!["Four", "“five”", "six."]);
    // A mouse selection from inside "Four" to inside "five" widens to both words.
    run(
        &mut s,
        &[Action::SelectSpan {
            sentence: S3,
            start: four.start + 2,
            end: four.start + 8,
        }],
    );
    let range = s.selection().and_then(|x| x.span_range()).expect("span");
    assert_eq!(text_of(&s, range), "Four, “five”");
}

#[test]
fn keyboard_span_by_words_then_tag_nested_spans() {
    let mut s = session();
    run(
        &mut s,
        &[
            sel(3),
            Action::MoveWord {
                by: 1,
                extend: false,
            },
        ],
    );
    // Caret after "Four"; extend two words right: ", “five” six."
    run(
        &mut s,
        &[Action::MoveWord {
            by: 1,
            extend: true,
        }],
    );
    let r = s.selection().and_then(|x| x.span_range()).expect("span");
    assert_eq!(text_of(&s, r), ", “five”");
    run(
        &mut s,
        &[
            Action::MoveWord {
                by: -1,
                extend: false,
            },
            Action::MoveWord {
                by: -1,
                extend: false,
            },
        ],
    );
    run(
        &mut s,
        &[
            Action::MoveWord {
                by: 2,
                extend: true,
            },
            Action::Toggle(Tag::Quote),
        ],
    );
    assert_eq!(s.count(Tag::Quote), 1);
    let q = s.spans_in(S3)[0].clone();
    assert_eq!(text_of(&s, (q.target.start, q.target.end)), "Four, “five”");
    assert_eq!(s.sentence_tag(S3), None, "a span is not a sentence tag");
    // The sentence tag and a second, nested span coexist.
    run(&mut s, &[Action::CollapseSpan, Action::Toggle(Tag::Claim)]);
    run(
        &mut s,
        &[
            Action::MoveWord {
                by: 2,
                extend: false,
            },
            Action::MoveWord {
                by: -1,
                extend: true,
            },
        ],
    );
    let r = s.selection().and_then(|x| x.span_range()).expect("span");
    assert_eq!(text_of(&s, r), "“five”");
    run(&mut s, &[Action::Toggle(Tag::Denial)]);
    assert_eq!(
        (
            s.count(Tag::Claim),
            s.count(Tag::Denial),
            s.count(Tag::Quote)
        ),
        (1, 1, 1)
    );
    assert_eq!(s.tagged_sentences(), 1);
    assert_eq!(s.active_annotation().map(|a| a.tag), Some(Tag::Denial));
    // Same span, same tag again: removed. Clear on a span removes what overlaps it.
    run(&mut s, &[Action::Toggle(Tag::Denial)]);
    assert_eq!(s.count(Tag::Denial), 0);
    run(&mut s, &[Action::Clear]);
    assert_eq!(s.count(Tag::Quote), 0, "the quote span overlapped");
    assert_eq!(s.count(Tag::Claim), 1, "the sentence tag stays");
}

#[test]
fn attributes_and_links_are_undoable_and_never_dangle() {
    let mut s = session();
    run(
        &mut s,
        &[
            sel(0),
            Action::Toggle(Tag::Claim),
            sel(1),
            Action::Toggle(Tag::Denial),
        ],
    );
    let claim = s.sentence_annotation(S0).expect("claim").id;
    let denial = s.sentence_annotation(SentenceId(1)).expect("denial").id;
    let attrs = Attrs {
        note: "checked".into(),
        denies: Some(claim),
        ..Attrs::default()
    };
    run(
        &mut s,
        &[Action::Edit {
            id: denial,
            attrs: attrs.clone(),
        }],
    );
    assert_eq!(s.annotation(denial).map(|a| a.attrs.clone()), Some(attrs));
    // A link to something that is not a claim is dropped.
    run(
        &mut s,
        &[Action::Edit {
            id: denial,
            attrs: Attrs {
                denies: Some(denial),
                ..Attrs::default()
            },
        }],
    );
    assert_eq!(s.annotation(denial).and_then(|a| a.attrs.denies), None);
    run(&mut s, &[Action::Undo]);
    assert_eq!(
        s.annotation(denial).and_then(|a| a.attrs.denies),
        Some(claim)
    );
    // Removing the claim unlinks the denial in the same step; undo restores both.
    run(&mut s, &[sel(0), Action::Toggle(Tag::Claim)]);
    assert_eq!(s.annotation(denial).and_then(|a| a.attrs.denies), None);
    run(&mut s, &[Action::Undo]);
    assert_eq!(
        s.annotation(denial).and_then(|a| a.attrs.denies),
        Some(claim)
    );
    assert_eq!(
        s.annotation(denial).map(|a| a.attrs.note.as_str()),
        Some("checked")
    );
}

#[test]
fn suggestions_accept_reject_and_undo() {
    let mut s = session();
    let p = |tag, speaker: Option<&str>| Proposal {
        tag,
        reason: "test".into(),
        speaker: speaker.map(String::from),
        cue: Some("said".into()),
    };
    s.set_proposals([
        (S0, p(Tag::Quote, Some("Ann"))),
        (SentenceId(1), p(Tag::Claim, None)),
        (S2, p(Tag::Quote, Some("Bo"))),
    ]);
    assert_eq!(s.open_suggestions().count(), 3);
    assert!(s.is_empty(), "suggestions are not annotations");
    run(&mut s, &[sel(0), Action::Accept]);
    let a = s.sentence_annotation(S0).expect("accepted").clone();
    assert_eq!(
        (a.tag, a.attrs.speaker.as_str(), a.attrs.cue.as_str()),
        (Tag::Quote, "Ann", "said")
    );
    assert!(s.open_suggestion(S0).is_none());
    run(&mut s, &[sel(1), Action::Reject]);
    assert!(s.open_suggestion(SentenceId(1)).is_none());
    assert_eq!(s.rejected().collect::<Vec<_>>(), vec![SentenceId(1)]);
    run(&mut s, &[Action::Undo]);
    assert!(s.open_suggestion(SentenceId(1)).is_some());
    run(&mut s, &[Action::AcceptAll(Tag::Quote)]);
    assert_eq!(s.count(Tag::Quote), 2);
    assert_eq!(s.speakers(), vec!["Ann".to_string(), "Bo".to_string()]);
    run(&mut s, &[Action::Undo, Action::Undo]);
    assert!(s.is_empty());
    assert_eq!(s.open_suggestions().count(), 3);
}

#[test]
fn restoring_checks_every_annotation() {
    let s = session();
    let sent = s.doc.sentences[0].clone();
    let good = Annotation {
        id: AnnotationId::from_random_bytes([1; 16]),
        tag: Tag::Claim,
        target: Target {
            sentence: S0,
            start: sent.start,
            end: sent.end,
        },
        attrs: Attrs {
            denies: Some(AnnotationId::from_random_bytes([9; 16])),
            ..Attrs::default()
        },
        created: Timestamp(0),
        updated: Timestamp(0),
    };
    let restored = Session::with_annotations(s.doc.clone(), vec![good.clone()]).expect("valid");
    assert_eq!(
        restored.annotations()[0].attrs.denies,
        None,
        "dangling link dropped"
    );
    let mut outside = good.clone();
    outside.target.end = sent.end + 3;
    assert!(Session::with_annotations(s.doc.clone(), vec![outside]).is_err());
    let mut twice = good.clone();
    twice.id = AnnotationId::from_random_bytes([2; 16]);
    assert!(Session::with_annotations(s.doc.clone(), vec![good, twice]).is_err());
}

#[test]
fn import_merges_replaces_keeps_orphans_and_undoes() {
    let mut s = session();
    run(&mut s, &[sel(0), Action::Toggle(Tag::Claim)]);
    let mine = s.sentence_annotation(S0).expect("claim").clone();
    let whole = |n: u32, tag: Tag, b: u8| {
        let sent = s.doc.sentences[n as usize].clone();
        Annotation {
            id: AnnotationId::from_random_bytes([b; 16]),
            tag,
            target: Target {
                sentence: SentenceId(n),
                start: sent.start,
                end: sent.end,
            },
            attrs: Attrs::default(),
            created: Timestamp(5),
            updated: Timestamp(5),
        }
    };
    let clash = whole(0, Tag::Quote, 200);
    let fresh = whole(1, Tag::Denial, 201);
    let mut linked = fresh.clone();
    linked.attrs.denies = Some(AnnotationId::from_random_bytes([250; 16]));
    let orphan = Orphan {
        id: AnnotationId::from_random_bytes([202; 16]),
        tag: Tag::Quote,
        exact: "gone words".into(),
        prefix: String::new(),
        suffix: String::new(),
        start: Some(3),
        end: Some(13),
        attrs: Attrs::default(),
        why: "text not found".into(),
    };
    let out = run(
        &mut s,
        &[Action::Import {
            placed: vec![clash.clone(), linked],
            orphans: vec![orphan.clone()],
            replace: false,
        }],
    );
    assert!(out[0].changed);
    assert_eq!(s.sentence_tag(S0), Some(Tag::Claim), "merge keeps my tag");
    assert_eq!(s.sentence_tag(SentenceId(1)), Some(Tag::Denial));
    assert_eq!(
        s.sentence_annotation(SentenceId(1))
            .and_then(|a| a.attrs.denies),
        None,
        "dangling link dropped"
    );
    assert_eq!(
        s.orphans().len(),
        2,
        "the clash and the unplaced one are kept aside"
    );
    assert!(s
        .orphans()
        .iter()
        .any(|o| o.id == clash.id && o.why.contains("already has a tag")));
    run(&mut s, &[Action::Undo]);
    assert_eq!(s.len(), 1);
    assert!(s.orphans().is_empty());
    run(
        &mut s,
        &[Action::Import {
            placed: vec![clash.clone(), fresh],
            orphans: vec![orphan],
            replace: true,
        }],
    );
    assert_eq!(
        s.sentence_tag(S0),
        Some(Tag::Quote),
        "replace takes the file's tags"
    );
    assert!(s.annotation(mine.id).is_none());
    assert_eq!(s.orphans().len(), 1);
    run(&mut s, &[Action::Undo]);
    assert_eq!(s.annotation(mine.id), Some(&mine));
}

#[test]
fn a_span_extended_from_a_word_end_does_not_start_on_the_space() {
    let mut s = session();
    run(
        &mut s,
        &[
            sel(0),
            Action::MoveWord {
                by: 1,
                extend: false,
            },
            Action::MoveWord {
                by: 2,
                extend: true,
            },
        ],
    );
    let (a, b) = s.selected_span().expect("span");
    assert_eq!(text_of(&s, (a, b)), "is here.");
    run(&mut s, &[Action::Toggle(Tag::Quote)]);
    let q = s.spans_in(S0)[0].clone();
    assert_eq!(text_of(&s, (q.target.start, q.target.end)), "is here.");
}

#[test]
fn change_log_names_only_touched_sentences() {
    let mut s = session();
    let mark = s.change_mark();
    run(
        &mut s,
        &[
            sel(1),
            Action::Move {
                by: 1,
                extend: true,
            },
        ],
    );
    assert_eq!(
        s.changed_since(mark),
        Some(&[][..]),
        "selection alone does not count"
    );
    run(&mut s, &[Action::Toggle(Tag::Claim)]);
    let changed = s.changed_since(mark).expect("log kept");
    assert!(!changed.contains(&S0));
    assert!(changed.contains(&SentenceId(1)));
    assert!(changed.contains(&S2));
    assert!(!changed.contains(&S3));
    let mark = s.change_mark();
    run(&mut s, &[Action::Undo]);
    let changed = s.changed_since(mark).expect("log kept");
    assert!(changed.contains(&SentenceId(1)), "undo counts too");
}

#[test]
fn change_log_names_the_sentences_an_action_changed() {
    let mut s = session();
    let mark = s.change_mark();
    run(&mut s, &[sel(3)]);
    assert_eq!(
        s.changed_since(mark),
        Some(&[][..]),
        "a move changes no sentence view"
    );
    run(&mut s, &[Action::Toggle(Tag::Claim)]);
    assert_eq!(s.changed_since(mark), Some(&[S3][..]));
    let mark = s.change_mark();
    run(&mut s, &[Action::Undo]);
    assert_eq!(s.changed_since(mark), Some(&[S3][..]));
    // Restoring rejected suggestions changes every sentence: older marks are void.
    let mark = s.change_mark();
    s.set_rejected([S0]);
    assert_eq!(s.changed_since(mark), None);
    assert_eq!(s.changed_since(s.change_mark()), Some(&[][..]));
    assert_eq!(
        s.changed_since(s.change_mark() + 5),
        None,
        "a mark from the future"
    );
}

#[test]
fn annotations_come_in_document_order_with_spans_inside_sentences() {
    let mut s = session();
    let (one, four) = (s.doc.sentences[0].clone(), s.doc.sentences[3].clone());
    let span = |sid: SentenceId, start: usize, end: usize| Action::SelectSpan {
        sentence: sid,
        start,
        end,
    };
    run(
        &mut s,
        &[
            sel(3),
            Action::Toggle(Tag::Quote),
            span(S3, four.start + 6, four.end),
            Action::Toggle(Tag::Claim),
            span(S0, one.start, one.start + 3),
            Action::Toggle(Tag::Denial),
            sel(0),
            Action::Toggle(Tag::Claim),
            span(S3, four.start, four.start + 4),
            Action::Toggle(Tag::Denial),
        ],
    );
    assert_eq!(s.len(), 5);
    // The oracle: every annotation sorted by its order key.
    let mut sorted: Vec<&Annotation> = s.items.values().collect();
    sorted.sort_by_key(|a| a.order_key());
    let ids = |v: Vec<&Annotation>| v.into_iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(ids(s.annotations()), ids(sorted));
    let mut seen = Vec::new();
    s.for_each_tag(|sid, tag| seen.push((sid, tag)));
    assert_eq!(seen.len(), 5);
    assert_eq!(
        seen[0],
        (S0, Tag::Claim),
        "the whole sentence before its span"
    );
    assert_eq!(seen[1], (S0, Tag::Denial));
    assert!(seen[2..].iter().all(|&(sid, _)| sid == S3));
}

/// The open-suggestion counts kept by the session, against a fresh count.
fn assert_open_counts(s: &Session) {
    let mut counted = [0; 3];
    for (_, p) in s.open_suggestions() {
        counted[p.tag.index()] += 1;
    }
    assert_eq!(s.open_suggestion_counts(), counted);
}

#[test]
fn open_suggestion_counts_follow_tags_rejections_and_undo() {
    let mut s = session();
    let proposal = |tag| Proposal {
        tag,
        reason: "test".into(),
        speaker: None,
        cue: None,
    };
    s.set_proposals([
        (S0, proposal(Tag::Claim)),
        (S2, proposal(Tag::Quote)),
        (S3, proposal(Tag::Claim)),
    ]);
    assert_eq!(s.open_suggestion_counts(), [2, 0, 1]);
    let steps = [
        sel(0),
        Action::Accept,
        sel(2),
        Action::Reject,
        sel(3),
        Action::Toggle(Tag::Denial),
        Action::Toggle(Tag::Denial),
        Action::Undo,
        Action::Undo,
        Action::Undo,
        Action::Redo,
        Action::AcceptAll(Tag::Claim),
        Action::Undo,
    ];
    for step in steps {
        run(&mut s, std::slice::from_ref(&step));
        assert_open_counts(&s);
    }
    assert_ne!(
        s.open_suggestion_counts(),
        [0; 3],
        "the sequence leaves some open"
    );
    s.set_rejected([S0, S2, S3]);
    assert_eq!(s.open_suggestion_counts(), [0; 3]);
}

#[test]
fn moves_with_nothing_selected_count_from_the_ends() {
    let cases = [
        (1, 0),
        (2, 1),
        (i32::MAX, 3),
        (-1, 3),
        (-2, 2),
        (-i32::MAX, 0),
    ];
    for (by, want) in cases {
        let mut s = session();
        run(&mut s, &[Action::Move { by, extend: false }]);
        assert_eq!(
            s.selection().map(|x| x.focus),
            Some(SentenceId(want)),
            "move by {by} from no selection"
        );
    }
}

#[test]
fn a_denial_link_made_or_removed_changes_the_claims_sentence_too() {
    let mut s = session();
    run(
        &mut s,
        &[
            sel(0),
            Action::Toggle(Tag::Claim),
            sel(3),
            Action::Toggle(Tag::Denial),
        ],
    );
    let claim = s.sentence_annotation(S0).expect("claim").id;
    let denial = s.sentence_annotation(S3).expect("denial").id;
    let link = |denies| Action::Edit {
        id: denial,
        attrs: Attrs {
            denies,
            ..Attrs::default()
        },
    };
    for (action, what) in [
        (link(Some(claim)), "linked"),
        (Action::Undo, "undone"),
        (Action::Redo, "redone"),
        (link(None), "unlinked"),
    ] {
        let mark = s.change_mark();
        run(&mut s, &[action]);
        let changed = s.changed_since(mark).expect("log kept");
        assert!(changed.contains(&S0), "{what}: the claim's sentence");
        assert!(changed.contains(&S3), "{what}: the denial's sentence");
        assert!(!changed.contains(&S2), "{what}: nothing else");
    }
    // A note edit leaves the claim alone.
    let mark = s.change_mark();
    run(
        &mut s,
        &[Action::Edit {
            id: denial,
            attrs: Attrs {
                note: "n".into(),
                ..Attrs::default()
            },
        }],
    );
    assert!(!s.changed_since(mark).expect("log").contains(&S0));
}
