//! Deterministic long articles for benchmarks and load tests.
//!
//! [`long_article`] grows a seed article to a target size in the same layout
//! (categories line, title, paragraphs, `Source : …` line) by cycling its
//! paragraphs and lightly varying them: weekdays are rotated, and each
//! paragraph gets a few short news sentences built from templates (names,
//! figures, times, abbreviations, quotations) picked by a fixed-seed linear
//! congruential generator. Same seed text and size, same output, on every
//! machine. A 2 MB article has about 20,000 sentences.

use crate::article::parse_article;

/// Knuth's MMIX LCG; fixed seed, so the output never changes.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const NAMES: &[&str] = &[
    "Matthew Miller",
    "Wang Wenbin",
    "Sarah Chen",
    "David Okafor",
    "Elena Petrova",
    "James O’Neill",
    "Priya Nair",
    "Tomás García",
];

const TITLES: &[&str] = &["Mr.", "Ms.", "Dr.", "Sen.", "Gen.", "Prof."];

const PLACES: &[&str] = &[
    "Washington",
    "Beijing",
    "the U.S.",
    "the U.K.",
    "Brussels",
    "New York",
    "Taipei",
];

const MONTHS: &[&str] = &["Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];

/// Appends one short template sentence to `out`.
fn template_sentence(out: &mut String, rng: &mut Lcg) {
    let name = rng.pick(NAMES);
    let surname = name.rsplit(' ').next().unwrap_or(name);
    let title = rng.pick(TITLES);
    let place = rng.pick(PLACES);
    let day = rng.pick(WEEKDAYS);
    let a = rng.below(90) + 2;
    let b = rng.below(10);
    let s = match rng.below(8) {
        0 => format!("The figure rose {a}.{b}% to ${a}.{b} billion, officials said."),
        1 => format!(
            "{title} {surname} spoke in {place} at {} p.m. on {day}.",
            a % 12 + 1
        ),
        2 => format!("“We are watching this closely,” {name} said."),
        3 => format!(
            "The report, published on {} {}, runs to {a} pages.",
            rng.pick(MONTHS),
            b + 1
        ),
        4 => format!("Asked about it on {day}, {surname} said: “No comment.”"),
        5 => format!("Officials in {place} declined to comment."),
        6 => format!("Why now? Analysts were divided, with {a}% expecting a deal."),
        _ => format!("About {a},{b}00 people attended, according to No. {b} Street police."),
    };
    out.push(' ');
    out.push_str(&s);
}

/// Rotates weekday names in `text` by `shift` days.
fn rotate_weekdays(text: &str, shift: usize) -> String {
    if shift % WEEKDAYS.len() == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while !rest.is_empty() {
        for (k, day) in WEEKDAYS.iter().enumerate() {
            if let Some(tail) = rest.strip_prefix(day) {
                out.push_str(WEEKDAYS[(k + shift) % WEEKDAYS.len()]);
                rest = tail;
                continue 'outer;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

/// Builds an article of about `target_bytes` bytes (within one paragraph
/// over the target) from `seed`, in the seed's layout. Never fails: a seed
/// without paragraphs gives an article of template sentences.
pub fn long_article(seed: &str, target_bytes: usize) -> String {
    let doc = parse_article(seed);
    let categories = if doc.categories.is_empty() {
        "News".to_string()
    } else {
        doc.categories.join(" ")
    };
    let source = doc.source.clone().unwrap_or_else(|| "Glossa".to_string());
    let paragraphs: Vec<&str> = doc
        .paragraphs
        .iter()
        .filter_map(|p| doc.slice(p.start, p.end))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();

    let footer = format!("\n\nSource : {source}\n");
    let mut out = String::with_capacity(target_bytes + 4096);
    out.push_str(&categories);
    out.push_str("\n\n");
    out.push_str(&doc.title);
    let mut rng = Lcg(0x5EED_0F61_055A);
    let mut k = 0usize;
    loop {
        out.push_str("\n\n");
        let round = if paragraphs.is_empty() {
            0
        } else {
            k / paragraphs.len()
        };
        if let Some(p) = paragraphs.get(k % paragraphs.len().max(1)) {
            out.push_str(&rotate_weekdays(p, round));
        } else {
            out.push_str("The briefing began on time.");
        }
        // About two short sentences per paragraph, so that sentences average
        // about 100 bytes like wire copy.
        let extra = 1 + rng.below(3);
        for _ in 0..extra {
            template_sentence(&mut out, &mut rng);
        }
        k += 1;
        if out.len() + footer.len() >= target_bytes {
            break;
        }
    }
    out.push_str(&footer);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../../assets/voa-counterespionage.txt");

    #[test]
    fn size_is_within_five_percent() {
        for target in [20_000, 200_000, 2_000_000] {
            let a = long_article(SEED, target);
            let diff = a.len().abs_diff(target) as f64 / target as f64;
            assert!(diff < 0.05, "target {target}, got {}", a.len());
        }
    }

    #[test]
    fn keeps_the_layout() {
        let a = long_article(SEED, 50_000);
        assert!(a.starts_with("America Asia China"));
        assert!(a.ends_with("\n\nSource : VOA News\n"));
        let d = parse_article(&a);
        assert_eq!(
            d.title,
            "US Voices Concerns Over China’s Counterespionage Push"
        );
        assert_eq!(d.source.as_deref(), Some("VOA News"));
        assert_eq!(d.categories.first().map(String::as_str), Some("America"));
        assert!(d.paragraphs.len() > 100);
    }

    #[test]
    fn deterministic() {
        assert_eq!(long_article(SEED, 100_000), long_article(SEED, 100_000));
    }

    #[test]
    fn two_megabytes_have_about_twenty_thousand_sentences() {
        let d = parse_article(&long_article(SEED, 2_000_000));
        let n = d.sentences.len();
        assert!((17_000..=23_000).contains(&n), "{n} sentences");
    }

    #[test]
    fn odd_seeds_do_not_fail() {
        assert!(long_article("", 1_000).contains("Source : Glossa"));
        assert!(long_article("Only a title", 500).starts_with("News\n\nOnly a title"));
        assert!(!long_article(SEED, 0).is_empty());
    }

    #[test]
    fn weekdays_rotate() {
        assert_eq!(rotate_weekdays("on Wednesday, é", 1), "on Thursday, é");
        assert_eq!(rotate_weekdays("Sunday", 1), "Monday");
    }
}
