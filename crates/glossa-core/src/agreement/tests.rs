use super::*;
use crate::{SentenceId, Tag};
use proptest::prelude::*;

const N: Option<Label> = Some(Label::None);
const C: Option<Label> = Some(Label::Tag(Tag::Claim));
const D: Option<Label> = Some(Label::Tag(Tag::Denial));
const Q: Option<Label> = Some(Label::Tag(Tag::Quote));
const X: Option<Label> = None;

fn work(name: &str, labels: &[Option<Label>]) -> Work {
    Work {
        annotator: name.into(),
        labels: labels.to_vec(),
        spans: Vec::new(),
    }
}

fn doc(works: Vec<Work>) -> Vec<DocumentWork> {
    vec![DocumentWork {
        title: "t".into(),
        works,
    }]
}

fn span(sentence: u32, tag: Tag, start: usize, end: usize) -> Span {
    Span {
        sentence: SentenceId(sentence),
        tag,
        start,
        end,
    }
}

fn close(a: Result<f64, Undefined>, b: f64) {
    let a = a.expect("a defined figure");
    assert!((a - b).abs() < 1e-12, "{a} vs {b}");
}

fn near(a: Option<f64>, b: f64) {
    let a = a.expect("a value");
    assert!((a - b).abs() < 1e-12, "{a} vs {b}");
}

#[test]
fn cohen_on_a_worked_example() {
    // 50 sentences: claim/claim 20, claim/none 5, none/claim 10, none/none
    // 15 (the usual textbook table): p_o = 0.7, p_e = 0.5, κ = 0.4.
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for (x, y, n) in [(C, C, 20), (C, N, 5), (N, C, 10), (N, N, 15)] {
        for _ in 0..n {
            a.push(x);
            b.push(y);
        }
    }
    let f = cohen(&a, &b);
    close(f.value, 0.4);
    near(f.observed, 0.7);
    near(f.expected, 0.5);
    assert_eq!(f.items, 50);
    // The same as claim against the rest.
    let r = agreement(&doc(vec![work("a", &a), work("b", &b)])).expect("report");
    close(r.sentences.tag(Tag::Claim).cohen[0].1.value, 0.4);
    assert_eq!(
        r.sentences.tag(Tag::Quote).cohen[0].1.value,
        Err(Undefined::OneLabel)
    );
}

#[test]
fn alpha_and_fleiss_by_hand() {
    // α by hand. Two annotators, three sentences, one missing: the
    // pairable values are (C,C) and (N,C), so n = 4, o_CC = 2, o_NC = o_CN = 1.
    let a = [C, N, C];
    let b = [C, C, X];
    let r = agreement(&doc(vec![work("a", &a), work("b", &b)])).expect("report");
    let alpha = r.sentences.overall.alpha;
    // n_C = 3, n_N = 1: α = 1 − (n − 1)·D_o / Σ n_c n_k = 1 − 3·2 / (2·3·1) = 0.
    close(alpha.value, 0.0);
    assert_eq!(alpha.items, 2);
    near(alpha.observed, 0.5);
    // Fleiss, three raters, four sentences: agreement on three of four.
    let r = agreement(&doc(vec![
        work("a", &[N, C, D, C]),
        work("b", &[N, C, D, D]),
        work("c", &[N, C, D, C]),
    ]))
    .expect("report");
    // P_i = 1, 1, 1, 1/3 → P̄ = 10/12; p = (3, 5, 4)/12 → P_e = 50/144.
    let f = r.sentences.overall.fleiss;
    near(f.observed, 10.0 / 12.0);
    near(f.expected, 50.0 / 144.0);
    close(f.value, (10.0 / 12.0 - 50.0 / 144.0) / (1.0 - 50.0 / 144.0));
}

#[test]
fn one_label_everywhere_is_undefined_not_zero() {
    let r = agreement(&doc(vec![work("a", &[N, N, N]), work("b", &[N, N, X])])).expect("report");
    let o = &r.sentences.overall;
    assert_eq!(o.cohen[0].1.value, Err(Undefined::OneLabel));
    near(o.cohen[0].1.observed, 1.0);
    assert_eq!(o.fleiss.value, Err(Undefined::OneLabel));
    assert_eq!(o.alpha.value, Err(Undefined::OneLabel));
    near(o.alpha.observed, 1.0);
    assert!(r.sentence_disagreements.is_empty());
    // Different single labels: defined, κ = 0.
    let r = agreement(&doc(vec![work("a", &[C, C]), work("b", &[Q, Q])])).expect("report");
    close(r.sentences.overall.cohen[0].1.value, 0.0);
    // Nothing in common.
    let r = agreement(&doc(vec![work("a", &[C, X]), work("b", &[X, Q])])).expect("report");
    let o = &r.sentences.overall;
    assert_eq!(o.cohen[0].1.value, Err(Undefined::NoItems));
    assert_eq!(o.cohen[0].1.observed, None);
    assert_eq!(o.fleiss.value, Err(Undefined::NoItems));
    assert_eq!(o.alpha.value, Err(Undefined::NoItems));
}

#[test]
fn missing_sentences_are_left_out() {
    let r = agreement(&doc(vec![
        work("a", &[C, D, Q, N]),
        work("b", &[C, D, X, X]),
    ]))
    .expect("report");
    let o = &r.sentences.overall;
    assert_eq!(o.cohen[0].1.items, 2);
    close(o.cohen[0].1.value, 1.0);
    assert_eq!(o.fleiss.items, 2);
    assert_eq!(o.alpha.items, 2);
    assert_eq!(r.annotators[1].missing, 2);
    assert_eq!(r.annotators[1].labelled, 2);
}

#[test]
fn documents_pool_their_sentences_and_absent_work_is_missing() {
    let one = agreement(&doc(vec![
        work("a", &[C, D, Q, N, C]),
        work("b", &[C, D, N, N, C]),
    ]))
    .expect("report");
    let two = agreement(&[
        DocumentWork {
            title: "1".into(),
            works: vec![work("a", &[C, D]), work("b", &[C, D])],
        },
        DocumentWork {
            title: "2".into(),
            works: vec![
                work("b", &[N, N, C]),
                work("a", &[Q, N, C]),
                work("c", &[Q, Q, Q]),
            ],
        },
    ])
    .expect("report");
    assert_eq!(two.names(), ["a", "b", "c"]);
    assert_eq!(
        one.sentences.overall.cohen[0].1,
        two.sentences.overall.cohen[0].1
    );
    // c has no work on document 1: missing there.
    assert_eq!(two.annotators[2].missing, 2);
    assert_eq!(two.sentences.overall.cohen[1].1.items, 3);
    assert_eq!(two.sentences.overall.fleiss.items, 3);
    assert_eq!(two.sentences.overall.alpha.items, 5);
    let d = &two.sentence_disagreements;
    assert_eq!(d.len(), 3);
    assert_eq!((d[0].document, d[0].sentence), (1, SentenceId(0)));
    assert_eq!(d[0].labels, vec![Q, N, Q]);
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    assert_eq!(
        agreement(&doc(vec![work("a", &[C])])),
        Err(AgreementError::TooFewAnnotators(1))
    );
    assert_eq!(agreement(&[]), Err(AgreementError::TooFewAnnotators(0)));
    assert!(matches!(
        agreement(&doc(vec![work("a", &[C]), work("b", &[C, D])])),
        Err(AgreementError::LengthMismatch { found: 2, .. })
    ));
    assert!(matches!(
        agreement(&doc(vec![work("a", &[C]), work("a", &[C])])),
        Err(AgreementError::DuplicateAnnotator { .. })
    ));
    let mut w = work("b", &[C]);
    w.spans.push(span(3, Tag::Claim, 0, 4));
    assert!(matches!(
        agreement(&doc(vec![work("a", &[C]), w])),
        Err(AgreementError::BadSpan { .. })
    ));
    let mut w = work("b", &[C]);
    w.spans.push(span(0, Tag::Claim, 4, 4));
    assert!(matches!(
        agreement(&doc(vec![work("a", &[C]), w])),
        Err(AgreementError::BadSpan { .. })
    ));
}

#[test]
fn spans_exact_and_by_overlap_one_to_one() {
    let a = [
        span(0, Tag::Quote, 0, 10),
        span(0, Tag::Quote, 20, 30),
        span(1, Tag::Claim, 40, 50),
    ];
    let b = [
        span(0, Tag::Quote, 0, 10),
        span(0, Tag::Quote, 5, 25),
        span(1, Tag::Denial, 40, 50),
    ];
    let f = compare_spans(&a, &b);
    assert_eq!(f.overall.spans, (3, 3));
    assert_eq!(f.overall.exact.matched, 1);
    near(f.overall.exact.f1, 2.0 / 6.0);
    // [5,25) overlaps both quotes of a; [0,10) is taken by its exact twin,
    // so it goes to [20,30).
    assert_eq!(f.overall.overlap.matched, 2);
    near(f.overall.overlap.precision, 2.0 / 3.0);
    assert_eq!(f.tag(Tag::Quote).overlap.matched, 2);
    near(f.tag(Tag::Quote).overlap.f1, 1.0);
    assert_eq!(f.tag(Tag::Claim).spans, (1, 0));
    assert_eq!(f.tag(Tag::Claim).exact.precision, None);
    near(f.tag(Tag::Claim).exact.recall, 0.0);
    let none = compare_spans(&[], &[]);
    assert_eq!(none.overall.exact.f1, None);
}

#[test]
fn overlap_matching_prefers_more_shared_then_closer_boundaries() {
    // b's [5,10) shares 5 code points with a's [5,10) and with a's
    // [0,20): the exact twin wins (boundary distance 0), which leaves a's
    // [0,20) free for b's [0,4). Taking the earlier start first would
    // have matched only one pair.
    let a = [span(0, Tag::Claim, 0, 20), span(0, Tag::Claim, 5, 10)];
    let b = [span(0, Tag::Claim, 5, 10), span(0, Tag::Claim, 0, 4)];
    let f = compare_spans(&a, &b);
    assert_eq!(f.overall.exact.matched, 1);
    assert_eq!(f.overall.overlap.matched, 2);
    // Largest shared first: a's [0,10) and [8,20); b's [2,12) shares 8 with
    // the first, 4 with the second; b's [9,11) shares 1 and 2. Greedy:
    // ([0,10),[2,12)) then ([8,20),[9,11)).
    let a = [span(0, Tag::Quote, 0, 10), span(0, Tag::Quote, 8, 20)];
    let b = [span(0, Tag::Quote, 2, 12), span(0, Tag::Quote, 9, 11)];
    assert_eq!(compare_spans(&a, &b).overall.overlap.matched, 2);
    // Spans of different sentences never match, whatever their offsets.
    let a = [span(0, Tag::Quote, 0, 10)];
    let b = [span(1, Tag::Quote, 5, 15)];
    assert_eq!(compare_spans(&a, &b).overall.overlap.matched, 0);
}

#[test]
fn spans_count_only_where_both_reached() {
    let mut a = work("a", &[N, N, N]);
    a.spans = vec![span(0, Tag::Claim, 0, 5), span(2, Tag::Quote, 30, 35)];
    let mut b = work("b", &[N, N, X]);
    b.spans = vec![span(0, Tag::Claim, 0, 5)];
    let r = agreement(&doc(vec![a, b])).expect("report");
    assert_eq!(r.spans[0].overall.spans, (1, 1));
    near(r.spans[0].overall.exact.f1, 1.0);
    // Not a disagreement either: b never got to sentence 3.
    assert!(r.span_disagreements.is_empty());
}

#[test]
fn disagreements_say_who_said_what_in_document_order() {
    let mut a = work("a", &[C, N, D]);
    a.spans = vec![
        span(1, Tag::Quote, 12, 20),
        span(0, Tag::Claim, 0, 4),
        span(0, Tag::Claim, 0, 4),
    ];
    let mut b = work("b", &[C, Q, X]);
    b.spans = vec![span(1, Tag::Quote, 12, 18)];
    let mut c = work("c", &[C, Q, D]);
    c.spans = vec![span(1, Tag::Quote, 12, 20), span(0, Tag::Claim, 0, 4)];
    let r = agreement(&doc(vec![a, b, c])).expect("report");
    assert_eq!(
        r.sentence_disagreements,
        vec![SentenceDisagreement {
            document: 0,
            sentence: SentenceId(1),
            labels: vec![N, Q, Q],
        }]
    );
    let s = &r.span_disagreements;
    assert_eq!(s.len(), 3, "{s:#?}");
    assert_eq!(s[0].span, span(0, Tag::Claim, 0, 4));
    use Presence::*;
    assert_eq!(s[0].who, [Has, Lacks, Has]);
    assert_eq!(s[0].lacks().collect::<Vec<_>>(), [1]);
    assert_eq!(s[1].span, span(1, Tag::Quote, 12, 20));
    assert_eq!(s[1].who, [Has, Overlapping, Has]);
    assert_eq!(s[1].lacks().collect::<Vec<_>>(), [1]);
    assert_eq!(s[1].overlapping().collect::<Vec<_>>(), [1]);
    assert_eq!(s[2].span, span(1, Tag::Quote, 12, 18));
    assert_eq!(s[2].has().collect::<Vec<_>>(), [1]);
    assert_eq!(s[2].who, [Overlapping, Has, Overlapping]);
    // b did not reach sentence 2, so lacks nothing there; a and c tagged
    // the same words differently: two disagreements.
    let mut a = work("a", &[N, N]);
    a.spans = vec![span(1, Tag::Claim, 20, 25)];
    let b = work("b", &[N, X]);
    let mut c = work("c", &[N, N]);
    c.spans = vec![span(1, Tag::Denial, 20, 25)];
    let r = agreement(&doc(vec![a, b, c])).expect("report");
    assert_eq!(r.span_disagreements.len(), 2);
    assert_eq!(r.span_disagreements[0].who, [Has, NotReached, Lacks]);
}

#[test]
fn json_and_csv_carry_every_figure() {
    let r = agreement(&doc(vec![
        work("a", &[C, N, N]),
        work("b, the second", &[C, N, Q]),
    ]))
    .expect("report");
    let v = to_json(&r, &[]);
    assert_eq!(v["format"], JSON_FORMAT);
    assert_eq!(v["annotators"][1], "b, the second");
    let k = &v["sentences"]["overall"]["cohen_kappa"][0];
    assert_eq!(k["pair"], serde_json::json!(["a", "b, the second"]));
    assert_eq!(
        k["value"].as_f64(),
        r.sentences.overall.cohen[0].1.value.ok()
    );
    assert_eq!(
        v["sentences"]["per_tag"]["denial"]["fleiss_kappa"]["undefined"],
        "one_label"
    );
    assert!(v["sentences"]["per_tag"]["denial"]["fleiss_kappa"]["value"].is_null());
    assert_eq!(v["disagreements"]["sentences"][0]["sentence"], "s3");
    assert_eq!(v["disagreements"]["sentences"][0]["labels"]["a"], "none");
    let csv = to_csv(&r);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], CSV_HEADER);
    let columns = CSV_HEADER.split(',').count();
    // 4 labels × (1 pair + Fleiss + α) + 1 pair × 4 labels × 6 measures.
    assert_eq!(lines.len(), 1 + 12 + 24 + 1);
    assert!(lines[1].starts_with("sentences,overall,cohen_kappa,a,\"b, the second\","));
    for l in &lines[1..lines.len() - 1] {
        assert_eq!(
            l.replace("\"b, the second\"", "b").split(',').count(),
            columns,
            "{l}"
        );
    }
    assert!(csv.contains("sentences,denial,fleiss_kappa,,,,one_label,1,1,3,,,\r\n"));
    assert!(csv.contains("spans,overall,exact_f1,a,\"b, the second\",,no_spans,,,,0,0,0\r\n"));
}

fn column(n: usize) -> impl Strategy<Value = Vec<Option<Label>>> {
    proptest::collection::vec(
        prop_oneof![
            4 => (0usize..4).prop_map(|i| Some(Label::ALL[i])),
            1 => Just(None),
        ],
        n,
    )
}

fn spans_strategy() -> impl Strategy<Value = Vec<Span>> {
    proptest::collection::vec(
        (0u32..4, 0usize..3, 0usize..12, 1usize..8).prop_map(|(s, t, start, len)| {
            let base = s as usize * 20;
            span(s, Tag::ALL[t], base + start, base + (start + len).min(20))
        }),
        0..8,
    )
}

fn works_strategy() -> impl Strategy<Value = Vec<Work>> {
    (2usize..6).prop_flat_map(|m| {
        proptest::collection::vec((column(12), spans_strategy()), m).prop_map(|cols| {
            cols.into_iter()
                .enumerate()
                .map(|(i, (labels, spans))| {
                    // Only sentences 0..4 carry spans; keep them reached.
                    let mut labels = labels;
                    for l in labels.iter_mut().take(4) {
                        l.get_or_insert(Label::None);
                    }
                    Work {
                        annotator: format!("c{i}"),
                        labels,
                        spans,
                    }
                })
                .collect()
        })
    })
}

fn same(a: Result<f64, Undefined>, b: Result<f64, Undefined>) -> bool {
    match (a, b) {
        (Ok(a), Ok(b)) => (a - b).abs() < 1e-9,
        (a, b) => a == b,
    }
}

fn same_opt(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-12,
        (a, b) => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn pairwise_figures_are_symmetric(a in column(25), b in column(25), sa in spans_strategy(), sb in spans_strategy()) {
        let ab = cohen(&a, &b);
        let ba = cohen(&b, &a);
        prop_assert!(same(ab.value, ba.value));
        prop_assert!(same_opt(ab.observed, ba.observed));
        let ab = compare_spans(&sa, &sb);
        let ba = compare_spans(&sb, &sa);
        for (x, y) in std::iter::once((&ab.overall, &ba.overall)).chain(ab.per_tag.iter().zip(&ba.per_tag)) {
            prop_assert_eq!(x.exact.matched, y.exact.matched);
            prop_assert_eq!(x.overlap.matched, y.overlap.matched);
            prop_assert!(same_opt(x.exact.f1, y.exact.f1));
            prop_assert!(same_opt(x.overlap.precision, y.overlap.recall));
            prop_assert!(x.overlap.matched >= x.exact.matched);
        }
    }

    #[test]
    fn figures_do_not_depend_on_annotator_order(works in works_strategy(), rot in 0usize..6) {
        let r = agreement(&doc(works.clone())).expect("report");
        let mut turned = works.clone();
        let k = rot % turned.len();
        turned.rotate_left(k);
        turned.swap(0, 1);
        let t = agreement(&doc(turned)).expect("report");
        let pos = |name: &str| t.names().iter().position(|n| *n == name).expect("name");
        let all = |r: &Report| -> Vec<Figures> {
            std::iter::once(r.sentences.overall.clone()).chain(r.sentences.per_tag.iter().cloned()).collect()
        };
        for (f, g) in all(&r).iter().zip(&all(&t)) {
            prop_assert!(same(f.fleiss.value, g.fleiss.value));
            prop_assert!(same(f.alpha.value, g.alpha.value));
            prop_assert!(same_opt(f.alpha.observed, g.alpha.observed));
            for ((i, j), c) in &f.cohen {
                let (x, y) = (pos(r.names()[*i]), pos(r.names()[*j]));
                let (_, d) = g.cohen.iter().find(|((p, q), _)| (*p, *q) == (x.min(y), x.max(y))).expect("pair");
                prop_assert!(same(c.value, d.value));
            }
        }
        for p in &r.spans {
            let (x, y) = (pos(r.names()[p.pair.0]), pos(r.names()[p.pair.1]));
            let q = t.spans.iter().find(|q| q.pair == (x.min(y), x.max(y))).expect("pair");
            for (a, b) in std::iter::once((&p.overall, &q.overall)).chain(p.per_tag.iter().zip(&q.per_tag)) {
                prop_assert!(same_opt(a.exact.f1, b.exact.f1));
                prop_assert!(same_opt(a.overlap.f1, b.overlap.f1));
                // Precision of the first against the second: recall when
                // the pair's order turned.
                let b_p = if x < y { b.exact.precision } else { b.exact.recall };
                prop_assert!(same_opt(a.exact.precision, b_p));
            }
        }
        // The same disagreements, each annotator's say moved with them.
        prop_assert_eq!(r.sentence_disagreements.len(), t.sentence_disagreements.len());
        prop_assert_eq!(r.span_disagreements.len(), t.span_disagreements.len());
        for (d, e) in r.sentence_disagreements.iter().zip(&t.sentence_disagreements) {
            prop_assert_eq!((d.document, &d.sentence), (e.document, &e.sentence));
            for (i, label) in d.labels.iter().enumerate() {
                prop_assert_eq!(label, &e.labels[pos(r.names()[i])]);
            }
        }
        for (d, e) in r.span_disagreements.iter().zip(&t.span_disagreements) {
            prop_assert_eq!((d.document, &d.span), (e.document, &e.span));
            for (i, presence) in d.who.iter().enumerate() {
                prop_assert_eq!(presence, &e.who[pos(r.names()[i])]);
            }
        }
    }

    #[test]
    fn figures_stay_in_range(works in works_strategy()) {
        let r = agreement(&doc(works)).expect("report");
        let all: Vec<&Figures> = std::iter::once(&r.sentences.overall).chain(r.sentences.per_tag.iter()).collect();
        for f in all {
            for (_, g) in &f.cohen {
                if let Ok(v) = g.value {
                    prop_assert!(v >= -1.0 - 1e-12, "{v}");
                }
            }
            for g in f.cohen.iter().map(|(_, g)| g).chain([&f.fleiss, &f.alpha]) {
                if let Some(o) = g.observed {
                    prop_assert!((0.0..=1.0).contains(&o), "{o}");
                }
                if let Some(e) = g.expected {
                    prop_assert!((0.0..=1.0).contains(&e), "{e}");
                }
                if let Ok(v) = g.value {
                    prop_assert!(v <= 1.0 + 1e-12, "{v}");
                }
                if g.value == Err(Undefined::OneLabel) {
                    prop_assert_eq!(g.observed, Some(1.0));
                }
            }
        }
        for p in &r.spans {
            for s in std::iter::once(&p.overall).chain(p.per_tag.iter()) {
                for v in [s.exact.precision, s.exact.recall, s.exact.f1, s.overlap.precision, s.overlap.recall, s.overlap.f1].into_iter().flatten() {
                    prop_assert!((0.0..=1.0).contains(&v));
                }
                prop_assert!(s.overlap.matched >= s.exact.matched);
            }
        }
    }

    #[test]
    fn identical_work_agrees_fully(works in works_strategy()) {
        let m = works.len();
        let same_work: Vec<Work> = (0..m).map(|i| Work { annotator: format!("c{i}"), ..works[0].clone() }).collect();
        let r = agreement(&doc(same_work)).expect("report");
        let all: Vec<&Figures> = std::iter::once(&r.sentences.overall).chain(r.sentences.per_tag.iter()).collect();
        for f in all {
            for g in f.cohen.iter().map(|(_, g)| g).chain([&f.fleiss, &f.alpha]) {
                // 1 wherever it is defined; undefined only for nothing to
                // compare or one label everywhere (chance agreement 1).
                match g.value {
                    Ok(v) => prop_assert!((v - 1.0).abs() < 1e-12, "{v}"),
                    Err(Undefined::NoItems) => prop_assert_eq!(g.items, 0),
                    Err(Undefined::OneLabel) => {
                        prop_assert!(g.items > 0);
                        prop_assert!(g.expected.is_some_and(|e| (e - 1.0).abs() < 1e-12), "{:?}", g.expected);
                    }
                }
                if g.items > 0 {
                    prop_assert_eq!(g.observed, Some(1.0));
                }
            }
        }
        for p in &r.spans {
            if p.overall.spans.0 > 0 {
                prop_assert_eq!(p.overall.exact.f1, Some(1.0));
                prop_assert_eq!(p.overall.overlap.f1, Some(1.0));
            }
        }
        prop_assert!(r.sentence_disagreements.is_empty());
        prop_assert!(r.span_disagreements.is_empty());
    }
}

/// The overlap matching as defined, with no shortcut: every candidate pair
/// of all the spans (any sentence), ranked, taken greedily. What
/// [`compare_spans`] (sentence by sentence, exact pairs first, bit masks)
/// must equal.
fn brute_overlap(a: &[Span], b: &[Span]) -> usize {
    let mut c = Vec::new();
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            if x.tag == y.tag && x.shared(y) > 0 {
                c.push(super::span::candidate(x, y, i, j));
            }
        }
    }
    c.sort();
    let (mut used_a, mut used_b, mut n) = (vec![false; a.len()], vec![false; b.len()], 0);
    for &(.., i, j) in &c {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            n += 1;
        }
    }
    n
}

/// Crowded spans: up to 25 on each side in three sentences of 50 code
/// points, often nested, overlapping several others, or repeated.
fn crowded() -> impl Strategy<Value = Vec<Span>> {
    proptest::collection::vec(
        (0u32..3, 0usize..3, 0usize..45, 1usize..20).prop_map(|(s, t, start, len)| {
            let base = s as usize * 50;
            span(s, Tag::ALL[t], base + start, base + (start + len).min(50))
        }),
        0..25,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn overlap_matching_equals_the_greedy_over_every_pair(a in crowded(), b in crowded()) {
        let f = compare_spans(&a, &b);
        prop_assert_eq!(f.overall.overlap.matched, brute_overlap(&a, &b));
        prop_assert_eq!(compare_spans(&b, &a).overall.overlap.matched, f.overall.overlap.matched);
        for t in Tag::ALL {
            let only = |s: &[Span]| s.iter().filter(|x| x.tag == t).copied().collect::<Vec<_>>();
            prop_assert_eq!(f.tag(t).overlap.matched, brute_overlap(&only(&a), &only(&b)));
        }
    }
}
