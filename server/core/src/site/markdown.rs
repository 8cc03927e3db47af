//! A document's Markdown as HTML for its page: pulldown-cmark's events written out by hand, so
//! that every heading carries the anchor Docwright resolves (`#the-decision`), every link is
//! rewritten to the site (or dropped when it leads nowhere the site has), and nothing a
//! repository writes can run in a reader's browser (raw HTML is shown as text, except a few
//! formatting tags without attributes; remote images become links).

use crate::index::SectionEntry;
use crate::outline::build::markdown_start;
use crate::outline::normalize::AnchorSlugger;
use crate::site::html::{esc, url_path};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::fmt::Write;

/// The rendered body and its plain text (for the search index).
pub struct Rendered {
    pub html: String,
    pub text: String,
}

/// Formatting tags passed through when written without attributes.
const SAFE_TAGS: &[&str] = &[
    "br", "b", "i", "em", "strong", "sub", "sup", "kbd", "code", "u", "s", "del", "ins", "hr", "p",
    "details", "summary",
];

fn is_safe_tag(html: &str) -> bool {
    let t = html.trim();
    let Some(inner) = t.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
        return false;
    };
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let inner = inner.strip_suffix('/').unwrap_or(inner).trim_end();
    SAFE_TAGS.contains(&inner.to_ascii_lowercase().as_str())
}

/// For an `<a …>`, `<span …>`, `</a>` or `</span>` tag (alone, as pulldown-cmark gives inline
/// HTML): `Some(its id or name)`; `None` for anything else.
fn html_anchor(html: &str) -> Option<Option<String>> {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"(?is)^\s*(?:<(?:a|span)(?:\s[^<>]*)?>\s*(?:</(?:a|span)>)?|</(?:a|span)>)\s*$"#,
        )
        .expect("valid pattern")
    });
    static ID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?i)\b(?:id|name)\s*=\s*["']([^"'>]+)["']"#).expect("valid pattern")
    });
    if !TAG.is_match(html) {
        return None;
    }
    Some(ID.captures(html).map(|c| c[1].to_string()))
}

fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

/// Renders `text` (a whole document, front matter included: it is skipped). `sections` are the
/// document's index sections: their anchors are given to the headings in order. `rewrite`
/// maps a link destination to the `href` the site uses, or `None` to drop the link (its text
/// stays).
pub fn render(
    text: &str,
    sections: &[SectionEntry],
    rewrite: &dyn Fn(&str) -> Option<String>,
) -> Rendered {
    let body = &text[markdown_start(text)..];
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events: Vec<Event> = Parser::new_ext(body, options).collect();
    // The anchors the resolver knows, for the headings in order; a fresh GitHub slugging when
    // the counts disagree (they come from the same reading, so they should not).
    // One group per heading (a heading with an `{#id}` attribute has two anchors, one range).
    let mut anchors: Vec<Vec<&str>> = Vec::new();
    let mut group_of: std::collections::HashMap<(usize, usize), usize> = Default::default();
    for section in sections.iter().filter(|s| s.level > 0) {
        let key = (section.range.start, section.range.end);
        match group_of.get(&key) {
            Some(&group) => anchors[group].push(section.anchor.as_str()),
            None => {
                group_of.insert(key, anchors.len());
                anchors.push(vec![section.anchor.as_str()]);
            }
        }
    }
    let heading_count = events
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::Heading { .. })))
        .count();
    let use_index = heading_count == anchors.len();
    let mut slugger = AnchorSlugger::default();
    let mut heading_n = 0usize;

    let mut out = String::with_capacity(body.len() * 2);
    let mut plain = String::with_capacity(body.len());
    // Links opened: whether each was written (a dropped link closes with nothing).
    let mut links: Vec<bool> = Vec::new();
    // Inside an image: its alt text is collected, not written.
    let mut image: Option<(Option<String>, String)> = None;
    let mut in_table_head = false;
    // Heading being collected: (level, inner html, plain text).
    let mut heading: Option<(HeadingLevel, String, String)> = None;

    // Inline content of a heading goes to the heading's buffer.
    macro_rules! o {
        () => {
            match heading.as_mut() {
                Some(h) => &mut h.1,
                None => &mut out,
            }
        };
    }
    for event in events {
        if let Some((_, alt)) = image.as_mut() {
            match event {
                Event::End(TagEnd::Image) => {
                    let (href, alt) = image.take().unwrap_or_default();
                    let alt = if alt.is_empty() {
                        "image".to_string()
                    } else {
                        alt
                    };
                    match href {
                        Some(href) => {
                            let _ = write!(
                                o!(),
                                "<a class=\"img\" href=\"{}\">[{}]</a>",
                                esc(&href),
                                esc(&alt)
                            );
                        }
                        None => {
                            let _ = write!(o!(), "<span class=\"img\">[{}]</span>", esc(&alt));
                        }
                    }
                }
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => o!().push_str("<p>"),
                Tag::Heading { level, .. } => {
                    heading = Some((level, String::new(), String::new()));
                }
                Tag::BlockQuote(_) => o!().push_str("<blockquote>\n"),
                Tag::CodeBlock(kind) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info
                            .split_whitespace()
                            .next()
                            .map(str::to_string)
                            .filter(|l| !l.is_empty()),
                        CodeBlockKind::Indented => None,
                    };
                    match lang {
                        Some(lang) => {
                            let _ = write!(o!(), "<pre><code class=\"language-{}\">", esc(&lang));
                        }
                        None => o!().push_str("<pre><code>"),
                    }
                }
                Tag::HtmlBlock => {}
                Tag::List(Some(start)) if start != 1 => {
                    let _ = writeln!(o!(), "<ol start=\"{start}\">");
                }
                Tag::List(Some(_)) => o!().push_str("<ol>\n"),
                Tag::List(None) => o!().push_str("<ul>\n"),
                Tag::Item => o!().push_str("<li>"),
                Tag::Table(_) => o!().push_str("<div class=\"table\"><table>\n"),
                Tag::TableHead => {
                    in_table_head = true;
                    o!().push_str("<thead><tr>");
                }
                Tag::TableRow => o!().push_str("<tr>"),
                Tag::TableCell => o!().push_str(if in_table_head { "<th>" } else { "<td>" }),
                Tag::Emphasis => o!().push_str("<em>"),
                Tag::Strong => o!().push_str("<strong>"),
                Tag::Strikethrough => o!().push_str("<del>"),
                Tag::Link { dest_url, .. } => match rewrite(&dest_url) {
                    Some(href) => {
                        let _ = write!(o!(), "<a href=\"{}\">", esc(&href));
                        links.push(true);
                    }
                    None => links.push(false),
                },
                Tag::Image { dest_url, .. } => {
                    image = Some((rewrite(&dest_url), String::new()));
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph => {
                    o!().push_str("</p>\n");
                    plain.push('\n');
                }
                TagEnd::Heading(_) => {
                    if let Some((level, inner, text)) = heading.take() {
                        let (anchor, more) = match anchors.get(heading_n).filter(|_| use_index) {
                            Some(group) => (group[0].to_string(), &group[1..]),
                            None => (slugger.slug(&text), &[][..]),
                        };
                        heading_n += 1;
                        let n = level as u8;
                        let extra: String = more
                            .iter()
                            .map(|a| format!("<span id=\"{}\"></span>", esc(a)))
                            .collect();
                        let _ = writeln!(
                            out,
                            "<h{n} id=\"{a}\">{extra}<a class=\"anchor\" href=\"#{h}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>{inner}</h{n}>",
                            a = esc(&anchor),
                            h = esc(&url_path(&anchor))
                        );
                        plain.push_str(&text);
                        plain.push('\n');
                    }
                }
                TagEnd::BlockQuote(_) => o!().push_str("</blockquote>\n"),
                TagEnd::CodeBlock => o!().push_str("</code></pre>\n"),
                TagEnd::HtmlBlock => {}
                TagEnd::List(true) => o!().push_str("</ol>\n"),
                TagEnd::List(false) => o!().push_str("</ul>\n"),
                TagEnd::Item => o!().push_str("</li>\n"),
                TagEnd::Table => o!().push_str("</tbody></table></div>\n"),
                TagEnd::TableHead => {
                    in_table_head = false;
                    o!().push_str("</tr></thead><tbody>\n");
                }
                TagEnd::TableRow => o!().push_str("</tr>\n"),
                TagEnd::TableCell => o!().push_str(if in_table_head { "</th>" } else { "</td>" }),
                TagEnd::Emphasis => o!().push_str("</em>"),
                TagEnd::Strong => o!().push_str("</strong>"),
                TagEnd::Strikethrough => o!().push_str("</del>"),
                TagEnd::Link if links.pop() == Some(true) => o!().push_str("</a>"),
                _ => {}
            },
            Event::Text(t) => {
                o!().push_str(&esc(&t));
                match heading.as_mut() {
                    Some(h) => h.2.push_str(&t),
                    None => plain.push_str(&t),
                }
            }
            Event::Code(t) => {
                let _ = write!(o!(), "<code>{}</code>", esc(&t));
                match heading.as_mut() {
                    Some(h) => h.2.push_str(&t),
                    None => plain.push_str(&t),
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                if let Some(anchor) = html_anchor(&t) {
                    // `<a name="x">`: the anchor stays (lower case, as links compare it); the
                    // tag goes.
                    if let Some(id) = anchor {
                        let _ = write!(o!(), "<span id=\"{}\"></span>", esc(&id.to_lowercase()));
                    }
                } else if is_safe_tag(&t) {
                    o!().push_str(t.trim());
                } else if !is_comment(&t) {
                    let _ = write!(o!(), "<code class=\"html\">{}</code>", esc(&t));
                }
            }
            Event::SoftBreak => {
                o!().push('\n');
                plain.push(' ');
            }
            Event::HardBreak => {
                o!().push_str("<br>\n");
                plain.push(' ');
            }
            Event::Rule => o!().push_str("<hr>\n"),
            Event::TaskListMarker(done) => {
                o!().push_str(if done {
                    "<input type=\"checkbox\" disabled checked> "
                } else {
                    "<input type=\"checkbox\" disabled> "
                });
            }
            Event::FootnoteReference(t) => {
                let _ = write!(o!(), "[{}]", esc(&t));
            }
            _ => {}
        }
    }
    Rendered {
        html: out,
        text: plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::position::TextRange;

    fn section(level: u8, anchor: &str, at: usize) -> SectionEntry {
        SectionEntry {
            level,
            text: anchor.into(),
            anchor: anchor.into(),
            range: TextRange::new(at, at + 1),
        }
    }

    #[test]
    fn headings_take_the_index_anchors_and_links_are_rewritten() {
        let text =
            "---\ntitle: x\n---\n# T\n\n## Decision\n\nSee [b](0002-b.md#ctx) and [gone](x.txt).\n";
        let rendered = render(
            text,
            &[
                section(1, "t", 17),
                section(2, "the-decision", 22),
                section(2, "decided", 22),
            ],
            &|d| d.starts_with("0002").then(|| "0002-b.html#ctx".to_string()),
        );
        // A heading with two anchors (an `{#id}` attribute) keeps both.
        assert!(
            rendered
                .html
                .contains("<h2 id=\"the-decision\"><span id=\"decided\"></span>"),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains("<a href=\"0002-b.html#ctx\">b</a>"));
        assert!(rendered.html.contains(" and gone."), "{}", rendered.html);
        assert!(!rendered.html.contains("title: x"));
        assert!(rendered.text.contains("Decision"));
    }

    #[test]
    fn raw_html_never_runs() {
        let text = "# T\n\n<a name=\"Old\"></a>\n\n<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)> y<br>\n\n<!-- c -->\n";
        let rendered = render(text, &[], &|_| None);
        assert!(!rendered.html.contains("<script"), "{}", rendered.html);
        assert!(!rendered.html.contains("<img"), "{}", rendered.html);
        assert!(rendered.html.contains("y<br>"));
        assert!(!rendered.html.contains("<!--"));
        assert!(
            rendered.html.contains("<span id=\"old\"></span>"),
            "{}",
            rendered.html
        );
        // Fallback slugs when the index sections do not match.
        assert!(rendered.html.contains("<h1 id=\"t\">"));
    }
}
