fn main() {
    let path = std::env::args().nth(1).expect("file");
    let raw = std::fs::read_to_string(path).expect("read");
    let d = glossa_core::parse_article(&raw);
    println!(
        "title: {}\ncategories: {:?}\nsource: {:?}",
        d.title, d.categories, d.source
    );
    for s in &d.sentences {
        println!("{}\t{}\t{}", s.id, s.paragraph, s.text(&d));
    }
}
