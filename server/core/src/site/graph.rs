//! The decision graph of a log as SVG, laid out at build time: one drawing per connected
//! component, records in columns so that a chain of supersession (or amendment) reads left to
//! right, oldest first; within a column, by number. Nodes are links to the records' pages and
//! take their status's colour (classes of the stylesheet, so dark mode applies).

use crate::resolve::EdgeKind;
use crate::site::html::esc;
use std::fmt::Write;

/// One record in the graph.
#[derive(Clone, PartialEq)]
pub struct Node {
    /// The `href` from the page the graph is drawn on.
    pub href: String,
    /// `ADR-0007`, else empty.
    pub id: String,
    pub title: String,
    /// The status as shown, for the node's tooltip.
    pub status: String,
    /// The status's class: `ok`, `open`, `no`, `old` or `other`.
    pub class: &'static str,
    /// How nodes of a column are ordered: the record's number, then its path.
    pub order: (u32, String),
}

const W: i64 = 200;
const H: i64 = 46;
const COL_GAP: i64 = 70;
const ROW_GAP: i64 = 18;
const MARGIN: i64 = 12;
/// A column holds at most this many nodes; a larger layer wraps into more columns.
const MAX_ROWS: usize = 12;

/// The components of the graph with more than one node: each a list of node indices.
pub fn components(n: usize, edges: &[(usize, usize, EdgeKind)]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (a, b, _) in edges {
        let (ra, rb) = (find(&mut parent, *a), find(&mut parent, *b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    groups.into_values().filter(|g| g.len() > 1).collect()
}

fn truncate(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let cut: String = text.chars().take(chars.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The SVG of one component (`members`: node indices; `edges` over all nodes, those leaving the
/// component ignored). `label` names the drawing for screen readers.
pub fn render_component(
    nodes: &[Node],
    members: &[usize],
    edges: &[(usize, usize, EdgeKind)],
    label: &str,
    key: &str,
) -> String {
    let nodes: Vec<&Node> = nodes.iter().collect();
    let (order, shape) = shape(&nodes, members, edges);
    draw(&nodes, &order, &shape, &place(&shape), label, key)
}

/// What a component's layout depends on: its nodes' order keys, sorted, and the edges between
/// them by position in that order. Equal shapes are laid out alike, so a caller may keep the
/// [`Placed`] of a shape and draw again only when a node's text changed.
#[derive(PartialEq)]
pub struct Shape {
    orders: Vec<(u32, String)>,
    inner: Vec<(usize, usize, EdgeKind)>,
}

/// Where each node of a [`Shape`] sits, and the drawing's size.
pub struct Placed {
    pos: Vec<(i64, i64)>,
    width: i64,
    height: i64,
}

/// The component's nodes in drawing order (indices into `nodes`) and its [`Shape`].
pub fn shape(
    nodes: &[&Node],
    members: &[usize],
    edges: &[(usize, usize, EdgeKind)],
) -> (Vec<usize>, Shape) {
    let mut local: std::collections::HashMap<usize, usize> = Default::default();
    let mut order: Vec<usize> = members.to_vec();
    order.sort_by(|a, b| nodes[*a].order.cmp(&nodes[*b].order));
    for (i, m) in order.iter().enumerate() {
        local.insert(*m, i);
    }
    let inner: Vec<(usize, usize, EdgeKind)> = edges
        .iter()
        .filter_map(|(a, b, k)| Some((*local.get(a)?, *local.get(b)?, k.clone())))
        .collect();
    let orders = order.iter().map(|m| nodes[*m].order.clone()).collect();
    (order, Shape { orders, inner })
}

/// The layout of a [`Shape`].
pub fn place(shape: &Shape) -> Placed {
    let inner = &shape.inner;
    // Layers: `from` supersedes or amends `to`, so `from` sits to the right of `to`. Relaxed
    // until stable, at most once per node (a cycle, which `supersede-cycle` reports, stops
    // there).
    let n = shape.orders.len();
    let mut layer = vec![0usize; n];
    for _ in 0..n {
        let mut changed = false;
        for (from, to, kind) in inner {
            // A citation places the citing record after the cited one only when it is the
            // later record by number; supersession and amendment always do.
            if matches!(kind, EdgeKind::Cites) && from < to {
                continue;
            }
            if layer[*from] < layer[*to] + 1 && layer[*to] < n {
                layer[*from] = layer[*to] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Columns: each layer in order, wrapped every MAX_ROWS nodes.
    let layers = layer.iter().copied().max().unwrap_or(0) + 1;
    let mut by_layer: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for (i, l) in layer.iter().enumerate() {
        by_layer[*l].push(i);
    }
    let mut pos = vec![(0i64, 0i64); n];
    let mut column = 0i64;
    let mut max_rows = 0usize;
    for members in by_layer.iter().filter(|m| !m.is_empty()) {
        for chunk in members.chunks(MAX_ROWS) {
            for (row, i) in chunk.iter().enumerate() {
                pos[*i] = (
                    MARGIN + column * (W + COL_GAP),
                    MARGIN + row as i64 * (H + ROW_GAP),
                );
            }
            max_rows = max_rows.max(chunk.len());
            column += 1;
        }
    }
    // Room on the right for the bow of an edge within the last column.
    let width = 2 * MARGIN + column * W + (column - 1).max(0) * COL_GAP + COL_GAP / 2;
    let height = 2 * MARGIN + max_rows as i64 * H + (max_rows as i64 - 1).max(0) * ROW_GAP;
    Placed { pos, width, height }
}

/// The SVG of a component laid out as `placed`; `order` as [`shape`] gave it.
pub fn draw(
    nodes: &[&Node],
    order: &[usize],
    shape: &Shape,
    placed: &Placed,
    label: &str,
    key: &str,
) -> String {
    let in_order: Vec<Node> = order.iter().map(|m| nodes[*m].clone()).collect();
    let mut out = String::new();
    Drawn::new(&in_order, shape, placed, label, key).write_to(&mut out);
    out
}

/// A component's SVG kept in parts: its opening, each edge and each node drawn on its own. A
/// node's part shows its text and an edge's part the names of its ends, so when only some
/// nodes' text changed (a title, a status) just their parts and their edges' are drawn again
/// and the parts joined: the bytes are those of drawing it whole.
pub struct Drawn {
    head: String,
    edges: Vec<String>,
    nodes: Vec<String>,
}

impl Drawn {
    /// Every part of the component laid out as `placed`, its `nodes` in drawing order (as
    /// [`shape`] ordered them).
    pub fn new(nodes: &[Node], shape: &Shape, placed: &Placed, label: &str, key: &str) -> Drawn {
        let (width, height) = (placed.width, placed.height);
        let mut head = String::new();
        let _ = writeln!(
            head,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"group\" aria-label=\"{}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">",
            esc(label)
        );
        let _ = writeln!(
            head,
            "<defs><marker id=\"arrow-{key}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>"
        );
        Drawn {
            head,
            edges: (0..shape.inner.len())
                .map(|e| edge_part(nodes, shape, placed, key, e))
                .collect(),
            nodes: nodes
                .iter()
                .zip(&placed.pos)
                .map(|(node, at)| node_part(node, *at))
                .collect(),
        }
    }

    /// Draws again the parts of the nodes at `changed` (positions in drawing order, `nodes`
    /// now holding their new text) and of the edges that touch them; the drawing must be of the
    /// same shape, layout, label and key.
    pub fn redraw(
        &mut self,
        nodes: &[Node],
        shape: &Shape,
        placed: &Placed,
        key: &str,
        changed: &[usize],
    ) {
        for &i in changed {
            self.nodes[i] = node_part(&nodes[i], placed.pos[i]);
        }
        for (e, (from, to, _)) in shape.inner.iter().enumerate() {
            if changed.contains(from) || changed.contains(to) {
                self.edges[e] = edge_part(nodes, shape, placed, key, e);
            }
        }
    }

    /// The SVG, the parts joined.
    pub fn write_to(&self, out: &mut String) {
        out.push_str(&self.head);
        for part in self.edges.iter().chain(&self.nodes) {
            out.push_str(part);
        }
        out.push_str("</svg>\n");
    }
}

/// The `e`th edge of the shape (`nodes` in drawing order), from the side of `from` facing `to`
/// to the facing side of `to`; within one column, a bow out to the right.
fn edge_part(nodes: &[Node], shape: &Shape, placed: &Placed, key: &str, e: usize) -> String {
    let (from, to, kind) = &shape.inner[e];
    let (fx, fy) = placed.pos[*from];
    let (tx, ty) = placed.pos[*to];
    let (x1, y1, x2, y2, c1, c2) = if fx != tx {
        // From the side of `from` that faces `to`, to the side of `to` that faces `from`.
        let (x1, x2) = if fx > tx { (fx, tx + W) } else { (fx + W, tx) };
        let mid = (x1 + x2) / 2;
        (
            x1,
            fy + H / 2,
            x2,
            ty + H / 2,
            (mid, fy + H / 2),
            (mid, ty + H / 2),
        )
    } else {
        let x = fx + W;
        let bow = x + COL_GAP / 2;
        (
            x,
            fy + H / 2,
            x,
            ty + H / 2,
            (bow, fy + H / 2),
            (bow, ty + H / 2),
        )
    };
    let class = match kind {
        EdgeKind::Supersedes => "supersedes",
        EdgeKind::Amends => "amends",
        EdgeKind::Named(_) => "named",
        EdgeKind::Cites => "cites",
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<path class=\"e e-{class}\" d=\"M{x1},{y1} C{},{} {},{} {x2},{y2}\" marker-end=\"url(#arrow-{key})\"><title>{} {} {}</title></path>",
        c1.0,
        c1.1,
        c2.0,
        c2.1,
        esc(&name(&nodes[*from])),
        esc(kind.as_str()),
        esc(&name(&nodes[*to]))
    );
    out
}

/// A node's box at `(x, y)`: a link to its record, its id and title, its status in the tooltip.
fn node_part(node: &Node, (x, y): (i64, i64)) -> String {
    let first = if node.id.is_empty() {
        truncate(&node.title, 28)
    } else {
        node.id.clone()
    };
    let second = if node.id.is_empty() {
        truncate(&node.status, 28)
    } else {
        truncate(&node.title, 28)
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<a class=\"node n-{}\" href=\"{}\"><title>{}{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{W}\" height=\"{H}\" rx=\"6\"/><text x=\"{}\" y=\"{}\" font-weight=\"600\">{}</text><text x=\"{}\" y=\"{}\">{}</text></a>",
        node.class,
        esc(&node.href),
        esc(&name(node)),
        if node.status.is_empty() {
            String::new()
        } else {
            format!(" ({})", esc(&node.status))
        },
        x + 8,
        y + 18,
        esc(&first),
        x + 8,
        y + 36,
        esc(&second)
    );
    out
}

fn name(node: &Node) -> String {
    if node.id.is_empty() {
        node.title.clone()
    } else {
        format!("{}: {}", node.id, node.title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(n: u32) -> Node {
        Node {
            href: format!("{n}.html"),
            id: format!("ADR-{n:04}"),
            title: format!("Record {n}"),
            status: "Accepted".into(),
            class: "ok",
            order: (n, String::new()),
        }
    }

    #[test]
    fn chains_of_supersession_read_left_to_right() {
        // 3 supersedes 2 supersedes 1; 4 cites 1; 5 stands alone.
        let nodes: Vec<Node> = (1..=5).map(node).collect();
        let edges = vec![
            (2, 1, EdgeKind::Supersedes),
            (1, 0, EdgeKind::Supersedes),
            (3, 0, EdgeKind::Cites),
        ];
        let comps = components(nodes.len(), &edges);
        assert_eq!(comps, vec![vec![0, 1, 2, 3]]);
        let svg = render_component(&nodes, &comps[0], &edges, "g", "1");
        let x_of = |id: &str| {
            let at = svg.find(&format!("{id}.html")).unwrap();
            let rest = &svg[at..];
            let x = rest.find("x=\"").unwrap() + 3;
            rest[x..rest[x..].find('"').unwrap() + x]
                .parse::<i64>()
                .unwrap()
        };
        assert!(x_of("1") < x_of("2") && x_of("2") < x_of("3"), "{svg}");
        // A later record citing an earlier one sits to its right.
        assert!(x_of("4") > x_of("1"));
    }

    #[test]
    fn a_cycle_still_terminates() {
        let nodes: Vec<Node> = (1..=2).map(node).collect();
        let edges = vec![(0, 1, EdgeKind::Supersedes), (1, 0, EdgeKind::Supersedes)];
        let svg = render_component(&nodes, &[0, 1], &edges, "g", "1");
        assert!(svg.contains("1.html") && svg.contains("2.html"));
    }
}
