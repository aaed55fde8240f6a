//! The site's search index: one record per article, entity and source,
//! indexed in-process with Pagefind's Rust API (no HTML is parsed again) and
//! written under `pagefind/` like any other output file, so a failed build
//! writes none of it. The built-in theme's `search.js` loads it in the
//! browser (docs/templates.md).

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use std::sync::Arc;

use crate::render::OutputFile;
use crate::resolve::{Article, Site};
use crate::routes;

/// What a record is; shown with each result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Article,
    Entity,
    Source,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Entity => "entity",
            Kind::Source => "source",
        }
    }
}

/// One thing a reader can find.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    /// Relative to the site root, as links inside the site are.
    pub url: String,
    pub kind: Kind,
    pub title: String,
    /// Plain text: what the search matches and the snippet is cut from.
    pub content: String,
}

/// Everything a site's index is made from. Articles are shared with the
/// resolved site and turned into text only when the index is built, so a
/// watch-mode rebuild that only checks whether the index changed stays cheap.
#[derive(Debug, Clone)]
pub struct Input {
    pub language: String,
    articles: Vec<Arc<Article>>,
    /// Entities and sources.
    others: Vec<Record>,
    key: u64,
}

impl Input {
    /// The index input of a resolved site: its published articles (drafts
    /// only when the build includes them), entities with every alias, and
    /// sources.
    pub fn of_site(site: &Site) -> Input {
        if !site.settings.search {
            return Input::none();
        }
        let mut others: Vec<Record> = site.entities.iter().map(entity).collect();
        others.extend(site.sources.iter().map(source));
        let language = index_language(&site.settings.language);
        let key = key_of(&language, &site.articles, &others);
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
            language: String::new(),
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

    /// Every record, articles first.
    pub fn records(&self) -> Vec<Record> {
        let mut records: Vec<Record> = self.articles.iter().map(|a| article(a)).collect();
        records.extend(self.others.iter().cloned());
        records
    }
}

fn key_of(language: &str, articles: &[Arc<Article>], others: &[Record]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    language.hash(&mut hasher);
    for article in articles {
        article.slug.hash(&mut hasher);
        article.key.hash(&mut hasher);
    }
    others.hash(&mut hasher);
    // 0 stands for "no index" (`Input::none`).
    hasher.finish().max(1)
}

/// How much of an article is searchable (title, summary and opening).
pub use crate::resolve::articles::SEARCH_TEXT_LIMIT as ARTICLE_TEXT_LIMIT;

fn article(article: &Article) -> Record {
    Record {
        url: routes::article(&article.slug),
        kind: Kind::Article,
        title: article.title.clone(),
        content: article.search_text.to_string(),
    }
}

fn entity(entity: &crate::resolve::Entity) -> Record {
    let mut parts = vec![entity.name.clone()];
    parts.extend(entity.aliases.iter().cloned());
    parts.push(entity.kind.as_str().to_string());
    parts.extend(entity.role.iter().cloned());
    parts.extend(entity.summary.iter().cloned());
    Record {
        url: routes::entity(&entity.id),
        kind: Kind::Entity,
        title: entity.name.clone(),
        content: parts.join(". "),
    }
}

fn source(source: &crate::resolve::Source) -> Record {
    let mut parts = vec![source.name.clone()];
    parts.extend(source.kind.iter().cloned());
    parts.extend(source.url.iter().cloned());
    Record {
        url: routes::source(&source.id),
        kind: Kind::Source,
        title: source.name.clone(),
        content: parts.join(". "),
    }
}

/// Pagefind keeps one index per language and stems words by it; the site's
/// language tag (`en-GB`) gives the primary subtag. Words in other scripts
/// (Cyrillic aliases on an English site) are indexed as written, lowercased.
fn index_language(tag: &str) -> String {
    let primary = tag.split(['-', '_']).next().unwrap_or("").trim();
    if primary.is_empty() {
        "en".to_string()
    } else {
        primary.to_ascii_lowercase()
    }
}

/// Files of Pagefind's bundle the built-in theme does not use: its own
/// search interfaces (ours is `search.js`, which never turns content into
/// markup) and the playground.
fn is_unused(name: &str) -> bool {
    name.starts_with("pagefind-ui.")
        || name.starts_with("pagefind-modular-ui.")
        || name.starts_with("pagefind-component-ui.")
        || name.starts_with("pagefind-highlight.")
        || name.starts_with("playground/")
}

/// The index as output files under `routes::PAGEFIND`, sorted by path.
pub fn index(input: &Input) -> Result<Vec<OutputFile>, String> {
    if input.key == 0 {
        return Ok(Vec::new());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    let files = runtime
        .block_on(pagefind_files(&input.language, &input.records()))
        .map_err(|e| format!("cannot build the search index: {e}"))?;
    let mut files: Vec<OutputFile> = files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            (!is_unused(&name)).then(|| OutputFile {
                path: format!("{}{name}", routes::PAGEFIND.dir()),
                bytes: file.contents,
            })
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

async fn pagefind_files(
    language: &str,
    records: &[Record],
) -> Result<Vec<pagefind::api::SyntheticFile>, String> {
    let config = PagefindServiceConfig::builder()
        .keep_index_url(true)
        .force_language(language.to_string())
        .build();
    let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
    for record in records {
        let meta = BTreeMap::from([
            ("title".to_string(), record.title.clone()),
            ("type".to_string(), record.kind.label().to_string()),
        ]);
        index
            .add_custom_record(
                record.url.clone(),
                record.content.clone(),
                language.to_string(),
                Some(meta),
                None,
                None,
            )
            .await
            .map_err(|e| e.to_string())?;
    }
    index.get_files().await.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_language_is_the_primary_subtag() {
        assert_eq!(index_language("en-GB"), "en");
        assert_eq!(index_language("RU"), "ru");
        assert_eq!(index_language(""), "en");
    }
}
