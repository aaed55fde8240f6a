//! The site's search index: one record per published article (its whole
//! text), entity (every alias), source (every alias), tag, metric and free
//! page, indexed by our own builder ([`index`]) into small static files
//! under `search/data/` that the theme's `search.js` loads a piece at a
//! time (the format: docs/search-index.md). The index is made from the
//! resolved site, never by parsing HTML again, and written like any other
//! output file, so a failed build writes none of it.

mod build;

use std::sync::Arc;

use crate::render::Sink;
use crate::resolve::{Article, BodyNode, Site};
use crate::routes;
use crate::text::Language;

pub use build::{FORMAT_VERSION, Memo};

/// What a record is; shown with each result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Article,
    Entity,
    Source,
    Tag,
    Metric,
    Page,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Entity => "entity",
            Kind::Source => "source",
            Kind::Tag => "tag",
            Kind::Metric => "metric",
            Kind::Page => "page",
        }
    }
}

/// How much a word counts where it stands: a match in a title or a name
/// ranks above one in a summary, which ranks above one in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Summary,
    Body,
}

impl Field {
    fn weight(self) -> u32 {
        match self {
            Field::Title => 10,
            Field::Summary => 3,
            Field::Body => 1,
        }
    }
}

/// One thing a reader can find, other than an article (whose text is read
/// from its body only while the index is built).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    /// Relative to the site root, as links inside the site are.
    pub url: String,
    pub kind: Kind,
    pub title: String,
    /// What a result shows under its title: a summary or the other names.
    pub summary: String,
    /// The text that is searched, by field.
    pub text: Vec<(Field, String)>,
}

/// Everything a site's index is made from. Articles are shared with the
/// resolved site and turned into text only when the index is built, so a
/// watch-mode rebuild that only checks whether the index changed stays cheap.
#[derive(Debug, Clone)]
pub struct Input {
    pub language: Language,
    articles: Vec<Arc<Article>>,
    /// Entities, sources, tags, metrics and free pages.
    others: Vec<Record>,
    key: u64,
}

impl Input {
    /// The index input of a resolved site: its published articles (drafts
    /// only when the build includes them), entities with every alias,
    /// sources with theirs, tags, metrics and free pages.
    pub fn of_site(site: &Site) -> Input {
        if !site.settings.search {
            return Input::none();
        }
        let mut others: Vec<Record> = site.entities.iter().map(entity).collect();
        others.extend(site.sources.iter().map(source));
        others.extend(tags(site));
        others.extend(metrics(site));
        others.extend(site.pages.iter().map(page));
        let language = Language::from_tag(&site.settings.language);
        let key = key_of(language, &site.articles, &others);
        Input {
            language,
            articles: site.articles.clone(),
            others,
            key,
        }
    }

    /// No index at all (`search: false` in site.yaml): no files, so a
    /// rebuild that turns search off removes the old index.
    fn none() -> Input {
        Input {
            language: Language::English,
            articles: Vec::new(),
            others: Vec::new(),
            key: 0,
        }
    }

    /// Changes whenever a record may have changed (an article's key covers
    /// everything it was resolved from).
    pub fn key(&self) -> u64 {
        self.key
    }
}

fn key_of(language: Language, articles: &[Arc<Article>], others: &[Record]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    FORMAT_VERSION.hash(&mut hasher);
    language.hash(&mut hasher);
    for article in articles {
        article.slug.hash(&mut hasher);
        article.key.hash(&mut hasher);
    }
    others.hash(&mut hasher);
    // 0 stands for "no index" (`Input::none`).
    hasher.finish().max(1)
}

/// Adds an article's words to `part`.
fn add_article(part: &mut build::Part, article: &Article) -> Result<(), String> {
    with_article_words(article, |meta, fields| part.add(meta, fields))
}

/// Calls `each` with what a result shows of an article and its words: title,
/// summary and the whole text of its body (read again from its seed in a
/// one-shot build), run by run.
fn with_article_words<T>(
    article: &Article,
    each: impl for<'t> FnOnce(build::DocMeta, &mut dyn Iterator<Item = (Field, &'t str)>) -> T,
) -> Result<T, String> {
    let body = article.body.read()?;
    let shown = build::DocMeta::new(
        routes::article(&article.slug),
        Kind::Article,
        &article.title,
        article.summary.as_deref().unwrap_or_default(),
    );
    let runs = body.nodes.iter().filter_map(|node| match node {
        BodyNode::Run { text, .. } => Some((Field::Body, &**text)),
        BodyNode::Html(_) => None,
    });
    let mut fields = [(Field::Title, article.title.as_str())]
        .into_iter()
        .chain(article.summary.as_deref().map(|s| (Field::Summary, s)))
        .chain(runs);
    Ok(each(shown, &mut fields))
}

fn entity(entity: &crate::resolve::Entity) -> Record {
    let mut fields = vec![(Field::Title, entity.name.clone())];
    fields.extend(entity.aliases.iter().map(|a| (Field::Title, a.clone())));
    fields.push((Field::Summary, entity.kind.as_str().to_string()));
    fields.extend(entity.role.iter().map(|r| (Field::Summary, r.clone())));
    let summary = entity
        .summary
        .as_deref()
        .map(|s| crate::markup::text::html_to_text(&crate::markup::markdown::to_html(s)));
    fields.extend(summary.iter().map(|s| (Field::Body, s.clone())));
    let shown = match (&summary, entity.aliases.is_empty()) {
        (Some(summary), _) => summary.clone(),
        (None, false) => entity.aliases.join(" · "),
        (None, true) => String::new(),
    };
    Record {
        url: routes::entity(&entity.id),
        kind: Kind::Entity,
        title: entity.name.clone(),
        summary: shown,
        text: fields,
    }
}

fn source(source: &crate::resolve::Source) -> Record {
    let mut fields = vec![(Field::Title, source.name.clone())];
    fields.extend(source.aliases.iter().map(|a| (Field::Title, a.clone())));
    fields.extend(source.kind.iter().map(|k| (Field::Summary, k.clone())));
    fields.extend(source.url.iter().map(|u| (Field::Body, u.clone())));
    let mut shown: Vec<String> = source.kind.iter().cloned().collect();
    shown.extend(source.aliases.iter().cloned());
    Record {
        url: routes::source(&source.id),
        kind: Kind::Source,
        title: source.name.clone(),
        summary: shown.join(" · "),
        text: fields,
    }
}

/// Every tag with a page, named as its page names it.
fn tags(site: &Site) -> Vec<Record> {
    crate::render::derived::collect_tags(site)
        .into_iter()
        .map(|tag| {
            let count = tag.articles.len();
            Record {
                url: routes::tag(&tag.slug),
                kind: Kind::Tag,
                title: tag.name.clone(),
                // In the site's language, as the tag's page counts.
                summary: site
                    .locale
                    .text("search_tag_n_articles", Some(count as u64), &[])
                    .unwrap_or_default(),
                text: vec![(Field::Title, tag.name)],
            }
        })
        .collect()
}

/// Every metric with a page, by the label its page shows.
fn metrics(site: &Site) -> Vec<Record> {
    crate::render::derived::metrics(site)
        .into_iter()
        .map(|metric| Record {
            url: routes::metric(&metric.id),
            kind: Kind::Metric,
            title: metric.label.clone(),
            summary: String::new(),
            text: vec![
                (Field::Title, metric.label),
                (Field::Summary, metric.id.replace('-', " ")),
            ],
        })
        .collect()
}

fn page(page: &crate::resolve::FreePage) -> Record {
    let text = crate::markup::text::html_to_text(&page.content_html);
    let mut fields = vec![(Field::Title, page.title.clone())];
    fields.extend(page.description.iter().map(|d| (Field::Summary, d.clone())));
    fields.push((Field::Body, text));
    Record {
        url: routes::page(&page.slug),
        kind: Kind::Page,
        title: page.title.clone(),
        summary: page.description.clone().unwrap_or_default(),
        text: fields,
    }
}

/// Puts the index's files (under `search/data/`) into `sink`, each as soon
/// as it is made; their paths, sorted. `Err` when a seed could not be read
/// again or a file not put.
pub fn index(input: &Input, sink: &dyn Sink) -> Result<Vec<String>, String> {
    if input.key == 0 {
        return Ok(Vec::new());
    }
    let articles: Vec<&Article> = input.articles.iter().map(|a| &**a).collect();
    let parts = in_parts(&articles, |articles| {
        let mut part = build::Part::new(input.language);
        for article in articles {
            add_article(&mut part, article)?;
        }
        Ok(part)
    })?;
    // The later parts are appended to the first, not all to an empty one:
    // the first part's postings are not copied (at 100,000 articles, some
    // 100 MB more held for a moment).
    let mut parts = parts.into_iter();
    let mut whole = parts
        .next()
        .unwrap_or_else(|| build::Part::new(input.language));
    for part in parts {
        whole.append(part);
    }
    for record in &input.others {
        let (shown, mut fields) = record_words(record);
        whole.add(shown, &mut fields);
    }
    whole.finish(sink).map_err(cannot_write)
}

fn cannot_write(error: std::io::Error) -> String {
    format!("cannot write the search index: {error}")
}

/// The same files as [`index`], made with what `memo` kept from the last
/// build (watch mode): only the articles whose key changed are analysed
/// again, the rest reused; then `memo` keeps the articles of this input.
pub fn index_with_memo(
    input: &Input,
    memo: &mut Memo,
    sink: &dyn Sink,
) -> Result<Vec<String>, String> {
    if input.key == 0 {
        memo.keep(Default::default());
        return Ok(Vec::new());
    }
    if memo.language() != input.language {
        *memo = Memo::new(input.language);
    }
    let mut kept: Vec<Option<Arc<build::Analysed>>> = input
        .articles
        .iter()
        .map(|article| memo.article(&article.slug, article.key))
        .collect();
    let missing: Vec<&Article> = input
        .articles
        .iter()
        .zip(&kept)
        .filter(|(_, kept)| kept.is_none())
        .map(|(article, _)| &**article)
        .collect();
    let parts = in_parts(&missing, |articles| {
        let mut lexicon = build::Lexicon::new(input.language);
        let analysed = articles
            .iter()
            .map(|article| {
                with_article_words(article, |meta, fields| lexicon.analyse(meta, fields))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok((lexicon, analysed))
    })?;
    let mut analysed = parts
        .into_iter()
        .flat_map(|(lexicon, documents)| memo.adopt(lexicon, documents))
        .map(Arc::new);
    for slot in kept.iter_mut().filter(|slot| slot.is_none()) {
        *slot = analysed.next();
    }
    let articles: Vec<Arc<build::Analysed>> = kept.into_iter().flatten().collect();
    if articles.len() != input.articles.len() {
        return Err("the search indexer lost an article".into());
    }
    let others: Vec<build::Analysed> = input
        .others
        .iter()
        .map(|record| {
            let (shown, mut fields) = record_words(record);
            memo.lexicon().analyse(shown, &mut fields)
        })
        .collect();
    let documents: Vec<&build::Analysed> =
        articles.iter().map(|a| &**a).chain(others.iter()).collect();
    let files = memo.files(&documents, sink).map_err(cannot_write)?;
    memo.keep(
        input
            .articles
            .iter()
            .zip(articles)
            .map(|(article, analysed)| ((article.slug.clone(), article.key), analysed))
            .collect(),
    );
    Ok(files)
}

/// What a result shows of a record and its words.
fn record_words(record: &Record) -> (build::DocMeta, impl Iterator<Item = (Field, &str)>) {
    let shown = build::DocMeta::new(
        record.url.clone(),
        record.kind,
        &record.title,
        &record.summary,
    );
    let fields = record
        .text
        .iter()
        .map(|(field, text)| (*field, text.as_str()));
    (shown, fields)
}

/// `work` on `articles` in as many runs as there are cores, each on a thread
/// of its own (not the rayon pool, which a one-shot build keeps busy
/// rendering), each taking its articles in order; the results in order, so
/// put end to end their postings stay sorted by document.
fn in_parts<T: Send>(
    articles: &[&Article],
    work: impl Fn(&[&Article]) -> Result<T, String> + Sync,
) -> Result<Vec<T>, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_part = articles.len().div_ceil(threads).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let running: Vec<_> = articles
            .chunks(per_part)
            .map(|articles| scope.spawn(move || work(articles)))
            .collect();
        running
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|_| Err("the search indexer stopped unexpectedly".into()))
            })
            .collect()
    })
}
