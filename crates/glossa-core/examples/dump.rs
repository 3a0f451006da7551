//! Prints how Glossa reads an article: header, then one line per sentence
//! with its paragraph, the rule that ended it, any suggestion, and the text.
//! `cargo run -p glossa-core --example dump -- FILE`

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE");
        std::process::exit(2);
    };
    let raw = match std::fs::read_to_string(&path) {
        Ok(raw) => raw,
        Err(e) => {
            eprintln!("dump: cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    let d = glossa_core::parse_article(&raw);
    println!(
        "title: {}\ncategories: {:?}\nsource: {:?}",
        d.title, d.categories, d.source
    );
    let suggestions = glossa_core::suggest::suggest(&d);
    for s in &d.sentences {
        let sug = suggestions
            .iter()
            .find(|x| x.sentence == s.id)
            .map(|x| format!("{}[{}]", x.tag.name(), x.speaker.as_deref().unwrap_or("")))
            .unwrap_or_default();
        println!(
            "{}\t{}\t{:?}\t{}\t{}",
            s.id,
            s.paragraph,
            s.rule,
            sug,
            s.text(&d)
        );
    }
}
