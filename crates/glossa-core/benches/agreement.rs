//! Agreement on 20,000 sentences × 5 annotators, with about 10,000 spans
//! each: the whole report (κ by pair, Fleiss' κ, α, four-way and per tag,
//! span figures by pair, the disagreements), which the app's agreement
//! view will compute on the main thread and must finish well within a
//! frame (16 ms; the aim is under 5 ms natively).
//!
//! Run: `cargo bench -p glossa-core --bench agreement`. It first prints a
//! quick measurement (best and median of 30 runs), then criterion's.

use criterion::{criterion_group, criterion_main, Criterion};
use glossa_core::agreement::{agreement, DocumentWork, Label, Span, Work};
use glossa_core::{SentenceId, Tag};
use std::hint::black_box;
use std::time::{Duration, Instant};

const SENTENCES: usize = 20_000;
const ANNOTATORS: usize = 5;
/// Code points per generated sentence.
const LENGTH: usize = 120;

fn documents() -> Vec<DocumentWork> {
    let mut x: u64 = 88_172_645_463_325_252;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let truth: Vec<usize> = (0..SENTENCES).map(|_| next(4)).collect();
    // Two candidate spans per sentence, each annotator keeping most.
    let truth_spans: Vec<(Tag, usize, usize)> = (0..SENTENCES * 2)
        .map(|k| {
            let start = (k / 2) * LENGTH + (k % 2) * 60 + next(10);
            (Tag::ALL[next(3)], start, start + 5 + next(40))
        })
        .collect();
    let works = (0..ANNOTATORS)
        .map(|a| {
            // The last annotator stopped at 90 %.
            let reached = if a == ANNOTATORS - 1 {
                SENTENCES * 9 / 10
            } else {
                SENTENCES
            };
            let labels = (0..SENTENCES)
                .map(|s| {
                    (s < reached).then(|| {
                        Label::ALL[if next(5) == 0 { next(4) } else { truth[s] }]
                    })
                })
                .collect();
            let spans = truth_spans
                .iter()
                .enumerate()
                .filter_map(|(k, &(tag, start, end))| {
                    (next(4) != 0).then(|| Span {
                        sentence: SentenceId((k / 2) as u32),
                        tag,
                        start,
                        end: if next(4) == 0 { end + 1 } else { end },
                    })
                })
                .collect();
            Work {
                annotator: format!("annotator {a}"),
                labels,
                spans,
            }
        })
        .collect();
    vec![DocumentWork {
        title: "generated".into(),
        works,
    }]
}

fn bench(c: &mut Criterion) {
    let docs = documents();
    let spans: usize = docs[0].works.iter().map(|w| w.spans.len()).sum();
    let mut times: Vec<Duration> = (0..30)
        .map(|_| {
            let t = Instant::now();
            black_box(agreement(black_box(&docs)).map(|r| r.span_disagreements.len()))
                .unwrap_or_default();
            t.elapsed()
        })
        .collect();
    times.sort();
    let report = agreement(&docs).expect("a report");
    println!(
        "agreement: {SENTENCES} sentences × {ANNOTATORS} annotators, {spans} spans: \
         best {:.2} ms, median {:.2} ms ({} sentence and {} span disagreements)",
        times[0].as_secs_f64() * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3,
        report.sentence_disagreements.len(),
        report.span_disagreements.len(),
    );
    let mut g = c.benchmark_group("agreement");
    g.sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    g.bench_function("20k_sentences_5_annotators", |b| {
        b.iter(|| agreement(black_box(&docs)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
