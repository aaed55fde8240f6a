//! What the pages that list articles and facts share (pagination, months,
//! timeline entries, tags as lists show them), and the sitemap and
//! `robots.txt`. The pages themselves are kinds in `render::kinds`
//! (archive, tags, timeline, feeds).
//! docs/content-format.md ("Output") describes the paths; docs/templates.md
//! the contexts.

use serde::Serialize;
use tera::Context;

use super::context::{ArticleRef, EntityRef, FactView, RevisionView, common};
use super::derived::{Item, Tag};
use crate::model::Period;
use crate::resolve::Site;
use crate::routes;

/// How many pages `total` items fill.
pub fn page_count(total: usize, size: usize) -> usize {
    total.div_ceil(size.max(1)).max(1)
}

/// The items of page `page` (from 1).
pub fn page_slice<T>(items: &[T], page: usize, size: usize) -> &[T] {
    let size = size.max(1);
    let start = (page - 1).saturating_mul(size).min(items.len());
    let end = start.saturating_add(size).min(items.len());
    &items[start..end]
}

/// The positions of page `page` (from 1) in a list of `total` items.
pub fn page_range(total: usize, page: usize, size: usize) -> Vec<usize> {
    let size = size.max(1);
    let start = (page - 1).saturating_mul(size).min(total);
    (start..start.saturating_add(size).min(total)).collect()
}

/// Where a page of a paginated list is and what is around it.
#[derive(Serialize)]
pub struct Pager {
    pub number: usize,
    pub count: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub first_url: String,
    pub last_url: String,
}

impl Pager {
    fn new(dir: &str, number: usize, count: usize) -> Pager {
        Pager {
            number,
            count,
            prev_url: (number > 1).then(|| routes::paged(dir, number - 1)),
            next_url: (number < count).then(|| routes::paged(dir, number + 1)),
            first_url: routes::paged(dir, 1),
            last_url: routes::paged(dir, count),
        }
    }
}

#[derive(Serialize)]
pub(super) struct Month<T> {
    key: String,
    label: String,
    #[serde(rename = "articles")]
    entries: Vec<T>,
}

/// The month (or, for a year-only date, the year) a date is listed under.
fn month_of(date: Period) -> Period {
    Period { day: None, ..date }
}

/// `entries` grouped by consecutive month, in order.
fn by_month<T>(
    locale: &crate::i18n::Locale,
    entries: impl IntoIterator<Item = (Period, T)>,
) -> Vec<Month<T>> {
    let mut months: Vec<Month<T>> = Vec::new();
    for (date, entry) in entries {
        let month = month_of(date);
        let key = month.iso();
        if months.last().is_none_or(|m| m.key != key) {
            months.push(Month {
                key,
                label: locale.period(&month),
                entries: Vec::new(),
            });
        }
        if let Some(last) = months.last_mut() {
            last.entries.push(entry);
        }
    }
    months
}

pub(super) fn article_months<'a>(site: &'a Site, articles: &[usize]) -> Vec<Month<ArticleRef<'a>>> {
    by_month(
        &site.locale,
        articles.iter().map(|&a| {
            let article = &site.articles[a];
            (article.date, ArticleRef::listed(article, &site.locale))
        }),
    )
}

/// The context shared by the pages of a paginated list; `title` gets
/// "page n" added after the first page.
pub(super) fn paged_common(
    site: &Site,
    dir: &str,
    page: usize,
    count: usize,
    title: &str,
) -> Context {
    let path = routes::paged(dir, page);
    let title = if page > 1 {
        site.locale.phrase(
            "title_paged",
            &[
                ("title", title),
                ("page", &site.locale.integer(page as u64)),
                ("count", &site.locale.integer(count as u64)),
            ],
        )
    } else {
        title.to_string()
    };
    let mut context = common(site, &path, Some(&title), None);
    context.insert("pager", &Pager::new(dir, page, count));
    context
}

#[derive(Serialize)]
pub(super) struct TagView {
    pub(super) name: String,
    pub(super) slug: String,
    url: String,
    feed_url: Option<String>,
    article_count: usize,
}

impl TagView {
    pub(super) fn new(site: &Site, tag: &Tag) -> TagView {
        TagView {
            name: tag.name.clone(),
            slug: tag.slug.clone(),
            url: routes::tag(&tag.slug),
            feed_url: site
                .settings
                .base_url
                .is_some()
                .then(|| routes::tag_feed(&tag.slug)),
            article_count: tag.articles.len(),
        }
    }
}

/// One entry of a timeline.
#[derive(Serialize)]
pub(super) struct TimelineEntry<'a> {
    kind: &'static str,
    date: String,
    date_display: String,
    article: Option<ArticleRef<'a>>,
    fact: Option<FactView<'a>>,
    revision: Option<RevisionEntry>,
}

/// A revision as a timeline lists it.
#[derive(Serialize)]
pub(super) struct RevisionEntry {
    #[serde(flatten)]
    pub(super) revision: RevisionView,
    entity: EntityRef,
    pub(super) label: String,
    period: String,
}

impl RevisionEntry {
    pub(super) fn new(site: &Site, entity: usize, set: usize, revision: usize) -> RevisionEntry {
        let entity = &site.entities[entity];
        let set = &entity.figure_sets[set];
        RevisionEntry {
            revision: RevisionView::new(site, entity, set, revision),
            entity: EntityRef::new(entity, &site.locale),
            label: entity.facts[set.leader].label.clone(),
            period: set.period.iso(),
        }
    }
}

pub(super) fn timeline_months<'a>(site: &'a Site, items: &[Item]) -> Vec<Month<TimelineEntry<'a>>> {
    by_month(
        &site.locale,
        items.iter().map(|&item| match item {
            Item::Article(a) => {
                let article = &site.articles[a];
                let entry = TimelineEntry {
                    kind: "article",
                    date: article.date.iso(),
                    date_display: site.locale.period(&article.date),
                    article: Some(ArticleRef::new(article, &site.locale)),
                    fact: None,
                    revision: None,
                };
                (article.date, entry)
            }
            Item::Fact { entity, fact } => {
                let entity = &site.entities[entity];
                let fact = &entity.facts[fact];
                let entry = TimelineEntry {
                    kind: "fact",
                    date: fact.period.iso(),
                    date_display: site.locale.period(&fact.period),
                    article: None,
                    fact: Some(FactView::new(site, entity, fact)),
                    revision: None,
                };
                (fact.period, entry)
            }
            Item::Revision {
                entity,
                set,
                revision,
            } => {
                let facts = &site.entities[entity].facts;
                let (_, new) = site.entities[entity].figure_sets[set].revisions[revision];
                let date = facts[new].as_of.unwrap_or(facts[new].period);
                let entry = TimelineEntry {
                    kind: "revision",
                    date: date.iso(),
                    date_display: site.locale.period(&date),
                    article: None,
                    fact: None,
                    revision: Some(RevisionEntry::new(site, entity, set, revision)),
                };
                (date, entry)
            }
        }),
    )
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

/// The context of `sitemap.xml`: every HTML page but 404 and drafts, by
/// path, with article dates as `lastmod`.
pub fn sitemap(site: &Site, base: &str, page_paths: &[String]) -> Context {
    let dates: crate::model::FastMap<String, String> = site
        .articles
        .iter()
        .map(|a| (routes::article(&a.slug), a.date.iso()))
        .collect();
    let drafts: std::collections::HashSet<String> = site
        .articles
        .iter()
        .filter(|a| a.draft)
        .map(|a| routes::article(&a.slug))
        .chain(
            site.pages
                .iter()
                .filter(|p| p.draft)
                .map(|p| routes::page(&p.slug)),
        )
        .collect();
    let mut listed: Vec<&String> = page_paths
        .iter()
        .filter(|path| path.ends_with(".html") && path.as_str() != routes::NOT_FOUND)
        .filter(|path| !drafts.contains(path.as_str()))
        .collect();
    listed.sort();
    let urls: Vec<SitemapUrl> = listed
        .into_iter()
        .map(|path| SitemapUrl {
            loc: format!("{base}{}", routes::pretty(path)),
            lastmod: dates.get(path).cloned(),
        })
        .collect();
    let mut context = Context::new();
    context.insert("urls", &urls);
    context
}

/// `robots.txt`: everything may be crawled; the sitemap is named.
pub fn robots(base: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {base}{}\n",
        routes::SITEMAP
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_lists_and_page_one_keeps_its_url() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(5, 2), 3);
        assert_eq!(page_slice(&[1, 2, 3, 4, 5], 3, 2), &[5]);
        assert_eq!(routes::paged("articles/", 1), "articles/index.html");
        assert_eq!(routes::paged("articles/", 2), "articles/page/2/index.html");
        let pager = Pager::new("tags/x/", 2, 3);
        assert_eq!(pager.prev_url.as_deref(), Some("tags/x/index.html"));
        assert_eq!(pager.next_url.as_deref(), Some("tags/x/page/3/index.html"));
    }
}
