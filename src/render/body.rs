//! An article's body as HTML: each run's text escaped, with its marks
//! turned into elements. Marks may nest or cross (a quote that starts inside
//! a mention); crossing elements are closed and reopened so the output is
//! always well nested. The only markup added here is listed in
//! docs/templates.md (`body_html`).

use std::fmt::Write as _;

use crate::markup::escape::Escaped;
use crate::markup::markdown;
use crate::model::Status;
use crate::resolve::{Body, BodyNode, Mark, MarkKind, Site};
use crate::routes;

/// Renders `body` (of the seed at `seed`) for a page whose relative path to
/// the site root is `root`. A link to another seed leads to the page of the
/// article that publishes it (docs/content-format.md §3.2).
pub fn render(body: &Body, seed: &std::path::Path, site: &Site, root: &str) -> String {
    let mut out = String::new();
    for node in &body.nodes {
        match node {
            BodyNode::Html(html) if html.contains(markdown::SEED_LINK) => {
                out.push_str(&markdown::resolve_seed_links(&below_title(html), |name| {
                    let article = site.linked_article(seed, name)?;
                    Some(format!("{root}{}", routes::article(&article.slug)))
                }))
            }
            BodyNode::Html(html) => out.push_str(&below_title(html)),
            BodyNode::Run { text, marks } => render_run(&mut out, text, marks, site, root),
        }
    }
    out
}

/// The article page's one `<h1>` is its title, so a Markdown seed's own
/// level-1 headings are shown a level down. Markup nodes are generated and
/// escaped, so `<h1>` in one is always a tag, never text.
fn below_title(html: &str) -> std::borrow::Cow<'_, str> {
    if html.contains("<h1>") || html.contains("</h1>") {
        html.replace("<h1>", "<h2>")
            .replace("</h1>", "</h2>")
            .into()
    } else {
        html.into()
    }
}

/// Letters for the n-th citation of one source: a, b, …, z, aa, ab, …
pub fn citation_letter(nth: usize) -> String {
    let mut n = nth;
    let mut letters = Vec::new();
    loop {
        letters.push((b'a' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.iter().rev().collect()
}

fn render_run(out: &mut String, text: &str, marks: &[Mark], site: &Site, root: &str) {
    let mut ranges: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.start < m.end && is_visible_range(m))
        .collect();
    ranges.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(rank(a).cmp(&rank(b)))
    });
    let mut points: Vec<&Mark> = marks.iter().filter(|m| m.start == m.end).collect();
    points.sort_by(|a, b| a.start.cmp(&b.start).then(rank(a).cmp(&rank(b))));
    let mut bounds: Vec<usize> = ranges
        .iter()
        .flat_map(|m| [m.start, m.end])
        .chain(points.iter().map(|m| m.start))
        .collect();
    bounds.extend([0, text.len()]);
    bounds.sort_unstable();
    bounds.dedup();

    let mut stack: Vec<usize> = Vec::new(); // indices into `ranges`
    let mut opened: Vec<bool> = vec![false; ranges.len()];
    let mut next_point = 0;
    for (i, &at) in bounds.iter().enumerate() {
        let segment_end = bounds.get(i + 1).copied().unwrap_or(at);
        let wanted: Vec<usize> = (0..ranges.len())
            .filter(|&r| ranges[r].start <= at && at < ranges[r].end)
            .collect();
        let keep = stack
            .iter()
            .zip(&wanted)
            .take_while(|(a, b)| a == b)
            .count();
        while stack.len() > keep {
            if let Some(r) = stack.pop() {
                close(out, ranges[r]);
            }
        }
        while next_point < points.len() && points[next_point].start <= at {
            insert_point(out, points[next_point], site, root);
            next_point += 1;
        }
        for &r in &wanted[keep..] {
            open(out, ranges[r], !opened[r], site, root);
            opened[r] = true;
            stack.push(r);
        }
        if segment_end > at {
            let _ = write!(out, "{}", Escaped(&text[at..segment_end]));
        }
    }
    while let Some(r) = stack.pop() {
        close(out, ranges[r]);
    }
}

/// Only linking mentions and quotes produce elements around text.
fn is_visible_range(mark: &Mark) -> bool {
    matches!(
        mark.kind,
        MarkKind::Mention { link: true, .. } | MarkKind::Quote { .. }
    )
}

/// Outer elements first when two marks cover the same range; fact links before citations.
fn rank(mark: &Mark) -> u8 {
    match mark.kind {
        MarkKind::Quote { .. } => 0,
        MarkKind::Mention { .. } => 1,
        MarkKind::FactLink { .. } => 2,
        MarkKind::Citation { .. } => 3,
    }
}

fn open(out: &mut String, mark: &Mark, first: bool, site: &Site, root: &str) {
    match &mark.kind {
        MarkKind::Mention { entity, .. } => {
            let entity = &site.entities[*entity];
            let kind;
            let title = match &entity.role {
                Some(role) => role.as_str(),
                None => {
                    kind = super::context::kind_label(&site.locale, entity.kind, false);
                    kind.as_str()
                }
            };
            let _ = write!(
                out,
                "<a class=\"mention\" href=\"{root}{}\" title=\"{}\">",
                routes::entity(&entity.id),
                Escaped(title)
            );
        }
        MarkKind::Quote { anchor, status } => {
            let id = if first {
                format!(" id=\"{anchor}\"")
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "<mark class=\"quote status-{}\"{id} title=\"{}\">",
                status.as_str(),
                Escaped(&status_title(&site.locale, *status))
            );
        }
        MarkKind::FactLink { .. } | MarkKind::Citation { .. } => {}
    }
}

fn close(out: &mut String, mark: &Mark) {
    match mark.kind {
        MarkKind::Mention { .. } => out.push_str("</a>"),
        MarkKind::Quote { .. } => out.push_str("</mark>"),
        MarkKind::FactLink { .. } | MarkKind::Citation { .. } => {}
    }
}

fn status_title(locale: &crate::i18n::Locale, status: Status) -> String {
    match status {
        Status::Speculative => locale.word("status_speculative_title"),
        other => super::context::status_label(locale, other),
    }
}

fn insert_point(out: &mut String, mark: &Mark, site: &Site, root: &str) {
    match mark.kind {
        MarkKind::Citation { number, nth } => {
            let _ = write!(
                out,
                "<sup class=\"noteref\"><a id=\"{}\" href=\"#{}\" role=\"doc-noteref\">{number}</a></sup>",
                routes::citation_anchor(number, &citation_letter(nth)),
                routes::footnote_anchor(number)
            );
        }
        MarkKind::FactLink { entity, fact } => {
            let entity = &site.entities[entity];
            let fact = &entity.facts[fact];
            let locale = &site.locale;
            let label = locale.phrase(
                "fact_link_label",
                &[
                    ("label", &fact.label),
                    ("value", &locale.number(fact.value)),
                    ("unit", &fact.unit),
                    ("status", fact.status.as_str()),
                    (
                        "status_label",
                        &super::context::status_label(locale, fact.status),
                    ),
                    ("name", &entity.name),
                ],
            );
            let _ = write!(
                out,
                "<a class=\"fact-link\" href=\"{root}{}\" aria-label=\"{}\" title=\"{}\">&#8599;</a>",
                routes::fact(&entity.id, &fact.anchor),
                Escaped(&label),
                Escaped(&label)
            );
        }
        MarkKind::Mention { .. } | MarkKind::Quote { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_letters_run_past_z() {
        assert_eq!(citation_letter(0), "a");
        assert_eq!(citation_letter(25), "z");
        assert_eq!(citation_letter(26), "aa");
        assert_eq!(citation_letter(27), "ab");
    }

    fn quote(start: usize, end: usize, anchor: &str) -> Mark {
        Mark {
            start,
            end,
            kind: MarkKind::Quote {
                anchor: anchor.into(),
                status: Status::Reported,
            },
        }
    }

    #[test]
    fn crossing_marks_are_closed_and_reopened_without_repeating_ids() {
        let site = Site::default();
        let mut out = String::new();
        render_run(
            &mut out,
            "abcdef",
            &[quote(0, 4, "q1"), quote(2, 6, "q2")],
            &site,
            "",
        );
        assert_eq!(
            out,
            "<mark class=\"quote status-reported\" id=\"q1\" title=\"Reported\">ab\
             <mark class=\"quote status-reported\" id=\"q2\" title=\"Reported\">cd</mark></mark>\
             <mark class=\"quote status-reported\" title=\"Reported\">ef</mark>"
        );
    }

    #[test]
    fn citations_follow_the_text_and_text_is_escaped() {
        let site = Site::default();
        let mut out = String::new();
        let marks = [Mark {
            start: 5,
            end: 5,
            kind: MarkKind::Citation { number: 1, nth: 1 },
        }];
        render_run(&mut out, "a<b>.", &marks, &site, "");
        assert_eq!(
            out,
            "a&lt;b&gt;.<sup class=\"noteref\"><a id=\"fnref-1b\" href=\"#fn-1\" role=\"doc-noteref\">1</a></sup>"
        );
    }
}
