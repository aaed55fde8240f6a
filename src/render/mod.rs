//! Stage 3, render: the resolved [`Site`] in, the output files out, as
//! bytes in memory. Every page is a pure function of the site, the derived
//! indexes and the templates, so pages render in parallel and the result is
//! the same on every run. Nothing here reads or writes the file system.

mod body;
pub mod charts;
pub mod context;
pub mod keys;
pub mod listing;
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
    /// A page of the archive, from 1.
    Archive(usize),
    Tags,
    /// (tag, page from 1)
    Tag(usize, usize),
    /// A page of the timeline, from 1.
    Timeline(usize),
    EntityTimeline(usize),
    Feed(listing::Feed),
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
    let mut planned: Vec<(String, u64)> = jobs
        .par_iter()
        .map(|job| {
            (
                prepare_path(site, &derived, job),
                job_key(site, &derived, &keys, job),
            )
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
            let result = templates.render(template, &context);
            drop(context);
            if let (Job::Article(i), true) = (job, site.release_bodies) {
                site.articles[*i].body.release();
            }
            match result {
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
    // The sitemap lists every page, so it is rendered once their paths are known.
    if let Some(base) = &site.settings.base_url {
        let path = "sitemap.xml".to_string();
        let key = keys.sitemap(&outputs);
        if memo.pages.get(&path) != Some(&key) {
            let context = listing::sitemap(site, base, &outputs);
            let bytes = templates
                .render("sitemap.xml", &context)
                .map_err(|problem| RenderError::Content(vec![problem]))?;
            sink.put(OutputFile {
                path: path.clone(),
                bytes: bytes.into_bytes(),
            })
            .map_err(RenderError::Io)?;
        }
        outputs.push(path.clone());
        planned.push((path, key));
    }
    let mut next: crate::model::FastMap<String, u64> = planned.into_iter().collect();
    for (path, key, make) in extras(site, &derived, &keys, static_files) {
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
        pages: jobs
            .iter()
            .filter(|job| !matches!(job, Job::Feed(_)))
            .count(),
        rendered: rendered.into_inner(),
        outputs,
        skipped: skipped_without_base_url(site, derived.tags.len()),
    })
}

fn job_key(site: &Site, derived: &pages::Derived, keys: &keys::Keys, job: &Job) -> u64 {
    match *job {
        Job::Index => keys.index(derived),
        Job::Archive(page) => keys.archive(site, page),
        Job::Tags => keys.tags(derived),
        Job::Tag(t, page) => keys.tag(site, derived, t, page),
        Job::Timeline(page) => keys.timeline(site, page),
        Job::EntityTimeline(e) => keys.entity_timeline(site, e),
        Job::Feed(feed) => keys.feed(site, derived, feed),
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
        Job::Tags,
        Job::Entities,
        Job::Facts,
        Job::Sources,
        Job::NotFound,
    ];
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs.extend((0..site.entities.len()).map(Job::Entity));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend((0..derived.metrics.len()).map(Job::Metric));
    jobs.extend(listing_jobs(site, derived));
    jobs
}

/// The paginated lists, the entity timelines and (with a `base_url`) the feeds.
fn listing_jobs(site: &Site, derived: &pages::Derived) -> Vec<Job> {
    let size = site.settings.page_size;
    let mut jobs: Vec<Job> = (1..=listing::page_count(site.articles.len(), size))
        .map(Job::Archive)
        .collect();
    jobs.extend((1..=listing::page_count(derived.timeline.len(), size)).map(Job::Timeline));
    jobs.extend((0..site.entities.len()).map(Job::EntityTimeline));
    for (t, tag) in derived.tags.iter().enumerate() {
        let pages = listing::page_count(tag.articles.len(), size);
        jobs.extend((1..=pages).map(|page| Job::Tag(t, page)));
    }
    if site.settings.base_url.is_some() {
        jobs.push(Job::Feed(listing::Feed::Site));
        jobs.extend((0..site.entities.len()).map(|e| Job::Feed(listing::Feed::Entity(e))));
        jobs.extend((0..derived.tags.len()).map(|t| Job::Feed(listing::Feed::Tag(t))));
    }
    jobs
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

/// The output path of a page.
fn prepare_path(site: &Site, derived: &pages::Derived, job: &Job) -> String {
    match *job {
        Job::Index => "index.html".into(),
        Job::Archive(page) => listing::paged_url("articles/", page),
        Job::Tags => "tags/index.html".into(),
        Job::Tag(t, page) => listing::paged_url(&format!("tags/{}/", derived.tags[t].slug), page),
        Job::Timeline(page) => listing::paged_url("timeline/", page),
        Job::EntityTimeline(e) => listing::entity_timeline_url(&site.entities[e].id),
        Job::Feed(feed) => feed.path(site, derived),
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
        Job::Archive(page) => ("articles.html", listing::archive(site, page)),
        Job::Tags => ("tags.html", listing::tags_index(site, derived)),
        Job::Tag(t, page) => ("tag.html", listing::tag_page(site, derived, t, page)),
        Job::Timeline(page) => ("timeline.html", listing::timeline(site, derived, page)),
        Job::EntityTimeline(e) => ("entity_timeline.html", listing::entity_timeline(site, e)),
        Job::Feed(feed) => {
            let base = site.settings.base_url.as_deref().unwrap_or("");
            ("atom.xml", listing::atom(site, derived, feed, base))
        }
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

/// Charts for download, `robots.txt`, and static files.
fn extras<'a>(
    site: &'a Site,
    derived: &'a pages::Derived,
    keys: &keys::Keys,
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
        let key = keys::hash(&[keys.global, 15]);
        extras.push((
            "robots.txt".into(),
            key,
            Box::new(move || listing::robots(base).into_bytes()),
        ));
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
