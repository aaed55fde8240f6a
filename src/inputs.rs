//! Where a site's own files are: every input folder and file, relative to
//! the site's root (docs/content-format.md, "Layout"), in one place — the
//! twin of [`crate::routes`], which says where the output goes. `load`
//! reads from here, `watch` watches these folders, `annotate` and `init`
//! write into them, and diagnostics name files by these paths.

use std::path::PathBuf;

/// The raw articles, `.txt` or `.md`.
pub const SEEDS: &str = "seeds";
/// Everything curated: site settings, sources, entities, annotations, pages.
pub const CONTENT: &str = "content";
/// One annotation per published seed.
pub const ARTICLES: &str = "content/articles";
/// One file per entity.
pub const ENTITIES: &str = "content/entities";
/// Free pages in Markdown.
pub const PAGES: &str = "content/pages";
/// Site settings.
pub const SITE_FILE: &str = "content/site.yaml";
/// Every source a citation may name.
pub const SOURCES_FILE: &str = "content/sources.yaml";
/// A site's own templates, overriding the built-in theme file by file (and
/// its `static/` and `i18n/` folders).
pub const TEMPLATES: &str = "templates";

/// The folders a rebuild depends on (watched in watch mode).
pub const FOLDERS: [&str; 3] = [SEEDS, CONTENT, TEMPLATES];

/// The annotation of the article `slug`.
pub fn article_file(slug: &str) -> PathBuf {
    PathBuf::from(ARTICLES).join(format!("{slug}.yaml"))
}

/// The file of the entity `id`.
pub fn entity_file(id: &str) -> PathBuf {
    PathBuf::from(ENTITIES).join(format!("{id}.yaml"))
}
