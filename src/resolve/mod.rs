//! Stage 2, resolve: check every reference between files and build the
//! [`Site`] that rendering reads.
//!
//! Here citation markers become numbered footnotes, entity names in the text
//! become mentions, quotes are found in their seeds, and facts, claims and
//! relations are tied to the entities, sources and articles they name.
//! Everything is indexed by position in the site's sorted lists, so render
//! never looks anything up by name. Nothing here touches the file system.

pub mod aliases;
pub(crate) mod articles;
mod charts;
pub mod contested;
pub mod coverage;
pub mod curation;
mod entities;
pub mod language;
pub mod mentions;
pub mod not_entities;
pub mod quotes;
pub mod sources;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::load::{Project, Value, yaml};
use crate::model::{EntityKind, FactRef, Mention, Period, Span, Status};

pub use articles::{ArticleCache, Body, BodyNode, HeldBody, Mark, MarkKind};

/// The whole briefing, checked and cross-referenced.
#[derive(Debug, Default)]
pub struct Site {
    pub settings: Settings,
    /// By id.
    pub sources: Vec<Source>,
    /// By id.
    pub entities: Vec<Entity>,
    /// Published articles (with `--drafts`, drafts too), newest first (then by slug). Shared, so a rebuild
    /// can reuse the articles that did not change.
    pub articles: Vec<Arc<Article>>,
    /// Free pages, by weight then title.
    pub pages: Vec<FreePage>,
    /// Seeds that no annotation publishes (for `check`).
    pub unpublished_seeds: Vec<PathBuf>,
    /// The front page's charts (`charts:` in `site.yaml`).
    pub charts: Vec<ChartRequest>,
    /// Pages at renamed articles' old addresses, by old slug.
    pub redirects: Vec<aliases::Redirect>,
    /// Seed path (`seeds/a.md`) → the article that publishes it, for links
    /// between Markdown seeds.
    pub by_seed: std::collections::HashMap<PathBuf, usize>,
    /// The site's language for the theme's words, numbers and dates.
    pub locale: Arc<crate::i18n::Locale>,
}

impl Site {
    /// The article publishing the seed `name` that a link in the seed at
    /// `from` names (in the same folder).
    pub fn linked_article(&self, from: &std::path::Path, name: &str) -> Option<&Article> {
        let path = from.parent().unwrap_or(std::path::Path::new("")).join(name);
        self.by_seed.get(&path).map(|&i| &*self.articles[i])
    }
}

#[derive(Debug, Default, Clone)]
pub struct Settings {
    pub title: String,
    pub description: Option<String>,
    /// Absolute http(s) URL ending in `/`.
    pub base_url: Option<String>,
    pub language: String,
    pub author: Option<String>,
    /// Items per page of paginated lists (archive, tags, timeline).
    pub page_size: usize,
    /// A search box on every page and the index it searches.
    pub search: bool,
}

/// Items per page when `site.yaml` sets no `page_size`.
pub const DEFAULT_PAGE_SIZE: usize = 50;

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub url: Option<String>,
    /// Other names citations may use (`ТАСС`), as written.
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    /// Names found only as written (`exact:`), not in their case forms.
    pub exact: Vec<String>,
    pub role: Option<String>,
    /// Markdown.
    pub summary: Option<String>,
    pub links: Vec<Link>,
    /// Declared on this entity, pointing elsewhere.
    pub relations: Vec<Relation>,
    pub facts: Vec<Fact>,
    /// The figures that share a metric and period with another (§7.5).
    pub figure_sets: Vec<FigureSet>,
    /// Every article that mentions this entity, newest first (shared: a
    /// rebuild after a seed edit changes only the lists of the entities
    /// that seed's article mentions).
    pub mentioned_in: Arc<Vec<MentionedIn>>,
    /// How many times the published articles mention it, in all.
    pub mention_count: usize,
    pub path: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Relation {
    /// Entity index.
    pub to: usize,
    pub kind: String,
    pub note: Option<String>,
    /// Source index.
    pub source: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Fact {
    pub metric: String,
    pub label: String,
    pub value: f64,
    pub unit: String,
    pub period: Period,
    pub status: Status,
    pub source: Option<usize>,
    pub article: Option<usize>,
    pub quote: Option<String>,
    /// Element id of the fact on its entity page.
    pub anchor: String,
    /// Element id of the highlighted quote on its article page.
    pub quote_anchor: Option<String>,
    /// When the figure was given: its `as_of`, or else its article's date.
    pub as_of: Option<Period>,
    /// Marked `preferred: true`.
    pub preferred: bool,
    /// Whether it is the figure shown for its metric and period: always,
    /// unless others share them and one of those leads (`contested`).
    pub leads: bool,
    /// Its set in `Entity::figure_sets`, when others share its metric and period.
    pub set: Option<usize>,
}

/// Two or more figures of one entity for the same metric and period.
#[derive(Debug, Clone, Default)]
pub struct FigureSet {
    pub metric: String,
    pub period: Period,
    /// Fact indices, earliest "as of" first (undated first), then as written.
    pub facts: Vec<usize>,
    /// The figure that leads (`contested`'s rule).
    pub leader: usize,
    /// Each source's figure as it stands (its last written), in the order
    /// the sources first appear.
    pub current: Vec<usize>,
    /// Sources whose current figures differ.
    pub disagreement: bool,
    /// (earlier, later): a source's figure and the one that replaced it.
    pub revisions: Vec<(usize, usize)>,
    /// A hash of what pages show of the set beyond the entity file (each
    /// figure's date and article), for page keys.
    pub key: u64,
}

impl FigureSet {
    /// `<entity>:<metric>:<period>`, naming the set in downloads.
    pub fn id(&self, entity: &str) -> String {
        format!("{entity}:{}:{}", self.metric, self.period.iso())
    }

    /// Its figures differ: a disagreement, or a revision (figures that
    /// agree are shown as they always were).
    pub fn is_contested(&self) -> bool {
        self.disagreement || !self.revisions.is_empty()
    }
}

/// An article that mentions an entity, with the sentences (as plain text and
/// the byte ranges of the mentions within each) around the mentions.
#[derive(Debug, Clone)]
pub struct MentionedIn {
    pub article: usize,
    pub sentences: Arc<Vec<Sentence>>,
    /// A hash of the sentences (text and highlights).
    pub sentences_key: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub text: String,
    pub highlights: Vec<Span>,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub slug: String,
    /// xxh3 of the slug (a rebuild compares the site's page paths by it).
    pub slug_hash: u64,
    pub title: String,
    pub date: Period,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    /// Published only with `--drafts`; never in the feed or the sitemap.
    pub draft: bool,
    /// The language of its text when the annotation declares one
    /// (`language:`); else the site's.
    pub language: Option<String>,
    pub body: HeldBody,
    pub footnotes: Vec<Footnote>,
    /// Entity indices mentioned (or included), with how often, by entity index.
    pub mentioned: Vec<Mention>,
    pub claims: Vec<Claim>,
    pub charts: Vec<ChartRequest>,
    /// The facts quoting this article.
    pub facts: Vec<FactRef>,
    pub seed_path: PathBuf,
    pub seed_hash: u64,
    /// The seeds its body links to (Markdown seeds: `[x](other.md)`), by
    /// name in its seed's folder; its page shows where they are published.
    pub seed_links: Vec<String>,
    /// Hash of everything this article was resolved from (annotation, seed,
    /// entities, sources): equal keys mean an identical article.
    pub key: u64,
    /// Hash of what article lists show of it: slug, title, date, summary, tags, draft.
    pub listing_key: u64,
    /// Hash of the entities it mentions and the sources it cites, with counts.
    pub crossings_key: u64,
    /// Figures in its text.
    pub figures: FigureCount,
}

/// How many figures (numbers with what they count) a text has, and how
/// many of them a fact or claim quotes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FigureCount {
    pub quoted: usize,
    pub found: usize,
}

impl std::ops::Add for FigureCount {
    type Output = FigureCount;

    fn add(self, other: FigureCount) -> FigureCount {
        FigureCount {
            quoted: self.quoted + other.quoted,
            found: self.found + other.found,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Footnote {
    pub number: usize,
    /// Source index.
    pub source: usize,
    /// How many times the source is cited; reference ids are derived from it.
    pub citations: usize,
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub anchor: String,
    pub quote: String,
    pub status: Status,
    pub note: Option<String>,
    pub entities: Vec<usize>,
}

/// A chart an article asks for: metrics compared across entities.
#[derive(Debug, Clone)]
pub struct ChartRequest {
    pub title: String,
    pub metrics: Vec<String>,
    /// Empty: every entity with figures for these metrics.
    pub entities: Vec<usize>,
    /// One metric (`metrics[0]`) compared across entities, latest figures.
    pub compare: bool,
}

#[derive(Debug, Clone)]
pub struct FreePage {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: i64,
    /// What the page's `<h1>` shows: the body's opening `# heading`, or else
    /// the title, escaped.
    pub heading_html: String,
    /// Published only with `--drafts`.
    pub draft: bool,
    pub content_html: String,
}

/// What files that failed to load may define (source names, metrics, seeds
/// named by annotations), so that references to it are not called unknown:
/// the broken file's own errors say what is wrong.
#[derive(Debug, Default)]
pub(crate) struct MayExist {
    /// A broken file could not be read even as plain YAML: it may define anything.
    anything: bool,
    names: HashSet<String>,
}

impl MayExist {
    /// From the broken files (each as plain YAML, if readable); `read`
    /// gives what one defines, or `None` when that cannot be told.
    fn from_broken<'a>(
        files: impl IntoIterator<Item = Option<&'a Value>>,
        read: impl Fn(&Value) -> Option<Vec<String>>,
    ) -> MayExist {
        let mut may = MayExist::default();
        for file in files {
            match file.and_then(&read) {
                Some(names) => may.names.extend(names),
                None => may.anything = true,
            }
        }
        may
    }

    pub(crate) fn add(&mut self, names: impl IntoIterator<Item = String>) {
        self.names.extend(names);
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.anything || self.names.contains(name)
    }
}

/// The error `check` gives for a placeholder `annotate` left in place.
pub(crate) fn not_filled_in(what: &str, place: Place, help: &str) -> Diagnostic {
    Diagnostic::error(format!("{what} not filled in"))
        .at(place)
        .label("left for the curator by `briefing annotate`")
        .help(help)
}

/// The help of a date or period that does not parse: the `YYYY-MM-DD`
/// spelling of what was written when it is a date written another way
/// (`12.05.2025` → `2025-05-12`), else `otherwise`.
pub(crate) fn date_help(written: &str, otherwise: &str) -> String {
    match crate::model::iso_spelling(written) {
        Some(iso) => format!("write `{iso}`: dates are written year first, YYYY-MM-DD"),
        None => otherwise.to_string(),
    }
}

/// The broken files among `project`'s files under `folder` (e.g. `content/entities`).
fn broken_in<'a>(project: &'a Project, folder: &'a str) -> impl Iterator<Item = Option<&'a Value>> {
    project
        .broken
        .iter()
        .filter(move |(path, _)| {
            path.parent()
                .is_some_and(|p| p == std::path::Path::new(folder))
        })
        .map(|(_, tree)| tree.as_ref())
}

/// Choices made on the command line rather than in the site's files.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub struct Options {
    /// Publish `draft: true` articles and pages too, marked as drafts (they
    /// still stay out of the feed and the sitemap).
    pub drafts: bool,
    /// Replaces `base_url` of `content/site.yaml` (`--base-url`,
    /// `BRIEFING_BASE_URL`); checked with [`http_url`] before it gets here.
    pub base_url: Option<String>,
}

/// Checks `project` and builds the site; problems go to `diagnostics`.
pub fn resolve(project: &Project, diagnostics: &mut Diagnostics) -> Site {
    resolve_cached(
        project,
        &Options::default(),
        &mut ArticleCache::default(),
        diagnostics,
    )
}

/// Like [`resolve`], reusing the articles in `cache` whose inputs did not
/// change, and leaving this run's articles there for the next one.
pub fn resolve_cached(
    project: &Project,
    options: &Options,
    cache: &mut ArticleCache,
    diagnostics: &mut Diagnostics,
) -> Site {
    let mut settings = resolve_settings(project, diagnostics);
    if let Some(url) = &options.base_url {
        settings.base_url = Some(with_trailing_slash(url));
    }
    let sources = sources::resolve(project, diagnostics);
    let mut entities = cache.entities(project, &sources, diagnostics);
    let (articles, unpublished_seeds) = articles::resolve(
        project,
        &sources,
        &mut entities,
        options.drafts,
        cache,
        diagnostics,
    );
    contested::resolve(project, &mut entities, &articles, diagnostics);
    not_entities::check(project, &entities, diagnostics);
    let pages = resolve_pages(project, options.drafts, diagnostics);
    let charts = site_charts(project, &entities, diagnostics);
    let locale = Arc::new(language::resolve(project, &settings.language, diagnostics));
    let redirects = aliases::resolve(project, &articles, diagnostics);
    let by_seed = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.seed_path.clone(), i))
        .collect();
    Site {
        locale,
        charts,
        redirects,
        by_seed,
        settings,
        sources: sources.list,
        entities,
        articles,
        pages,
        unpublished_seeds,
    }
}

/// `charts:` in `site.yaml`: the front page's charts.
fn site_charts(
    project: &Project,
    entities: &[Entity],
    diagnostics: &mut Diagnostics,
) -> Vec<ChartRequest> {
    let Some(site) = &project.site else {
        return Vec::new();
    };
    let mut ids: Vec<(&str, usize)> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    ids.sort_unstable();
    let names: Vec<&str> = ids.iter().map(|(id, _)| *id).collect();
    let mut problems = Vec::new();
    let requests: Vec<ChartRequest> = site
        .value
        .charts
        .iter()
        .map(|entry| {
            let found = entry.entities.iter().filter_map(|id| {
                match ids.binary_search_by(|(known, _)| known.cmp(&id.value.as_str())) {
                    Ok(at) => Some(ids[at].1),
                    Err(_) => {
                        problems.push(entities::unknown_entity(&names, id, &site.path));
                        None
                    }
                }
            });
            let found = found.collect();
            charts::request(entry, found)
        })
        .collect();
    let broken_metrics =
        MayExist::from_broken(broken_in(project, crate::inputs::ENTITIES), |file| {
            Some(file.strings_at(&["facts", "*", "metric"]))
        });
    charts::check(
        &site.value.charts,
        &requests,
        &site.path,
        entities,
        &broken_metrics,
        &mut problems,
    );
    for problem in problems {
        diagnostics.push(problem);
    }
    requests
}

fn resolve_settings(project: &Project, diagnostics: &mut Diagnostics) -> Settings {
    let Some(site) = &project.site else {
        return Settings {
            title: "Briefing".into(),
            language: "en".into(),
            page_size: DEFAULT_PAGE_SIZE,
            search: true,
            ..Settings::default()
        };
    };
    let file = &site.value;
    let path = &site.path;
    if file.title.value.trim().is_empty() {
        diagnostics.push(Diagnostic::error("the site title is empty").at(yaml::place(
            path,
            &file.title.referenced,
            1,
        )));
    }
    let base_url = file.base_url.as_ref().and_then(|url| {
        if http_url(&url.value) {
            Some(with_trailing_slash(&url.value))
        } else {
            diagnostics.push(not_http(path, url));
            None
        }
    });
    let language = match &file.language {
        Some(lang) if is_language_tag(&lang.value) => lang.value.clone(),
        Some(lang) => {
            diagnostics.push(
                Diagnostic::error(format!("`{}` is not a BCP 47 language tag", lang.value))
                    .at(yaml::place(
                        path,
                        &lang.referenced,
                        lang.value.chars().count(),
                    ))
                    .help("use a tag such as `en`, `en-GB` or `ru`"),
            );
            "en".into()
        }
        None => "en".into(),
    };
    let page_size = match &file.page_size {
        Some(size) if size.value == 0 => {
            diagnostics.push(
                Diagnostic::error("`page_size` must be at least 1")
                    .at(yaml::place(path, &size.referenced, 1))
                    .help(format!("leave it out for {DEFAULT_PAGE_SIZE} per page")),
            );
            DEFAULT_PAGE_SIZE
        }
        Some(size) => size.value,
        None => DEFAULT_PAGE_SIZE,
    };
    Settings {
        page_size,
        search: file.search(),
        title: file.title.value.trim().to_string(),
        description: file.description.clone(),
        base_url,
        language,
        author: file.author.clone(),
    }
}

/// A base URL as pages use it: trimmed, ending in `/`.
fn with_trailing_slash(url: &str) -> String {
    let mut url = url.trim().to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// Whether `url` is an absolute http(s) URL with a host.
pub fn http_url(url: &str) -> bool {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && !r
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    })
}

fn not_http(path: &std::path::Path, url: &serde_saphyr::Spanned<String>) -> Diagnostic {
    Diagnostic::error(format!("`{}` is not an http(s) URL", url.value))
        .at(yaml::place(
            path,
            &url.referenced,
            url.value.chars().count(),
        ))
        .label("expected an absolute http:// or https:// URL")
}

pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=8).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn resolve_pages(project: &Project, drafts: bool, diagnostics: &mut Diagnostics) -> Vec<FreePage> {
    let mut pages: Vec<FreePage> = project
        .pages
        .iter()
        .filter(|page| drafts || !page.value.front.draft)
        .filter(|page| {
            let reserved = crate::routes::is_reserved(&page.id);
            if reserved {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the page slug `{}` is taken by the site's own pages",
                        page.id
                    ))
                    .at(Place::file(&page.path))
                    .help("rename the file"),
                );
            }
            !reserved
        })
        .map(|page| FreePage {
            slug: page.id.clone(),
            title: page.value.front.title.clone(),
            description: page.value.front.description.clone(),
            weight: page.value.front.weight,
            draft: page.value.front.draft,
            heading_html: page.value.heading_html.clone().unwrap_or_else(|| {
                crate::markup::escape::Escaped(&page.value.front.title).to_string()
            }),
            content_html: page.value.content_html.clone(),
        })
        .collect();
    pages.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)));
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_urls_pass() {
        assert!(http_url("https://tass.com/"));
        assert!(http_url("http://x.test/a?b#c"));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "/relative",
            "https://",
            "ftp://x",
            "https://a b",
        ] {
            assert!(!http_url(bad), "{bad}");
        }
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en") && is_language_tag("en-GB") && is_language_tag("zh-Hant-TW"));
        assert!(!is_language_tag("e") && !is_language_tag("en_GB") && !is_language_tag(""));
    }
}
