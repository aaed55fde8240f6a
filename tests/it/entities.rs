//! Entities (docs/content-format.md §7, §11): mentions in article text,
//! entity pages, relations.

use crate::common;

use common::Fixture;

/// A site with the entities these tests talk about.
fn site(seed: &str) -> Fixture {
    let site = Fixture::new();
    site.write("seeds/a.txt", seed);
    site.write(
        "content/entities/moskvich.yaml",
        "name: Moskvich\nkind: brand\naliases: [Москвич]\n",
    );
    site.write(
        "content/entities/moskvich-plant.yaml",
        "name: Moskvich Automobile Plant\nkind: plant\naliases: [Moskvich plant, the former Renault plant]\n",
    );
    site.write("content/entities/jac.yaml", "name: JAC\nkind: company\n");
    site.write(
        "content/entities/sergey-kogogin.yaml",
        "name: Sergey Kogogin\nkind: person\nrole: Chief executive of KAMAZ\naliases: [Kogogin]\n\
         relations:\n  - to: kamaz\n    type: head of\n    source: tass\n",
    );
    site
}

fn mention_links(html: &str, id: &str) -> usize {
    html.matches(&format!("href=\"../../entities/{id}/index.html\" title="))
        .count()
}

#[test]
fn only_the_first_mention_links() {
    let s = site("KAMAZ met KAMAZ.\nThen KAMAZ left. [Citation: TASS]\n");
    s.build_ok();
    let html = s.read("articles/a/index.html");
    assert_eq!(mention_links(&html, "kamaz"), 1, "{html}");
    assert!(html.contains(r#"<a class="mention" href="../../entities/kamaz/index.html" title="Company">KAMAZ</a> met KAMAZ."#), "{html}");
}

#[test]
fn the_longest_alias_wins() {
    let s = site("The Moskvich plant builds the Moskvich.\n");
    s.build_ok();
    let html = s.read("articles/a/index.html");
    assert!(html.contains(r#"title="Plant">Moskvich plant</a> builds the <a class="mention" href="../../entities/moskvich/index.html" title="Brand">Moskvich</a>."#), "{html}");
}

#[test]
fn no_match_inside_a_word() {
    let s = site("JACK and KAMAZOV are not entities; JAC is.\n");
    s.build_ok();
    let html = s.read("articles/a/index.html");
    assert!(html.contains("JACK and KAMAZOV are not entities; <a class=\"mention\" href=\"../../entities/jac/index.html\""), "{html}");
    assert_eq!(mention_links(&html, "kamaz"), 0);
}

#[test]
fn a_cyrillic_alias_is_found() {
    let s = site("Завод «Москвич» снова работает, а не «Москвича».\n");
    s.build_ok();
    let html = s.read("articles/a/index.html");
    assert!(
        html.contains(r#"title="Brand">Москвич</a>» снова"#),
        "{html}"
    );
    assert_eq!(mention_links(&html, "moskvich"), 1);
}

#[test]
fn mentions_include_and_exclude_correct_detection() {
    let s = site("KAMAZ and JAC.\n");
    s.write(
        "content/articles/a.yaml",
        &format!(
            "{}mentions:\n  include: [sergey-kogogin]\n  exclude: [jac]\n",
            common::ARTICLE
        ),
    );
    s.build_ok();
    let html = s.read("articles/a/index.html");
    assert_eq!(mention_links(&html, "jac"), 0, "{html}");
    assert!(
        html.contains("../../entities/sergey-kogogin/index.html"),
        "included entity listed: {html}"
    );
    assert!(
        !s.read("entities/jac/index.html")
            .contains("articles/a/index.html")
    );
    assert!(
        s.read("entities/sergey-kogogin/index.html")
            .contains("../../articles/a/index.html")
    );
}

#[test]
fn an_inverse_relation_shows_on_the_target_page() {
    let s = site("Kogogin runs KAMAZ.\n");
    s.build_ok();
    let person = s.read("entities/sergey-kogogin/index.html");
    assert!(
        person.contains("head of") && person.contains("../../entities/kamaz/index.html"),
        "{person}"
    );
    let company = s.read("entities/kamaz/index.html");
    assert!(company.contains("headed by"), "{company}");
    assert!(
        company.contains("../../entities/sergey-kogogin/index.html"),
        "{company}"
    );
}

#[test]
fn mentioned_in_shows_the_sentence_with_the_mention() {
    let s = site(
        "Following the recent St. Petersburg forum, Kogogin spoke at length. Nothing else here.\n",
    );
    s.build_ok();
    let page = s.read("entities/sergey-kogogin/index.html");
    assert!(
        page.contains(
            "Following the recent St. Petersburg forum, <strong>Kogogin</strong> spoke at length."
        ),
        "{page}"
    );
    assert!(page.contains("../../articles/a/index.html"));
    assert!(!page.contains("Nothing else here"));
}

#[test]
fn entity_index_groups_by_kind_with_counts() {
    let s = site("KAMAZ and JAC and Kogogin.\n");
    s.build_ok();
    let index = s.read("entities/index.html");
    let companies = index.find("Companies").expect("companies group");
    let people = index.find("People").expect("people group");
    assert!(companies < people);
    assert!(index.contains("entities/jac/index.html"));
}

#[test]
fn two_entities_claiming_one_alias_is_an_error_naming_both_files() {
    let s = site("KAMAZ.\n");
    s.write(
        "content/entities/jac.yaml",
        "name: JAC\nkind: company\naliases: [Kogogin]\n",
    );
    let run = s.build_fails(1);
    assert!(
        run.stderr
            .contains("`Kogogin` is a name of two entities: `jac` and `sergey-kogogin`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("--> content/entities/sergey-kogogin.yaml:4:11"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/entities/jac.yaml:3:11"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_helps_curators_with_unused_aliases_and_unknown_names() {
    let s = site("KAMAZ talks with Great Wall Motors and the Chinese side.\n");
    let run = s.check();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Unused aliases are normal for curated entities: listed only with --verbose.
    assert!(!run.stderr.contains("КАМАЗ"), "{}", run.stderr);
    let root = s.root().to_str().expect("utf-8 path");
    let verbose = s.run(&["check", "--root", root, "--verbose"]);
    assert!(
        verbose.stdout.lines().any(|line| line.ends_with("  КАМАЗ")),
        "{}",
        verbose.stdout
    );
    assert!(
        run.stderr
            .contains("entity `jac` is mentioned in no article"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("note: Great Wall Motors"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("note: Chinese"), "{}", run.stderr);
}

#[test]
fn an_unknown_relation_target_suggests_the_closest_id() {
    let s = site("KAMAZ.\n");
    s.write(
        "content/entities/jac.yaml",
        "name: JAC\nkind: company\nrelations:\n  - to: kamas\n    type: partner of\n",
    );
    let run = s.build_fails(1);
    assert!(
        run.stderr.contains("unknown entity `kamas`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/entities/jac.yaml:4:9"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `kamaz`?"),
        "{}",
        run.stderr
    );
}
