//! Segmentation throughput on the deterministic 2 MB article
//! (`generate::long_article` grown from the seed article).
//!
//! - `segment_split`: `segment::split` over every paragraph's text, which is
//!   what a sentence splitter does and what `scripts/bench.sh` compares with
//!   pySBD;
//! - `parse_article`: the whole parse (layout, segmentation, code point and
//!   UTF-16 offsets, SHA-256 of the text).
//!
//! Run: `cargo bench -p glossa-core --bench segment`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use glossa_core::{generate, parse_article, segment};
use std::hint::black_box;
use std::time::Duration;

const SEED: &str = include_str!("../../../assets/voa-counterespionage.txt");
const TARGET_BYTES: usize = 2_000_000;

fn bench(c: &mut Criterion) {
    let article = generate::long_article(SEED, TARGET_BYTES);
    let doc = parse_article(&article);
    let paragraphs: Vec<&str> = doc
        .paragraphs
        .iter()
        .filter_map(|p| doc.slice(p.start, p.end))
        .collect();
    let paragraph_bytes: usize = paragraphs.iter().map(|p| p.len()).sum();
    println!(
        "article: {} bytes, {} paragraphs ({} bytes), {} sentences",
        article.len(),
        paragraphs.len(),
        paragraph_bytes,
        doc.sentences.len()
    );

    let mut g = c.benchmark_group("segment_2mb");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));

    g.throughput(Throughput::Bytes(paragraph_bytes as u64));
    g.bench_function("segment_split", |b| {
        b.iter(|| {
            paragraphs
                .iter()
                .map(|p| segment::split(black_box(p)).len())
                .sum::<usize>()
        })
    });

    g.throughput(Throughput::Bytes(article.len() as u64));
    g.bench_function("parse_article", |b| {
        b.iter(|| parse_article(black_box(&article)).sentences.len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
