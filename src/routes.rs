//! Where everything is: every output path, page URL and in-page anchor of a
//! site, in one place (docs/content-format.md §13, "What the build makes"). Paths are relative
//! to the output root and double as URLs relative to the site root (pages
//! link with a `root` prefix, see [`root_for`]). The folders of the site's
//! own sections are the slugs a free page may not take ([`is_reserved`]).
//!
//! Every id and slug given here has been checked (or made) to be a safe
//! path segment before it gets here.

/// The front page.
pub const INDEX: &str = "index.html";
/// The page served for a missing path, at any depth.
pub const NOT_FOUND: &str = "404.html";
/// The site's Atom feed (only with a `base_url`).
pub const SITE_FEED: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
/// The whole facts table for download (docs/charts.md).
pub const FACTS_CSV: &str = "facts/facts.csv";
pub const FACTS_JSON: &str = "facts/facts.json";

/// A section of the site: its folder, and its title in the navigation
/// (`None`: not in the navigation).
pub struct Section {
    pub folder: &'static str,
    pub title: Option<&'static str>,
}

impl Section {
    /// The section's index page.
    pub fn index(&self) -> String {
        format!("{}/{INDEX}", self.folder)
    }

    /// The section's folder with a trailing `/` (for paginated lists).
    pub fn dir(&self) -> String {
        format!("{}/", self.folder)
    }
}

pub const ARTICLES: Section = section("articles", "Articles");
pub const TIMELINE: Section = section("timeline", "Timeline");
pub const TAGS: Section = section("tags", "Tags");
pub const ENTITIES: Section = section("entities", "Entities");
pub const FACTS: Section = section("facts", "Facts");
pub const SOURCES: Section = section("sources", "Sources");
/// The search page, where the search box leads without JavaScript, and
/// the search index under `search/data/` (docs/search-index.md).
pub const SEARCH: Section = Section {
    folder: "search",
    title: None,
};
/// Charts for download: no page of its own.
pub const CHARTS: Section = Section {
    folder: "charts",
    title: None,
};

const fn section(folder: &'static str, title: &'static str) -> Section {
    Section {
        folder,
        title: Some(title),
    }
}

/// The site's own sections, in navigation order.
pub const SECTIONS: [Section; 8] = [
    ARTICLES, TIMELINE, TAGS, ENTITIES, FACTS, SOURCES, SEARCH, CHARTS,
];

/// Whether a free page's slug would take a section's folder.
pub fn is_reserved(slug: &str) -> bool {
    SECTIONS.iter().any(|s| s.folder == slug)
}

/// Whether an article's slug or alias would take a folder of the archive
/// itself (`articles/page/2/`…).
pub fn is_reserved_in_articles(slug: &str) -> bool {
    slug == PAGED
}

/// The folder of a list's later pages (see [`paged`]).
const PAGED: &str = "page";

pub fn article(slug: &str) -> String {
    format!("{}/{slug}/{INDEX}", ARTICLES.folder)
}

pub fn entity(id: &str) -> String {
    format!("{}/{id}/{INDEX}", ENTITIES.folder)
}

pub fn entity_feed(id: &str) -> String {
    format!("{}/{id}/{SITE_FEED}", ENTITIES.folder)
}

pub fn entity_timeline(id: &str) -> String {
    format!("{}/{id}/{INDEX}", TIMELINE.folder)
}

/// A fact on its entity's page.
pub fn fact(entity_id: &str, fact_anchor: &str) -> String {
    format!("{}#{fact_anchor}", entity(entity_id))
}

/// The folder of a tag's pages (paginated).
pub fn tag_dir(slug: &str) -> String {
    format!("{}/{slug}/", TAGS.folder)
}

pub fn tag(slug: &str) -> String {
    format!("{}{INDEX}", tag_dir(slug))
}

pub fn tag_feed(slug: &str) -> String {
    format!("{}{SITE_FEED}", tag_dir(slug))
}

/// A metric's page.
pub fn metric(metric: &str) -> String {
    format!("{}/{metric}/{INDEX}", FACTS.folder)
}

/// A free page (`content/pages/<slug>.md`).
pub fn page(slug: &str) -> String {
    format!("{slug}/{INDEX}")
}

/// A source on the sources page.
pub fn source(id: &str) -> String {
    format!("{}#{}", SOURCES.index(), source_anchor(id))
}

pub fn chart_svg(id: &str) -> String {
    format!("{}/{id}.svg", CHARTS.folder)
}

pub fn chart_csv(id: &str) -> String {
    format!("{}/{id}.csv", CHARTS.folder)
}

/// Page `page` of a list that lives in `dir` (`articles/`): page 1 is
/// `dir/index.html`, later pages `dir/page/<n>/index.html`.
pub fn paged(dir: &str, page: usize) -> String {
    if page <= 1 {
        format!("{dir}{INDEX}")
    } else {
        format!("{dir}{PAGED}/{page}/{INDEX}")
    }
}

/// `../` for each folder in `page_path`: the prefix of its links.
pub fn root_for(page_path: &str) -> String {
    "../".repeat(page_path.matches('/').count())
}

/// A page's address without `index.html` (for absolute URLs: canonical,
/// feeds, sitemap, JSON-LD).
pub fn pretty(page_path: &str) -> &str {
    page_path.strip_suffix(INDEX).unwrap_or(page_path)
}

/// A source's entry on the sources page.
pub fn source_anchor(id: &str) -> String {
    format!("source-{id}")
}

/// A footnote in an article's reference list.
pub fn footnote_anchor(number: usize) -> String {
    format!("fn-{number}")
}

/// A citation in an article's text (`letter`: which citation of the footnote).
pub fn citation_anchor(number: usize, letter: &str) -> String {
    format!("fnref-{number}{letter}")
}

/// A seed's own (Markdown) footnote, numbered by first reference.
pub fn seed_note_anchor(number: usize) -> String {
    format!("note-{number}")
}

/// The `nth` reference (from 1) to a seed's own footnote.
pub fn seed_noteref_anchor(number: usize, nth: usize) -> String {
    format!("noteref-{number}-{nth}")
}

/// A fact on its entity's page.
pub fn fact_anchor(metric: &str, period_iso: &str) -> String {
    format!("fact-{metric}-{period_iso}")
}

/// The anchor of the `n`th figure (from 2) for one metric and period: the
/// first's with `-v<n>`, which no metric and period can make (a period ends
/// in digits only).
pub fn nth_fact_anchor(first: &str, n: usize) -> String {
    format!("{first}-v{n}")
}

/// Where a page shows how an entity's figures for one metric and period differ.
pub fn figures_anchor(entity_id: &str, metric: &str, period_iso: &str) -> String {
    format!("figures-{entity_id}-{metric}-{period_iso}")
}

/// Where a page shows the `n`th (from 1) revision of an entity's figure for
/// one metric and period; feeds and timelines link to it on the entity's page.
pub fn revision_anchor(entity_id: &str, metric: &str, period_iso: &str, n: usize) -> String {
    format!("revised-{entity_id}-{metric}-{period_iso}-{n}")
}

/// The quote in an article that a fact cites.
pub fn quote_anchor(entity_id: &str, fact_anchor: &str) -> String {
    format!(
        "quote-{entity_id}-{}",
        fact_anchor.trim_start_matches("fact-")
    )
}

/// The `n`-th claim of an article (from 1).
pub fn claim_anchor(n: usize) -> String {
    format!("claim-{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_reserved() {
        for slug in [
            "articles", "entities", "sources", "facts", "charts", "tags", "timeline",
        ] {
            assert!(is_reserved(slug), "{slug}");
        }
        assert!(!is_reserved("about"));
    }

    #[test]
    fn paths() {
        assert_eq!(article("a"), "articles/a/index.html");
        assert_eq!(entity_feed("kamaz"), "entities/kamaz/atom.xml");
        assert_eq!(tag_feed("ai"), "tags/ai/atom.xml");
        assert_eq!(source("tass"), "sources/index.html#source-tass");
        assert_eq!(paged(&ARTICLES.dir(), 2), "articles/page/2/index.html");
        assert_eq!(pretty("tags/ai/index.html"), "tags/ai/");
        assert_eq!(pretty(SITE_FEED), "atom.xml");
        assert_eq!(
            quote_anchor("kamaz", "fact-revenue-2024"),
            "quote-kamaz-revenue-2024"
        );
    }

    #[test]
    fn roots_climb_one_level_per_folder() {
        assert_eq!(root_for("index.html"), "");
        assert_eq!(root_for("entities/index.html"), "../");
        assert_eq!(root_for("articles/a/index.html"), "../../");
    }
}
