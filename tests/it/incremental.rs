//! Watch-mode rebuilds: after any sequence of edits, the output of
//! incremental rebuilds equals a clean build's, and an edit re-renders and
//! rewrites only what depends on it.

use crate::common;

use std::path::PathBuf;

use briefing::build::{Rebuild, Session, run};
use common::{Fixture, tree};

/// A site with enough cross-references for edits to ripple.
fn site() -> Fixture {
    let site = Fixture::new();
    site.write(
        "content/entities/jac.yaml",
        "name: JAC\nkind: company\nrelations:\n  - to: kamaz\n    type: partner of\n",
    );
    site.write(
        "content/entities/plant.yaml",
        "name: Moskvich plant\nkind: plant\nfacts:\n  - metric: output\n    value: 190000\n    unit: cars\n    period: 2022\n    \
         status: reported\n    article: b\n    quote: roughly 190,000 cars\n",
    );
    site.write(
        "seeds/b.txt",
        "The Moskvich plant made roughly 190,000 cars. [Citation: TASS]\nJAC watched.\n",
    );
    site.write("content/articles/b.yaml", "seed: b.txt\ntitle: Plant output\ndate: 2022-05-01\ncharts:\n  - title: Output\n    metrics: [output]\n");
    site.write("seeds/c.txt", "Nothing about anyone here.\n");
    site.write(
        "content/articles/c.yaml",
        "seed: c.txt\ntitle: Quiet\ndate: 2021-01-01\n",
    );
    site
}

/// Rebuilds after `paths` changed and checks the result equals a clean build.
fn rebuild_and_compare(site: &Fixture, session: &mut Session, paths: &[&str]) -> Rebuild {
    let changed: Vec<PathBuf> = paths.iter().map(|p| site.path(p)).collect();
    let rebuild = session.rebuild(&changed);
    if rebuild.result.is_ok() {
        // What the watcher does in the background once the pages are written.
        if let Err(failure) = session.finish_search() {
            panic!("search index not written: {failure:?}");
        }
        let clean = site.path("clean");
        let report = run(site.root(), Some(&clean));
        assert!(
            report.result.is_ok(),
            "clean build failed: {:?}",
            report.diagnostics
        );
        let (rebuilt, clean_tree) = (tree(&site.path("public")), tree(&clean));
        // Name the files that differ: the trees themselves are too long to read.
        let differ: Vec<&String> = rebuilt
            .keys()
            .chain(clean_tree.keys())
            .filter(|path| rebuilt.get(*path) != clean_tree.get(*path))
            .collect();
        assert!(
            differ.is_empty(),
            "after changing {paths:?}: {differ:?} differ from a clean build"
        );
        std::fs::remove_dir_all(&clean).expect("remove clean");
    }
    rebuild
}

/// [`site`] with feeds, the sitemap and several pages per list
/// (`base_url`, `page_size: 1`), built once.
fn built_with_feeds_and_pages() -> (Fixture, Session) {
    let site = site();
    site.write(
        "content/site.yaml",
        &format!(
            "{}base_url: https://example.org/\npage_size: 1\n",
            common::SITE
        ),
    );
    let mut session = Session::new(site.root(), &site.path("public"));
    let first = rebuild_and_compare(&site, &mut session, &[]);
    assert!(first.result.is_ok(), "{:?}", first.diagnostics);
    (site, session)
}

fn written(rebuild: &Rebuild) -> Vec<String> {
    rebuild
        .result
        .as_ref()
        .map(|(w, _)| w.clone())
        .unwrap_or_default()
}

#[test]
fn every_kind_of_edit_rebuilds_to_what_a_clean_build_makes() {
    let site = site();
    let mut session = Session::new(site.root(), &site.path("public"));
    let first = rebuild_and_compare(&site, &mut session, &[]);
    assert!(first.result.is_ok(), "{:?}", first.diagnostics);

    // A seed edit that adds a mention.
    site.write("seeds/c.txt", "Now JAC is here. [Citation: Minpromtorg]\n");
    let edit = rebuild_and_compare(&site, &mut session, &["seeds/c.txt"]);
    let paths = written(&edit);
    assert!(
        paths.contains(&"articles/c/index.html".to_string()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"entities/jac/index.html".to_string()),
        "{paths:?}"
    );
    assert!(
        !paths.contains(&"articles/a/index.html".to_string()),
        "unrelated article rewritten: {paths:?}"
    );
    assert!(
        !paths.contains(&"entities/plant/index.html".to_string()),
        "unrelated entity rewritten: {paths:?}"
    );
    // Rendered: the article, JAC's page and timeline, and the site-wide
    // pages that list counts (index, entities, sources); not the other
    // articles or entities.
    assert!(
        edit.rendered <= 7,
        "{} of {} pages rendered",
        edit.rendered,
        edit.pages
    );

    // An entity edit, a new entity, a relation.
    site.write(
        "content/entities/kamaz.yaml",
        &format!("{}role: Truck maker\n", common::KAMAZ),
    );
    rebuild_and_compare(&site, &mut session, &["content/entities/kamaz.yaml"]);
    site.write(
        "content/entities/tass.yaml",
        "name: TASS\nkind: media\nrelations:\n  - to: jac\n    type: reports on\n",
    );
    rebuild_and_compare(&site, &mut session, &["content/entities/tass.yaml"]);

    // An annotation renamed: the old pages go, the new ones come.
    std::fs::rename(
        site.path("content/articles/c.yaml"),
        site.path("content/articles/quiet.yaml"),
    )
    .expect("rename");
    let renamed = rebuild_and_compare(
        &site,
        &mut session,
        &["content/articles/c.yaml", "content/articles/quiet.yaml"],
    );
    let removed = renamed
        .result
        .as_ref()
        .map(|(_, r)| r.clone())
        .unwrap_or_default();
    assert!(
        removed.contains(&"articles/c/index.html".to_string()),
        "{removed:?}"
    );
    assert!(site.path("public/articles/quiet/index.html").is_file());

    // A broken file fails without touching the output; the fix recovers.
    let before = tree(&site.path("public"));
    site.write("content/entities/jac.yaml", "name: [JAC\n");
    let broken = session.rebuild(&[site.path("content/entities/jac.yaml")]);
    assert!(broken.result.is_err());
    assert!(broken.diagnostics.iter().any(|d| {
        d.place
            .as_ref()
            .is_some_and(|p| p.path.ends_with("jac.yaml"))
    }));
    assert_eq!(before, tree(&site.path("public")));
    site.write("content/entities/jac.yaml", "name: JAC\nkind: company\n");
    assert!(
        rebuild_and_compare(&site, &mut session, &["content/entities/jac.yaml"])
            .result
            .is_ok()
    );

    // A fact's value, the sources, the site settings, a free page, a template.
    site.write(
        "content/entities/plant.yaml",
        &std::fs::read_to_string(site.path("content/entities/plant.yaml"))
            .unwrap()
            .replace("190000", "190001"),
    );
    rebuild_and_compare(&site, &mut session, &["content/entities/plant.yaml"]);
    site.write(
        "content/sources.yaml",
        &common::SOURCES.replace("news agency", "wire service"),
    );
    rebuild_and_compare(&site, &mut session, &["content/sources.yaml"]);
    site.write(
        "content/site.yaml",
        &common::SITE.replace("Test Briefing", "Renamed Briefing"),
    );
    rebuild_and_compare(&site, &mut session, &["content/site.yaml"]);
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHello.\n");
    rebuild_and_compare(&site, &mut session, &["content/pages/about.md"]);
    site.write("templates/article.html", "{% extends \"base.html\" %}{% block content %}<p>{{ article.title }}</p>{% endblock content %}");
    rebuild_and_compare(&site, &mut session, &["templates/article.html"]);

    // An article deleted, a seed deleted, an annotation's title changed.
    site.remove("content/articles/a.yaml");
    let deleted = rebuild_and_compare(&site, &mut session, &["content/articles/a.yaml"]);
    assert!(
        !site.path("public/articles/a").exists(),
        "{:?}",
        deleted.result.as_ref().map(|(_, r)| r)
    );
    site.remove("seeds/a.txt");
    rebuild_and_compare(&site, &mut session, &["seeds/a.txt"]);
    site.write(
        "content/articles/b.yaml",
        "seed: b.txt\ntitle: Plant output, revised\ndate: 2022-05-02\n",
    );
    rebuild_and_compare(&site, &mut session, &["content/articles/b.yaml"]);

    // Editor scratch files change nothing; an empty list means "rebuild everything".
    site.write("seeds/.b.txt.swp", "junk");
    let scratch = rebuild_and_compare(&site, &mut session, &["seeds/.b.txt.swp"]);
    assert!(written(&scratch).is_empty(), "{:?}", written(&scratch));
    rebuild_and_compare(&site, &mut session, &[]);
}

#[test]
fn a_rebuild_with_no_change_writes_nothing() {
    let site = site();
    let mut session = Session::new(site.root(), &site.path("public"));
    assert!(session.rebuild(&[]).result.is_ok());
    let again = session.rebuild(&[site.path("seeds/b.txt")]);
    assert_eq!(written(&again), Vec::<String>::new());
    assert_eq!(again.rendered, 0, "nothing changed, nothing rendered");
}

#[test]
fn a_file_taking_a_folders_place_is_rebuilt_through_a_staging_folder() {
    let site = site();
    site.write("templates/static/extra/a.css", "a {}");
    let mut session = Session::new(site.root(), &site.path("public"));
    assert!(session.rebuild(&[]).result.is_ok());
    // Writing `extra` in place cannot work while `extra/` is a folder: the
    // rebuild falls back to a complete staged build.
    std::fs::remove_dir_all(site.path("templates/static/extra")).expect("remove");
    site.write("templates/static/extra", "now a file");
    let rebuild = rebuild_and_compare(&site, &mut session, &["templates/static/extra"]);
    assert!(rebuild.result.is_ok(), "{:?}", rebuild.diagnostics);
    assert_eq!(site.read("extra"), "now a file");
    // And the reverse.
    std::fs::remove_file(site.path("templates/static/extra")).expect("remove");
    site.write("templates/static/extra/b.css", "b {}");
    let rebuild = rebuild_and_compare(&site, &mut session, &["templates/static/extra/b.css"]);
    assert!(rebuild.result.is_ok(), "{:?}", rebuild.diagnostics);
    assert_eq!(site.read("extra/b.css"), "b {}");
    let leftovers: Vec<String> = walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A rebuild reports what a clean build would, whichever files were broken
/// before: an article's cached resolution is not reused across a change in
/// what failed to load.
#[test]
fn a_broken_file_that_is_then_removed_leaves_its_references_unknown() {
    let site = Fixture::new();
    site.write("content/entities/jac.yaml", "name: JAC\nkind: company\n");
    site.write(
        "content/articles/a.yaml",
        "seed: a.txt\ntitle: KAMAZ helps\ndate: 2022-06-18\nmentions:\n  include: [jac]\n",
    );
    let mut session = Session::new(site.root(), &site.path("public"));
    assert!(session.rebuild(&[]).result.is_ok());
    let messages = |rebuild: &Rebuild| -> Vec<String> {
        rebuild
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect()
    };

    site.write("content/entities/jac.yaml", "name: JAC\nknd: company\n");
    let broken = session.rebuild(&[site.path("content/entities/jac.yaml")]);
    assert!(broken.result.is_err());
    assert_eq!(messages(&broken).len(), 1, "{:?}", messages(&broken));

    site.remove("content/entities/jac.yaml");
    let gone = session.rebuild(&[site.path("content/entities/jac.yaml")]);
    assert!(gone.result.is_err(), "{:?}", messages(&gone));
    assert!(
        messages(&gone).iter().any(|m| m == "unknown entity `jac`"),
        "{:?}",
        messages(&gone)
    );
}

#[test]
fn chart_downloads_comparisons_and_metric_pages_rebuild_like_clean_builds() {
    let site = site();
    site.write(
        "content/site.yaml",
        &format!(
            "{}charts:\n  - title: Output by plant\n    compare: output\n",
            common::SITE
        ),
    );
    let mut session = Session::new(site.root(), &site.path("public"));
    assert!(rebuild_and_compare(&site, &mut session, &[]).result.is_ok());
    assert!(site.path("public/facts/output/index.html").is_file());

    // More figures: the entity's chart becomes a line, the metric page and every download change.
    site.write(
        "content/entities/plant.yaml",
        "name: Moskvich plant\nkind: plant\nfacts:\n  - metric: output\n    value: 190000\n    unit: cars\n    period: 2022\n    \
         status: reported\n    article: b\n    quote: roughly 190,000 cars\n  \
         - metric: output\n    value: 150000\n    unit: cars\n    period: 2020\n    status: estimate\n  \
         - metric: output\n    value: 300000\n    unit: cars\n    period: 2030\n    status: target\n",
    );
    let edit = rebuild_and_compare(&site, &mut session, &["content/entities/plant.yaml"]);
    let paths = written(&edit);
    for path in [
        "facts/output/index.html",
        "facts/facts.csv",
        "facts/facts.json",
        "charts/site-1.csv",
        "charts/entity-plant-cars.svg",
        "charts/metric-output-plant-cars.csv",
    ] {
        assert!(paths.contains(&path.to_string()), "{path} not in {paths:?}");
    }

    // A second metric gets a page; renaming the entity relabels the comparison.
    site.write(
        "content/entities/jac.yaml",
        "name: JAC Motors\nkind: company\nfacts:\n  - metric: staff\n    value: 900\n    unit: people\n    period: 2023\n    status: reported\n",
    );
    rebuild_and_compare(&site, &mut session, &["content/entities/jac.yaml"]);
    assert!(site.path("public/facts/staff/index.html").is_file());

    // The article's title is shown on metric pages (as the quote's article).
    site.write(
        "content/articles/b.yaml",
        "seed: b.txt\ntitle: Plant output, revised\ndate: 2022-05-01\ncharts:\n  - title: Output\n    metrics: [output]\n",
    );
    rebuild_and_compare(&site, &mut session, &["content/articles/b.yaml"]);

    // The metric goes away: its page and charts go too.
    site.write("content/entities/jac.yaml", "name: JAC\nkind: company\n");
    rebuild_and_compare(&site, &mut session, &["content/entities/jac.yaml"]);
    assert!(!site.path("public/facts/staff/index.html").exists());
}

#[test]
fn tag_timeline_and_feed_edits_rebuild_to_what_a_clean_build_makes() {
    let (site, mut session) = built_with_feeds_and_pages();
    assert!(site.path("public/tags/kamaz/atom.xml").is_file());

    // A tag added, another spelling of it (merged), a Cyrillic one, then removed.
    let b = "seed: b.txt\ntitle: Plant output\ndate: 2022-05-01\n";
    for tags in [
        "tags: [plants]\n",
        "tags: [Plants, kamaz]\n",
        "tags: [Заводы]\n",
        "",
    ] {
        site.write("content/articles/b.yaml", &format!("{b}{tags}"));
        let edit = rebuild_and_compare(&site, &mut session, &["content/articles/b.yaml"]);
        assert!(edit.result.is_ok(), "{tags}: {:?}", edit.diagnostics);
    }
    // A date change moves an article across the timeline and the archive pages.
    site.write(
        "content/articles/c.yaml",
        "seed: c.txt\ntitle: Quiet\ndate: 2023-01-01\ntags: [kamaz]\n",
    );
    rebuild_and_compare(&site, &mut session, &["content/articles/c.yaml"]);
    // A seed edit that adds a mention: the entity's feed and timeline change.
    site.write("seeds/c.txt", "Now KAMAZ is here. [Citation: TASS]\n");
    let edit = rebuild_and_compare(&site, &mut session, &["seeds/c.txt"]);
    let paths = written(&edit);
    assert!(
        paths.contains(&"entities/kamaz/atom.xml".to_string()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"timeline/kamaz/index.html".to_string()),
        "{paths:?}"
    );
    // A fact's period moves it on the timeline.
    site.write(
        "content/entities/plant.yaml",
        &std::fs::read_to_string(site.path("content/entities/plant.yaml"))
            .expect("read")
            .replace("period: 2022", "period: 2020-03"),
    );
    rebuild_and_compare(&site, &mut session, &["content/entities/plant.yaml"]);
    // A larger page size collapses the pages; dropping base_url drops the feeds.
    site.write(
        "content/site.yaml",
        &format!("{}base_url: https://example.org/\n", common::SITE),
    );
    rebuild_and_compare(&site, &mut session, &["content/site.yaml"]);
    assert!(!site.path("public/articles/page").exists());
    site.write("content/site.yaml", common::SITE);
    rebuild_and_compare(&site, &mut session, &["content/site.yaml"]);
    assert!(!site.path("public/atom.xml").exists());
    assert!(!site.path("public/tags/kamaz/atom.xml").exists());
}

/// Seed edits take a shorter way (only the edited seeds' articles are
/// looked at again, the page paths and the tag index are kept): after any
/// other kind of edit, a seed edit still rebuilds to what a clean build makes.
#[test]
fn seed_edits_between_other_edits_rebuild_like_clean_builds() {
    let (site, mut session) = built_with_feeds_and_pages();

    // Two seeds at once: one gains a mention and a citation, one loses one.
    site.write("seeds/c.txt", "Now KAMAZ is here. [Citation: TASS]\n");
    site.write(
        "seeds/b.txt",
        "The Moskvich plant made roughly 190,000 cars. [Citation: TASS]\n",
    );
    rebuild_and_compare(&site, &mut session, &["seeds/c.txt", "seeds/b.txt"]);
    // The same bytes again: nothing to write.
    site.write("seeds/c.txt", "Now KAMAZ is here. [Citation: TASS]\n");
    let same = rebuild_and_compare(&site, &mut session, &["seeds/c.txt"]);
    assert!(written(&same).is_empty(), "{:?}", written(&same));

    // An entity gains an alias; then a seed uses it.
    site.write(
        "content/entities/jac.yaml",
        "name: JAC\nkind: company\naliases: [Jianghuai]\n",
    );
    rebuild_and_compare(&site, &mut session, &["content/entities/jac.yaml"]);
    site.write("seeds/c.txt", "Now KAMAZ and Jianghuai are here.\n");
    let edit = rebuild_and_compare(&site, &mut session, &["seeds/c.txt"]);
    assert!(
        written(&edit).contains(&"entities/jac/index.html".to_string()),
        "{:?}",
        written(&edit)
    );
    // Other words around the same mentions: the entity pages quote them.
    site.write("seeds/c.txt", "Now KAMAZ and Jianghuai are both here.\n");
    let edit = rebuild_and_compare(&site, &mut session, &["seeds/c.txt"]);
    assert!(
        written(&edit).contains(&"entities/kamaz/index.html".to_string()),
        "{:?}",
        written(&edit)
    );

    // A title, a date (the article moves to the front) and a tag; each
    // followed by a seed edit.
    let b = "seed: b.txt\ntitle: Plant output\ndate: 2022-05-01\n";
    for (annotation, text) in [
        (
            b.replace("Plant output", "Plant output, revised"),
            "JAC watched the plant make roughly 190,000 cars.\n",
        ),
        (
            b.replace("2022-05-01", "2024-01-01"),
            "JAC watched roughly 190,000 cars again. [Citation: Minpromtorg]\n",
        ),
        (
            format!("{b}tags: [Plants, kamaz]\n"),
            "KAMAZ watched roughly 190,000 cars.\n",
        ),
    ] {
        site.write("content/articles/b.yaml", &annotation);
        rebuild_and_compare(&site, &mut session, &["content/articles/b.yaml"]);
        site.write("seeds/b.txt", text);
        let edit = rebuild_and_compare(&site, &mut session, &["seeds/b.txt"]);
        assert!(edit.result.is_ok(), "{annotation}: {:?}", edit.diagnostics);
    }

    // A seed removed (its article fails), put back, then edited.
    site.remove("seeds/c.txt");
    let gone = session.rebuild(&[site.path("seeds/c.txt")]);
    assert!(gone.result.is_err());
    site.write("seeds/c.txt", "Quiet again.\n");
    rebuild_and_compare(&site, &mut session, &["seeds/c.txt"]);
    site.write("seeds/c.txt", "Quiet again, KAMAZ said.\n");
    rebuild_and_compare(&site, &mut session, &["seeds/c.txt"]);

    // A seed no annotation names yet, edited, then published.
    site.write("seeds/d.txt", "JAC again.\n");
    rebuild_and_compare(&site, &mut session, &["seeds/d.txt"]);
    site.write("seeds/d.txt", "JAC and KAMAZ again.\n");
    let unpublished = rebuild_and_compare(&site, &mut session, &["seeds/d.txt"]);
    assert!(
        unpublished
            .diagnostics
            .iter()
            .any(|d| d.message.contains("not published")),
        "{:?}",
        unpublished.diagnostics
    );
    site.write(
        "content/articles/d.yaml",
        "seed: d.txt\ntitle: Again\ndate: 2023-03-03\ntags: [kamaz]\n",
    );
    rebuild_and_compare(&site, &mut session, &["content/articles/d.yaml"]);
    site.write("seeds/d.txt", "JAC, KAMAZ and the Moskvich plant again.\n");
    rebuild_and_compare(&site, &mut session, &["seeds/d.txt"]);
}

#[test]
fn an_entity_problem_is_still_reported_after_a_seed_edit() {
    let site = site();
    let mut session = Session::new(site.root(), &site.path("public"));
    assert!(rebuild_and_compare(&site, &mut session, &[]).result.is_ok());
    let before = tree(&site.path("public"));
    let reports_empty_name = |rebuild: &Rebuild| {
        rebuild.result.is_err()
            && rebuild.diagnostics.iter().any(|d| {
                d.message == "entity name is empty"
                    && d.place
                        .as_ref()
                        .is_some_and(|p| p.path.ends_with("jac.yaml"))
            })
    };

    site.write("content/entities/jac.yaml", "name: ' '\nkind: company\n");
    let broken = session.rebuild(&[site.path("content/entities/jac.yaml")]);
    assert!(reports_empty_name(&broken), "{:?}", broken.diagnostics);
    // Only a seed changes next: the entities are taken from the last run,
    // and so is their problem.
    site.write("seeds/c.txt", "Nothing about anyone, still.\n");
    let again = session.rebuild(&[site.path("seeds/c.txt")]);
    assert!(reports_empty_name(&again), "{:?}", again.diagnostics);
    assert_eq!(before, tree(&site.path("public")));

    site.write("content/entities/jac.yaml", "name: JAC\nkind: company\n");
    let fixed = rebuild_and_compare(&site, &mut session, &["content/entities/jac.yaml"]);
    assert!(fixed.result.is_ok(), "{:?}", fixed.diagnostics);
}

/// Figures that disagree or were revised (docs/content-format.md §7.5):
/// which one leads depends on other files (an article's date), and every
/// page showing them must follow.
#[test]
fn figures_that_start_or_stop_disagreeing_rebuild_like_clean_builds() {
    let site = Fixture::copy("figures");
    let plant = "content/entities/moskvich-plant.yaml";
    let mut session = Session::new(site.root(), &site.path("public"));
    let first = rebuild_and_compare(&site, &mut session, &[]);
    assert!(first.result.is_ok(), "{:?}", first.diagnostics);

    // The leading figure (Interfax's, the latest) is edited.
    site.edit(
        plant,
        "value: 200000\n    unit: cars per year\n    period: 2022",
        "value: 210000\n    unit: cars per year\n    period: 2022",
    );
    let edit = rebuild_and_compare(&site, &mut session, &[plant]);
    assert!(edit.result.is_ok(), "{:?}", edit.diagnostics);

    // An article's date alone changes which figure leads (the ministry's now).
    site.edit(
        "content/articles/c.yaml",
        "date: 2023-03-10",
        "date: 2022-07-01",
    );
    let edit = rebuild_and_compare(&site, &mut session, &["content/articles/c.yaml"]);
    assert!(edit.result.is_ok(), "{:?}", edit.diagnostics);
    assert!(
        written(&edit).contains(&"entities/moskvich-plant/index.html".to_string()),
        "{:?}",
        written(&edit)
    );

    // The revision stops being one: TASS gives the same figure again.
    site.edit(plant, "value: 60000", "value: 100000");
    let edit = rebuild_and_compare(&site, &mut session, &[plant]);
    assert!(edit.result.is_ok(), "{:?}", edit.diagnostics);

    // The disagreement stops being one: the ministry and Interfax agree with TASS.
    site.edit(plant, "value: 250000", "value: 300000");
    site.edit(plant, "value: 210000", "value: 300000");
    let edit = rebuild_and_compare(&site, &mut session, &[plant]);
    assert!(edit.result.is_ok(), "{:?}", edit.diagnostics);

    // And becomes one again.
    site.edit(
        plant,
        "value: 300000\n    unit: cars per year\n    period: 2022\n    status: estimate",
        "value: 250000\n    unit: cars per year\n    period: 2022\n    status: estimate",
    );
    let edit = rebuild_and_compare(&site, &mut session, &[plant]);
    assert!(edit.result.is_ok(), "{:?}", edit.diagnostics);

    // A figure marked preferred leads, whatever its date.
    site.edit(
        plant,
        "    quote: up to 300,000 cars per year\n",
        "    quote: up to 300,000 cars per year\n    preferred: true\n",
    );
    let edit = rebuild_and_compare(&site, &mut session, &[plant]);
    assert!(edit.result.is_ok(), "{:?}", edit.diagnostics);
}

#[test]
fn article_aliases_rebuild_like_clean_builds() {
    let (site, mut session) = built_with_feeds_and_pages();
    // An alias: its page appears.
    site.write(
        "content/articles/b.yaml",
        "seed: b.txt\ntitle: Plant output\ndate: 2022-05-01\naliases: [output]\n",
    );
    rebuild_and_compare(&site, &mut session, &["content/articles/b.yaml"]);
    assert!(site.path("public/articles/output/index.html").is_file());
    // The article's title changes: the old address's link says it.
    site.write(
        "content/articles/b.yaml",
        "seed: b.txt\ntitle: Plant output, revised\ndate: 2022-05-01\naliases: [output]\n",
    );
    let edit = rebuild_and_compare(&site, &mut session, &["content/articles/b.yaml"]);
    assert!(
        written(&edit).contains(&"articles/output/index.html".to_string()),
        "{:?}",
        written(&edit)
    );
    // The base URL changes: the canonical link follows.
    site.write(
        "content/site.yaml",
        &format!(
            "{}base_url: https://example.org/other/\npage_size: 1\n",
            common::SITE
        ),
    );
    rebuild_and_compare(&site, &mut session, &["content/site.yaml"]);
    // The alias moves to the other article, then goes.
    site.write(
        "content/articles/b.yaml",
        "seed: b.txt\ntitle: Plant output, revised\ndate: 2022-05-01\n",
    );
    site.write(
        "content/articles/c.yaml",
        "seed: c.txt\ntitle: Quiet\ndate: 2021-01-01\naliases: [output]\n",
    );
    rebuild_and_compare(
        &site,
        &mut session,
        &["content/articles/b.yaml", "content/articles/c.yaml"],
    );
    assert!(
        site.read("articles/output/index.html")
            .contains("articles/c/index.html")
    );
    site.write(
        "content/articles/c.yaml",
        "seed: c.txt\ntitle: Quiet\ndate: 2021-01-01\n",
    );
    rebuild_and_compare(&site, &mut session, &["content/articles/c.yaml"]);
    assert!(!site.path("public/articles/output").exists());
}

#[test]
fn links_between_seeds_follow_the_articles_they_name() {
    let site = site();
    site.write(
        "seeds/d.md",
        "See [the output](b.txt) and [quiet](./c.txt#x).\n",
    );
    site.write(
        "content/articles/d.yaml",
        "seed: d.md\ntitle: Links\ndate: 2022-06-01\n",
    );
    let mut session = Session::new(site.root(), &site.path("public"));
    assert!(rebuild_and_compare(&site, &mut session, &[]).result.is_ok());
    let page = site.read("articles/d/index.html");
    assert!(
        page.contains("href=\"../../articles/b/index.html\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../articles/c/index.html#x\""),
        "{page}"
    );
    // The linked article is renamed: the linking page follows.
    site.remove("content/articles/c.yaml");
    site.write(
        "content/articles/quiet.yaml",
        "seed: c.txt\ntitle: Quiet\ndate: 2021-01-01\n",
    );
    let edit = rebuild_and_compare(
        &site,
        &mut session,
        &["content/articles/c.yaml", "content/articles/quiet.yaml"],
    );
    assert!(edit.result.is_ok(), "{:?}", edit.diagnostics);
    let page = site.read("articles/d/index.html");
    assert!(
        page.contains("href=\"../../articles/quiet/index.html#x\""),
        "{page}"
    );
    // Unpublished: the link stays as written.
    site.remove("content/articles/quiet.yaml");
    let edit = rebuild_and_compare(&site, &mut session, &["content/articles/quiet.yaml"]);
    assert!(edit.result.is_ok(), "{:?}", edit.diagnostics);
    assert!(
        site.read("articles/d/index.html")
            .contains("href=\"./c.txt#x\"")
    );
}

/// The dictionary shard of `form` (its first two characters) in `output`.
fn dictionary_shard(site: &Fixture, form: &str) -> String {
    let key: String = form.chars().take(2).collect();
    let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
    std::fs::read_to_string(site.path(&format!("public/search/data/dict/{hex}.json")))
        .unwrap_or_default()
}

#[test]
fn an_edited_article_is_searchable_and_its_index_equals_a_clean_builds() {
    let site = site();
    let mut session = Session::new(site.root(), &site.path("public"));
    let first = rebuild_and_compare(&site, &mut session, &[]);
    assert!(first.result.is_ok(), "{:?}", first.diagnostics);
    assert!(!dictionary_shard(&site, "quokkaish").contains("\"quokkaish\""));

    // A new word in one article: the rebuild reuses the other articles'
    // words (watch mode's memo) and writes what a clean build writes.
    site.write("seeds/c.txt", "Nothing about anyone here, quokkaish.\n");
    let edit = rebuild_and_compare(&site, &mut session, &["seeds/c.txt"]);
    assert!(edit.result.is_ok(), "{:?}", edit.diagnostics);
    assert!(
        dictionary_shard(&site, "quokkaish").contains("[\"quokkaish\","),
        "{}",
        dictionary_shard(&site, "quokkaish")
    );

    // Taken out again: the word leaves the dictionary, though the memo's
    // lexicon still knows it.
    site.write("seeds/c.txt", "Nothing about anyone here.\n");
    let undo = rebuild_and_compare(&site, &mut session, &["seeds/c.txt"]);
    assert!(undo.result.is_ok(), "{:?}", undo.diagnostics);
    assert!(!dictionary_shard(&site, "quokkaish").contains("\"quokkaish\""));

    // A title edit and a removed article, then the article back.
    site.write(
        "content/articles/c.yaml",
        "seed: c.txt\ntitle: Quiet quokkaish days\ndate: 2021-01-01\n",
    );
    rebuild_and_compare(&site, &mut session, &["content/articles/c.yaml"]);
    assert!(dictionary_shard(&site, "quokkaish").contains("[\"quokkaish\","));
    site.remove("content/articles/c.yaml");
    rebuild_and_compare(&site, &mut session, &["content/articles/c.yaml"]);
    assert!(!dictionary_shard(&site, "quokkaish").contains("\"quokkaish\""));
}

/// Every value of every YAML file and every line of every seed and page of
/// the `every-kind` fixture (each kind of page and file there is), edited
/// one at a time and then put back: each rebuild equals a clean build. A
/// page's key that misses something the page shows leaves it stale, and
/// this test names the edit and the page.
#[test]
fn every_value_edited_rebuilds_like_a_clean_build() {
    let site = Fixture::copy("every-kind");
    let mut session = Session::new(site.root(), &site.path("public"));
    let first = session.rebuild(&[]);
    assert!(first.result.is_ok(), "{:?}", first.diagnostics);
    let original_output = pages_and_files(&tree(&site.path("public")));
    assert_eq!(original_output, clean_build_in_memory(&site));
    let mut edits = 0;
    for file in editable_files(&site) {
        let original = site.source(&file);
        for edited in edits_of(&file, &original) {
            site.write(&file, &edited);
            if session.rebuild(&[site.path(&file)]).result.is_ok() {
                edits += 1;
                let rebuilt = pages_and_files(&tree(&site.path("public")));
                let clean = clean_build_in_memory(&site);
                let differ: Vec<&String> = rebuilt
                    .keys()
                    .chain(clean.keys())
                    .filter(|path| rebuilt.get(*path) != clean.get(*path))
                    .collect();
                assert!(
                    differ.is_empty(),
                    "after editing {file} to\n{edited}\n{differ:?} differ from a clean build"
                );
            }
            site.write(&file, &original);
            let back = session.rebuild(&[site.path(&file)]);
            assert!(
                back.result.is_ok(),
                "{file} put back: {:?}",
                back.diagnostics
            );
            assert!(
                pages_and_files(&tree(&site.path("public"))) == original_output,
                "{file} put back: the output is not the first build's"
            );
        }
    }
    assert!(edits > 50, "only {edits} edits made a valid site");
}

/// Every output file but the search index (which other tests compare).
fn pages_and_files(
    files: &std::collections::BTreeMap<String, Vec<u8>>,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .filter(|(path, _)| !path.starts_with("search/data/"))
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect()
}

/// A clean build's files, rendered in memory (no search index).
fn clean_build_in_memory(site: &Fixture) -> std::collections::BTreeMap<String, Vec<u8>> {
    let collect = briefing::render::Collect::default();
    let mut diagnostics = briefing::diagnostics::Diagnostics::new();
    let mut timings = briefing::build::Timings::default();
    briefing::build::generate(site.root(), &collect, &mut diagnostics, &mut timings)
        .unwrap_or_else(|_| panic!("clean build failed: {diagnostics:?}"));
    collect
        .into_files()
        .into_iter()
        .map(|file| (file.path, file.bytes))
        .collect()
}

/// The fixture's content and seed files, by path from the site's root.
fn editable_files(site: &Fixture) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(site.root())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let path = entry.path().strip_prefix(site.root()).ok()?;
            let path = path.to_str()?.replace('\\', "/");
            (path.starts_with("content/") || path.starts_with("seeds/")).then_some(path)
        })
        .collect();
    files.sort();
    files
}

/// `text` with one thing changed, once per line that can be: a YAML
/// scalar (a number one more, a date a day later, a flag flipped, a text
/// with a word added) or a line of prose (a sentence mentioning an entity
/// added). A key repeated down a list (the fields of facts) is edited in
/// its first [`EDITS_PER_KEY`] items only, to keep the test quick.
fn edits_of(file: &str, text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let yaml = file.ends_with(".yaml");
    let mut in_front_matter = false;
    let mut edited_keys: std::collections::HashMap<&str, usize> = Default::default();
    (0..lines.len())
        .filter_map(|at| {
            let line = lines[at];
            if line == "---" {
                in_front_matter = !in_front_matter;
                return None;
            }
            let edited = if yaml || in_front_matter {
                let key = line.trim_start_matches([' ', '-']).split(':').next()?;
                let count = edited_keys.entry(key).or_default();
                *count += 1;
                if *count > EDITS_PER_KEY {
                    return None;
                }
                edited_values(line)
            } else if line.trim().is_empty() {
                return None;
            } else {
                vec![format!("{line} Kogogin met KAMAZ.")]
            };
            let lines = &lines;
            Some(edited.into_iter().map(move |edited| {
                let mut copy = lines.clone();
                copy[at] = &edited;
                copy.join("\n") + "\n"
            }))
        })
        .flatten()
        .collect()
}

const EDITS_PER_KEY: usize = 3;

/// A `key: value` line (or list item) with its value changed, or an inline
/// list's first item changed and, apart, written in capitals; none for a
/// line with no value.
fn edited_values(line: &str) -> Vec<String> {
    let Some((head, value)) = line.split_once(": ").or_else(|| {
        let item = line.trim_start().strip_prefix("- ")?;
        (!item.contains(": ")).then(|| (&line[..line.len() - item.len()], item))
    }) else {
        return Vec::new();
    };
    let separator = if head.ends_with("- ") { "" } else { ": " };
    let value = value.trim();
    if let Some(items) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        let (first, rest) = items.split_once(", ").unwrap_or((items, ""));
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(", {rest}")
        };
        return [format!("{first} revised"), first.to_uppercase()]
            .into_iter()
            .filter(|first| !first.trim().is_empty())
            .map(|first| format!("{head}{separator}[{first}{rest}]"))
            .collect();
    }
    if value.is_empty() || value.starts_with(['{', '|', '>', '#']) {
        return Vec::new();
    }
    let changed = if let Ok(number) = value.parse::<u64>() {
        (number + 1).to_string()
    } else if value == "true" || value == "false" {
        (value == "false").to_string()
    } else if let Some((month, day)) = value
        .strip_suffix(|c: char| c.is_ascii_digit())
        .and_then(|_| value.rsplit_once('-'))
        .filter(|(_, day)| day.len() == 2)
    {
        let Ok(day) = day.parse::<u32>() else {
            return Vec::new();
        };
        format!("{month}-{:02}", if day < 28 { day + 1 } else { day - 1 })
    } else {
        format!("{value} revised")
    };
    vec![format!("{head}{separator}{changed}")]
}
