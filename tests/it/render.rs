//! Render is a pure function of its inputs: the resolved site, the
//! templates and the article bodies the caller hands over. It reads no file
//! (its seeds may be gone), changes nothing, and gives the same files as
//! the build that reads the seeds itself.

use std::sync::{Arc, Mutex};

use briefing::diagnostics::Diagnostics;
use briefing::render::{self, Bodies, Collect, OutputFile, RenderError, Sink, Templates, keys};
use briefing::resolve::{self, Body, Site};

use crate::common::Fixture;

/// Bodies held in memory, as a test (or another caller) can supply them.
struct InMemory(Vec<Arc<Body>>);

impl InMemory {
    /// Every article's body, read now.
    fn of(site: &Site) -> InMemory {
        InMemory(
            site.articles
                .iter()
                .map(|article| article.body.read().unwrap())
                .collect(),
        )
    }
}

impl Bodies for InMemory {
    fn body(&self, article: usize) -> Result<Arc<Body>, String> {
        Ok(Arc::clone(&self.0[article]))
    }
}

/// A body source that has none to give.
struct Unavailable;

impl Bodies for Unavailable {
    fn body(&self, article: usize) -> Result<Arc<Body>, String> {
        Err(format!("no body for article {article}"))
    }
}

/// A site with a Markdown seed whose own `# heading` must show a level down.
fn site_with_markdown_seed() -> Fixture {
    let site = Fixture::copy("minimal");
    site.write(
        "seeds/b.md",
        "# Part one\n\nKAMAZ keeps building. [Citation: TASS]\n\n# Part two\n\nMore.\n",
    );
    site.write(
        "content/articles/b.yaml",
        "seed: b.md\ntitle: Parts\ndate: 2022-06-19\n",
    );
    site
}

fn resolved(site: &Fixture) -> (Site, Templates) {
    let (project, problems) = briefing::load::load(site.root()).unwrap();
    assert!(!problems.has_errors(), "{problems:?}");
    let mut diagnostics = Diagnostics::new();
    let resolved = resolve::resolve(&project, &mut diagnostics);
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let templates = Templates::new(&project.templates, resolved.locale.clone()).unwrap();
    (resolved, templates)
}

fn render_with(
    site: &Site,
    templates: &Templates,
    bodies: &dyn Bodies,
) -> Result<Vec<OutputFile>, RenderError> {
    let collect = Collect::default();
    render::render_site(
        site,
        bodies,
        templates,
        Vec::new(),
        &collect,
        0,
        &mut keys::Memo::default(),
        &|| {},
    )?;
    Ok(collect.into_files())
}

/// What a render did, in order: the paths it put, and `DONE` where it said
/// the site-wide pages were done.
#[derive(Default)]
struct Events(Mutex<Vec<String>>);

const DONE: &str = "<site pages done>";

impl Events {
    fn push(&self, event: String) {
        self.0.lock().unwrap().push(event);
    }
}

impl Sink for Events {
    fn put(&self, file: OutputFile) -> std::io::Result<()> {
        self.push(file.path);
        Ok(())
    }
}

#[test]
fn the_site_wide_pages_are_said_done_once_all_of_them_are_put() {
    let site = site_with_markdown_seed();
    let (resolved, templates) = resolved(&site);
    let bodies = InMemory::of(&resolved);
    let events = Events::default();
    render::render_site(
        &resolved,
        &bodies,
        &templates,
        Vec::new(),
        &events,
        0,
        &mut keys::Memo::default(),
        &|| events.push(DONE.into()),
    )
    .unwrap();
    let events = events.0.into_inner().unwrap();
    let done = events.iter().position(|event| event == DONE).unwrap();
    assert_eq!(events.iter().filter(|event| *event == DONE).count(), 1);
    let before = &events[..done];
    for page in [
        "index.html",
        "tags/index.html",
        "entities/index.html",
        "facts/index.html",
        "sources/index.html",
        "404.html",
        "search/index.html",
    ] {
        assert!(
            before.iter().any(|path| path == page),
            "{page} not before: {events:?}"
        );
    }
    assert!(events.iter().any(|path| path == "articles/b/index.html"));
}

#[test]
fn render_takes_the_bodies_it_is_given_and_reads_no_file() {
    let site = site_with_markdown_seed();
    site.build_ok();
    let (resolved, templates) = resolved(&site);
    let bodies = InMemory::of(&resolved);
    std::fs::remove_dir_all(site.path("seeds")).unwrap();
    std::fs::remove_dir_all(site.path("content")).unwrap();
    let files = render_with(&resolved, &templates, &bodies).unwrap();
    let page = |path: &str| {
        let file = files.iter().find(|file| file.path == path).unwrap();
        String::from_utf8(file.bytes.clone()).unwrap()
    };
    assert_eq!(
        page("articles/a/index.html"),
        site.read("articles/a/index.html")
    );
    let parts = page("articles/b/index.html");
    assert_eq!(parts, site.read("articles/b/index.html"));
    assert!(
        parts.contains("<h2>Part one</h2>") && parts.contains("<h2>Part two</h2>"),
        "{parts}"
    );
    assert_eq!(
        parts.matches("<h1").count(),
        1,
        "the title is the page's one h1"
    );
}

#[test]
fn a_body_that_cannot_be_had_stops_the_render_with_its_reason() {
    let site = site_with_markdown_seed();
    let (resolved, templates) = resolved(&site);
    match render_with(&resolved, &templates, &Unavailable) {
        Err(RenderError::Seed(message)) => {
            assert!(message.starts_with("no body for article"), "{message}")
        }
        other => panic!(
            "expected a body error, got {:?}",
            other.map(|files| files.len())
        ),
    }
}
