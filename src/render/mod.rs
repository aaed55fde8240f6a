//! Stage 3, render: the resolved [`Site`] in, the output files out, as
//! bytes in memory. Every page is a pure function of the site, the derived
//! indexes and the templates, so pages render in parallel and the result is
//! the same on every run. Nothing here reads or writes the file system.

mod body;
pub mod chart_data;
pub mod charts;
pub mod context;
mod feed;
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
    Article(usize),
    Entities,
    Entity(usize),
    Facts,
    Sources,
    Page(usize),
    NotFound,
}

/// Renders the whole site. `static_files` are a site's own `templates/static/`
/// files as (path, bytes), which override built-in ones of the same name.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    static_files: Vec<(PathBuf, Vec<u8>)>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let derived = pages::Derived::new(site);
    let jobs = jobs(site);
    let rendered: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let (path, template, context) = prepare(site, &derived, job);
            templates.render(template, &context).map(|html| OutputFile {
                path,
                bytes: html.into_bytes(),
            })
        })
        .collect();
    let mut files = Vec::with_capacity(rendered.len() + 16);
    let mut problems = Vec::new();
    for result in rendered {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| a.message.cmp(&b.message));
        problems.dedup();
        return Err(problems);
    }
    files.extend(chart_files(&derived));
    files.extend(extra_files(site, &files));
    files.extend(static_output(static_files));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|later, earlier| later.path == earlier.path);
    Ok(files)
}

fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![
        Job::Index,
        Job::Entities,
        Job::Facts,
        Job::Sources,
        Job::NotFound,
    ];
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs.extend((0..site.entities.len()).map(Job::Entity));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs
}

fn prepare(site: &Site, derived: &pages::Derived, job: &Job) -> (String, &'static str, Context) {
    match *job {
        Job::Index => (
            "index.html".into(),
            "index.html",
            pages::index(site, derived),
        ),
        Job::Article(i) => (
            context::article_url(&site.articles[i].slug),
            "article.html",
            pages::article(site, derived, i),
        ),
        Job::Entities => (
            "entities/index.html".into(),
            "entities.html",
            pages::entities(site),
        ),
        Job::Entity(i) => (
            context::entity_url(&site.entities[i].id),
            "entity.html",
            pages::entity(site, derived, i),
        ),
        Job::Facts => ("facts/index.html".into(), "facts.html", pages::facts(site)),
        Job::Sources => (
            "sources/index.html".into(),
            "sources.html",
            pages::sources(site, derived),
        ),
        Job::Page(i) => (
            format!("{}/index.html", site.pages[i].slug),
            "page.html",
            pages::page(site, i),
        ),
        Job::NotFound => ("404.html".into(), "404.html", pages::not_found(site)),
    }
}

/// Each chart also as a standalone SVG for download.
fn chart_files(derived: &pages::Derived) -> Vec<OutputFile> {
    let charts = derived
        .article_charts
        .iter()
        .chain(&derived.entity_charts)
        .flatten();
    charts
        .map(|chart| OutputFile {
            path: chart.download_url.clone(),
            bytes: standalone_svg(&chart.svg_html).into_bytes(),
        })
        .collect()
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

/// The feed and sitemap, when the site has a base URL.
fn extra_files(site: &Site, pages: &[OutputFile]) -> Vec<OutputFile> {
    let Some(base) = &site.settings.base_url else {
        return Vec::new();
    };
    let dates: std::collections::HashMap<String, String> = site
        .articles
        .iter()
        .map(|a| (context::article_url(&a.slug), a.date.iso()))
        .collect();
    let mut listed: Vec<(String, Option<String>)> = pages
        .iter()
        .filter(|f| f.path.ends_with(".html") && f.path != "404.html")
        .map(|f| (f.path.clone(), dates.get(f.path.as_str()).cloned()))
        .collect();
    listed.sort();
    vec![
        OutputFile {
            path: "atom.xml".into(),
            bytes: feed::atom(site, base).into_bytes(),
        },
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: feed::sitemap(base, &listed).into_bytes(),
        },
    ]
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
