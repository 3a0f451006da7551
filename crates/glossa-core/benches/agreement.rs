//! Agreement on a 20,000-sentence document × 5 annotators (with spans):
//! the whole report (κ by pair, Fleiss' κ, α, per tag, span F1, the
//! disagreements), which the app's agreement view computes on the main
//! thread and must finish within a frame or two.
//!
//! Run: `cargo bench -p glossa-core --bench agreement`.

use criterion::{criterion_group, criterion_main, Criterion};
use glossa_core::agreement::{agreement, Coder, Label};
use glossa_core::Tag;
use std::hint::black_box;
use std::time::Duration;

const SENTENCES: usize = 20_000;
const ANNOTATORS: usize = 5;

fn coders() -> Vec<Coder> {
    let mut x: u64 = 88_172_645_463_325_252;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let truth: Vec<Label> = (0..SENTENCES).map(|_| (next() % 4) as Label).collect();
    (0..ANNOTATORS)
        .map(|c| Coder {
            name: format!("c{c}"),
            labels: truth
                .iter()
                .map(|&l| {
                    Some(if next() % 5 == 0 {
                        (next() % 4) as Label
                    } else {
                        l
                    })
                })
                .collect(),
            spans: (0..SENTENCES / 4)
                .filter_map(|i| {
                    let keep = next() % 3 != 0;
                    let (a, b) = ((next() % 4) as usize, (next() % 4) as usize);
                    keep.then_some((Tag::ALL[i % 3], i * 40 + a, i * 40 + 12 + b))
                })
                .collect(),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let coders = coders();
    let mut g = c.benchmark_group("agreement");
    g.measurement_time(Duration::from_secs(5));
    g.bench_function("20k_sentences_5_annotators", |b| {
        b.iter(|| agreement(black_box(&coders)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
