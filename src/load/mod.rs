//! Stage 1, load: read every file of a site into plain structs.
//!
//! Reads `content/`, `seeds/` and `templates/` (SPEC §1), parses YAML and
//! seeds, and reports what cannot be read or parsed. It does not check that
//! references between files make sense; that is `resolve`. Files are read in
//! parallel; the result does not depend on the order they finish in.

pub mod schema;
pub mod seed;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::model::is_valid_id;
use schema::{ArticleFile, EntityFile, PageFrontMatter, SiteFile, SourceEntry};
pub use seed::Document;

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
    pub seeds: BTreeMap<String, Seed>,
    /// User templates: (template name, path relative to the root, text).
    pub templates: Vec<(String, PathBuf, String)>,
    /// Files under `templates/static/`: (path relative to that folder, absolute path).
    pub static_files: Vec<(PathBuf, PathBuf)>,
}

/// A parsed file with its id (the file stem) and its path relative to the root.
#[derive(Debug)]
pub struct Loaded<T> {
    pub id: String,
    pub path: PathBuf,
    pub value: T,
}

/// A free page: front matter and its Markdown rendered to HTML.
#[derive(Debug)]
pub struct Page {
    pub front: PageFrontMatter,
    pub content_html: String,
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
    if !root.is_dir() {
        return Err(RootError(format!(
            "site root `{}` is not a directory",
            root.display()
        )));
    }
    let mut diagnostics = Diagnostics::new();
    let mut project = Project {
        sources_path: PathBuf::from("content/sources.yaml"),
        ..Project::default()
    };
    let files = list_files(root, &mut diagnostics);
    project.site = load_site(root, &mut diagnostics);
    project.sources = load_sources(root, &project.sources_path, &mut diagnostics);
    project.entities = load_all(root, &files.entities, &mut diagnostics, |path, text| {
        yaml::parse::<EntityFile>(path, text, 1)
    });
    project.articles = load_all(root, &files.articles, &mut diagnostics, |path, text| {
        yaml::parse::<ArticleFile>(path, text, 1)
    });
    project.pages = load_all(root, &files.pages, &mut diagnostics, parse_page);
    project.seeds = load_seeds(root, &files.seeds, &mut diagnostics);
    project.templates = load_templates(root, &files.templates, &mut diagnostics);
    project.static_files = files.static_files;
    Ok((project, diagnostics))
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
        entities: list_dir(root, "content/entities", &["yaml"], diagnostics),
        articles: list_dir(root, "content/articles", &["yaml"], diagnostics),
        pages: list_dir(root, "content/pages", &["md"], diagnostics),
        seeds: list_dir(root, "seeds", &["txt", "md"], diagnostics),
        ..Files::default()
    };
    let templates = root.join("templates");
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
                    .unwrap_or_else(|| PathBuf::from("templates"));
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
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
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
    seed::decode(path, &bytes).map_err(|d| Diagnostic {
        message: "file is not valid UTF-8".into(),
        ..d
    })
}

fn load_site(root: &Path, diagnostics: &mut Diagnostics) -> Option<Loaded<SiteFile>> {
    let path = PathBuf::from("content/site.yaml");
    if !root.join(&path).exists() {
        diagnostics.push(
            Diagnostic::error("missing site settings")
                .at(Place::file(&path))
                .help("create content/site.yaml with at least `title: …`"),
        );
        return None;
    }
    let parsed = read_text(root, &path).and_then(|text| yaml::parse::<SiteFile>(&path, &text, 1));
    match parsed {
        Ok(value) => Some(Loaded {
            id: "site".into(),
            path,
            value,
        }),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

fn load_sources(
    root: &Path,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<(Spanned<String>, SourceEntry)> {
    if !root.join(path).exists() {
        return Vec::new();
    }
    let parsed = read_text(root, path).and_then(|text| {
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
        Err(d) => {
            diagnostics.push(d);
            Vec::new()
        }
    }
}

/// Parses each file in parallel; a file whose stem is not a valid id is an error.
fn load_all<T: Send>(
    root: &Path,
    paths: &[PathBuf],
    diagnostics: &mut Diagnostics,
    parse: impl Fn(&Path, &str) -> Result<T, Diagnostic> + Sync,
) -> Vec<Loaded<T>> {
    let results: Vec<Result<Loaded<T>, Diagnostic>> = paths
        .par_iter()
        .map(|path| {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !is_valid_id(&id) {
                return Err(invalid_id(path, &id));
            }
            let value = read_text(root, path).and_then(|text| parse(path, &text))?;
            Ok(Loaded {
                id,
                path: path.clone(),
                value,
            })
        })
        .collect();
    let mut loaded = Vec::new();
    for result in results {
        match result {
            Ok(item) => loaded.push(item),
            Err(d) => diagnostics.push(d),
        }
    }
    loaded.sort_by(|a, b| a.id.cmp(&b.id));
    loaded
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

/// A valid id close to `text`, for hints.
pub fn suggest_id(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        "item".into()
    } else {
        words.join("-")
    }
}

fn parse_page(path: &Path, text: &str) -> Result<Page, Diagnostic> {
    let Some((front, body, body_line)) = split_front_matter(text) else {
        return Err(Diagnostic::error("page has no front matter")
            .at(Place::new(path, 1, 1))
            .help("start the file with `---`, a line `title: …`, and `---`"));
    };
    let front: PageFrontMatter = yaml::parse(path, front, 2)?;
    let (document, problems) = seed::parse_markdown(path, body);
    if let Some(first) = problems.into_iter().find(|d| d.is_error()) {
        return Err(first);
    }
    let _ = body_line;
    Ok(Page {
        front,
        content_html: seed::plain_html(&document),
    })
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
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Seed> {
    let results: Vec<SeedResult> = paths
        .par_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = match std::fs::read(root.join(path)) {
                Ok(bytes) => bytes,
                Err(error) => {
                    return (
                        None,
                        vec![
                            Diagnostic::error(format!("cannot read seed: {error}"))
                                .at(Place::file(path)),
                        ],
                    );
                }
            };
            let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
            let text = match seed::decode(path, &bytes) {
                Ok(text) => text,
                Err(d) => return (None, vec![d]),
            };
            let (document, problems) = if path.extension().is_some_and(|e| e == "md") {
                seed::parse_markdown(path, &text)
            } else {
                seed::parse_text(path, &text)
            };
            (
                Some((
                    name,
                    Seed {
                        path: path.clone(),
                        document,
                        hash,
                    },
                )),
                problems,
            )
        })
        .collect();
    let mut seeds = BTreeMap::new();
    for (seed, problems) in results {
        diagnostics.extend(problems);
        if let Some((name, seed)) = seed {
            seeds.insert(name, seed);
        }
    }
    seeds
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
                .strip_prefix("templates")
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
    fn suggested_ids_are_valid() {
        assert_eq!(suggest_id("Sergey Kogogin"), "sergey-kogogin");
        assert_eq!(suggest_id("КАМАЗ"), "kamaz");
        assert!(is_valid_id(&suggest_id("../../etc")));
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [".#a.yaml", "a.yaml~", ".a.yaml.swp", "4913", ".hidden"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("kamaz.yaml"));
    }
}
