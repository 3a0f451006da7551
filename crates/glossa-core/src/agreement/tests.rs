use super::*;
use proptest::prelude::*;

fn col(labels: &[u8]) -> Vec<Option<Label>> {
    labels.iter().map(|&l| (l != 9).then_some(l)).collect()
}

fn coder(name: &str, labels: &[u8]) -> Coder {
    Coder {
        name: name.into(),
        labels: col(labels),
        spans: Vec::new(),
    }
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a defined figure");
    assert!((a - b).abs() < 1e-12, "{a} vs {b}");
}

#[test]
fn cohen_on_a_worked_example() {
    // 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 (the usual
    // textbook table): po = 0.7, pe = 0.5, κ = 0.4.
    let mut a = Vec::new();
    let mut b = Vec::new();
    for (x, y, n) in [(1, 1, 20), (1, 0, 5), (0, 1, 10), (0, 0, 15)] {
        for _ in 0..n {
            a.push(Some(x));
            b.push(Some(y));
        }
    }
    let f = cohen(&a, &b, 2);
    close(f.value, 0.4);
    close(f.observed, 0.7);
    assert_eq!(f.items, 50);
}

#[test]
fn fleiss_and_alpha_on_worked_examples() {
    // Krippendorff's own nominal example (4 coders, 12 units, missing
    // values): α = 0.743.
    let nan = 9;
    let data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ];
    let columns: Vec<Vec<Option<Label>>> = data.iter().map(|r| col(r)).collect();
    let a = krippendorff(&columns, 6);
    assert!((a.value.expect("α") - 0.743).abs() < 5e-4, "{a:?}");
    assert_eq!(a.items, 11);
    // Fleiss' κ: three raters, all agreeing on every item but one.
    let f = fleiss(
        &[col(&[0, 1, 2, 1]), col(&[0, 1, 2, 2]), col(&[0, 1, 2, 1])],
        3,
    );
    assert!(f.value.expect("κ") > 0.6 && f.value.expect("κ") < 1.0);
}

#[test]
fn single_label_work_is_undefined_not_zero() {
    let a = coder("a", &[0, 0, 0]);
    let b = coder("b", &[0, 0, 0]);
    let r = agreement(&[a, b]).expect("report");
    assert_eq!(r.overall.cohen[0].1.value, None);
    close(r.overall.cohen[0].1.observed, 1.0);
    assert_eq!(r.overall.fleiss.value, None);
    assert_eq!(r.overall.alpha.value, None);
    assert!(r.sentence_disagreements.is_empty());
}

#[test]
fn missing_sentences_are_left_out() {
    let a = coder("a", &[1, 2, 3, 0]);
    let b = coder("b", &[1, 2, 9, 9]);
    let r = agreement(&[a, b]).expect("report");
    assert_eq!(r.overall.cohen[0].1.items, 2);
    close(r.overall.cohen[0].1.value, 1.0);
    assert_eq!(r.overall.fleiss.items, 2);
    assert_eq!(r.overall.alpha.items, 2);
}

#[test]
fn spans_exact_and_by_overlap_one_to_one() {
    let a = vec![
        (Tag::Quote, 0, 10),
        (Tag::Quote, 20, 30),
        (Tag::Claim, 40, 50),
    ];
    let b = vec![
        (Tag::Quote, 0, 10),
        (Tag::Quote, 5, 25),
        (Tag::Denial, 40, 50),
    ];
    let f = span_figures(&a, &b);
    assert_eq!(f.exact.matched, 1);
    close(f.exact.f1, 2.0 / 6.0);
    // [5,25) overlaps both quotes of a; [0,10) is taken by the exact one
    // (10 shared), so it goes to [20,30).
    assert_eq!(f.overlap.matched, 2);
    close(f.overlap.precision, 2.0 / 3.0);
    let none = span_figures(&[], &[]);
    assert_eq!(none.exact.f1, None);
}

#[test]
fn disagreements_name_the_sentence_and_who_said_what() {
    let r = agreement(&[
        coder("a", &[1, 0, 2]),
        coder("b", &[1, 3, 9]),
        coder("c", &[1, 3, 2]),
    ])
    .expect("report");
    assert_eq!(
        r.sentence_disagreements,
        vec![SentenceDisagreement {
            sentence: 1,
            labels: vec![Some(0), Some(3), Some(3)]
        }]
    );
    assert_eq!(
        agreement(&[coder("a", &[1])]),
        Err(AgreementError::TooFewCoders(1))
    );
    assert_eq!(
        agreement(&[coder("a", &[1]), coder("b", &[1, 2])]),
        Err(AgreementError::DifferentDocuments)
    );
}

fn labels_strategy(n: usize) -> impl Strategy<Value = Vec<Option<Label>>> {
    proptest::collection::vec(
        prop_oneof![4 => (0u8..4).prop_map(Some), 1 => Just(None)],
        n,
    )
}

proptest! {
    #[test]
    fn figures_are_symmetric_order_free_and_one_on_identical_work(
        m in 2usize..6,
        seed in proptest::collection::vec(labels_strategy(30), 6),
    ) {
        let coders: Vec<Coder> = seed
            .iter()
            .take(m)
            .enumerate()
            .map(|(i, l)| Coder { name: format!("c{i}"), labels: l.clone(), spans: Vec::new() })
            .collect();
        let r = agreement(&coders).expect("report");
        let mut reversed = coders.clone();
        reversed.reverse();
        let back = agreement(&reversed).expect("report");
        let near = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        };
        prop_assert!(near(r.overall.fleiss.value, back.overall.fleiss.value));
        prop_assert!(near(r.overall.alpha.value, back.overall.alpha.value));
        let ab = cohen(&coders[0].labels, &coders[1].labels, LABELS);
        let ba = cohen(&coders[1].labels, &coders[0].labels, LABELS);
        prop_assert!(near(ab.value, ba.value));
        for f in [r.overall.fleiss, r.overall.alpha].iter().chain(r.overall.cohen.iter().map(|(_, f)| f)) {
            if let Some(o) = f.observed {
                prop_assert!((0.0..=1.0 + 1e-12).contains(&o));
            }
        }
        // Identical work: 1 wherever defined.
        let same: Vec<Coder> = (0..m).map(|i| Coder { name: format!("c{i}"), ..coders[0].clone() }).collect();
        let r = agreement(&same).expect("report");
        for f in [r.overall.fleiss, r.overall.alpha].iter().chain(r.overall.cohen.iter().map(|(_, f)| f)) {
            if let Some(v) = f.value {
                prop_assert!((v - 1.0).abs() < 1e-12, "{v}");
            }
        }
    }
}

/// The one-to-one overlap matching, by trying every pair (what the sweep in
/// `span_figures` must equal).
fn brute_overlap(a: &[(Tag, usize, usize)], b: &[(Tag, usize, usize)]) -> usize {
    let mut c = Vec::new();
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            let shared = x.2.min(y.2).saturating_sub(x.1.max(y.1));
            if x.0 == y.0 && shared > 0 {
                c.push((shared, x.1, y.1, i, j));
            }
        }
    }
    c.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then((x.1, x.2, x.3, x.4).cmp(&(y.1, y.2, y.3, y.4)))
    });
    let (mut ua, mut ub, mut n) = (vec![false; a.len()], vec![false; b.len()], 0);
    for (_, _, _, i, j) in c {
        if !ua[i] && !ub[j] {
            ua[i] = true;
            ub[j] = true;
            n += 1;
        }
    }
    n
}

fn spans_strategy() -> impl Strategy<Value = Vec<(Tag, usize, usize)>> {
    proptest::collection::vec(
        (0usize..3, 0usize..200, 1usize..40).prop_map(|(t, s, l)| (Tag::ALL[t], s, s + l)),
        0..25,
    )
}

proptest! {
    #[test]
    fn the_overlap_sweep_matches_every_pair_tried(a in spans_strategy(), b in spans_strategy()) {
        let f = span_figures(&a, &b);
        prop_assert_eq!(f.overlap.matched, brute_overlap(&a, &b));
        prop_assert_eq!(span_figures(&b, &a).exact.f1, f.exact.f1);
    }
}
