//! Stage 3, render: the resolved [`Site`] in, the output files out, as
//! bytes in memory. Every page is a pure function of the site, the derived
//! indexes, the templates and (for an article) its body, which the caller's
//! [`Bodies`] hands over as a value; so pages render in parallel and the
//! result is the same on every run. Nothing here reads or writes the file
//! system or changes the site.

mod body;
pub mod charts;
pub mod context;
pub mod derived;
pub mod keys;
mod kinds;
pub mod listing;
mod meta;
mod redirect;
pub mod templates;

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::resolve::{Body, Site};
use crate::routes;
pub use templates::Templates;

/// One file of the output, by path relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where render gets each article's body (by index in `Site::articles`):
/// the caller decides how bodies are held and read (a one-shot build reads
/// each seed again, `watch` keeps them), render only takes the value and
/// drops it once the page is made.
pub trait Bodies: Sync {
    fn body(&self, article: usize) -> Result<Arc<Body>, String>;
}

/// Where rendered files go: a staging folder, memory, or nowhere (`check`).
/// Called from many threads at once.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> std::io::Result<()>;
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<OutputFile>>);

impl Collect {
    /// The files, by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self
            .0
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(file);
        Ok(())
    }
}

/// Drops every file (for `check`, which renders to find template errors).
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _file: OutputFile) -> std::io::Result<()> {
        Ok(())
    }
}

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderError {
    /// Template errors, one per template and problem.
    Content(Vec<Diagnostic>),
    /// The sink could not take a file.
    Io(std::io::Error),
    /// An article's body could not be had for its page (see [`Bodies`]).
    Seed(String),
}

/// What a render did.
#[derive(Debug, Default)]
pub struct Rendered {
    /// HTML pages in the site.
    pub pages: usize,
    /// HTML pages rendered this time (the others were unchanged).
    pub rendered: usize,
    /// Every output path of the site, rendered this time or not (in no
    /// particular order); `None` when they are the same as the previous
    /// render's (the memo's).
    pub outputs: Option<Vec<String>>,
    /// Which files were left out and why (a site without `base_url` gets no feeds).
    pub skipped: Option<String>,
}

/// Renders the site into `sink`, pages in parallel, each handed over as soon
/// as it is rendered (so the site never sits in memory whole).
///
/// `global` is a hash of every site-wide input (settings, sources, entity
/// files, pages, templates, static files). A page whose key is the same as
/// in `memo` (the previous render of the same output) is not rendered again;
/// `memo` is updated only when rendering succeeds. Pass a fresh `Memo` to
/// render everything. `static_files` are a site's own `templates/static/`
/// files as (path, bytes); they override built-in ones but never a page.
///
/// While the pages' layout (`keys::layout`) is the previous render's, their
/// paths are taken from `memo` by position, not made again: a rebuild after
/// an edit costs a key per page, not a path.
///
/// `site_pages_done` is called once the site-wide pages (home, lists of
/// tags, entities, facts and sources…) are rendered, while the others go
/// on: those are the render's largest (at 100,000 articles the sources page
/// holds some 300 MB while it renders), and a build starts its search index
/// only then, so that the two peaks of memory do not add up.
#[allow(clippy::too_many_arguments)]
pub fn render_site(
    site: &Site,
    bodies: &dyn Bodies,
    templates: &Templates,
    static_files: Vec<(PathBuf, Vec<u8>)>,
    sink: &dyn Sink,
    global: u64,
    memo: &mut keys::Memo,
    site_pages_done: &(dyn Fn() + Sync),
) -> Result<Rendered, RenderError> {
    let keys = keys::Keys::new(site, global);
    // Charts draw the leading figures, which articles' dates decide too.
    let charts_global = keys.charts_global();
    let derived = derived::Derived::new(
        site,
        charts_global,
        &memo.charts,
        memo.crossings.as_ref(),
        memo.tags.as_ref(),
        keys.listing,
        &keys.digests,
    );
    let input = kinds::Input {
        site,
        derived: &derived,
        keys: &keys,
        bodies,
    };
    let (jobs, site_pages) = kinds::jobs(&input);
    let layout = keys::layout(site, &derived, &keys, jobs.len());
    let same_layout = memo.pages.layout == Some(layout) && memo.pages.keys.len() == jobs.len();
    // Where each page goes (unless the layout is the previous render's) and its key.
    let (fresh_paths, page_keys): (Vec<Option<String>>, Vec<u64>) = jobs
        .par_iter()
        .map(|job| ((!same_layout).then(|| job.path(&input)), job.key(&input)))
        .unzip();
    let fresh_paths: Vec<String> = fresh_paths.into_iter().flatten().collect();
    let paths: &[String] = if same_layout {
        &memo.pages.paths
    } else {
        &fresh_paths
    };
    let previous_key = |at: usize| {
        if same_layout {
            memo.pages.keys.get(at).copied()
        } else {
            memo.pages.key_at(&paths[at])
        }
    };
    let problems = std::sync::Mutex::new(Vec::new());
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    let render_page = |at: usize| -> Result<(), RenderError> {
        let (job, key) = (&jobs[at], page_keys[at]);
        if previous_key(at) == Some(key) {
            return Ok(());
        }
        let path = &paths[at];
        match templates.render(job.template(), &job.context(&input)?) {
            Ok(html) => {
                if path.ends_with(".html") {
                    rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                sink.put(OutputFile {
                    path: path.clone(),
                    bytes: html.into_bytes(),
                })
                .map_err(RenderError::Io)
            }
            Err(problem) => {
                problems
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push(problem);
                Ok(())
            }
        }
    };
    let (site_wide, others) = rayon::join(
        || {
            (0..site_pages).into_par_iter().try_for_each(render_page)?;
            site_pages_done();
            Ok(())
        },
        || {
            (site_pages..jobs.len())
                .into_par_iter()
                .try_for_each(render_page)
        },
    );
    site_wide.and(others)?;
    let mut problems = problems
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !problems.is_empty() {
        problems.sort_by(|a, b| (&a.place, &a.message).cmp(&(&b.place, &b.message)));
        problems.dedup();
        return Err(RenderError::Content(problems));
    }
    let index: crate::model::FastMap<String, usize> = if same_layout {
        std::mem::take(&mut memo.pages.index)
    } else {
        paths
            .iter()
            .enumerate()
            .map(|(at, path)| (path.clone(), at))
            .collect()
    };
    // Output path → key of the files that are not pages.
    let mut files: crate::model::FastMap<String, u64> = crate::model::FastMap::default();
    // The sitemap lists every page, so it is rendered once their paths are known.
    if let Some(base) = &site.settings.base_url {
        let path = routes::SITEMAP.to_string();
        let key = keys.sitemap(layout);
        if memo.files.get(&path) != Some(&key) {
            let context = listing::sitemap(site, base, paths);
            let bytes = templates
                .render(routes::SITEMAP, &context)
                .map_err(|problem| RenderError::Content(vec![problem]))?;
            sink.put(OutputFile {
                path: path.clone(),
                bytes: bytes.into_bytes(),
            })
            .map_err(RenderError::Io)?;
        }
        files.insert(path, key);
    }
    for Extra { path, key, make } in extras(site, &derived, &keys, static_files) {
        if index.contains_key(&path) || files.contains_key(&path) {
            continue; // a page or an earlier file already has this path
        }
        if memo.files.get(&path) != Some(&key) {
            sink.put(OutputFile {
                path: path.clone(),
                bytes: make(),
            })
            .map_err(RenderError::Io)?;
        }
        files.insert(path, key);
    }
    let same_outputs = same_layout
        && files.len() == memo.files.len()
        && files.keys().all(|path| memo.files.contains_key(path));
    let outputs = (!same_outputs).then(|| paths.iter().chain(files.keys()).cloned().collect());
    let pages = keys::PageMemo {
        layout: Some(layout),
        paths: if same_layout {
            std::mem::take(&mut memo.pages.paths)
        } else {
            fresh_paths
        },
        keys: page_keys,
        index,
    };
    memo.pages = pages;
    memo.files = files;
    memo.charts = derived.drawn(site, charts_global);
    memo.crossings = Some(derived.crossings());
    memo.tags = Some(derived.tags_memo());
    Ok(Rendered {
        pages: jobs
            .iter()
            .filter(|job| job.template().ends_with(".html"))
            .count(),
        rendered: rendered.into_inner(),
        outputs,
        skipped: skipped_without_base_url(site, derived.tags.len()),
    })
}

/// What `build` says when feeds were left out: they need absolute URLs.
fn skipped_without_base_url(site: &Site, tags: usize) -> Option<String> {
    if site.settings.base_url.is_some() {
        return None;
    }
    let feeds = site.entities.len() + tags;
    Some(format!(
        "no base_url in content/site.yaml: atom.xml, sitemap.xml, robots.txt and {feeds} entity/tag feed{} not written (they need absolute URLs); set base_url or pass --base-url",
        if feeds == 1 { "" } else { "s" }
    ))
}

/// A file other than a page: its path, its key, and how to make its bytes
/// (only called when the key changed).
struct Extra<'a> {
    path: String,
    key: u64,
    make: Box<dyn FnOnce() -> Vec<u8> + 'a>,
}

impl<'a> Extra<'a> {
    fn new(path: impl Into<String>, key: u64, make: impl FnOnce() -> Vec<u8> + 'a) -> Self {
        Extra {
            path: path.into(),
            key,
            make: Box::new(make),
        }
    }
}

/// Charts for download, `robots.txt`, and static files.
fn extras<'a>(
    site: &'a Site,
    derived: &'a derived::Derived,
    keys: &keys::Keys,
    statics: Vec<(PathBuf, Vec<u8>)>,
) -> Vec<Extra<'a>> {
    let mut extras: Vec<Extra<'a>> = Vec::new();
    for (owner, charts) in derived.charts_by_owner(site) {
        for (n, chart) in charts.iter().enumerate() {
            let make = move || standalone_svg(&chart.at_root("../").svg_html).into_bytes();
            let key = keys.chart_svg(owner, n);
            extras.push(Extra::new(chart.download_url.clone(), key, make));
            let make = move || chart.csv.clone().into_bytes();
            let key = keys.chart_csv(owner, n);
            extras.push(Extra::new(chart.csv_url.clone(), key, make));
        }
    }
    let make = move || charts::download::csv(&charts::download::all_records(site)).into_bytes();
    extras.push(Extra::new(routes::FACTS_CSV, keys.facts_csv(site), make));
    let make = move || charts::download::facts_json(site).into_bytes();
    extras.push(Extra::new(routes::FACTS_JSON, keys.facts_json(site), make));
    for redirect in &site.redirects {
        let article = &site.articles[redirect.to];
        let key = keys.redirect(article, &redirect.from);
        let make = move || redirect::page(site, article, &redirect.from).into_bytes();
        extras.push(Extra::new(routes::article(&redirect.from), key, make));
    }
    if let Some(base) = &site.settings.base_url {
        let make = move || listing::robots(base).into_bytes();
        extras.push(Extra::new(routes::ROBOTS, keys.robots(), make));
    }
    for (n, file) in static_output(statics).into_iter().enumerate() {
        let key = keys.static_file(n);
        extras.push(Extra::new(file.path, key, move || file.bytes));
    }
    extras
}

/// An inline SVG made into a file of its own (it needs its namespace).
fn standalone_svg(svg: &str) -> String {
    let mut body = if svg.contains("xmlns=") {
        svg.to_string()
    } else {
        svg.replacen("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"", 1)
    };
    // Its own style, after the title and description (see `style_block`).
    if let Some(at) = body.find("</desc>\n") {
        let mut style = charts::style_block();
        // Attribute values are escaped, so `chart-other"` is only ever our class.
        if body.contains(" chart-other\"") {
            style.push_str(&charts::other_style_block());
        }
        body.insert_str(at + "</desc>\n".len(), &format!("{style}\n"));
    }
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{body}\n")
}

/// Built-in static files, then the site's own (which win on the same path).
fn static_output(user: Vec<(PathBuf, Vec<u8>)>) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = user
        .into_iter()
        .map(|(path, bytes)| OutputFile {
            path: path.to_string_lossy().replace('\\', "/"),
            bytes,
        })
        .collect();
    for &(path, bytes) in templates::BUILTIN_STATIC {
        if !files.iter().any(|f| f.path == path) {
            files.push(OutputFile {
                path: path.into(),
                bytes: bytes.to_vec(),
            });
        }
    }
    for file in &mut files {
        minified(file);
    }
    files
}

/// A stylesheet or script as readers download it (`markup::minify`); a
/// file that is not UTF-8 is left as it is.
fn minified(file: &mut OutputFile) {
    let minify: fn(&str) -> String = if file.path.ends_with(".css") {
        crate::markup::minify::css
    } else if file.path.ends_with(".js") {
        crate::markup::minify::js
    } else {
        return;
    };
    if let Ok(text) = std::str::from_utf8(&file.bytes) {
        file.bytes = minify(text).into_bytes();
    }
}
