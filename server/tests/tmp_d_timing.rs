use docwright::analysis::check::{CheckInput, check};
use docwright::analysis::config::Config;
use docwright::analysis::kinds::detect::PathHints;
use std::time::Instant;

#[test]
fn timing() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/rust-rfcs/text");
    let mut docs = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        docs.push((name, String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned()));
    }
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    let config = Config::default();
    let hints = PathHints { rfc_template_sibling: true, ..Default::default() };
    let t = Instant::now();
    let outlines: Vec<_> = docs.iter().map(|(n, t)| docwright::analysis::outline::parse_outline_fast(t, Some(n))).collect();
    let parse = t.elapsed();
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..3 {
        for ((name, text), outline) in docs.iter().zip(&outlines) {
            let path = format!("text/{name}");
            n += check(&CheckInput { path: Some(&path), text, outline, config: &config, hints: &hints, today: "2026-11-23" }).diagnostics.len();
        }
    }
    let checking = t.elapsed() / 3;
    println!("{} files, {} bytes: fast outline {:?}, detect+rules {:?}, {} diagnostics", docs.len(), bytes, parse, checking, n / 3);
}
