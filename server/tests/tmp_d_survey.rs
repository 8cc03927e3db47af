use docwright::analysis::check::check_text;
use docwright::analysis::config::Config;
use docwright::analysis::kinds::detect::PathHints;

#[test]
fn survey() {
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
    for (dir, prefix, hints) in [
        ("rust-rfcs/text", "text", PathHints { rfc_template_sibling: true, ..Default::default() }),
        ("madr/decisions", "docs/decisions", PathHints::default()),
        ("madr/template", "docs/decisions", PathHints::default()),
        ("adrs-rs/adr", "doc/adr", PathHints::default()),
    ] {
        let mut files: Vec<_> = std::fs::read_dir(format!("{base}/{dir}")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "md")).collect();
        files.sort();
        let mut counts = std::collections::BTreeMap::<String, Vec<String>>::new();
        for p in &files {
            let name = p.file_name().unwrap().to_str().unwrap();
            let text = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
            let r = check_text(Some(&format!("{prefix}/{name}")), &text, &Config::default(), &hints, "2026-11-23");
            counts.entry(format!("kind {:?}", r.detection.kind)).or_default().push(name.to_string());
            for d in &r.diagnostics {
                counts.entry(d.rule.to_string()).or_default().push(format!("{name}: {} [{}]", d.message.chars().take(150).collect::<String>(), d.range.slice(&text).chars().take(40).collect::<String>()));
            }
        }
        println!("##### {dir}");
        for (rule, items) in &counts {
            println!("== {rule}: {}", items.len());
            for i in items.iter().take(12) { println!("   {i}"); }
        }
    }
}
