//! `new`: the next document of a kind, named and numbered as its folder already does it.

use crate::authoring::FileCreation;
use crate::authoring::layout::{
    ADR_TOOLS_INSTALLED_TEMPLATE, LOG4BRAINS_TEMPLATE, Layout, PYADR_TEMPLATE, Tool,
    adr_tools_slug, log4brains_slug, next_number, pyadr_slug, slug,
};
use crate::authoring::template::{
    Variables, render_adr_tools, render_builtin, render_custom, render_log4brains, render_pyadr,
};
use crate::kinds::Kind;

/// Everything `new` needs, gathered by the edge.
pub struct NewDocRequest<'a> {
    pub kind: &'a Kind,
    pub layout: &'a Layout,
    pub title: &'a str,
    /// `YYYY-MM-DD`.
    pub today: &'a str,
    pub author: Option<&'a str>,
    /// The file names (no folders) already in the layout's folder.
    pub existing_file_names: &'a [String],
    /// The repository's template, when the edge found one of
    /// [`crate::authoring::layout::template_candidates`], else, in an adr-tools log,
    /// the installed tool's ([`ADR_TOOLS_INSTALLED_TEMPLATE`]): (its path, its text).
    pub template: Option<(&'a str, &'a str)>,
}

/// What pyadr writes in place of the number of a proposal that is not yet accepted.
pub const PYADR_UNNUMBERED: &str = "XXXX";

/// The status a new document starts with: `proposed` when the kind knows it, else the kind's
/// first status.
pub fn initial_status(kind: &Kind) -> String {
    kind.status("proposed")
        .or_else(|| kind.statuses.first())
        .map_or_else(|| String::from("proposed"), |s| s.name.clone())
}

/// The file `new` creates: `NNNN-slug.md` with the next free number (or `YYYYMMDD-slug.md` in a
/// log4brains folder, made unique with `-2`, `-3`, … if taken; or `XXXX-slug.md` in a pyadr
/// folder, where a proposal gets its number only when it is accepted), and the template's text.
pub fn plan_new(request: &NewDocRequest) -> FileCreation {
    let title = request.title.trim();
    let slug = match request.layout.tool {
        Tool::AdrTools => adr_tools_slug(title),
        Tool::Log4brains => log4brains_slug(title),
        Tool::Pyadr => pyadr_slug(title),
        _ => slug(title),
    };
    let dated_name = request
        .kind
        .file_name
        .as_deref()
        .filter(|_| request.layout.tool == Tool::Docwright);
    let (number, file_name) = if let Some(pattern) = dated_name {
        // A kind named by its date or week (a weekly update): `{week}`, `{date}`, `{slug}`.
        let week = crate::calendar::parse_date(request.today)
            .map(|day| crate::calendar::week_of(day).label)
            .unwrap_or_else(|| request.today.to_string());
        let name = pattern
            .replace("{week}", &week)
            .replace("{date}", request.today)
            .replace("{slug}", &slug);
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name.as_str(), "md"));
        let mut unique = name.clone();
        let mut attempt = 2;
        while request.existing_file_names.contains(&unique) {
            unique = format!("{stem}-{attempt}.{extension}");
            attempt += 1;
        }
        (None, unique)
    } else if request.layout.tool == Tool::Log4brains {
        let day = request.today.replace('-', "");
        let mut name = format!("{day}-{slug}.md");
        let mut attempt = 2;
        while request.existing_file_names.contains(&name) {
            name = format!("{day}-{slug}-{attempt}.md");
            attempt += 1;
        }
        (None, name)
    } else if request.layout.tool == Tool::Pyadr {
        (None, format!("{PYADR_UNNUMBERED}-{slug}.md"))
    } else {
        let (number, width) = next_number(request.existing_file_names);
        (Some(number), format!("{number:0width$}-{slug}.md"))
    };
    let text = render(request, number, title);
    let path = if request.layout.folder.is_empty() {
        file_name
    } else {
        format!("{}/{file_name}", request.layout.folder)
    };
    FileCreation { path, text }
}

/// A new document's text: the repository's template (or the built-in one) with its fields.
fn render(request: &NewDocRequest, number: Option<u32>, title: &str) -> String {
    let adr_tools = request.layout.tool == Tool::AdrTools;
    // `adr new` writes every record as accepted.
    let status = match request.kind.status("accepted") {
        Some(accepted) if adr_tools => accepted.name.clone(),
        _ => initial_status(request.kind),
    };
    let vars = Variables {
        number,
        title,
        date: request.today,
        status: &status,
        author: request.author,
    };
    match request.template {
        Some((path, template))
            if adr_tools
                && (path.ends_with("templates/template.md")
                    || path == ADR_TOOLS_INSTALLED_TEMPLATE) =>
        {
            render_adr_tools(template, &vars)
        }
        Some((path, template))
            if request.layout.tool == Tool::Log4brains
                && path.rsplit('/').next() == Some(LOG4BRAINS_TEMPLATE) =>
        {
            render_log4brains(template, title)
        }
        Some((path, template))
            if request.layout.tool == Tool::Pyadr
                && path.rsplit('/').next() == Some(PYADR_TEMPLATE) =>
        {
            render_pyadr(template, title, &status, request.today)
        }
        Some((path, template)) => {
            let adr_tools_words = path.ends_with("templates/template.md");
            render_custom(template, &vars, adr_tools_words)
        }
        None => render_builtin(request.kind, request.layout.tool, &vars),
    }
}

/// The title a document's file name implies: `0007-use-postgres.md` → `Use postgres`,
/// `20240115-use-x.md` → `Use x`. `None` when nothing is left once the number is taken off.
pub fn title_from_file_name(file_name: &str) -> Option<String> {
    let stem = file_name
        .strip_suffix(".md")
        .or_else(|| file_name.strip_suffix(".markdown"))
        .unwrap_or(file_name);
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    let rest = match &stem[digits..] {
        after if digits > 0 && after.is_empty() => after,
        after if digits > 0 && after.starts_with(['-', '_']) => &after[1..],
        _ => stem,
    };
    let words: Vec<&str> = rest
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let title = words.join(" ");
    let mut chars = title.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// `new` for a document the repository already names (a link to a file not written yet): the
/// same template and fields `new` would write, at `path` (workspace-relative, as the link says),
/// with the number its file name starts with, if any, and the title that name implies.
pub fn plan_named(request: &NewDocRequest, path: &str) -> FileCreation {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let number = crate::authoring::layout::leading_number(file_name).map(|(n, _)| n);
    FileCreation {
        path: path.to_string(),
        text: render(request, number, request.title.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn request<'a>(
        config: &'a Config,
        kind: &str,
        layout: &'a Layout,
        names: &'a [String],
    ) -> NewDocRequest<'a> {
        NewDocRequest {
            kind: config.kind(kind).unwrap(),
            layout,
            title: "Use PostgreSQL",
            today: "2026-11-23",
            author: None,
            existing_file_names: names,
            template: None,
        }
    }

    #[test]
    fn adr_tools_gets_the_next_number_and_the_nygard_form() {
        let config = Config::default();
        let layout = Layout {
            tool: Tool::AdrTools,
            folder: "doc/adr".into(),
        };
        let names = vec!["0001-record.md".to_string(), "0002-x.md".to_string()];
        let created = plan_new(&request(&config, "adr", &layout, &names));
        assert_eq!(created.path, "doc/adr/0003-use-postgresql.md");
        assert!(
            created
                .text
                .starts_with("# 3. Use PostgreSQL\n\nDate: 2026-11-23\n")
        );
        // As `adr new` does: every new record is accepted (issue 12; it was `Proposed`).
        assert!(created.text.contains("## Status\n\nAccepted\n"));
    }

    #[test]
    fn log4brains_names_by_date_and_writes_bullets() {
        let config = Config::default();
        let layout = Layout {
            tool: Tool::Log4brains,
            folder: "docs/adr".into(),
        };
        let names = vec!["20261123-use-postgresql.md".to_string()];
        let created = plan_new(&request(&config, "madr", &layout, &names));
        assert_eq!(created.path, "docs/adr/20261123-use-postgresql-2.md");
        assert!(
            created
                .text
                .starts_with("# Use PostgreSQL\n\n- Status: proposed\n- Date: 2026-11-23\n\n## ")
        );
        assert!(!created.text.contains("---"));
    }

    #[test]
    fn pyadr_leaves_the_number_to_acceptance_and_writes_madr_2_bullets() {
        let config = Config::default();
        let layout = Layout {
            tool: Tool::Pyadr,
            folder: "docs/adr".into(),
        };
        let names = vec!["0000-record.md".to_string()];
        let created = plan_new(&request(&config, "madr", &layout, &names));
        assert_eq!(created.path, "docs/adr/XXXX-use-postgresql.md");
        assert!(
            created
                .text
                .starts_with("# Use PostgreSQL\n\n* Status: proposed\n* Date: 2026-11-23\n\n## "),
            "{}",
            created.text
        );
    }

    #[test]
    fn dotnet_adr_numbers_the_file_not_the_title_and_keeps_a_status_section() {
        let config = Config::default();
        let layout = Layout {
            tool: Tool::DotnetAdr,
            folder: "Docs/Adr".into(),
        };
        let names = vec!["0001-record.md".to_string()];
        for kind in ["adr", "madr"] {
            let created = plan_new(&request(&config, kind, &layout, &names));
            assert_eq!(created.path, "Docs/Adr/0002-use-postgresql.md");
            assert!(
                created
                    .text
                    .starts_with("# Use PostgreSQL\n\n## Status\n\nProposed\n\n## "),
                "{kind}: {}",
                created.text
            );
            assert_eq!(created.text.matches("## Status").count(), 1);
            assert!(!created.text.contains("---"));
        }
    }

    #[test]
    fn madr_writes_front_matter() {
        let config = Config::default();
        let layout = Layout {
            tool: Tool::Madr,
            folder: "docs/decisions".into(),
        };
        let created = plan_new(&request(&config, "madr", &layout, &[]));
        assert_eq!(created.path, "docs/decisions/0001-use-postgresql.md");
        assert!(
            created
                .text
                .starts_with("---\nstatus: proposed\ndate: 2026-11-23\n")
        );
    }

    #[test]
    fn a_named_document_takes_its_number_and_title_from_the_file_name() {
        assert_eq!(
            title_from_file_name("0007-use-postgres.md").as_deref(),
            Some("Use postgres")
        );
        assert_eq!(
            title_from_file_name("some_new_doc.md").as_deref(),
            Some("Some new doc")
        );
        assert_eq!(title_from_file_name("0007.md"), None);
        let config = Config::default();
        let layout = Layout {
            tool: Tool::AdrTools,
            folder: "doc/adr".into(),
        };
        let names = vec![String::from("0001-record-architecture-decisions.md")];
        let mut req = request(&config, "adr", &layout, &names);
        req.title = "Use postgres";
        let created = plan_named(&req, "doc/adr/0007-use-postgres.md");
        assert_eq!(created.path, "doc/adr/0007-use-postgres.md");
        assert!(
            created.text.starts_with("# 7. Use postgres\n"),
            "{}",
            created.text
        );
        assert_eq!(created.text, {
            let mut at_seven = plan_new(&NewDocRequest {
                existing_file_names: &[String::from("0006-x.md")],
                ..req
            });
            at_seven.path = created.path.clone();
            at_seven.text
        });
    }
}
