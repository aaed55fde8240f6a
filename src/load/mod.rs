//! Stage 1, load: read every file of a site into plain structs.
//!
//! Reads `content/`, `seeds/` and `templates/` (docs/content-format.md §1), parses YAML and
//! seeds, and reports what cannot be read or parsed. It does not check that
//! references between files make sense; that is `resolve`. Files are read in
//! parallel; the result does not depend on the order they finish in.

pub mod schema;
pub mod seed;
pub mod tree;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::inputs;
use crate::markup::document::{Citation, Document};
pub use crate::markup::text::suggest_id;
use crate::model::{FastMap, is_valid_id};
use schema::{ArticleFile, EntityFile, PageFrontMatter, SiteFile, SourceEntry};
pub use tree::Value;
use yaml::Broken;

/// Everything read from a site, before cross-references are checked.
#[derive(Debug, Default)]
pub struct Project {
    pub site: Option<Loaded<SiteFile>>,
    /// Sorted by id.
    pub sources: Vec<(Spanned<String>, SourceEntry)>,
    pub sources_path: PathBuf,
    /// Sorted by id.
    pub entities: Vec<Loaded<EntityFile>>,
    /// Sorted by slug.
    pub articles: Vec<Loaded<ArticleFile>>,
    /// Sorted by slug.
    pub pages: Vec<Loaded<Page>>,
    /// Seed file name → seed.
    pub seeds: FastMap<String, Seed>,
    /// User templates: (template name, path relative to the root, text).
    pub templates: Vec<(String, PathBuf, String)>,
    /// Files under `templates/static/`: (path relative to that folder, absolute path).
    pub static_files: Vec<(PathBuf, PathBuf)>,
    /// xxh3 of `content/site.yaml` and `content/sources.yaml` (0 when absent).
    pub site_hash: u64,
    pub sources_hash: u64,
    /// Problems of entity, article and seed files, by file, so one file can be
    /// reloaded on its own (watch mode).
    pub file_problems: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Every other loading problem.
    pub other_problems: Vec<Diagnostic>,
    /// YAML files that failed to load, each with what it reads as when taken
    /// as plain YAML (`None`: not even that). Nothing is reported about
    /// references to what such a file may define: its own errors say enough.
    pub broken: BTreeMap<PathBuf, Option<Value>>,
    /// The folder the site was read from.
    pub root: PathBuf,
    /// Loaded by [`load_streamed`]: the seeds' documents are not kept, and
    /// [`Project::seed_document`] reads each again when it is needed.
    pub seeds_streamed: bool,
}

impl Project {
    /// Whether the file at `path` (relative to the root) had loading errors.
    pub fn has_errors(&self, path: &Path) -> bool {
        self.file_problems
            .get(path)
            .is_some_and(|problems| problems.iter().any(Diagnostic::is_error))
    }

    /// Whether the YAML file at `path` failed to load; then what it reads
    /// as as plain YAML, if anything.
    pub fn broken(&self, path: &Path) -> Option<Option<&Value>> {
        self.broken.get(path).map(Option::as_ref)
    }

    /// Whether a YAML file in `folder` (e.g. `content/entities`) that failed
    /// to load has the id `id`, or will have it once renamed as its error
    /// suggests: references to `id` are then not called unknown.
    pub fn broken_id(&self, folder: &str, id: &str) -> bool {
        self.broken.keys().any(|path| {
            path.parent() == Some(Path::new(folder))
                && path.file_stem().is_some_and(|stem| {
                    let stem = stem.to_string_lossy();
                    stem == id || suggest_id(&stem) == id
                })
        })
    }

    /// A seed's document: the loaded one, or (streamed) read and parsed
    /// again, which fails if the file changed since it was loaded.
    pub fn seed_document<'a>(
        &self,
        seed: &'a Seed,
    ) -> Result<std::borrow::Cow<'a, Document>, String> {
        if self.seeds_streamed {
            read_seed_again(&self.root, &seed.path, seed.hash).map(std::borrow::Cow::Owned)
        } else {
            Ok(std::borrow::Cow::Borrowed(&seed.document))
        }
    }

    /// Every loading problem.
    pub fn problems(&self) -> Diagnostics {
        let mut all = Diagnostics::new();
        all.extend(self.other_problems.iter().cloned());
        all.extend(self.file_problems.values().flatten().cloned());
        all
    }
}

/// A parsed file with its id (the file stem) and its path relative to the root.
#[derive(Debug)]
pub struct Loaded<T> {
    pub id: String,
    pub path: PathBuf,
    pub value: T,
    /// xxh3 of the file's text, for change detection.
    pub hash: u64,
}

/// A free page: front matter and its Markdown rendered to HTML.
#[derive(Debug)]
pub struct Page {
    pub front: PageFrontMatter,
    /// The body's opening level-1 heading as HTML, if it has one (then it is
    /// not in `content_html`).
    pub heading_html: Option<String>,
    pub content_html: String,
    /// Citation markers in the body, which a free page cannot show.
    pub warnings: Vec<Diagnostic>,
}

/// A seed as received, parsed.
#[derive(Debug)]
pub struct Seed {
    pub path: PathBuf,
    pub document: Document,
    /// xxh3 of the file's bytes, for change detection.
    pub hash: u64,
}

/// What stops loading altogether (as opposed to problems in the content).
#[derive(Debug)]
pub struct RootError(pub String);

/// Reads the site at `root`.
pub fn load(root: &Path) -> Result<(Project, Diagnostics), RootError> {
    load_keeping(root, true)
}

/// [`load`] without keeping the seeds' documents (each is parsed for its
/// problems, then dropped): a one-shot build reads each seed again when it
/// resolves and renders its article, so the text of every seed is never
/// held at once.
pub fn load_streamed(root: &Path) -> Result<(Project, Diagnostics), RootError> {
    load_keeping(root, false)
}

fn load_keeping(root: &Path, keep_seeds: bool) -> Result<(Project, Diagnostics), RootError> {
    if !root.is_dir() {
        return Err(RootError(format!(
            "site root `{}` is not a directory",
            root.display()
        )));
    }
    let mut other = Diagnostics::new();
    let mut project = Project {
        sources_path: PathBuf::from(inputs::SOURCES_FILE),
        root: root.to_path_buf(),
        seeds_streamed: !keep_seeds,
        ..Project::default()
    };
    let files = list_files(root, &mut other);
    project.site_hash = file_hash(root, Path::new(inputs::SITE_FILE));
    project.sources_hash = file_hash(root, &project.sources_path);
    let mut broken = BTreeMap::new();
    project.site = load_site(root, &mut other, &mut broken);
    project.sources = load_sources(root, &project.sources_path, &mut other, &mut broken);
    let mut failed = Failed {
        problems: BTreeMap::new(),
        broken,
    };
    project.entities = load_all(root, &files.entities, &mut failed, parse_entity);
    project.articles = load_all(root, &files.articles, &mut failed, parse_article);
    project.pages = load_all(root, &files.pages, &mut failed, parse_page);
    for page in &project.pages {
        if !page.value.warnings.is_empty() {
            let problems = failed.problems.entry(page.path.clone()).or_default();
            problems.extend(page.value.warnings.iter().cloned());
        }
    }
    project.seeds = load_seeds(root, &files.seeds, keep_seeds, &mut failed.problems);
    project.templates = load_templates(root, &files.templates, &mut other);
    project.static_files = files.static_files;
    project.file_problems = failed.problems;
    project.broken = failed.broken;
    project.other_problems = other.into_iter().collect();
    let all = project.problems();
    Ok((project, all))
}

fn parse_entity(path: &Path, text: &str) -> Result<EntityFile, Broken> {
    yaml::parse(path, text, 1)
}

fn parse_article(path: &Path, text: &str) -> Result<ArticleFile, Broken> {
    yaml::parse(path, text, 1)
}

/// The files that failed to load: their problems, and for YAML files what
/// they read as as plain YAML.
struct Failed {
    problems: BTreeMap<PathBuf, Vec<Diagnostic>>,
    broken: BTreeMap<PathBuf, Option<Value>>,
}

fn file_hash(root: &Path, path: &Path) -> u64 {
    std::fs::read(root.join(path)).map_or(0, |bytes| xxhash_rust::xxh3::xxh3_64(&bytes))
}

/// Re-reads the given files (paths relative to `root`) into `project`, when
/// every one of them is an entity, an article annotation or a seed (or an
/// editor's scratch file), and says what changed. Returns `None`, changing
/// nothing, when any other file changed: then the whole site must be loaded
/// again.
pub fn reload(root: &Path, project: &mut Project, changed: &[PathBuf]) -> Option<Reloaded> {
    let kinds: Vec<Option<FileKind>> = changed.iter().map(|p| FileKind::of(p)).collect();
    if kinds.iter().any(Option::is_none) {
        return None;
    }
    let mut reloaded = Reloaded::default();
    for (path, kind) in changed.iter().zip(kinds.into_iter().flatten()) {
        project.file_problems.remove(path);
        project.broken.remove(path);
        let problems = match kind {
            FileKind::Ignored => Vec::new(),
            FileKind::Entity => {
                reloaded.other = true;
                replace(
                    &mut project.entities,
                    &mut project.broken,
                    path,
                    reload_one(root, path, parse_entity),
                )
            }
            FileKind::Article => {
                reloaded.other = true;
                replace(
                    &mut project.articles,
                    &mut project.broken,
                    path,
                    reload_one(root, path, parse_article),
                )
            }
            FileKind::Seed => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                let mut was_there = false;
                if let Some(name) = &name
                    && project
                        .seeds
                        .get(name)
                        .is_some_and(|seed| seed.path == *path)
                {
                    project.seeds.remove(name);
                    was_there = true;
                }
                let (seed, problems) = if root.join(path).is_file() {
                    load_seed(root, path)
                } else {
                    (None, Vec::new())
                };
                match seed {
                    Some((name, seed)) if was_there => {
                        reloaded.seeds_edited.push(name.clone());
                        project.seeds.insert(name, seed);
                    }
                    Some((name, seed)) => {
                        reloaded.other = true;
                        project.seeds.insert(name, seed);
                    }
                    None => reloaded.other = true,
                }
                problems
            }
        };
        if !problems.is_empty() {
            project.file_problems.insert(path.clone(), problems);
        }
    }
    Some(reloaded)
}

/// What [`reload`] changed.
#[derive(Debug, Default)]
pub struct Reloaded {
    /// Seeds, by file name, whose text was read again: each one there
    /// before and after.
    pub seeds_edited: Vec<String>,
    /// Anything else: an entity or annotation file, a seed added or removed.
    pub other: bool,
}

/// What a changed file is, for `reload`.
#[derive(Clone, Copy)]
enum FileKind {
    Entity,
    Article,
    Seed,
    Ignored,
}

impl FileKind {
    fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_string_lossy();
        if is_ignored_name(&name) {
            return Some(FileKind::Ignored);
        }
        let dir = path.parent()?.to_string_lossy().replace('\\', "/");
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        match (dir.as_str(), ext.as_str()) {
            (inputs::ENTITIES, "yaml") => Some(FileKind::Entity),
            (inputs::ARTICLES, "yaml") => Some(FileKind::Article),
            (inputs::SEEDS, "txt" | "md") => Some(FileKind::Seed),
            (inputs::ENTITIES | inputs::ARTICLES | inputs::SEEDS, _) => Some(FileKind::Ignored),
            _ => None,
        }
    }
}

/// `None` when the file is gone; otherwise the file or its problem.
fn reload_one<T>(
    root: &Path,
    path: &Path,
    parse: fn(&Path, &str) -> Result<T, Broken>,
) -> Option<Result<Loaded<T>, Broken>> {
    root.join(path)
        .is_file()
        .then(|| load_one(root, path, parse))
}

/// Puts a reloaded file in place of its old version (keeping the list
/// sorted by id), or records it in `broken`; returns its problems.
fn replace<T>(
    items: &mut Vec<Loaded<T>>,
    broken: &mut BTreeMap<PathBuf, Option<Value>>,
    path: &Path,
    new: Option<Result<Loaded<T>, Broken>>,
) -> Vec<Diagnostic> {
    // Compared as strings: `Path`'s own comparison walks components, and
    // this runs over every article on every save.
    items.retain(|item| item.path.as_os_str() != path.as_os_str());
    match new {
        None => Vec::new(),
        Some(Err(failed)) => {
            broken.insert(path.to_path_buf(), failed.tree);
            failed.problems
        }
        Some(Ok(item)) => {
            let at = items.partition_point(|other| other.id < item.id);
            items.insert(at, item);
            Vec::new()
        }
    }
}

/// The files of a site, by role, each as a path relative to the root.
#[derive(Default)]
struct Files {
    entities: Vec<PathBuf>,
    articles: Vec<PathBuf>,
    pages: Vec<PathBuf>,
    seeds: Vec<PathBuf>,
    templates: Vec<PathBuf>,
    static_files: Vec<(PathBuf, PathBuf)>,
}

fn list_files(root: &Path, diagnostics: &mut Diagnostics) -> Files {
    let mut files = Files {
        entities: list_dir(root, inputs::ENTITIES, &["yaml"], diagnostics),
        articles: list_dir(root, inputs::ARTICLES, &["yaml"], diagnostics),
        pages: list_dir(root, inputs::PAGES, &["md"], diagnostics),
        seeds: list_dir(root, inputs::SEEDS, &["txt", "md"], diagnostics),
        ..Files::default()
    };
    let templates = root.join(inputs::TEMPLATES);
    for entry in walkdir::WalkDir::new(&templates)
        .sort_by_file_name()
        .into_iter()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error)
                if error
                    .io_error()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
            {
                break;
            }
            Err(error) => {
                let path = error
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| PathBuf::from(inputs::TEMPLATES));
                diagnostics
                    .push(Diagnostic::error(format!("cannot read: {error}")).at(Place::file(path)));
                continue;
            }
        };
        if !entry.file_type().is_file() || is_ignored_name(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let rel = relative(root, entry.path());
        match entry.path().strip_prefix(templates.join("static")) {
            Ok(inside_static) => files
                .static_files
                .push((inside_static.to_path_buf(), entry.path().to_path_buf())),
            Err(_) => files.templates.push(rel),
        }
    }
    files
}

/// Files directly in `dir` with one of `extensions`, sorted; editor backups
/// and hidden files are skipped.
fn list_dir(
    root: &Path,
    dir: &str,
    extensions: &[&str],
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(root.join(dir)) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(format!("cannot read folder: {error}")).at(Place::file(dir)),
            );
            return Vec::new();
        }
    };
    let all: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    // A `.yml` annotation would silently vanish from the site: say so.
    let annotations = dir.starts_with("content/");
    for path in all
        .iter()
        .filter(|p| annotations && p.extension().is_some_and(|e| e == "yml"))
    {
        diagnostics.push(
            Diagnostic::warning("this file is ignored: annotations end in `.yaml`")
                .at(Place::file(relative(root, path)))
                .help("rename it to end in `.yaml`"),
        );
    }
    let mut paths: Vec<PathBuf> = all
        .into_iter()
        .filter(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy())
                .unwrap_or_default();
            !is_ignored_name(&name) && extensions.contains(&ext.as_ref())
        })
        .map(|path| relative(root, &path))
        .collect();
    paths.sort();
    paths
}

/// Hidden files, editor swap and backup files: never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(path)).map_err(|error| {
        Diagnostic::error(format!("cannot read file: {error}")).at(Place::file(path))
    })?;
    seed::decode(path, bytes).map_err(|d| Diagnostic {
        message: "file is not valid UTF-8".into(),
        ..d
    })
}

fn load_site(
    root: &Path,
    diagnostics: &mut Diagnostics,
    broken: &mut BTreeMap<PathBuf, Option<Value>>,
) -> Option<Loaded<SiteFile>> {
    let path = PathBuf::from(inputs::SITE_FILE);
    if !root.join(&path).exists() {
        diagnostics.push(
            Diagnostic::error("missing site settings")
                .at(Place::file(&path))
                .help("create content/site.yaml with at least `title: …`"),
        );
        return None;
    }
    let parsed = read_text(root, &path)
        .map_err(Broken::unreadable)
        .and_then(|text| {
            let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
            yaml::parse::<SiteFile>(&path, &text, 1).map(|value| (value, hash))
        });
    match parsed {
        Ok((value, hash)) => Some(Loaded {
            id: "site".into(),
            path,
            value,
            hash,
        }),
        Err(failed) => {
            diagnostics.extend(failed.problems);
            broken.insert(path, failed.tree);
            None
        }
    }
}

fn load_sources(
    root: &Path,
    path: &Path,
    diagnostics: &mut Diagnostics,
    broken: &mut BTreeMap<PathBuf, Option<Value>>,
) -> Vec<(Spanned<String>, SourceEntry)> {
    if !root.join(path).exists() {
        return Vec::new();
    }
    let parsed = read_text(root, path)
        .map_err(Broken::unreadable)
        .and_then(|text| {
            if text.trim().is_empty() {
                Ok(schema::SourcesFile::new())
            } else {
                yaml::parse::<schema::SourcesFile>(path, &text, 1)
            }
        });
    match parsed {
        Ok(map) => {
            let mut sources: Vec<_> = map.into_iter().collect();
            sources.sort_by(|a, b| a.0.value.cmp(&b.0.value));
            sources
        }
        Err(failed) => {
            diagnostics.extend(failed.problems);
            broken.insert(path.to_path_buf(), failed.tree);
            Vec::new()
        }
    }
}

/// Parses each file in parallel; a file whose stem is not a valid id is an error.
fn load_all<T: Send>(
    root: &Path,
    paths: &[PathBuf],
    failed: &mut Failed,
    parse: fn(&Path, &str) -> Result<T, Broken>,
) -> Vec<Loaded<T>> {
    let results: Vec<Result<Loaded<T>, Broken>> = paths
        .par_iter()
        .map(|path| load_one(root, path, parse))
        .collect();
    let mut loaded = Vec::new();
    for (result, path) in results.into_iter().zip(paths) {
        match result {
            Ok(item) => loaded.push(item),
            Err(broken) => {
                failed
                    .problems
                    .entry(path.clone())
                    .or_default()
                    .extend(broken.problems);
                failed.broken.insert(path.clone(), broken.tree);
            }
        }
    }
    loaded.sort_by(|a, b| a.id.cmp(&b.id));
    loaded
}

/// Reads and parses one file whose stem is its id.
fn load_one<T>(
    root: &Path,
    path: &Path,
    parse: fn(&Path, &str) -> Result<T, Broken>,
) -> Result<Loaded<T>, Broken> {
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_valid_id(&id) {
        // Read as plain YAML all the same, for what it defines.
        let tree = read_text(root, path)
            .ok()
            .and_then(|text| yaml::plain(&text));
        return Err(Broken {
            problems: vec![invalid_id(path, &id)],
            tree,
        });
    }
    let text = read_text(root, path).map_err(Broken::unreadable)?;
    let value = parse(path, &text)?;
    Ok(Loaded {
        id,
        path: path.to_path_buf(),
        value,
        hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
    })
}

fn invalid_id(path: &Path, id: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "`{id}` is not a valid id: the file name must match ^[a-z0-9]+(-[a-z0-9]+)*$"
    ))
    .at(Place::file(path))
    .help(format!(
        "rename the file, for example to `{}`",
        suggest_id(id)
    ))
}

fn parse_page(path: &Path, text: &str) -> Result<Page, Broken> {
    let Some((front, body, body_line)) = split_front_matter(text) else {
        return Err(Broken::unreadable(
            Diagnostic::error("page has no front matter")
                .at(Place::new(path, 1, 1))
                .help("start the file with `---`, a line `title: …`, and `---`"),
        ));
    };
    let front: PageFrontMatter = yaml::parse(path, front, 2)?;
    let (document, problems) = crate::markup::markdown::parse_markdown(path, body);
    if let Some(first) = problems.into_iter().find(|d| d.is_error()) {
        return Err(Broken::unreadable(first));
    }
    let warnings = document
        .runs()
        .flat_map(|run| &run.citations)
        .map(|citation| dropped_citation(path, citation, body_line))
        .collect();
    let (heading_html, content_html) = lift_heading(crate::markup::document::plain_html(&document));
    Ok(Page {
        front,
        heading_html,
        content_html,
        warnings,
    })
}

/// Free pages have no footnotes, so a citation marker in one is left out,
/// and said so rather than dropped in silence.
fn dropped_citation(path: &Path, citation: &Citation, body_line: usize) -> Diagnostic {
    let line = body_line + citation.line - 1;
    Diagnostic::warning(format!(
        "citation marker `[Citation: {}]` left out: free pages have no footnotes",
        citation.name
    ))
    .at(Place::new(path, line, citation.column).with_len(citation.len))
    .help("name the source in the text, or keep the passage in a seed, where it gets a footnote")
}

/// A page has one `<h1>`, its heading, which the template prints. When the
/// body opens with a level-1 heading, that heading is the page's: it is
/// taken out of the body and returned first. Any later level-1 heading in
/// the body becomes `<h2>`.
///
/// Plain string work is safe here: the HTML comes from the Markdown
/// renderer, where text and raw HTML are escaped, so `<h1>` and `</h1>`
/// appear only as the renderer's own tags (headings have no attributes).
fn lift_heading(html: String) -> (Option<String>, String) {
    let (heading, rest) = match html
        .strip_prefix("<h1>")
        .and_then(|after| after.split_once("</h1>"))
    {
        Some((heading, rest)) => (
            Some(heading.to_string()),
            rest.strip_prefix('\n').unwrap_or(rest),
        ),
        None => (None, html.as_str()),
    };
    let body = rest.replace("<h1>", "<h2>").replace("</h1>", "</h2>");
    (heading, body)
}

/// Splits `---\nYAML\n---\nbody` into (YAML, body, line where the body starts).
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("---")?
        .strip_prefix('\n')
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((front, body, front.lines().count() + 3));
        }
        offset += line.len();
    }
    None
}

/// A seed (by file name) if it could be read, and the problems found in it.
type SeedResult = (Option<(String, Seed)>, Vec<Diagnostic>);

fn load_seeds(
    root: &Path,
    paths: &[PathBuf],
    keep_documents: bool,
    problems: &mut BTreeMap<PathBuf, Vec<Diagnostic>>,
) -> FastMap<String, Seed> {
    let results: Vec<SeedResult> = paths
        .par_iter()
        .map(|path| {
            let (mut seed, problems) = load_seed(root, path);
            if let (Some((_, seed)), false) = (&mut seed, keep_documents) {
                seed.document = Document::default();
            }
            (seed, problems)
        })
        .collect();
    let mut seeds = FastMap::default();
    for ((seed, found), path) in results.into_iter().zip(paths) {
        if !found.is_empty() {
            problems.insert(path.clone(), found);
        }
        if let Some((name, seed)) = seed {
            seeds.insert(name, seed);
        }
    }
    seeds
}

/// A seed's document read and parsed again (its problems were reported
/// when it was loaded); an error if its bytes are no longer those loaded.
pub(crate) fn read_seed_again(root: &Path, path: &Path, hash: u64) -> Result<Document, String> {
    let changed = || format!("seed {} changed during the run", path.display());
    match load_seed(root, path) {
        (Some((_, seed)), _) if seed.hash == hash => Ok(seed.document),
        (Some(_), _) => Err(changed()),
        (None, problems) => Err(match problems.first() {
            Some(problem) => format!("{}: {}", changed(), problem.message),
            None => changed(),
        }),
    }
}

/// Reads, decodes and parses one seed.
fn load_seed(root: &Path, path: &Path) -> SeedResult {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = match std::fs::read(root.join(path)) {
        Ok(bytes) => bytes,
        Err(error) => {
            let problem =
                Diagnostic::error(format!("cannot read seed: {error}")).at(Place::file(path));
            return (None, vec![problem]);
        }
    };
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    let text = match seed::decode(path, bytes) {
        Ok(text) => text,
        Err(d) => return (None, vec![d]),
    };
    let (document, problems) = if path.extension().is_some_and(|e| e == "md") {
        crate::markup::markdown::parse_markdown_seed(path, &text)
    } else {
        seed::parse_text(path, &text)
    };
    let seed = Seed {
        path: path.to_path_buf(),
        document,
        hash,
    };
    (Some((name, seed)), problems)
}

fn load_templates(
    root: &Path,
    paths: &[PathBuf],
    diagnostics: &mut Diagnostics,
) -> Vec<(String, PathBuf, String)> {
    paths
        .iter()
        .filter_map(|path| {
            let name = path
                .strip_prefix(inputs::TEMPLATES)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            match read_text(root, path) {
                Ok(text) => Some((name, path.clone(), text)),
                Err(d) => {
                    diagnostics.push(d);
                    None
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_the_body() {
        let (front, body, line) = split_front_matter("---\ntitle: About\n---\n# Hi\n").unwrap();
        assert_eq!(front, "title: About\n");
        assert_eq!(body, "# Hi\n");
        assert_eq!(line, 4);
        assert!(split_front_matter("# no front matter").is_none());
    }

    #[test]
    fn a_body_opening_with_a_level_one_heading_gives_the_page_its_heading() {
        let (heading, body) =
            lift_heading("<h1>About <em>this</em></h1>\n<p>Text</p>\n<h1>Later</h1>\n".into());
        assert_eq!(heading.as_deref(), Some("About <em>this</em>"));
        assert_eq!(body, "<p>Text</p>\n<h2>Later</h2>\n");
    }

    #[test]
    fn a_body_without_an_opening_heading_keeps_its_text_and_loses_other_h1s() {
        let (heading, body) = lift_heading("<p>Intro</p>\n<h1>Part</h1>\n".into());
        assert_eq!(heading, None);
        assert_eq!(body, "<p>Intro</p>\n<h2>Part</h2>\n");
    }

    #[test]
    fn a_heading_written_as_text_is_not_lifted() {
        let page = parse_page(
            Path::new("content/pages/a.md"),
            "---\ntitle: A\n---\n`<h1>` is a tag\n\n# Not first\n",
        )
        .unwrap();
        assert_eq!(page.heading_html, None);
        assert_eq!(
            page.content_html,
            "<p><code>&lt;h1&gt;</code> is a tag</p>\n<h2>Not first</h2>\n"
        );
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [".#a.yaml", "a.yaml~", ".a.yaml.swp", "4913", ".hidden"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("kamaz.yaml"));
    }
}
