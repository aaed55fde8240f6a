//! An Atom feed: the site's, an entity's or a tag's (with a `base_url`).

use super::*;

pub(in crate::render) struct FeedFile;

impl PageKind for FeedFile {
    type Page = Feed;
    const TEMPLATE: &'static str = "atom.xml";

    fn pages(input: &Input) -> Vec<Feed> {
        if input.site.settings.base_url.is_none() {
            return Vec::new();
        }
        let entities = (0..input.site.entities.len()).map(Feed::Entity);
        let tags = (0..input.derived.tags.len()).map(Feed::Tag);
        [Feed::Site]
            .into_iter()
            .chain(entities)
            .chain(tags)
            .collect()
    }

    fn path(input: &Input, feed: Feed) -> String {
        feed.path(input.site, input.derived)
    }

    /// A feed: the listings of the articles it carries (and, the site's,
    /// the revisions of figures).
    fn key(input: &Input, feed: Feed) -> u64 {
        let (keys, site, derived) = (input.keys, input.site, input.derived);
        let which = match feed {
            Feed::Site => [0, 0, keys.figures],
            Feed::Entity(e) => [1, e as u64, 0],
            Feed::Tag(t) => {
                let tag = &derived.tags[t];
                [2, hash_str(&tag.slug), hash_str(&tag.name)]
            }
        };
        let articles = feed
            .articles_where(site, derived, |a| !keys.drafts[a])
            .into_iter()
            .map(|a| keys.listings[a]);
        let head = [keys.global, Kind::Feed.tag()].into_iter().chain(which);
        hash_iter(head.chain(articles))
    }

    fn context(input: &Input, feed: Feed) -> Result<Context, RenderError> {
        let base = input.site.settings.base_url.as_deref().unwrap_or("");
        Ok(atom(input.site, input.derived, feed, base))
    }
}

/// How many of the newest articles a feed carries.
const FEED_ENTRIES: usize = 50;

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
pub(in crate::render) enum Feed {
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
fn atom(site: &Site, derived: &Derived, feed: Feed, base: &str) -> Context {
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
