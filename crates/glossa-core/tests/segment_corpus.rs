//! Runs every case of `tests/data/segment_cases.txt` (format described at the
//! top of that file) through [`segment::split`] and reports all failing
//! cases, each with the rule behind every decision, before failing.

use glossa_core::segment;

const CASES: &str = include_str!("data/segment_cases.txt");

struct Case {
    line: usize,
    note: String,
    input: String,
    expected: Vec<String>,
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_cases(src: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut lines = src.lines().enumerate().peekable();
    // File comment before the first separator.
    for (_, l) in lines.by_ref() {
        if l == "===" {
            break;
        }
    }
    while lines.peek().is_some() {
        let mut note = Vec::new();
        let mut input = Vec::new();
        let mut expected = Vec::new();
        let mut line = 0;
        let mut in_expected = false;
        for (n, l) in lines.by_ref() {
            if l == "===" {
                break;
            }
            if in_expected {
                if !l.trim().is_empty() {
                    expected.push(squash(l));
                }
            } else if l == "---" {
                in_expected = true;
            } else if input.is_empty() && l.starts_with('#') {
                note.push(l.trim_start_matches('#').trim().to_string());
            } else {
                if input.is_empty() {
                    line = n + 1;
                }
                input.push(l);
            }
        }
        assert!(in_expected, "case at line {line} has no `---` line");
        cases.push(Case {
            line,
            note: note.join(" "),
            input: input.join("\n"),
            expected,
        });
    }
    cases
}

fn report(case: &Case, got: &[String]) -> String {
    let mut out = format!(
        "line {}: {}\n  input:    {:?}\n  expected: {:#?}\n  got:      {:#?}\n  decisions:\n",
        case.line, case.note, case.input, case.expected, got
    );
    for d in segment::explain(&case.input) {
        let before: String = case.input[..d.at]
            .chars()
            .rev()
            .take(24)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        out.push_str(&format!(
            "    @{:<4} {:<22} …{:?}  ({})\n",
            d.at,
            format!("{:?}", d.rule),
            before,
            d.rule.describe()
        ));
    }
    out
}

#[test]
fn corpus_has_enough_cases() {
    let cases = parse_cases(CASES);
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    for c in &cases {
        assert!(!c.input.trim().is_empty(), "empty input at line {}", c.line);
        assert!(
            !c.expected.is_empty(),
            "no expected sentences at line {}",
            c.line
        );
    }
}

#[test]
fn corpus_cases_pass() {
    let cases = parse_cases(CASES);
    let mut failures = Vec::new();
    for case in &cases {
        let got: Vec<String> = segment::split(&case.input)
            .iter()
            .map(|p| squash(&case.input[p.start..p.end]))
            .collect();
        if got != case.expected {
            failures.push(report(case, &got));
        }
    }
    println!(
        "segment corpus: {}/{} cases pass",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
