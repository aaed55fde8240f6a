//! Stage 3, render: the resolved [`Site`] in, the output files out, as
//! bytes in memory. Every page is a pure function of the site, the derived
//! indexes and the templates, so pages render in parallel and the result is
//! the same on every run. Nothing here reads or writes the file system.

mod body;
pub mod charts;
pub mod context;
mod feed;
pub mod keys;
mod meta;
pub mod pages;
pub mod templates;

use std::path::PathBuf;

use rayon::prelude::*;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::resolve::Site;
pub use templates::Templates;

/// One file of the output, by path relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A page to render: its output path, template and how to build its context.
enum Job {
    Index,
    Archive,
    Article(usize),
    Entities,
    Entity(usize),
    Facts,
    Metric(usize),
    Sources,
    Page(usize),
    NotFound,
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
}

/// What a render did.
#[derive(Debug, Default)]
pub struct Rendered {
    /// HTML pages in the site.
    pub pages: usize,
    /// HTML pages rendered this time (the others were unchanged).
    pub rendered: usize,
    /// Every output path of the site, rendered this time or not (in no
    /// particular order).
    pub outputs: Vec<String>,
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
pub fn render_site(
    site: &Site,
    templates: &Templates,
    static_files: Vec<(PathBuf, Vec<u8>)>,
    sink: &dyn Sink,
    global: u64,
    memo: &mut keys::Memo,
) -> Result<Rendered, RenderError> {
    let (derived, keys) = rayon::join(
        || pages::Derived::new(site, global, &memo.charts, memo.crossings.as_ref()),
        || keys::Keys::new(site, global),
    );
    let jobs = jobs(site, &derived);
    let planned: Vec<(String, u64)> = jobs
        .par_iter()
        .map(|job| {
            let path = prepare_path(site, &derived, job);
            (path, job_key(site, &derived, &keys, job))
        })
        .collect();
    let problems = std::sync::Mutex::new(Vec::new());
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    jobs.par_iter()
        .zip(&planned)
        .try_for_each(|(job, (path, key))| {
            if memo.pages.get(path) == Some(key) {
                return Ok(());
            }
            let (template, context) = prepare(site, &derived, job);
            match templates.render(template, &context) {
                Ok(html) => {
                    rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
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
        })?;
    let mut problems = problems
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !problems.is_empty() {
        problems.sort_by(|a, b| (&a.place, &a.message).cmp(&(&b.place, &b.message)));
        problems.dedup();
        return Err(RenderError::Content(problems));
    }
    let mut outputs: Vec<String> = planned.iter().map(|(path, _)| path.clone()).collect();
    let mut next: crate::model::FastMap<String, u64> = planned.into_iter().collect();
    for (path, key, make) in extras(site, &derived, &keys, &outputs, static_files) {
        if next.contains_key(&path) {
            continue; // a page or an earlier file already has this path
        }
        if memo.pages.get(&path) != Some(&key) {
            sink.put(OutputFile {
                path: path.clone(),
                bytes: make(),
            })
            .map_err(RenderError::Io)?;
        }
        next.insert(path, key);
    }
    outputs = next.keys().cloned().collect();
    memo.charts = derived.drawn(site, global);
    memo.crossings = Some(derived.crossings());
    memo.pages = next;
    Ok(Rendered {
        pages: jobs.len(),
        rendered: rendered.into_inner(),
        outputs,
    })
}

fn job_key(site: &Site, derived: &pages::Derived, keys: &keys::Keys, job: &Job) -> u64 {
    match *job {
        Job::Index => keys.index(derived),
        Job::Archive => keys.archive(),
        Job::Article(i) => keys.article(site, i),
        Job::Entities => keys.entities(),
        Job::Entity(i) => keys.entity(site, derived, i),
        Job::Facts => keys.facts(site),
        Job::Metric(i) => keys::hash(&[keys.facts(site), 15, i as u64]),
        Job::Sources => keys.sources(derived),
        Job::Page(i) => keys.fixed(1 + i as u64),
        Job::NotFound => keys.fixed(0),
    }
}

fn jobs(site: &Site, derived: &pages::Derived) -> Vec<Job> {
    let mut jobs = vec![
        Job::Index,
        Job::Archive,
        Job::Entities,
        Job::Facts,
        Job::Sources,
        Job::NotFound,
    ];
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs.extend((0..site.entities.len()).map(Job::Entity));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend((0..derived.metrics.len()).map(Job::Metric));
    jobs
}

/// The output path of a page.
fn prepare_path(site: &Site, derived: &pages::Derived, job: &Job) -> String {
    match *job {
        Job::Index => "index.html".into(),
        Job::Archive => "articles/index.html".into(),
        Job::Article(i) => context::article_url(&site.articles[i].slug),
        Job::Entities => "entities/index.html".into(),
        Job::Entity(i) => context::entity_url(&site.entities[i].id),
        Job::Facts => "facts/index.html".into(),
        Job::Metric(i) => pages::metric_url(&derived.metrics[i].0),
        Job::Sources => "sources/index.html".into(),
        Job::Page(i) => format!("{}/index.html", site.pages[i].slug),
        Job::NotFound => "404.html".into(),
    }
}

/// A page's template and context.
fn prepare(site: &Site, derived: &pages::Derived, job: &Job) -> (&'static str, Context) {
    match *job {
        Job::Index => ("index.html", pages::index(site, derived)),
        Job::Archive => ("articles.html", pages::archive(site)),
        Job::Article(i) => ("article.html", pages::article(site, derived, i)),
        Job::Entities => ("entities.html", pages::entities(site)),
        Job::Entity(i) => ("entity.html", pages::entity(site, derived, i)),
        Job::Facts => ("facts.html", pages::facts(site)),
        Job::Metric(i) => ("metric.html", pages::metric(site, derived, i)),
        Job::Sources => ("sources.html", pages::sources(site, derived)),
        Job::Page(i) => ("page.html", pages::page(site, i)),
        Job::NotFound => ("404.html", pages::not_found(site)),
    }
}

/// The whole facts table for download (docs/charts.md).
pub const FACTS_CSV: &str = "facts/facts.csv";
pub const FACTS_JSON: &str = "facts/facts.json";

/// A file other than a page: its path, its key, and how to make its bytes
/// (only called when the key changed).
type Extra<'a> = (String, u64, Box<dyn FnOnce() -> Vec<u8> + 'a>);

/// Charts for download, the feed and sitemap, and static files.
fn extras<'a>(
    site: &'a Site,
    derived: &'a pages::Derived,
    keys: &keys::Keys,
    page_paths: &'a [String],
    statics: Vec<(PathBuf, Vec<u8>)>,
) -> Vec<Extra<'a>> {
    let mut extras: Vec<Extra<'a>> = Vec::new();
    let owners = site
        .articles
        .iter()
        .map(|a| a.key)
        .zip(&derived.article_charts)
        .chain(
            (0..site.entities.len())
                .map(|i| u64::MAX - i as u64)
                .zip(&derived.entity_charts),
        )
        .chain(std::iter::once((u64::MAX / 2, &derived.site_charts)))
        .chain(
            (0..derived.metric_charts.len())
                .map(|i| u64::MAX / 3 - i as u64)
                .zip(&derived.metric_charts),
        );
    for (owner, charts) in owners {
        for (n, chart) in charts.iter().enumerate() {
            let key = keys::hash(&[keys.global, 9, owner, n as u64]);
            let make = move || standalone_svg(&chart.at_root("../").svg_html).into_bytes();
            extras.push((chart.download_url.clone(), key, Box::new(make)));
            let csv_key = keys::hash(&[key, 12]);
            let make = move || chart.csv.clone().into_bytes();
            extras.push((chart.csv_url.clone(), csv_key, Box::new(make)));
        }
    }
    let facts = keys.facts(site);
    let make = move || charts::download::csv(&charts::download::all_records(site)).into_bytes();
    extras.push((FACTS_CSV.into(), keys::hash(&[facts, 13]), Box::new(make)));
    let make = move || charts::download::facts_json(site).into_bytes();
    extras.push((FACTS_JSON.into(), keys::hash(&[facts, 14]), Box::new(make)));
    if let Some(base) = &site.settings.base_url {
        let feeds = keys.feeds();
        extras.push((
            "atom.xml".into(),
            feeds,
            Box::new(move || feed::atom(site, base).into_bytes()),
        ));
        let make = move || sitemap(site, base, page_paths).into_bytes();
        extras.push(("sitemap.xml".into(), feeds, Box::new(make)));
    }
    for (n, file) in static_output(statics).into_iter().enumerate() {
        let key = keys::hash(&[keys.global, 10, n as u64]);
        extras.push((file.path, key, Box::new(move || file.bytes)));
    }
    extras
}

/// An inline SVG made into a file of its own (it needs its namespace).
fn standalone_svg(svg: &str) -> String {
    let body = if svg.contains("xmlns=") {
        svg.to_string()
    } else {
        svg.replacen("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"", 1)
    };
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{body}\n")
}

/// Every HTML page but 404 and drafts, with article dates as `lastmod`.
fn sitemap(site: &Site, base: &str, page_paths: &[String]) -> String {
    let dates: std::collections::HashMap<String, String> = site
        .articles
        .iter()
        .map(|a| (context::article_url(&a.slug), a.date.iso()))
        .collect();
    let drafts: std::collections::HashSet<String> = site
        .articles
        .iter()
        .filter(|a| a.draft)
        .map(|a| context::article_url(&a.slug))
        .chain(
            site.pages
                .iter()
                .filter(|p| p.draft)
                .map(|p| format!("{}/index.html", p.slug)),
        )
        .collect();
    let mut listed: Vec<(String, Option<String>)> = page_paths
        .iter()
        .filter(|path| path.ends_with(".html") && path.as_str() != "404.html")
        .filter(|path| !drafts.contains(path.as_str()))
        .map(|path| (path.clone(), dates.get(path).cloned()))
        .collect();
    listed.sort();
    feed::sitemap(base, &listed)
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
    for (path, bytes) in templates::BUILTIN_STATIC {
        if !files.iter().any(|f| f.path == path) {
            files.push(OutputFile {
                path: path.into(),
                bytes: bytes.to_vec(),
            });
        }
    }
    files
}
