//! Agreement on 20,000 sentences × 5 annotators (the last one stopped at
//! 90 %): the whole report (κ by pair, Fleiss' κ, α, four-way and per
//! tag, span figures by pair, the disagreements), which the app's
//! agreement view will compute on the main thread and must finish well
//! within a frame (16 ms; the aim is under 5 ms natively). Two sets:
//!
//! - `typical`: a span on one sentence in four or so, annotators agreeing
//!   on about 90 % of labels and spans;
//! - `heavy`: two spans on every sentence, a quarter of them left out and
//!   a quarter with other boundaries, one label in five changed — about
//!   150,000 spans and 60,000 span disagreements.
//!
//! Run: `cargo bench -p glossa-core --bench agreement`. It first prints a
//! quick measurement of each (best and median of 30 runs, wall and CPU
//! time), then criterion's.

use criterion::{criterion_group, criterion_main, Criterion};
use glossa_core::agreement::{agreement, DocumentWork, Label, Span, Work};
use glossa_core::{SentenceId, Tag};
use std::hint::black_box;
use std::time::{Duration, Instant};

const SENTENCES: usize = 20_000;
const ANNOTATORS: usize = 5;
/// Code points per generated sentence.
const LENGTH: usize = 120;

/// How the generated annotators work: the chance (1 in n) that a slot
/// holds a span, that an annotator leaves a span out, moves its end, or
/// changes a label.
struct Noise {
    span: usize,
    drop: usize,
    jitter: usize,
    relabel: usize,
}

const TYPICAL: Noise = Noise {
    span: 4,
    drop: 10,
    jitter: 10,
    relabel: 10,
};
const HEAVY: Noise = Noise {
    span: 1,
    drop: 4,
    jitter: 4,
    relabel: 5,
};

fn documents(noise: &Noise) -> Vec<DocumentWork> {
    let mut x: u64 = 88_172_645_463_325_252;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let truth: Vec<usize> = (0..SENTENCES).map(|_| next(4)).collect();
    // Two slots for spans per sentence.
    let truth_spans: Vec<Option<(Tag, usize, usize)>> = (0..SENTENCES * 2)
        .map(|k| {
            let start = (k / 2) * LENGTH + (k % 2) * 60 + next(10);
            (next(noise.span) == 0).then(|| (Tag::ALL[next(3)], start, start + 5 + next(40)))
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
                        Label::ALL[if next(noise.relabel) == 0 {
                            next(4)
                        } else {
                            truth[s]
                        }]
                    })
                })
                .collect();
            let spans = truth_spans
                .iter()
                .enumerate()
                .filter_map(|(k, truth)| {
                    let (tag, start, end) = (*truth)?;
                    (next(noise.drop) != 0).then(|| Span {
                        sentence: SentenceId((k / 2) as u32),
                        tag,
                        start,
                        end: if next(noise.jitter) == 0 {
                            end + 1
                        } else {
                            end
                        },
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

/// This thread's time on a CPU so far (Linux), which a busy machine does
/// not inflate as it does wall time.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Best and median wall time of 30 runs, and their mean CPU time (the
/// kernel counts it in ticks, too coarse for one run).
fn quick(name: &str, docs: &[DocumentWork]) {
    const RUNS: u32 = 30;
    let spans: usize = docs[0].works.iter().map(|w| w.spans.len()).sum();
    let cpu_start = cpu_time();
    let mut wall: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            black_box(agreement(black_box(docs)).map(|r| r.span_disagreements.len()))
                .unwrap_or_default();
            t.elapsed()
        })
        .collect();
    let cpu = cpu_time()
        .zip(cpu_start)
        .map(|(end, start)| (end - start) / RUNS);
    wall.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let report = agreement(docs).expect("a report");
    println!(
        "{name}: {SENTENCES} sentences × {ANNOTATORS} annotators, {spans} spans \
         ({} sentence and {} span disagreements): best {:.2} ms, median {:.2} ms{}",
        report.sentence_disagreements.len(),
        report.span_disagreements.len(),
        ms(wall[0]),
        ms(wall[wall.len() / 2]),
        cpu.map_or(String::new(), |c| format!(", CPU mean {:.2} ms", ms(c))),
    );
}

fn bench(c: &mut Criterion) {
    let typical = documents(&TYPICAL);
    let heavy = documents(&HEAVY);
    quick("typical", &typical);
    quick("heavy", &heavy);
    let mut g = c.benchmark_group("agreement");
    g.sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    g.bench_function("20k_sentences_5_annotators_typical", |b| {
        b.iter(|| agreement(black_box(&typical)))
    });
    g.bench_function("20k_sentences_5_annotators_heavy", |b| {
        b.iter(|| agreement(black_box(&heavy)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
