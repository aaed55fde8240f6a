//! `check`'s hint about capitalised phrases that match no entity, and the
//! `not_entities` lists that answer it (docs/content-format.md §14): every
//! briefing this repository ships checks clean with `--deny-warnings`.

use crate::common;

use common::{Fixture, Run};

const SEED: &str = "KAMAZ said it would help. [Citation: TASS]\n\
\n\
KAMAZ will work with a South Korean partner on LFP cells. [Citation: TASS]\n\
The South Korean side agreed. [Citation: Minpromtorg]\n";

fn site() -> Fixture {
    let site = Fixture::new();
    site.write("seeds/a.txt", SEED);
    site
}

fn strict(site: &Fixture) -> Run {
    site.run(&["check", "--deny-warnings", "--root", site.root_str()])
}

fn check_clean(root: &str) {
    let run = Fixture::empty().run(&["check", "--deny-warnings", "--root", root]);
    assert_eq!(run.code, 0, "{root}:\n{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{root}:\n{}", run.stderr);
    assert!(run.stdout.contains("checked:"), "{}", run.stdout);
}

#[test]
fn every_briefing_we_ship_checks_clean_with_deny_warnings() {
    let repository = env!("CARGO_MANIFEST_DIR");
    check_clean(repository);
    check_clean(&format!("{repository}/tests/gold"));
    for language in [None, Some("ru")] {
        let sample = Fixture::empty();
        let mut args = vec!["init", sample.root_str()];
        if let Some(language) = language {
            args.extend(["--language", language]);
        }
        let run = sample.run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        check_clean(sample.root_str());
    }
}

#[test]
fn an_unlisted_phrase_is_hinted_at_its_place_with_its_count() {
    let site = site();
    let run = strict(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.expect_says("warning: 2 capitalised phrases look like names but match no entity")
        .expect_place("seeds/a.txt:3:24")
        .expect_says("= note: South Korean (×2) at seeds/a.txt:3:24\n")
        .expect_says("= note: LFP at seeds/a.txt:3:48\n")
        .expect_help("`not_entities: [South Korean, LFP]`")
        .expect_help("content/articles/a.yaml")
        .expect_says("check failed: 1 warning and --deny-warnings");
    // Without --deny-warnings it is only a warning.
    assert_eq!(site.check().code, 0);
}

#[test]
fn an_article_list_silences_its_phrases_and_only_in_that_article() {
    let site = site();
    site.append(
        "content/articles/a.yaml",
        "not_entities: [South Korean, LFP]\n",
    );
    let run = strict(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");

    // Another article's seed with the same phrase is still hinted.
    site.write(
        "seeds/b.txt",
        "KAMAZ met a South Korean delegation. [Citation: TASS]\n",
    );
    site.write(
        "content/articles/b.yaml",
        "seed: b.txt\ntitle: KAMAZ meets\ndate: 2022-06-19\n",
    );
    let run = strict(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.expect_says("1 capitalised phrase looks like a name but matches no entity")
        .expect_place("seeds/b.txt:1:13");
}

#[test]
fn the_site_list_silences_phrases_in_every_article() {
    let site = site();
    site.append("content/site.yaml", "not_entities: [South Korean]\n");
    site.append("content/articles/a.yaml", "not_entities: [LFP]\n");
    let run = strict(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn entries_that_match_nothing_are_warnings_at_the_entry() {
    let site = site();
    site.append("content/site.yaml", "not_entities: [South Korean, EU]\n");
    site.append(
        "content/articles/a.yaml",
        "not_entities: [LFP, South korean]\n",
    );
    let run = strict(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.expect_says(
        "warning: `South korean` in `not_entities` matches no phrase the hint finds in seeds/a.txt",
    )
    .expect_place("content/articles/a.yaml:6:21")
    .expect_help("remove it, or write the phrase exactly as `check` prints it")
    .expect_says(
        "warning: `EU` in `not_entities` matches no phrase the hint finds in any published article",
    )
    .expect_place(&format!(
        "content/site.yaml:{}:30",
        common::SITE.lines().count() + 1
    ))
    .expect_says("check failed: 2 warnings and --deny-warnings");
}

#[test]
fn an_entity_name_in_a_list_is_an_error_and_the_build_keeps_its_output() {
    let site = site();
    site.append(
        "content/articles/a.yaml",
        "not_entities: [South Korean, LFP]\n",
    );
    site.build_ok();
    site.edit(
        "content/articles/a.yaml",
        "not_entities: [South Korean, LFP]",
        "not_entities: [South Korean, LFP, КАМАЗ]",
    );
    site.build_fails(1)
        .expect_says("error: `КАМАЗ` in `not_entities` is an alias of entity `kamaz`")
        .expect_place("content/articles/a.yaml:6:35")
        .expect_help("remove it from the list")
        .expect_help("`mentions: {exclude: [kamaz]}`");
    let check = site.check();
    assert_eq!(check.code, 1, "{}", check.stderr);

    site.edit("content/articles/a.yaml", "LFP, КАМАЗ]", "LFP]");
    site.append("content/site.yaml", "not_entities: [KAMAZ]\n");
    site.build_fails(1)
        .expect_says("error: `KAMAZ` in `not_entities` is the name of entity `kamaz`")
        .expect_not_says("mentions: {exclude");
}
