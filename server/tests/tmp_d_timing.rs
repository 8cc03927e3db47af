use docwright::analysis::config::Config;
use docwright::analysis::kinds::detect::{DetectInput, PathHints, detect_kind};
use docwright::analysis::rules::{RuleContext, all_rules};
use std::time::Instant;

#[test]
fn timing() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/rust-rfcs/text");
    let mut docs = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        docs.push((name, String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned()));
    }
    let config = Config::default();
    let hints = PathHints { rfc_template_sibling: true, ..Default::default() };
    let outlines: Vec<_> = docs.iter().map(|(n, t)| docwright::analysis::outline::parse_outline_fast(t, Some(n))).collect();
    let t = Instant::now();
    for ((name, text), outline) in docs.iter().zip(&outlines) {
        let path = format!("text/{name}");
        detect_kind(&DetectInput { path: Some(&path), text, outline, config: &config, hints: &hints });
    }
    println!("TIMING detect {:?}", t.elapsed());
    let kind = config.kind("rfc");
    for rule in all_rules() {
        let t = Instant::now();
        let mut out = Vec::new();
        for ((name, text), outline) in docs.iter().zip(&outlines) {
            let path = format!("text/{name}");
            let ctx = RuleContext { path: Some(&path), text, outline, kind, config: &config, is_template: false, today: "2026-11-23" };
            rule.check(&ctx, &mut out);
        }
        println!("TIMING {} {:?} {}", rule.id(), t.elapsed(), out.len());
    }
}
