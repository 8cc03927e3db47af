//! The pieces every page shares: escaping, relative links, the page frame, the stylesheet and
//! the two small scripts (filters, search). Every asset is written into the site; nothing is
//! loaded from elsewhere.

use std::fmt::Write;

/// Text or an attribute value, HTML-escaped.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A path of the site percent-encoded for an `href`: `/` kept, and the unreserved characters.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The `href` from the page at `from` (a site path such as `doc/docs/adr/1.html`) to the site
/// path `to`, relative, percent-encoded.
pub fn href(from: &str, to: &str) -> String {
    let folder = from.rfind('/').map_or("", |i| &from[..i]);
    url_path(&crate::resolve::relative_path(folder, to))
}

/// What a page needs besides its body.
pub struct Frame<'a> {
    /// The page's own site path (`index.html`, `doc/x/1.html`).
    pub path: &'a str,
    pub title: &'a str,
    pub site_title: &'a str,
    /// Which menu entry is the current page.
    pub current: &'a str,
    pub canonical: Option<String>,
    /// Scripts of the site to load (site paths).
    pub scripts: &'a [&'a str],
}

/// The whole page: head, the site's menu, `body` in `<main>`.
pub fn page(frame: &Frame, body: &str) -> String {
    let css = href(frame.path, "assets/site.css");
    let mut out = String::with_capacity(body.len() + 2048);
    let title = if frame.title == frame.site_title {
        esc(frame.title)
    } else {
        format!("{} · {}", esc(frame.title), esc(frame.site_title))
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"color-scheme\" content=\"light dark\">\n<title>{title}</title>\n\
<link rel=\"stylesheet\" href=\"{css}\">\n"
    );
    if let Some(canonical) = &frame.canonical {
        let _ = writeln!(out, "<link rel=\"canonical\" href=\"{}\">", esc(canonical));
    }
    out.push_str("</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n");
    let _ = write!(
        out,
        "<header><nav aria-label=\"Site\"><a class=\"brand\" href=\"{}\">{}</a><ul>",
        href(frame.path, "index.html"),
        esc(frame.site_title)
    );
    for (name, target) in [
        ("Timeline", "index.html"),
        ("Graphs", "graphs.html"),
        ("Health", "health.html"),
        ("Search", "search.html"),
    ] {
        let current = if name == frame.current {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<li><a href=\"{}\"{current}>{name}</a></li>",
            href(frame.path, target)
        );
    }
    out.push_str("</ul></nav></header>\n<main id=\"main\">\n");
    out.push_str(body);
    out.push_str("</main>\n");
    for script in frame.scripts {
        let _ = writeln!(
            out,
            "<script src=\"{}\"></script>",
            href(frame.path, script)
        );
    }
    out.push_str("</body>\n</html>\n");
    out
}

pub const CSS: &str = r#":root {
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --link: #0550ae; --card: #f6f8fa;
  --ok-bg: #dafbe1; --ok-fg: #0f5323; --open-bg: #ddf4ff; --open-fg: #0a3069;
  --no-bg: #ffebe9; --no-fg: #82071e; --old-bg: #eaeef2; --old-fg: #424a53;
  --other-bg: #fff8c5; --other-fg: #4d2d00; --warn: #9a6700;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --link: #71b7ff; --card: #151b23;
    --ok-bg: #0f3a1d; --ok-fg: #7ee787; --open-bg: #0c2d6b; --open-fg: #a5d6ff;
    --no-bg: #5d0f12; --no-fg: #ffc1ba; --old-bg: #2d333b; --old-fg: #c9d1d9;
    --other-bg: #4b3300; --other-fg: #f8e3a1; --warn: #e3b341;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.55;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 10; }
header { border-bottom: 1px solid var(--line); background: var(--card); }
header nav { max-width: 60rem; margin: 0 auto; padding: .6rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; }
header ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; padding: 0; }
.brand { font-weight: 700; color: var(--fg); text-decoration: none; }
[aria-current="page"] { font-weight: 700; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1, h2, h3 { line-height: 1.25; }
.anchor { margin-left: -1.1em; padding-right: .3em; text-decoration: none; opacity: 0; }
h1:hover .anchor, h2:hover .anchor, h3:hover .anchor, h4:hover .anchor, .anchor:focus { opacity: 1; }
pre { background: var(--card); border: 1px solid var(--line); padding: .75rem; overflow-x: auto; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.table { overflow-x: auto; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
blockquote { margin-left: 0; padding-left: 1rem; border-left: 4px solid var(--line); color: var(--muted); }
.badge { display: inline-block; padding: 0 .5em; border-radius: 1em; font-size: .85em; white-space: nowrap; }
.s-ok { background: var(--ok-bg); color: var(--ok-fg); }
.s-open { background: var(--open-bg); color: var(--open-fg); }
.s-no { background: var(--no-bg); color: var(--no-fg); }
.s-old { background: var(--old-bg); color: var(--old-fg); }
.s-other { background: var(--other-bg); color: var(--other-fg); }
.muted, .meta { color: var(--muted); }
.timeline { list-style: none; padding: 0; margin: 0 0 1rem; }
.timeline li { padding: .45rem 0; border-bottom: 1px solid var(--line); }
.timeline .id { font-variant-numeric: tabular-nums; font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin: 1rem 0; padding: .6rem; background: var(--card); border: 1px solid var(--line); }
.filters label { display: flex; gap: .4rem; align-items: center; }
select, input[type=search], button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); padding: .25rem .4rem; }
.banner { border: 2px solid var(--warn); padding: .6rem 1rem; margin: 1rem 0; background: var(--card); }
dl.meta-list { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.meta-list dt { font-weight: 600; color: var(--fg); }
dl.meta-list dd { margin: 0; }
.graph { overflow-x: auto; border: 1px solid var(--line); margin: .5rem 0 1.5rem; background: var(--card); }
.graph svg text { fill: var(--fg); font: 12px system-ui, sans-serif; }
.graph .node rect { stroke-width: 1.5; }
.graph .n-ok rect { fill: var(--ok-bg); stroke: var(--ok-fg); }
.graph .n-open rect { fill: var(--open-bg); stroke: var(--open-fg); }
.graph .n-no rect { fill: var(--no-bg); stroke: var(--no-fg); }
.graph .n-old rect { fill: var(--old-bg); stroke: var(--old-fg); stroke-dasharray: 4 3; }
.graph .n-other rect { fill: var(--other-bg); stroke: var(--other-fg); }
.graph a:focus rect { stroke-width: 4; }
.graph .e { fill: none; stroke: var(--muted); stroke-width: 1.5; }
.graph .e-supersedes { stroke: var(--fg); stroke-width: 2.5; }
.graph .e-cites { stroke-dasharray: 5 4; }
.graph marker path { fill: var(--muted); }
.results li { margin: .5rem 0; }
.img { font-style: italic; }
@media (max-width: 40rem) { .anchor { display: none; } dl.meta-list { grid-template-columns: 1fr; } }
"#;

/// The timeline's filters: shown only when this script runs, so that the page without
/// JavaScript lists everything and offers no control that does nothing.
pub const FILTER_JS: &str = r#"(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  form.hidden = false;
  var selects = form.querySelectorAll('select');
  function apply() {
    var want = {};
    selects.forEach(function (s) { want[s.name] = s.value; });
    document.querySelectorAll('.timeline li').forEach(function (li) {
      var st = li.getAttribute('data-status');
      var show = (!want.log || li.getAttribute('data-log') === want.log)
        && (!want.kind || li.getAttribute('data-kind') === want.kind)
        && (!want.status || (want.status === 'current' ? st !== 'old' : st === want.status));
      li.hidden = !show;
    });
    document.querySelectorAll('section.month').forEach(function (sec) {
      sec.hidden = !sec.querySelector('.timeline li:not([hidden])');
    });
    var shown = document.querySelectorAll('.timeline li:not([hidden])').length;
    var count = document.getElementById('shown');
    if (count) count.textContent = shown + ' shown';
  }
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  apply();
})();
"#;

/// Search over `window.DOCWRIGHT_INDEX` (`assets/search-index.js`): every word of the query must
/// begin a word of the record's title, id or text. A script, not a JSON file, so that it loads
/// from `file://` too.
pub const SEARCH_JS: &str = r#"(function () {
  var index = window.DOCWRIGHT_INDEX || [];
  var input = document.getElementById('q');
  var list = document.getElementById('results');
  var status = document.getElementById('search-status');
  if (!input || !list) return;
  document.getElementById('search-form').hidden = false;
  var prepared = index.map(function (r) {
    return { r: r, head: ' ' + (r[1] + ' ' + r[2]).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' '), body: ' ' + r[4] };
  });
  function run(q) {
    var terms = q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    list.textContent = '';
    if (!terms.length) { status.textContent = ''; return; }
    var hits = [];
    for (var i = 0; i < prepared.length; i++) {
      var p = prepared[i], score = 0, ok = true;
      for (var t = 0; t < terms.length; t++) {
        var needle = ' ' + terms[t];
        if (p.head.indexOf(needle) >= 0) score += 10;
        else if (p.body.indexOf(needle) >= 0) score += 1;
        else { ok = false; break; }
      }
      if (ok) hits.push([score, i]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    status.textContent = hits.length + (hits.length === 1 ? ' record' : ' records') + ' found';
    hits.slice(0, 100).forEach(function (h) {
      var r = prepared[h[1]].r;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = r[0];
      a.textContent = (r[1] ? r[1] + ': ' : '') + r[2];
      li.appendChild(a);
      if (r[3]) { var s = document.createElement('span'); s.className = 'muted'; s.textContent = ' — ' + r[3]; li.appendChild(s); }
      list.appendChild(li);
    });
  }
  window.docwrightSearch = function (q) { return run(q); };
  var params = new URLSearchParams(window.location.search);
  if (params.get('q')) { input.value = params.get('q'); run(input.value); }
  input.addEventListener('input', function () { run(input.value); });
  document.getElementById('search-form').addEventListener('submit', function (e) { e.preventDefault(); run(input.value); });
})();
"#;
