//! Pages that list articles and facts across the site, and how readers find
//! them: the paginated archive, tags (`tags/`), the timeline (`timeline/`),
//! and the Atom feeds and sitemap (templates `atom.xml`, `sitemap.xml`).
//! docs/content-format.md ("Output") describes the paths; docs/templates.md
//! the contexts.

use serde::Serialize;
use tera::Context;

use super::context::{ArticleRef, EntityRef, FactView, RevisionView, common};
use super::derived::{Derived, Item, Tag, entity_items, revisions_of};
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
struct Month<T> {
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

fn article_months<'a>(site: &'a Site, articles: &[usize]) -> Vec<Month<ArticleRef<'a>>> {
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
fn paged_common(site: &Site, dir: &str, page: usize, count: usize, title: &str) -> Context {
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

/// Page `page` of every article, newest first, grouped by month.
pub fn archive(site: &Site, page: usize) -> Context {
    let size = site.settings.page_size;
    let count = page_count(site.articles.len(), size);
    let mut context = paged_common(
        site,
        &routes::ARTICLES.dir(),
        page,
        count,
        &site.locale.word("title_all_articles"),
    );
    context.insert(
        "months",
        &article_months(site, &page_range(site.articles.len(), page, size)),
    );
    context.insert("article_count", &site.articles.len());
    context
}

#[derive(Serialize)]
struct TagView {
    name: String,
    slug: String,
    url: String,
    feed_url: Option<String>,
    article_count: usize,
}

impl TagView {
    fn new(site: &Site, tag: &Tag) -> TagView {
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

/// Every tag with its article count, by name.
pub fn tags_index(site: &Site, derived: &Derived) -> Context {
    let mut context = common(
        site,
        &routes::TAGS.index(),
        Some(&site.locale.word("nav_tags")),
        None,
    );
    let mut tags: Vec<TagView> = derived.tags.iter().map(|t| TagView::new(site, t)).collect();
    tags.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    context.insert("tags", &tags);
    context
}

/// Page `page` of the articles with tag `index`, newest first.
pub fn tag_page(site: &Site, derived: &Derived, index: usize, page: usize) -> Context {
    let tag = &derived.tags[index];
    let size = site.settings.page_size;
    let count = page_count(tag.articles.len(), size);
    let dir = routes::tag_dir(&tag.slug);
    let mut context = paged_common(
        site,
        &dir,
        page,
        count,
        &site.locale.phrase("title_tag", &[("name", &tag.name)]),
    );
    context.insert("tag", &TagView::new(site, tag));
    context.insert(
        "months",
        &article_months(site, page_slice(&tag.articles, page, size)),
    );
    context
}

/// One entry of a timeline.
#[derive(Serialize)]
struct TimelineEntry<'a> {
    kind: &'static str,
    date: String,
    date_display: String,
    article: Option<ArticleRef<'a>>,
    fact: Option<FactView<'a>>,
    revision: Option<RevisionEntry>,
}

/// A revision as a timeline lists it.
#[derive(Serialize)]
struct RevisionEntry {
    #[serde(flatten)]
    revision: RevisionView,
    entity: EntityRef,
    label: String,
    period: String,
}

impl RevisionEntry {
    fn new(site: &Site, entity: usize, set: usize, revision: usize) -> RevisionEntry {
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

fn timeline_months<'a>(site: &'a Site, items: &[Item]) -> Vec<Month<TimelineEntry<'a>>> {
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
struct TimelineEntity {
    #[serde(flatten)]
    entity: EntityRef,
    timeline_url: String,
}

/// Page `page` of every article and fact, newest first, by month. The first
/// page also lists the entities, each linking to its own timeline.
pub fn timeline(site: &Site, derived: &Derived, page: usize) -> Context {
    let size = site.settings.page_size;
    let count = page_count(derived.timeline.len(), size);
    let mut context = paged_common(
        site,
        &routes::TIMELINE.dir(),
        page,
        count,
        &site.locale.word("nav_timeline"),
    );
    let items = page_slice(&derived.timeline, page, size);
    context.insert("months", &timeline_months(site, items));
    context.insert("item_count", &derived.timeline.len());
    let entities: Vec<TimelineEntity> = if page == 1 {
        site.entities
            .iter()
            .filter(|e| !e.mentioned_in.is_empty() || !e.facts.is_empty())
            .map(|e| TimelineEntity {
                entity: EntityRef::new(e, &site.locale),
                timeline_url: routes::entity_timeline(&e.id),
            })
            .collect()
    } else {
        Vec::new()
    };
    context.insert("entities", &entities);
    context
}

/// One entity's timeline: the articles mentioning it and its facts.
pub fn entity_timeline(site: &Site, index: usize) -> Context {
    let entity = &site.entities[index];
    let path = routes::entity_timeline(&entity.id);
    let title = site
        .locale
        .phrase("title_timeline_of", &[("name", &entity.name)]);
    let mut context = common(site, &path, Some(&title), None);
    context.insert("entity", &EntityRef::new(entity, &site.locale));
    let items = entity_items(site, index);
    context.insert("months", &timeline_months(site, &items));
    context.insert("item_count", &items.len());
    context
}

/// How many of the newest articles a feed carries.
pub const FEED_ENTRIES: usize = 50;

#[derive(Serialize)]
struct FeedView {
    title: String,
    subtitle: Option<String>,
    language: String,
    id: String,
    self_url: String,
    alternate_url: String,
    updated: String,
    author: String,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    date: String,
    summary: Option<String>,
    tags: Vec<String>,
}

/// Which feed: the site's, an entity's, or a tag's.
#[derive(Debug, Clone, Copy)]
pub enum Feed {
    Site,
    Entity(usize),
    Tag(usize),
}

impl Feed {
    pub fn path(self, site: &Site, derived: &Derived) -> String {
        match self {
            Feed::Site => routes::SITE_FEED.into(),
            Feed::Entity(e) => routes::entity_feed(&site.entities[e].id),
            Feed::Tag(t) => routes::tag_feed(&derived.tags[t].slug),
        }
    }

    /// The feed's articles, newest first, at most [`FEED_ENTRIES`]. Drafts
    /// (built with `--drafts`) are never in a feed: a preview must not
    /// announce them.
    pub fn articles(self, site: &Site, derived: &Derived) -> Vec<usize> {
        self.articles_where(site, derived, |a| !site.articles[a].draft)
    }

    /// [`Feed::articles`], with `published` telling drafts apart (page keys
    /// read it from a compact list).
    pub fn articles_where(
        self,
        site: &Site,
        derived: &Derived,
        published: impl Fn(usize) -> bool,
    ) -> Vec<usize> {
        let published = |&a: &usize| published(a);
        match self {
            Feed::Site => (0..site.articles.len())
                .filter(published)
                .take(FEED_ENTRIES)
                .collect(),
            Feed::Entity(e) => site.entities[e]
                .mentioned_in
                .iter()
                .map(|m| m.article)
                .filter(published)
                .take(FEED_ENTRIES)
                .collect(),
            Feed::Tag(t) => derived.tags[t]
                .articles
                .iter()
                .copied()
                .filter(published)
                .take(FEED_ENTRIES)
                .collect(),
        }
    }
}

/// Every revision of a figure as a feed entry, linking to it on its
/// entity's page, by entity.
fn revision_entries<'a>(
    site: &'a Site,
    base: &'a str,
) -> impl Iterator<Item = (Period, FeedEntry)> + 'a {
    (0..site.entities.len()).flat_map(move |e| {
        revisions_of(site, e).filter_map(move |(date, item)| {
            let Item::Revision { set, revision, .. } = item else {
                return None;
            };
            let entity = &site.entities[e];
            let shown = RevisionEntry::new(site, e, set, revision);
            let title = shown.revision.headline(
                &site.locale,
                entity,
                &entity.figure_sets[set],
                &shown.label,
            );
            let (from, to) = (&shown.revision.from, &shown.revision.to);
            let summary = site.locale.phrase(
                "feed_revision_summary",
                &[
                    ("from", &from.value_display),
                    ("from_date", from.as_of_month.as_deref().unwrap_or_default()),
                    ("to", &to.value_display),
                    ("to_date", to.as_of_month.as_deref().unwrap_or_default()),
                    ("difference", to.difference.as_deref().unwrap_or_default()),
                ],
            );
            let page = routes::entity(&entity.id);
            let entry = FeedEntry {
                title,
                url: format!("{base}{}#{}", routes::pretty(&page), shown.revision.anchor),
                date: date.iso(),
                summary: Some(summary),
                tags: Vec::new(),
            };
            Some((date, entry))
        })
    })
}

/// The context of `atom.xml` for `feed` (only called with a `base_url`).
pub fn atom(site: &Site, derived: &Derived, feed: Feed, base: &str) -> Context {
    let settings = &site.settings;
    let articles = feed.articles(site, derived);
    let updated = articles.first().map_or_else(
        || "1970-01-01".to_string(),
        |&a| site.articles[a].date.iso(),
    );
    let (title, subtitle, page) = match feed {
        Feed::Site => (
            settings.title.clone(),
            settings.description.clone(),
            String::new(),
        ),
        Feed::Entity(e) => {
            let entity = &site.entities[e];
            let title = format!("{} · {}", entity.name, settings.title);
            (title, entity.role.clone(), routes::entity(&entity.id))
        }
        Feed::Tag(t) => {
            let tag = &derived.tags[t];
            let tag_title = site.locale.phrase("feed_tag", &[("name", &tag.name)]);
            let title = format!("{tag_title} · {}", settings.title);
            (title, None, routes::tag(&tag.slug))
        }
    };
    let page_url = format!("{base}{}", routes::pretty(&page));
    let view = FeedView {
        title,
        subtitle,
        language: settings.language.clone(),
        id: page_url.clone(),
        self_url: format!("{base}{}", feed.path(site, derived)),
        alternate_url: page_url,
        updated,
        author: settings
            .author
            .clone()
            .unwrap_or_else(|| settings.title.clone()),
    };
    let mut dated: Vec<(Period, FeedEntry)> = articles
        .iter()
        .map(|&a| {
            let article = &site.articles[a];
            let entry = FeedEntry {
                title: article.title.clone(),
                url: format!("{base}{}", routes::pretty(&routes::article(&article.slug))),
                date: article.date.iso(),
                summary: article.summary.clone(),
                tags: article.tags.clone(),
            };
            (article.date, entry)
        })
        .collect();
    if let Feed::Site = feed {
        // Revisions are news too: merged in by date, after the articles of their day.
        dated.extend(revision_entries(site, base));
        dated.sort_by_key(|(date, _)| std::cmp::Reverse(*date));
        dated.truncate(FEED_ENTRIES);
    }
    let updated = dated
        .first()
        .map_or_else(|| "1970-01-01".to_string(), |(d, _)| d.iso());
    let view = FeedView { updated, ..view };
    let entries: Vec<FeedEntry> = dated.into_iter().map(|(_, e)| e).collect();
    let mut context = Context::new();
    context.insert("feed", &view);
    context.insert("entries", &entries);
    context
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
