//! The catalogue of bad input (issue 7, item 1).
//!
//! Each test starts from a small valid site, builds it once, breaks it in one
//! way and builds again with the real binary. It then checks the exit code
//! (README, "Commands": 1 for content errors, 2 for usage and I/O errors), that the
//! message names the file (with `line:col` where there is one) and says what
//! to do, that nothing panicked or hung, and that the previous `public/` is
//! byte for byte what the good build left.
//!
//! Tests marked `#[ignore = "bug: …"]` describe behaviour that is wrong
//! today; they pass once the bug is fixed.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::Run;

// ---------------------------------------------------------------------------
// The base site (tests/fixtures/bad-input/) and how to run the binary on it
// ---------------------------------------------------------------------------

const SITE: &str = include_str!("../fixtures/bad-input/content/site.yaml");
const ARTICLE: &str = include_str!("../fixtures/bad-input/content/articles/a.yaml");
const SEED: &str = include_str!("../fixtures/bad-input/seeds/a.txt");

/// A temporary copy of the base site, valid until a test breaks it.
type Site = common::Fixture;

fn base_site() -> Site {
    Site::copy("bad-input")
}

impl Site {
    fn build_with(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build", "--root", self.root_str()];
        args.extend_from_slice(extra);
        run(&args, Duration::from_secs(60))
    }

    /// Builds the valid site and returns a snapshot of its output.
    fn good_build(&self) -> Tree {
        let run = self.build_with(&[]);
        assert_eq!(run.code, 0, "the base site must build:\n{}", run.stderr);
        assert!(!run.stderr.contains("error"), "{}", run.stderr);
        Tree::of(&self.path("public"))
    }
}

/// The binary with a hang limit; nothing it does may panic.
fn run(args: &[&str], limit: Duration) -> Run {
    let run = common::run_within(args, limit);
    assert!(
        !run.stderr.contains("panicked"),
        "briefing {args:?} panicked:\n{}",
        run.stderr
    );
    run
}

/// Every file and symlink under a folder, with its bytes (or link target).
#[derive(Debug, PartialEq, Eq)]
struct Tree(BTreeMap<PathBuf, Vec<u8>>);

impl Tree {
    fn of(dir: &Path) -> Tree {
        let mut files = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(current) = stack.pop() {
            for entry in fs::read_dir(&current).unwrap() {
                let entry = entry.unwrap();
                let path = entry.path();
                let relative = path.strip_prefix(dir).unwrap().to_path_buf();
                let kind = entry.file_type().unwrap();
                if kind.is_symlink() {
                    let target = fs::read_link(&path).unwrap();
                    files.insert(relative, target.into_os_string().into_encoded_bytes());
                } else if kind.is_dir() {
                    files.insert(relative, b"<dir>".to_vec());
                    stack.push(path);
                } else {
                    files.insert(relative, fs::read(&path).unwrap());
                }
            }
        }
        Tree(files)
    }
}

/// The usual shape of a test: build the valid site, break it with `breakage`,
/// build again, expect `code`, and check that `public/` was not touched.
fn broken(breakage: impl FnOnce(&Site)) -> Run {
    broken_with(1, &[], breakage)
}

fn broken_with(code: i32, extra: &[&str], breakage: impl FnOnce(&Site)) -> Run {
    let site = base_site();
    let before = site.good_build();
    breakage(&site);
    let run = site.build_with(extra);
    run.expect_code(code);
    assert!(
        Tree::of(&site.path("public")) == before,
        "public/ changed after a failed build; stderr:\n{}",
        run.stderr
    );
    run
}

// ---------------------------------------------------------------------------
// YAML that does not parse or does not fit
// ---------------------------------------------------------------------------

#[test]
fn malformed_yaml() {
    broken(|s| s.write("content/site.yaml", "title: [unclosed\n"))
        .expect_place("content/site.yaml:1:8");
}

#[test]
fn malformed_yaml_bad_indentation_in_an_entity() {
    broken(|s| {
        s.edit(
            "content/entities/kamaz.yaml",
            "kind: company",
            "  kind: company",
        )
    })
    .expect_says("content/entities/kamaz.yaml:");
}

#[test]
fn yaml_indented_with_tabs_gets_one_error_at_the_first_tab() {
    // An editor that indents with tabs: every indented line of the file.
    let run = broken(|s| {
        let text = s.source("content/entities/kamaz.yaml");
        let tabbed: String = text
            .lines()
            .map(|line| {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                format!(
                    "{}{}\n",
                    "\t".repeat(spaces / 2),
                    line.trim_start_matches(' ')
                )
            })
            .collect();
        s.write("content/entities/kamaz.yaml", &tabbed);
    });
    run.expect_place("content/entities/kamaz.yaml:4:1")
        .expect_says("error: a tab in the indentation")
        .expect_help("indent with spaces")
        .expect_says("more lines below are indented with tabs")
        .expect_errors_only(1);
}

#[test]
fn a_tab_in_one_line_is_named_at_that_line() {
    // The parser trips on the line before (`title`'s value); the error names the tab.
    broken(|s| {
        s.edit(
            "content/entities/kamaz.yaml",
            "    url: https://kamaz.ru/",
            "\turl: https://kamaz.ru/",
        )
    })
    .expect_place("content/entities/kamaz.yaml:9:1")
    .expect_help("indent with spaces")
    .expect_not_says("check the type")
    .expect_errors_only(1);
}

#[test]
fn wrong_type_number_expected() {
    broken(|s| {
        s.edit(
            "content/entities/kamaz.yaml",
            "value: 300000",
            "value: lots",
        )
    })
    .expect_place("content/entities/kamaz.yaml:13:12");
}

#[test]
fn wrong_type_list_expected() {
    broken(|s| s.edit("content/articles/a.yaml", "tags: [kamaz]", "tags: 5"))
        .expect_place("content/articles/a.yaml:5:7");
}

#[test]
fn wrong_type_says_what_is_expected() {
    broken(|s| s.edit("content/articles/a.yaml", "tags: [kamaz]", "tags: 5"))
        .expect_place("content/articles/a.yaml:5:7")
        .expect_says("tags")
        .expect_some_help();
}

#[test]
fn wrong_type_enum_value_suggests_one() {
    broken(|s| {
        s.edit(
            "content/entities/kamaz.yaml",
            "kind: company",
            "kind: compnay",
        )
    })
    .expect_place("content/entities/kamaz.yaml:2:7")
    .expect_help("did you mean `company`?");
}

#[test]
fn unknown_key_with_did_you_mean() {
    broken(|s| s.edit("content/entities/kamaz.yaml", "role:", "rolle:"))
        .expect_place("content/entities/kamaz.yaml:6:1")
        .expect_says("rolle")
        .expect_help("did you mean `role`?");
}

#[test]
fn unknown_key_in_site_settings() {
    broken(|s| s.append("content/site.yaml", "titel: Other\n"))
        .expect_place("content/site.yaml:6:1")
        .expect_help("did you mean `title`?");
}

#[test]
fn missing_required_key() {
    broken(|s| s.edit("content/entities/kamaz.yaml", "kind: company\n", ""))
        .expect_says("content/entities/kamaz.yaml")
        .expect_says("kind")
        .expect_help("add the required key `kind`");
}

#[test]
fn missing_required_key_in_an_article() {
    broken(|s| s.edit("content/articles/a.yaml", "date: 2022-06-18\n", ""))
        .expect_says("content/articles/a.yaml")
        .expect_help("add the required key `date`");
}

#[test]
fn missing_site_settings() {
    broken(|s| fs::remove_file(s.path("content/site.yaml")).unwrap())
        .expect_place("content/site.yaml")
        .expect_help("create content/site.yaml");
}

#[test]
fn empty_site_settings() {
    broken(|s| s.write("content/site.yaml", ""))
        .expect_says("content/site.yaml")
        .expect_not_says(":1:0")
        .expect_some_help();
}

#[test]
fn duplicate_source_id() {
    broken(|s| s.append("content/sources.yaml", "tass:\n  name: Other TASS\n"))
        .expect_place("content/sources.yaml:7:1")
        .expect_says("tass");
}

#[test]
fn duplicate_source_id_says_what_to_do() {
    broken(|s| s.append("content/sources.yaml", "tass:\n  name: Other TASS\n"))
        .expect_place("content/sources.yaml:7:1")
        .expect_not_says("DuplicateKeyPolicy")
        .expect_some_help();
}

#[test]
fn duplicate_key_in_an_entity() {
    broken(|s| s.append("content/entities/kamaz.yaml", "name: Other\n"))
        .expect_place("content/entities/kamaz.yaml:20:1");
}

#[test]
fn duplicate_alias_across_two_entities_names_both_files() {
    broken(|s| {
        s.write(
            "content/entities/other.yaml",
            "name: Other\nkind: company\naliases: [KamAZ]\n",
        )
    })
    .expect_place("content/entities/other.yaml:3:11")
    .expect_place("content/entities/kamaz.yaml:4:5")
    .expect_says("note: `kamaz` has the name `KamAZ` here")
    .expect_says("4 |   - KamAZ\n")
    .expect_says("3 | aliases: [KamAZ]\n")
    .expect_errors_only(1)
    .expect_help("keep the name on one entity");
}

#[test]
fn entity_related_to_itself() {
    broken(|s| {
        s.append(
            "content/entities/kamaz.yaml",
            "relations:\n  - to: kamaz\n    type: parent\n",
        )
    })
    .expect_place("content/entities/kamaz.yaml:21:9")
    .expect_says("error: `kamaz` is related to itself")
    .expect_help("give `to` the id of the other one")
    .expect_errors_only(1);
}

#[test]
fn duplicate_source_name_across_two_sources() {
    broken(|s| {
        s.append(
            "content/sources.yaml",
            "itar:\n  name: ITAR\n  aliases: [TASS]\n",
        )
    })
    .expect_says("content/sources.yaml:")
    .expect_says("`itar`")
    .expect_says("`tass`")
    .expect_some_help();
}

#[test]
fn two_annotations_for_the_same_seed() {
    broken(|s| {
        s.write(
            "content/articles/b.yaml",
            &ARTICLE.replace("title: KAMAZ plans cars", "title: Again"),
        )
    })
    .expect_place("content/articles/b.yaml:1:7")
    .expect_says("content/articles/a.yaml")
    .expect_some_help();
}

// ---------------------------------------------------------------------------
// Old addresses of renamed articles (`aliases:`)
// ---------------------------------------------------------------------------

/// The base site with a second article, `b`.
fn with_article_b(s: &Site) {
    s.write("seeds/b.txt", "KAMAZ again. [Citation: TASS]\n");
    s.write(
        "content/articles/b.yaml",
        "seed: b.txt\ntitle: Again\ndate: 2022-06-19\n",
    );
}

#[test]
fn article_alias_that_is_not_an_id() {
    broken(|s| {
        s.append(
            "content/articles/a.yaml",
            "aliases: [../../etc, Old Name]\n",
        )
    })
    .expect_place("content/articles/a.yaml:11:11")
    .expect_place("content/articles/a.yaml:11:22")
    .expect_says("`../../etc` is not a valid article alias")
    .expect_help("for example `old-name`")
    .expect_errors_only(2);
}

#[test]
fn article_alias_that_is_another_articles_slug() {
    broken(|s| {
        with_article_b(s);
        s.append("content/articles/a.yaml", "aliases: [b]\n");
    })
    .expect_place("content/articles/a.yaml:11:11")
    .expect_says("the alias `b` is the slug of another article")
    .expect_says("content/articles/b.yaml has this slug")
    .expect_some_help()
    .expect_errors_only(1);
}

#[test]
fn article_alias_given_by_two_articles_shows_both() {
    broken(|s| {
        with_article_b(s);
        s.append("content/articles/a.yaml", "aliases: [old]\n");
        s.append("content/articles/b.yaml", "aliases:\n  - old\n");
    })
    .expect_place("content/articles/b.yaml:5:5")
    .expect_place("content/articles/a.yaml:11:11")
    .expect_says("the alias `old` is given twice")
    .expect_says("note: `old` is first given here")
    .expect_help("keep the alias on the article that had this slug")
    .expect_errors_only(1);
}

#[test]
fn article_alias_that_is_a_folder_of_the_archive() {
    broken(|s| s.append("content/articles/a.yaml", "aliases: [page]\n"))
        .expect_place("content/articles/a.yaml:11:11")
        .expect_says("taken by the archive's own pages")
        .expect_some_help()
        .expect_errors_only(1);
}

#[test]
fn article_alias_that_is_its_own_slug() {
    broken(|s| s.append("content/articles/a.yaml", "aliases: [a]\n"))
        .expect_place("content/articles/a.yaml:11:11")
        .expect_says("`a` is this article's own slug")
        .expect_errors_only(1);
}

// ---------------------------------------------------------------------------
// Bounded time: alias bombs and deep nesting
// ---------------------------------------------------------------------------

/// The classic "billion laughs": nine levels of nine aliases each.
fn alias_bomb(key: &str) -> String {
    let mut yaml = format!(
        "{key}: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let items = vec![format!("*{}", pair[0]); 9].join(",");
        yaml.push_str(&format!("x{}: &{} [{items}]\n", pair[1], pair[1]));
    }
    yaml
}

#[test]
fn alias_bomb_in_sources() {
    let run = broken(|s| s.write("content/sources.yaml", &alias_bomb("tass")));
    run.expect_says("content/sources.yaml");
    assert!(run.elapsed < Duration::from_secs(60));
}

#[test]
fn alias_bomb_in_an_entity_list() {
    broken(|s| {
        let mut yaml = String::from(
            "name: Bomb\nkind: company\nx0: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        );
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            yaml.push_str(&format!(
                "x{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 9].join(", ")
            ));
        }
        yaml.push_str("aliases: *i\n");
        s.write("content/entities/bomb.yaml", &yaml);
    })
    .expect_says("content/entities/bomb.yaml");
}

#[test]
fn alias_bomb_as_aliases_value() {
    // Anchors defined inside a value the schema accepts (a list of strings),
    // then referenced many times.
    broken(|s| {
        let mut yaml =
            String::from("name: Bomb\nkind: company\naliases: [&a lol, *a, *a, *a]\nrelations:\n");
        for _ in 0..2000 {
            yaml.push_str("  - {to: kamaz, type: *a, note: *a}\n");
        }
        yaml.push_str("links: 5\n");
        s.write("content/entities/bomb.yaml", &yaml);
    })
    .expect_says("content/entities/bomb.yaml:");
}

#[test]
fn deep_nesting_of_sequences() {
    broken(|s| {
        let deep = format!(
            "name: KAMAZ\nkind: company\naliases: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        s.write("content/entities/kamaz.yaml", &deep);
    })
    .expect_says("content/entities/kamaz.yaml:3:");
}

#[test]
fn deep_nesting_unclosed() {
    broken(|s| {
        s.write(
            "content/sources.yaml",
            &format!("tass: {}\n", "[".repeat(10_000)),
        )
    })
    .expect_says("content/sources.yaml:1:");
}

#[test]
fn deep_nesting_of_mappings() {
    broken(|s| {
        s.write(
            "content/site.yaml",
            &format!("title: {}\n", "{a: ".repeat(10_000)),
        )
    })
    .expect_says("content/site.yaml:1:");
}

#[test]
fn deep_nesting_in_page_front_matter() {
    broken(|s| {
        s.write(
            "content/pages/about.md",
            &format!("---\ntitle: {}\n---\nBody\n", "[".repeat(10_000)),
        )
    })
    .expect_says("content/pages/about.md:2:");
}

#[test]
fn deep_nesting_in_a_markdown_seed_builds() {
    for (what, text) in [
        ("block quotes", format!("{} deep\n", ">".repeat(10_000))),
        (
            "brackets",
            format!("{}x{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        ("list markers", format!("{}x\n", "- ".repeat(10_000))),
        (
            "emphasis",
            format!("{}x{}\n", "*".repeat(10_000), "*".repeat(10_000)),
        ),
        (
            "indented lists",
            (0..2000)
                .map(|i| format!("{}- item\n", "  ".repeat(i)))
                .collect(),
        ),
    ] {
        let site = base_site();
        site.write("seeds/b.md", &text);
        site.write(
            "content/articles/b.yaml",
            "seed: b.md\ntitle: Deep\ndate: 2022-06-19\n",
        );
        let run = site.build_with(&[]);
        assert_eq!(run.code, 0, "{what}:\n{}", run.stderr);
    }
}

// ---------------------------------------------------------------------------
// References to things that do not exist
// ---------------------------------------------------------------------------

#[test]
fn unknown_entity_in_a_relation() {
    broken(|s| {
        s.append(
            "content/entities/kamaz.yaml",
            "relations:\n  - to: nobody\n    type: rival of\n",
        )
    })
    .expect_place("content/entities/kamaz.yaml:21:9")
    .expect_says("nobody");
}

#[test]
fn unknown_source_in_a_relation_with_did_you_mean() {
    broken(|s| {
        s.write(
            "content/entities/other.yaml",
            "name: Other\nkind: company\n",
        );
        s.append(
            "content/entities/kamaz.yaml",
            "relations:\n  - to: other\n    type: rival of\n    source: tas\n",
        );
    })
    .expect_place("content/entities/kamaz.yaml:23:13")
    .expect_help("did you mean `tass`?");
}

#[test]
fn a_relation_with_two_bad_references_reports_both() {
    broken(|s| {
        s.append(
            "content/entities/kamaz.yaml",
            "relations:\n  - to: nobody\n    type: rival of\n    source: tas\n",
        )
    })
    .expect_place("content/entities/kamaz.yaml:21:9")
    .expect_place("content/entities/kamaz.yaml:23:13");
}

#[test]
fn unknown_source_in_a_fact() {
    broken(|s| s.edit("content/entities/kamaz.yaml", "source: tass", "source: tas"))
        .expect_place("content/entities/kamaz.yaml:17:13")
        .expect_help("did you mean `tass`?");
}

#[test]
fn unknown_article_in_a_fact() {
    broken(|s| s.edit("content/entities/kamaz.yaml", "article: a", "article: b"))
        .expect_place("content/entities/kamaz.yaml:18:14")
        .expect_says("`b`");
}

#[test]
fn unknown_entity_in_a_claim_with_did_you_mean() {
    broken(|s| {
        s.edit(
            "content/articles/a.yaml",
            "entities: [kamaz]",
            "entities: [kamas]",
        )
    })
    .expect_place("content/articles/a.yaml:10:16")
    .expect_help("did you mean `kamaz`?");
}

#[test]
fn unknown_entity_in_mentions_include() {
    broken(|s| {
        s.append(
            "content/articles/a.yaml",
            "mentions:\n  include: [nobody]\n",
        )
    })
    .expect_place("content/articles/a.yaml:12:13");
}

#[test]
fn a_fact_quote_that_is_not_in_the_seed() {
    broken(|s| {
        s.edit(
            "content/entities/kamaz.yaml",
            "quote: up to 300,000 cars",
            "quote: up to 400,000 cars",
        )
    })
    .expect_place("content/entities/kamaz.yaml:19:12");
}

#[test]
fn a_claim_quote_that_is_not_in_the_seed() {
    broken(|s| {
        s.edit(
            "content/articles/a.yaml",
            "quote: KAMAZ could make",
            "quote: KAMAZ will make",
        )
    })
    .expect_place("content/articles/a.yaml:7:12");
}

#[test]
fn unknown_source_in_a_seed_citation() {
    broken(|s| s.append("seeds/a.txt", "More from KAMAZ. [Citation: TAS]\n"))
        .expect_place("seeds/a.txt:4:18")
        .expect_help("did you mean `TASS`?");
}

// ---------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------

#[test]
fn missing_seed() {
    broken(|s| fs::remove_file(s.path("seeds/a.txt")).unwrap())
        .expect_place("content/articles/a.yaml:1:7")
        .expect_says("a.txt")
        .expect_some_help();
}

#[test]
fn seed_that_is_not_utf8() {
    broken(|s| {
        s.write_bytes(
            "seeds/a.txt",
            b"KAMAZ could make up to 300,000 cars a year.\nab\xFF\xFEcd\n",
        )
    })
    .expect_place("seeds/a.txt:2:3")
    .expect_help("UTF-8");
}

#[test]
fn seed_that_is_not_utf8_is_not_called_missing() {
    broken(|s| s.write_bytes("seeds/a.txt", b"ok\n\xFF\n"))
        .expect_place("seeds/a.txt:2:1")
        .expect_not_says("not found");
}

#[test]
fn an_entity_that_fails_to_parse_is_not_called_missing() {
    broken(|s| s.edit("content/entities/kamaz.yaml", "role:", "rolle:"))
        .expect_place("content/entities/kamaz.yaml:6:1")
        .expect_not_says("unknown entity `kamaz`");
}

#[test]
fn empty_seed_warns_and_builds() {
    let site = base_site();
    site.good_build();
    site.write("seeds/a.txt", "");
    site.edit("content/articles/a.yaml", "claims:\n  - quote: KAMAZ could make up to 300,000 cars a year\n    status: target\n    note: A ceiling.\n    entities: [kamaz]\n", "");
    site.edit(
        "content/entities/kamaz.yaml",
        "    article: a\n    quote: up to 300,000 cars\n",
        "",
    );
    let run = site.build_with(&[]);
    run.expect_code(0)
        .expect_says("warning: seed is empty")
        .expect_place("seeds/a.txt");
    assert!(site.path("public/articles/a/index.html").is_file());
}

#[test]
fn blank_lines_only_seed_warns_and_builds() {
    let site = base_site();
    site.write("seeds/b.txt", "\n \r\n\t\n");
    site.write(
        "content/articles/b.yaml",
        "seed: b.txt\ntitle: Blank\ndate: 2022-06-19\n",
    );
    site.build_with(&[])
        .expect_code(0)
        .expect_says("seed is empty");
}

#[test]
fn a_50_megabyte_seed_builds_or_fails_cleanly() {
    let site = base_site();
    let before = site.good_build();
    let line = "KAMAZ said the plant could make more cars, TASS reported with <b>bold</b> & more. [Citation: TASS]\n";
    let mut text = String::from(SEED);
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(line);
    }
    site.write("seeds/a.txt", &text);
    drop(text);
    let root = site.root().to_str().unwrap().to_string();
    let run = run(&["build", "--root", &root], Duration::from_secs(300));
    match run.code {
        0 => {
            let page = fs::read(site.path("public/articles/a/index.html")).unwrap();
            assert!(page.len() > 50 * 1024 * 1024);
            assert!(!String::from_utf8_lossy(&page).contains("<b>bold"));
        }
        1 | 2 => {
            assert!(run.stderr.contains("seeds/a.txt"), "{}", run.stderr);
            assert!(Tree::of(&site.path("public")) == before);
        }
        other => panic!("exit {other:?}:\n{}", run.stderr),
    }
}

/// `<script src="…search.js" defer></script>`: the built-in theme's search
/// script, from the site's own files, with nothing inside.
fn is_search_script(tag: &str) -> bool {
    let Some(rest) = tag.strip_prefix("<script src=\"") else {
        return false;
    };
    rest.split_once('"').is_some_and(|(src, after)| {
        src.ends_with("search.js") && !src.contains(':') && after.starts_with(" defer></script>")
    })
}

/// A seed of about `bytes` bytes of distinct lines, each mentioning KAMAZ and citing TASS.
fn distinct_lines(bytes: usize) -> String {
    let mut text = String::from(SEED);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "Line {i}: KAMAZ said the plant could make {i} more cars, TASS reported. [Citation: TASS]\n"
        ));
        i += 1;
    }
    text
}

#[test]
fn a_50_megabyte_seed_of_distinct_lines_builds_in_reasonable_time() {
    let site = base_site();
    site.good_build();
    site.write("seeds/a.txt", &distinct_lines(50 * 1024 * 1024));
    let root = site.root().to_str().unwrap().to_string();
    run(&["build", "--root", &root], Duration::from_secs(300)).expect_code(0);
}

#[test]
fn a_near_miss_quote_in_a_20_megabyte_seed_is_explained_in_reasonable_time() {
    // Finding the closest passage is linear in the seed: a quadratic search
    // would not finish here.
    let site = base_site();
    site.good_build();
    site.write("seeds/a.txt", &distinct_lines(20 * 1024 * 1024));
    site.edit(
        "content/entities/kamaz.yaml",
        "quote: up to 300,000 cars",
        "quote: KAMAZ said the plant could make 123456 extra cars",
    );
    let root = site.root().to_str().unwrap().to_string();
    run(&["build", "--root", &root], Duration::from_secs(300))
        .expect_code(1)
        .expect_place("content/entities/kamaz.yaml:19:12")
        .expect_says("the closest passage of the seed differs: the seed has `more` where the quote has `extra`")
        .expect_says("seeds/a.txt:123460:53");
}

#[test]
fn a_paragraph_with_many_mentions_builds_in_reasonable_time() {
    let site = base_site();
    site.good_build();
    site.append("seeds/a.txt", &format!("{}\n", "KAMAZ and ".repeat(20_000)));
    let root = site.root().to_str().unwrap().to_string();
    run(&["build", "--root", &root], Duration::from_secs(60)).expect_code(0);
}

#[test]
fn a_line_with_many_citations_builds_in_reasonable_time() {
    let site = base_site();
    site.good_build();
    site.append(
        "seeds/a.txt",
        &format!("{}\n", "x [Citation: TASS]".repeat(400_000)),
    );
    let root = site.root().to_str().unwrap().to_string();
    run(&["build", "--root", &root], Duration::from_secs(60)).expect_code(0);
}

#[test]
fn half_a_megabyte_of_distinct_lines_builds() {
    let site = base_site();
    site.good_build();
    site.write("seeds/a.txt", &distinct_lines(512 * 1024));
    let root = site.root().to_str().unwrap().to_string();
    run(&["build", "--root", &root], Duration::from_secs(120)).expect_code(0);
}

#[test]
fn a_seed_with_an_unclosed_marker_warns() {
    let site = base_site();
    site.append("seeds/a.txt", "See [Citation: TASS and more\n");
    site.build_with(&[])
        .expect_code(0)
        .expect_place("seeds/a.txt:4:5")
        .expect_some_help();
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

#[test]
fn impossible_date_february_29_in_a_common_year() {
    broken(|s| {
        s.edit(
            "content/articles/a.yaml",
            "date: 2022-06-18",
            "date: 2023-02-29",
        )
    })
    .expect_place("content/articles/a.yaml:3:7")
    .expect_some_help();
}

#[test]
fn impossible_date_month_13() {
    broken(|s| {
        s.edit(
            "content/articles/a.yaml",
            "date: 2022-06-18",
            "date: 2022-13-01",
        )
    })
    .expect_place("content/articles/a.yaml:3:7")
    .expect_some_help();
}

#[test]
fn date_in_another_format() {
    broken(|s| {
        s.edit(
            "content/articles/a.yaml",
            "date: 2022-06-18",
            "date: 18.06.2022",
        )
    })
    .expect_place("content/articles/a.yaml:3:7")
    .expect_help("YYYY-MM-DD");
}

#[test]
fn date_written_day_first_suggests_its_iso_spelling() {
    broken(|s| {
        s.edit(
            "content/articles/a.yaml",
            "date: 2022-06-18",
            "date: 12.05.2025",
        )
    })
    .expect_place("content/articles/a.yaml:3:7")
    .expect_says("`12.05.2025` is not a valid date")
    .expect_help("write `2025-05-12`")
    .expect_errors_only(1);
}

#[test]
fn period_written_month_first_suggests_its_iso_spelling() {
    broken(|s| {
        s.edit(
            "content/entities/kamaz.yaml",
            "period: 2022",
            "period: 05.2022",
        )
    })
    .expect_place("content/entities/kamaz.yaml:15:13")
    .expect_help("write `2022-05`");
}

#[test]
fn impossible_fact_period() {
    broken(|s| {
        s.edit(
            "content/entities/kamaz.yaml",
            "period: 2022",
            "period: 2022-13",
        )
    })
    .expect_place("content/entities/kamaz.yaml:15:13")
    .expect_some_help();
}

#[test]
fn impossible_fact_period_day() {
    broken(|s| {
        s.edit(
            "content/entities/kamaz.yaml",
            "period: 2022",
            "period: 2023-02-29",
        )
    })
    .expect_place("content/entities/kamaz.yaml:15:13");
}

// ---------------------------------------------------------------------------
// Ids, slugs and paths that try to escape
// ---------------------------------------------------------------------------

fn bad_file_name(relative: &str, suggestion: &str) {
    broken(|s| {
        let text = if relative.starts_with("content/articles/") {
            "seed: b.txt\ntitle: B\ndate: 2022-06-19\n"
        } else {
            "name: Other\nkind: company\n"
        };
        s.write(relative, text);
    })
    .expect_place(relative)
    .expect_help(&format!("`{suggestion}`"));
}

#[test]
fn entity_file_name_with_a_space() {
    bad_file_name("content/entities/Bad Name.yaml", "bad-name");
}

#[test]
fn entity_file_name_in_uppercase() {
    bad_file_name("content/entities/UPPER.yaml", "upper");
}

#[test]
fn entity_file_name_with_dots() {
    bad_file_name("content/entities/a..b.yaml", "a-b");
}

#[test]
fn article_slug_with_a_space() {
    bad_file_name("content/articles/Bad Slug.yaml", "bad-slug");
}

#[test]
fn source_id_that_looks_like_a_path() {
    broken(|s| s.append("content/sources.yaml", "../etc:\n  name: Evil\n"))
        .expect_place("content/sources.yaml:7:1")
        .expect_some_help();
}

#[test]
fn metric_id_that_looks_like_a_path() {
    broken(|s| {
        s.edit(
            "content/entities/kamaz.yaml",
            "metric: planned-capacity",
            "metric: ../../Evil Metric",
        )
    })
    .expect_place("content/entities/kamaz.yaml:11:13")
    .expect_some_help();
}

#[test]
fn seed_reference_that_climbs_out_of_seeds() {
    let run = broken(|s| {
        s.edit(
            "content/articles/a.yaml",
            "seed: a.txt",
            "seed: ../../etc/passwd",
        )
    });
    run.expect_place("content/articles/a.yaml:1:7")
        .expect_not_says("root:");
}

#[test]
fn seed_reference_that_is_absolute() {
    broken(|s| {
        s.edit(
            "content/articles/a.yaml",
            "seed: a.txt",
            "seed: /etc/passwd",
        )
    })
    .expect_place("content/articles/a.yaml:1:7")
    .expect_not_says("root:");
}

#[test]
fn seed_reference_into_content() {
    broken(|s| {
        s.edit(
            "content/articles/a.yaml",
            "seed: a.txt",
            "seed: ../content/site.yaml",
        )
    })
    .expect_place("content/articles/a.yaml:1:7");
}

#[test]
fn chart_file_names_never_leave_the_output() {
    // Chart file names are made from entity ids and units; a unit full of
    // path syntax must not put a file outside public/charts/.
    let site = base_site();
    site.edit(
        "content/entities/kamaz.yaml",
        "unit: cars per year",
        "unit: ../../../x/evil",
    );
    site.build_with(&[]).expect_code(0);
    let outside: Vec<_> = Tree::of(site.root())
        .0
        .into_keys()
        .filter(|p| p.to_string_lossy().contains("evil"))
        .filter(|p| !p.starts_with("public/charts") || p.components().count() != 3)
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
}

/// Every chart file under `public/charts/`.
/// The chart SVGs of entity and article pages (not metric pages').
fn own_charts(site: &Site) -> Vec<PathBuf> {
    chart_files(site)
        .into_iter()
        .filter(|f| !f.to_string_lossy().starts_with("metric-"))
        .collect()
}

/// The chart SVGs in public/charts/ (each has its data beside it as CSV).
fn chart_files(site: &Site) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = Tree::of(&site.path("public/charts"))
        .0
        .into_keys()
        .collect();
    let svgs: Vec<PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "svg"))
        .cloned()
        .collect();
    for svg in &svgs {
        assert!(
            files.contains(&svg.with_extension("csv")),
            "{svg:?} has no CSV"
        );
    }
    assert_eq!(files.len(), 2 * svgs.len(), "{files:?}");
    svgs
}

#[test]
fn two_units_that_slug_alike_get_two_chart_files() {
    let site = base_site();
    site.append(
        "content/entities/kamaz.yaml",
        // Two figures in each unit, so that each gets an entity chart.
        "  - metric: planned-capacity\n    value: 200000\n    unit: cars per year\n    period: 2021\n    status: reported\n  - metric: other-capacity\n    value: 5\n    unit: Cars/per-year\n    period: 2021\n    status: reported\n  - metric: other-capacity\n    value: 6\n    unit: Cars/per-year\n    period: 2022\n    status: reported\n",
    );
    let run = site.build_with(&[]);
    if run.code == 1 {
        run.expect_says("content/entities/kamaz.yaml");
        return;
    }
    run.expect_code(0);
    let page = fs::read_to_string(site.path("public/entities/kamaz/index.html")).unwrap();
    let mut ids: Vec<String> = start_tags(&page)
        .into_iter()
        .flat_map(|(_, attrs)| attrs)
        .filter(|(name, _)| name == "id")
        .map(|(_, value)| value)
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids on the entity page");
    // Metric pages draw their own charts too (`metric-…`): count the entity's.
    let entity_charts = own_charts(&site);
    assert_eq!(entity_charts.len(), 2, "{entity_charts:?}");
}

#[test]
fn entity_and_article_charts_never_share_a_file() {
    let site = base_site();
    site.write(
        "content/entities/a.yaml",
        "name: A\nkind: company\nfacts:\n  - metric: m\n    value: 5\n    unit: \"1\"\n    period: 2021\n    status: reported\n  - metric: m\n    value: 6\n    unit: \"1\"\n    period: 2022\n    status: reported\n",
    );
    site.append(
        "content/articles/a.yaml",
        "charts:\n  - title: C\n    metrics: [planned-capacity]\n    entities: [kamaz]\n",
    );
    let run = site.build_with(&[]);
    if run.code == 1 {
        run.expect_says("content/");
        return;
    }
    run.expect_code(0);
    // `entity-a-1` and `article-a-1` (KAMAZ, with one figure, has no chart).
    let charts = own_charts(&site);
    assert_eq!(charts.len(), 2, "{charts:?}");
}

/// Builds with one more fact of the base metric and unit, valued `value`
/// (the base fact is `first`), and a chart of them in the article.
fn chart_of(first: &str, value: &str) -> (Site, Run) {
    let site = base_site();
    site.edit(
        "content/entities/kamaz.yaml",
        "value: 300000",
        &format!("value: {first}"),
    );
    site.append(
        "content/entities/kamaz.yaml",
        &format!("  - metric: planned-capacity\n    value: {value}\n    unit: cars per year\n    period: 2023\n    status: estimate\n"),
    );
    site.append(
        "content/articles/a.yaml",
        "charts:\n  - title: C\n    metrics: [planned-capacity]\n    entities: [kamaz]\n",
    );
    let run = site.build_with(&[]);
    (site, run)
}

#[test]
fn non_finite_fact_values_are_refused() {
    for value in [".nan", ".inf", "-.inf"] {
        let (_, run) = chart_of("300000", value);
        run.expect_code(1)
            .expect_says("content/entities/kamaz.yaml:");
    }
}

#[test]
fn non_finite_fact_value_error_points_at_the_value() {
    broken(|s| {
        s.edit(
            "content/entities/kamaz.yaml",
            "value: 300000",
            "value: .nan",
        )
    })
    .expect_place("content/entities/kamaz.yaml:13:12");
}

#[test]
fn extreme_fact_values_chart_without_panicking() {
    let (site, run) = chart_of("1e308", "-1e308");
    assert!(matches!(run.code, 0 | 1), "{run:?}");
    if run.code == 0 {
        for file in chart_files(&site) {
            let svg = fs::read_to_string(site.path("public/charts").join(&file)).unwrap();
            assert!(
                !svg.contains("NaN") && !svg.contains("inf"),
                "{}",
                file.display()
            );
            roxmltree::Document::parse(&svg).unwrap();
        }
    }
}

#[test]
fn large_and_tiny_fact_values_chart() {
    for (first, second) in [
        ("1.7e308", "1.7e308"),
        ("1e300", "1e-300"),
        ("5e-324", "0"),
        ("-5", "99999999999999999999999"),
    ] {
        let (site, run) = chart_of(first, second);
        assert_eq!(run.code, 0, "{first} {second}:\n{}", run.stderr);
        for file in chart_files(&site) {
            let svg = fs::read_to_string(site.path("public/charts").join(&file)).unwrap();
            roxmltree::Document::parse(&svg).unwrap();
            assert!(
                !svg.contains("NaN"),
                "{first} {second}: NaN in {}",
                file.display()
            );
        }
    }
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

#[test]
fn javascript_base_url() {
    broken(|s| {
        s.edit(
            "content/site.yaml",
            "base_url: https://briefing.example.org/",
            "base_url: javascript:alert(1)",
        )
    })
    .expect_place("content/site.yaml:3:11")
    .expect_says("http");
}

#[test]
fn data_source_url() {
    broken(|s| {
        s.edit(
            "content/sources.yaml",
            "url: https://tass.com/",
            "url: data:text/html,hi",
        )
    })
    .expect_place("content/sources.yaml:5:8")
    .expect_says("http");
}

#[test]
fn relative_entity_link() {
    broken(|s| {
        s.edit(
            "content/entities/kamaz.yaml",
            "url: https://kamaz.ru/",
            "url: /relative/path",
        )
    })
    .expect_place("content/entities/kamaz.yaml:9:10")
    .expect_says("http");
}

#[test]
fn language_that_would_break_out_of_its_attribute() {
    broken(|s| {
        s.edit(
            "content/site.yaml",
            "language: en",
            "language: 'en\" onload=\"alert(1)'",
        )
    })
    .expect_place("content/site.yaml:4:11")
    .expect_some_help();
}

#[test]
fn disguised_urls_are_refused() {
    for url in [
        "\"  JavaScript:alert(1)\"",
        "\"java\\tscript:alert(1)\"",
        "HTTPS:evil",
        "//evil.example/",
        "\"https://x.test/\\\" onmouseover=\\\"alert(1)\"",
        "\"https://x.test/<script>\"",
        "\"https://x.test/\\nonmouseover=x\"",
        "ftp://x.test/",
        "https://",
    ] {
        let site = base_site();
        let before = site.good_build();
        site.edit(
            "content/entities/kamaz.yaml",
            "url: https://kamaz.ru/",
            &format!("url: {url}"),
        );
        let run = site.build_with(&[]);
        assert_eq!(run.code, 1, "url {url} was accepted:\n{}", run.stderr);
        run.expect_place("content/entities/kamaz.yaml:9:10");
        assert!(Tree::of(&site.path("public")) == before);
    }
}

// ---------------------------------------------------------------------------
// HTML and script in every text field
// ---------------------------------------------------------------------------

/// Markup an attacker would try. As YAML single-quoted text, `'` is doubled.
const HOSTILE: &str = "<script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\" onclick='x'>&amp;&lt;b&gt;</a>\"'";

fn quoted(prefix: &str) -> String {
    format!("'{prefix} {}'", HOSTILE.replace('\'', "''"))
}

fn hostile_site() -> Site {
    let site = base_site();
    let q = quoted;
    site.write(
        "content/site.yaml",
        &format!(
            "title: {}\ndescription: {}\nbase_url: https://briefing.example.org/\nlanguage: en\nauthor: {}\n",
            q("T"),
            q("D"),
            q("A")
        ),
    );
    site.write(
        "content/sources.yaml",
        &format!(
            "tass:\n  name: {}\n  aliases: [TASS, {}]\n  url: https://tass.com/\n  kind: {}\n",
            q("TASS"),
            q("AL"),
            q("K")
        ),
    );
    site.write(
        "content/entities/kamaz.yaml",
        &format!(
            "name: KAMAZ\nkind: company\naliases: [KamAZ, 'Al<script>x']\nsummary: {}\nrole: {}\n\
             links:\n  - title: {}\n    url: https://kamaz.ru/\n\
             relations:\n  - to: other\n    type: {}\n    note: {}\n    source: tass\n\
             facts:\n  - metric: planned-capacity\n    label: {}\n    value: 300000\n    unit: {}\n    period: 2022\n    status: target\n    source: tass\n    article: a\n    quote: up to 300,000 cars\n",
            q("S [md link](javascript:alert(4)) <b>bold</b> ![i](data:text/html,x)"),
            q("R"),
            q("L"),
            q("RT"),
            q("RN"),
            q("FL"),
            q("U")
        ),
    );
    site.write(
        "content/entities/other.yaml",
        &format!("name: {}\nkind: company\nrole: {}\n", q("Other"), q("OR")),
    );
    site.write(
        "content/articles/a.yaml",
        &format!(
            "seed: a.txt\ntitle: {}\ndate: 2022-06-18\nsummary: {}\ntags: [{}, kamaz]\n\
             claims:\n  - quote: KAMAZ could make up to 300,000 cars\n    status: target\n    note: {}\n    entities: [kamaz]\n\
             \x20 - quote: {}\n    status: speculative\n\
             charts:\n  - title: {}\n    metrics: [planned-capacity]\n    entities: [kamaz]\n",
            q("AT"),
            q("AS"),
            q("tag"),
            q("CN"),
            q("Seed"),
            q("CT")
        ),
    );
    site.write(
        "seeds/a.txt",
        &format!(
            "KAMAZ could make up to 300,000 cars a year, its head told TASS. [Citation: TASS]\n\
             Seed {HOSTILE} Al<script>x\n- item {HOSTILE}\n"
        ),
    );
    site.write(
        "seeds/b.md",
        &format!(
            "# Heading {HOSTILE}\n\nText {HOSTILE} [Citation: TASS]\n\n<div onclick=\"x\">raw</div>\n\n\
             [link](javascript:alert(5)) [l2](JaVaScRiPt:alert(6)) ![img](data:image/svg+xml,x) <javascript:alert(7)>\n\n\
             | a | b |\n|---|---|\n| <script>x</script> | `<script>` |\n\nFootnote[^1].\n\n[^1]: Note {HOSTILE}\n"
        ),
    );
    site.write(
        "content/articles/b.yaml",
        &format!("seed: b.md\ntitle: {}\ndate: 2022-06-19\n", q("BT")),
    );
    site.write(
        "content/pages/about.md",
        &format!(
            "---\ntitle: {}\ndescription: {}\n---\n# H {HOSTILE}\n\nBody {HOSTILE} [x](javascript:alert(8))\n\n<script>alert(9)</script>\n",
            q("P"),
            q("PD")
        ),
    );
    site
}

/// Every start tag in a page: (tag name, attribute names).
fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    for token in html5gum::Tokenizer::new(html).flatten() {
        if let html5gum::Token::StartTag(tag) = token {
            let name = String::from_utf8_lossy(&tag.name).into_owned();
            let attrs = tag
                .attributes
                .iter()
                .map(|(k, v)| {
                    (
                        String::from_utf8_lossy(k).into_owned(),
                        String::from_utf8_lossy(v).into_owned(),
                    )
                })
                .collect();
            tags.push((name, attrs));
        }
    }
    tags
}

/// The scheme a browser would see in a URL attribute (WHATWG: leading C0
/// controls and spaces trimmed, tabs and newlines removed).
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (candidate, _) = cleaned.split_once(':')?;
    let mut chars = candidate.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| candidate.to_ascii_lowercase())
}

#[test]
fn html_and_script_in_every_text_field_stay_text() {
    let site = hostile_site();
    let run = site.build_with(&[]);
    run.expect_code(0);
    let tree = Tree::of(&site.path("public"));
    assert!(tree.0.contains_key(Path::new("articles/a/index.html")));
    assert!(tree.0.contains_key(Path::new("articles/b/index.html")));
    assert!(
        tree.0.contains_key(Path::new("about/index.html"))
            || tree.0.keys().any(|p| p.to_string_lossy().contains("about"))
    );
    let mut seen_hostile_text = false;
    for (path, bytes) in &tree.0 {
        let name = path.to_string_lossy();
        if !(name.ends_with(".html") || name.ends_with(".svg") || name.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        // The scripts a page may hold are the theme's search script (an
        // empty element loading the site's own file) and its JSON-LD, which
        // is data, with `<` escaped so nothing in it can close the element.
        let lower = text.to_ascii_lowercase();
        for (at, _) in lower.match_indices("<script") {
            let tag = &lower[at..];
            if is_search_script(tag) {
                continue;
            }
            assert!(
                tag.starts_with("<script type=\"application/ld+json\">"),
                "<script in {name}"
            );
            let end = tag.find("</script>").expect("closed script");
            let body = &tag["<script type=\"application/ld+json\">".len()..end];
            assert!(!body.contains('<'), "markup inside JSON-LD in {name}");
        }
        seen_hostile_text |= text.contains("&lt;script&gt;");
        for (tag, attrs) in start_tags(&text) {
            let json_ld = tag == "script"
                && attrs
                    .iter()
                    .any(|(a, v)| a == "type" && v == "application/ld+json");
            let theme_search = match tag.as_str() {
                "script" => attrs
                    .iter()
                    .any(|(a, v)| a == "src" && v.ends_with("search.js")),
                "form" => attrs
                    .iter()
                    .any(|(a, v)| a == "class" && v == "site-search"),
                _ => false,
            };
            assert!(
                json_ld
                    || theme_search
                    || !matches!(
                        tag.as_str(),
                        "script" | "iframe" | "object" | "embed" | "form" | "base"
                    ),
                "<{tag}> in {name}"
            );
            for (attr, value) in attrs {
                assert!(!attr.starts_with("on"), "{attr}= on <{tag}> in {name}");
                if matches!(attr.as_str(), "href" | "src" | "xlink:href" | "action")
                    && let Some(s) = scheme(&value)
                {
                    assert!(
                        matches!(s.as_str(), "http" | "https" | "mailto"),
                        "{attr}=\"{value}\" on <{tag}> in {name}"
                    );
                }
            }
        }
    }
    assert!(seen_hostile_text, "the hostile text is shown, escaped");
    let article = String::from_utf8_lossy(&tree.0[Path::new("articles/a/index.html")]).into_owned();
    assert_eq!(
        article.matches("class=\"claim status-").count(),
        2,
        "both claims shown"
    );
}

#[test]
fn hostile_content_adds_no_tag_or_attribute_the_clean_site_lacks() {
    // Same structure as the hostile site, harmless words.
    let clean = hostile_site();
    for file in [
        "content/site.yaml",
        "content/sources.yaml",
        "content/entities/kamaz.yaml",
        "content/entities/other.yaml",
        "content/articles/a.yaml",
        "content/articles/b.yaml",
        "content/pages/about.md",
        "seeds/a.txt",
        "seeds/b.md",
    ] {
        let text = fs::read_to_string(clean.path(file)).unwrap();
        let harmless = text
            .replace(&HOSTILE.replace('\'', "''"), "plain words")
            .replace(HOSTILE, "plain words")
            .replace("'Al<script>x'", "Alx")
            .replace("Al<script>x", "Alx")
            .replace("<div onclick=\"x\">raw</div>", "raw")
            .replace("| <script>x</script> | `<script>` |", "| x | `y` |")
            .replace("<script>alert(9)</script>", "alert");
        clean.write(file, &harmless);
    }
    clean.build_with(&[]).expect_code(0);
    let hostile = hostile_site();
    hostile.build_with(&[]).expect_code(0);
    let vocabulary = |site: &Site| {
        let mut set = std::collections::BTreeSet::new();
        for (path, bytes) in Tree::of(&site.path("public")).0 {
            if path.extension().is_some_and(|e| e == "html") {
                for (tag, attrs) in start_tags(&String::from_utf8_lossy(&bytes)) {
                    set.insert(format!("<{tag}>"));
                    for (attr, _) in attrs {
                        set.insert(format!("<{tag} {attr}>"));
                    }
                }
            }
        }
        set
    };
    let allowed = vocabulary(&clean);
    let extra: Vec<_> = vocabulary(&hostile).difference(&allowed).cloned().collect();
    assert!(
        extra.is_empty(),
        "content produced markup the template does not: {extra:?}"
    );
}

/// Control characters (other than tab, LF, CR) are forbidden in XML and are
/// parse errors in HTML. A build must either refuse them with a place or keep
/// every output file well-formed.
fn control_characters_are_refused_or_removed(breakage: impl FnOnce(&Site), place: &str) {
    let site = base_site();
    site.good_build();
    breakage(&site);
    let run = site.build_with(&[]);
    match run.code {
        1 => {
            run.expect_says(place);
        }
        0 => {
            for (path, bytes) in Tree::of(&site.path("public")).0 {
                // The site icon is an image, and the search index's
                // postings are binary (its text is JSON, escaped).
                let binary = ["ico", "bin"];
                if path
                    .extension()
                    .is_some_and(|e| binary.iter().any(|b| e == *b))
                {
                    continue;
                }
                let text = String::from_utf8_lossy(&bytes);
                let bad = text.chars().find(|&c| {
                    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                        || matches!(c, '\u{FFFE}' | '\u{FFFF}')
                });
                assert!(bad.is_none(), "{bad:?} in {}", path.display());
                if path.extension().is_some_and(|e| e == "xml" || e == "svg") {
                    roxmltree::Document::parse(&text)
                        .unwrap_or_else(|e| panic!("{} is not well-formed: {e}", path.display()));
                }
            }
        }
        other => panic!("exit {other:?}:\n{}", run.stderr),
    }
}

#[test]
fn control_characters_in_an_article_title() {
    control_characters_are_refused_or_removed(
        |s| {
            s.edit(
                "content/articles/a.yaml",
                "title: KAMAZ plans cars",
                "title: \"KAMAZ\\x01 plans \\x0b cars\\uFFFE\"",
            )
        },
        "content/articles/a.yaml:2:",
    );
}

#[test]
fn control_characters_in_a_seed() {
    control_characters_are_refused_or_removed(
        |s| s.append("seeds/a.txt", "Control \u{1} char \u{b} vt \u{7f} del\n"),
        "seeds/a.txt:4:",
    );
}

#[test]
fn control_characters_in_a_chart_title() {
    control_characters_are_refused_or_removed(
        |s| {
            s.append("content/articles/a.yaml", "charts:\n  - title: \"Cap\\x01acity\"\n    metrics: [planned-capacity]\n    entities: [kamaz]\n")
        },
        "content/articles/a.yaml:",
    );
}

// ---------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------

#[test]
fn broken_user_template_syntax() {
    broken(|s| {
        s.write(
            "templates/article.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title }</h1>\n{% endblock %}\n",
        )
    })
    .expect_place("templates/article.html:3:22");
}

#[test]
fn user_template_with_an_unknown_field() {
    broken(|s| {
        s.write(
            "templates/article.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.nope.deeper }}</h1>\n{% endblock %}\n",
        )
    })
    .expect_place("templates/article.html:3:16")
    .expect_says("nope");
}

#[test]
fn user_template_that_extends_a_missing_template() {
    broken(|s| s.write("templates/article.html", "{% extends \"nothing.html\" %}\n"))
        .expect_says("article.html")
        .expect_says("nothing.html");
}

#[test]
fn user_template_that_extends_a_missing_template_names_the_file() {
    broken(|s| s.write("templates/article.html", "{% extends \"nothing.html\" %}\n"))
        .expect_place("templates/article.html");
}

const SELF_INCLUDE: &str = "{% extends \"base.html\" %}\n{% block content %}{% include \"article.html\" %}{% endblock %}\n";

#[test]
fn user_template_that_includes_itself() {
    broken(|s| s.write("templates/article.html", SELF_INCLUDE)).expect_says("article.html");
}

#[test]
fn user_template_that_includes_itself_names_the_file() {
    broken(|s| s.write("templates/article.html", SELF_INCLUDE))
        .expect_place("templates/article.html");
}

#[test]
fn user_template_that_is_not_utf8() {
    broken(|s| s.write_bytes("templates/article.html", b"{{ \xFF }}\n"))
        .expect_says("templates/article.html");
}

// ---------------------------------------------------------------------------
// The file system
// ---------------------------------------------------------------------------

#[test]
fn output_under_a_regular_file() {
    // Tests may run as root, so read-only permissions prove nothing; a path
    // whose parent is a regular file cannot be written by anyone.
    let site = base_site();
    let before = site.good_build();
    site.write("afile", "not a folder");
    let output = site.path("afile/out");
    let run = site.build_with(&["--output", output.to_str().unwrap()]);
    run.expect_code(2)
        .expect_says("as the output folder: ")
        .expect_says("afile is a file, not a folder")
        .expect_help("give `--output` a folder")
        .expect_says("build failed: nothing was written")
        .expect_not_says("File exists");
    assert!(!site.path("afile/out").exists());
    let staged: Vec<_> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(staged.is_empty(), "{staged:?}");
    assert_eq!(
        fs::read_to_string(site.path("afile")).unwrap(),
        "not a folder"
    );
    assert!(Tree::of(&site.path("public")) == before);
}

#[test]
fn output_that_is_a_regular_file() {
    let site = base_site();
    site.write("out.html", "keep me");
    let output = site.path("out.html");
    site.build_with(&["--output", output.to_str().unwrap()])
        .expect_code(2)
        .expect_says("out.html as the output folder: it is a file");
    assert_eq!(fs::read_to_string(&output).unwrap(), "keep me");
}

#[cfg(unix)]
#[test]
fn symlink_loop_inside_content() {
    broken(|s| {
        std::os::unix::fs::symlink("loop.yaml", s.path("content/entities/loop.yaml")).unwrap()
    })
    .expect_place("content/entities/loop.yaml");
}

#[cfg(unix)]
#[test]
fn symlink_loop_between_two_files_in_seeds() {
    broken(|s| {
        std::os::unix::fs::symlink("y.txt", s.path("seeds/x.txt")).unwrap();
        std::os::unix::fs::symlink("x.txt", s.path("seeds/y.txt")).unwrap();
    })
    .expect_says("seeds/x.txt");
}

#[cfg(unix)]
#[test]
fn symlink_loop_of_folders_in_templates() {
    let run = broken(|s| {
        s.write(
            "templates/article.html",
            "{% extends \"base.html\" %}\n{% block content %}{{ article.title }{% endblock %}\n",
        );
        std::os::unix::fs::symlink("..", s.path("templates/up")).unwrap();
    });
    run.expect_says("templates/");
}

#[test]
fn root_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing-here");
    let run = run(
        &["build", "--root", missing.to_str().unwrap()],
        Duration::from_secs(60),
    );
    run.expect_code(2).expect_says("nothing-here");
    assert!(!missing.exists(), "a missing root is not created");
}

#[test]
fn root_that_is_a_file() {
    let site = base_site();
    let file = site.path("content/site.yaml");
    let run = run(
        &["build", "--root", file.to_str().unwrap()],
        Duration::from_secs(60),
    );
    run.expect_code(2).expect_says("site.yaml");
    assert_eq!(fs::read_to_string(file).unwrap(), SITE);
}

#[test]
fn unknown_command_line_option() {
    run(&["build", "--bogus"], Duration::from_secs(60)).expect_code(2);
}

/// `--output` pointing at the site itself, or inside its sources, is refused
/// before anything is written or deleted.
fn output_refused(output: impl Fn(&Path) -> PathBuf) {
    let site = base_site();
    site.good_build();
    let before = Tree::of(site.root());
    let output = output(site.root());
    let run = site.build_with(&["--output", output.to_str().unwrap()]);
    run.expect_code(2).expect_says("refusing");
    assert!(Tree::of(site.root()) == before, "the site changed");
}

#[test]
fn output_equal_to_the_root_is_refused() {
    output_refused(|root| root.to_path_buf());
}

#[test]
fn output_equal_to_the_root_with_a_trailing_dot_is_refused() {
    output_refused(|root| root.join("."));
}

#[test]
fn output_equal_to_the_root_through_dot_dot_is_refused() {
    output_refused(|root| root.join("content/.."));
}

#[test]
fn output_equal_to_content_is_refused() {
    output_refused(|root| root.join("content"));
}

#[test]
fn output_equal_to_seeds_is_refused() {
    output_refused(|root| root.join("seeds"));
}

#[test]
fn output_inside_content_is_refused() {
    output_refused(|root| root.join("content/entities/out"));
}

#[test]
fn output_that_holds_the_root_is_refused() {
    output_refused(|root| root.parent().unwrap().to_path_buf());
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_to_content_never_deletes_content() {
    let site = base_site();
    site.good_build();
    std::os::unix::fs::symlink("content", site.path("alias")).unwrap();
    let content = Tree::of(&site.path("content"));
    let seeds = Tree::of(&site.path("seeds"));
    let run = site.build_with(&["--output", site.path("alias").to_str().unwrap()]);
    assert!(matches!(run.code, 0 | 2), "{run:?}");
    assert!(
        Tree::of(&site.path("content")) == content,
        "content/ changed"
    );
    assert!(Tree::of(&site.path("seeds")) == seeds, "seeds/ changed");
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_to_the_root_never_deletes_the_site() {
    let site = base_site();
    site.good_build();
    std::os::unix::fs::symlink(".", site.path("self")).unwrap();
    let content = Tree::of(&site.path("content"));
    let run = site.build_with(&["--output", site.path("self").to_str().unwrap()]);
    assert!(matches!(run.code, 0 | 2), "{run:?}");
    assert!(
        Tree::of(&site.path("content")) == content,
        "content/ changed"
    );
    assert!(site.path("seeds/a.txt").is_file());
}

#[test]
fn a_closed_stderr_does_not_change_the_exit_code() {
    let site = base_site();
    site.edit("content/entities/kamaz.yaml", "role:", "rolle:");
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--root", site.root().to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take()); // the reader goes away before anything is written
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn check_writes_nothing_even_when_content_is_broken() {
    let site = base_site();
    site.good_build();
    site.edit("content/entities/kamaz.yaml", "role:", "rolle:");
    let before = Tree::of(site.root());
    let root = site.root().to_str().unwrap().to_string();
    run(&["check", "--root", &root], Duration::from_secs(60))
        .expect_code(1)
        .expect_place("content/entities/kamaz.yaml:6:1");
    assert!(Tree::of(site.root()) == before);
}

#[test]
fn errors_from_many_files_are_all_reported_at_once() {
    broken(|s| {
        s.edit("content/entities/kamaz.yaml", "role:", "rolle:");
        s.edit(
            "content/articles/a.yaml",
            "date: 2022-06-18",
            "date: 2022-02-30",
        );
        s.edit(
            "content/sources.yaml",
            "url: https://tass.com/",
            "url: javascript:x",
        );
    })
    .expect_place("content/entities/kamaz.yaml:6:1")
    .expect_place("content/articles/a.yaml:3:7")
    .expect_place("content/sources.yaml:5:8");
}

// ---------------------------------------------------------------------------
// No cascades: a file that failed to load causes no errors elsewhere
// ---------------------------------------------------------------------------

/// The base article with a chart of KAMAZ's planned capacity.
const ARTICLE_WITH_CHART: &str = "\
seed: a.txt
title: KAMAZ plans cars
date: 2022-06-18
claims:
  - quote: KAMAZ could make up to 300,000 cars a year
    status: target
    entities: [kamaz]
charts:
  - title: Capacity
    metrics: [planned-capacity]
    entities: [kamaz]
";

#[test]
fn an_annotation_with_a_misspelt_key_is_its_only_error() {
    // Not also "unknown article `a`" (the fact's `article: a`) nor "seed is
    // not published" (a.txt is named by the broken annotation).
    broken(|s| s.edit("content/articles/a.yaml", "title:", "titel:"))
        .expect_place("content/articles/a.yaml:2:1")
        .expect_help("did you mean `title`?")
        .expect_errors_only(1);
}

#[test]
fn an_annotation_whose_seed_key_is_misspelt_is_its_only_error() {
    broken(|s| s.edit("content/articles/a.yaml", "seed:", "sed:"))
        .expect_place("content/articles/a.yaml:1:1")
        .expect_errors_only(1);
}

#[test]
fn an_annotation_that_is_not_yaml_is_its_only_error() {
    broken(|s| s.write("content/articles/a.yaml", "seed: a.txt\ntitle: [unclosed\n"))
        .expect_says("content/articles/a.yaml:")
        .expect_errors_only(1);
}

#[test]
fn an_entity_with_a_misspelt_key_is_its_only_error() {
    // Not also "no fact has the metric" for the chart, nor "unknown entity".
    broken(|s| {
        s.write("content/articles/a.yaml", ARTICLE_WITH_CHART);
        s.edit("content/entities/kamaz.yaml", "kind:", "knd:");
    })
    .expect_place("content/entities/kamaz.yaml:2:1")
    .expect_errors_only(1);
}

#[test]
fn an_entity_that_is_not_yaml_is_its_only_error() {
    broken(|s| {
        s.write("content/articles/a.yaml", ARTICLE_WITH_CHART);
        s.edit(
            "content/entities/kamaz.yaml",
            "role: Truck maker",
            "role: \"Truck maker",
        );
    })
    .expect_place("content/entities/kamaz.yaml:6:7")
    .expect_errors_only(1);
}

#[test]
fn a_misnamed_entity_file_is_its_only_error() {
    broken(|s| {
        s.write("content/articles/a.yaml", ARTICLE_WITH_CHART);
        fs::rename(
            s.path("content/entities/kamaz.yaml"),
            s.path("content/entities/KAMAZ.yaml"),
        )
        .unwrap();
    })
    .expect_place("content/entities/KAMAZ.yaml")
    .expect_help("kamaz")
    .expect_errors_only(1);
}

#[test]
fn a_broken_sources_file_is_its_only_error() {
    // Not also "unknown source" for the fact's `source: tass` and the
    // seed's `[Citation: TASS]`.
    broken(|s| {
        s.edit(
            "content/sources.yaml",
            "kind: news agency",
            "knd: news agency",
        )
    })
    .expect_place("content/sources.yaml:6:3")
    .expect_errors_only(1);
}

#[test]
fn a_sources_file_that_is_not_yaml_is_its_only_error() {
    broken(|s| s.edit("content/sources.yaml", "name: TASS", "name: \"TASS"))
        .expect_place("content/sources.yaml:2:9")
        .expect_errors_only(1);
}

#[test]
fn a_source_with_an_invalid_id_is_its_only_error() {
    broken(|s| s.edit("content/sources.yaml", "tass:", "TASS:"))
        .expect_place("content/sources.yaml:1:1")
        .expect_errors_only(1);
}

#[test]
fn broken_site_settings_are_their_only_error() {
    broken(|s| s.edit("content/site.yaml", "title:", "titl:"))
        .expect_place("content/site.yaml:1:1")
        .expect_errors_only(1);
}

// ---------------------------------------------------------------------------
// Every problem of a file, each at its place; messages that say what to write
// ---------------------------------------------------------------------------

#[test]
fn three_independent_problems_in_one_file_are_all_reported() {
    broken(|s| {
        s.edit("content/entities/kamaz.yaml", "role:", "rolle:");
        s.edit(
            "content/entities/kamaz.yaml",
            "value: 300000",
            "value: 16 GWh",
        );
        s.edit(
            "content/entities/kamaz.yaml",
            "status: target",
            "status: targte",
        );
    })
    .expect_place("content/entities/kamaz.yaml:6:1")
    .expect_place("content/entities/kamaz.yaml:13:12")
    .expect_place("content/entities/kamaz.yaml:16:13")
    .expect_help("did you mean `role`?")
    .expect_help("did you mean `target`?")
    .expect_errors_only(3);
}

#[test]
fn problems_in_two_list_items_are_both_reported() {
    broken(|s| {
        s.append(
            "content/articles/a.yaml",
            "  - quote: its head told TASS\n    status: reportd\n  - quote: cars a year\n    staus: reported\n",
        )
    })
    .expect_place("content/articles/a.yaml:12:13")
    .expect_place("content/articles/a.yaml:14:5")
    .expect_errors_only(2);
}

#[test]
fn a_value_with_its_unit_says_where_each_goes() {
    broken(|s| {
        s.edit(
            "content/entities/kamaz.yaml",
            "value: 300000",
            "value: \"16 GWh\"",
        )
    })
    .expect_place("content/entities/kamaz.yaml:13:12")
    .expect_says("the number goes in `value` and the unit in `unit`")
    .expect_help("write `value: 16` and `unit: GWh`")
    .expect_errors_only(1);
}

#[test]
fn a_decimal_comma_suggests_the_number() {
    broken(|s| s.edit("content/entities/kamaz.yaml", "value: 300000", "value: 1,5"))
        .expect_place("content/entities/kamaz.yaml:13:12")
        .expect_help("write `value: 1.5`");
}

#[test]
fn an_unclosed_quote_says_so_where_it_opens() {
    broken(|s| {
        s.edit(
            "content/site.yaml",
            "title: Test Briefing",
            "title: \"Moskvich",
        )
    })
    .expect_place("content/site.yaml:1:8")
    .expect_says("unclosed quote")
    .expect_some_help()
    .expect_errors_only(1);
}

#[test]
fn an_unclosed_quote_that_swallows_the_next_lines_is_named_where_it_opens() {
    broken(|s| {
        s.edit(
            "content/site.yaml",
            "title: Test Briefing",
            "title: \"Moskvich",
        );
        s.edit(
            "content/site.yaml",
            "author: Test Desk",
            "author: \"Test Desk\"",
        );
    })
    .expect_place("content/site.yaml:1:8")
    .expect_says("unclosed quote")
    .expect_says("line 5");
}

#[test]
fn a_first_build_that_fails_does_not_speak_of_a_previous_output() {
    let site = base_site();
    site.edit("content/entities/kamaz.yaml", "role:", "rolle:");
    let run = site.build_with(&[]);
    run.expect_code(1)
        .expect_says("build failed")
        .expect_not_says("previous output");
    assert!(!site.path("public").exists());
    // Once there is an output, a failed rebuild says it was kept.
    site.edit("content/entities/kamaz.yaml", "rolle:", "role:");
    site.good_build();
    site.edit("content/entities/kamaz.yaml", "role:", "rolle:");
    site.build_with(&[])
        .expect_code(1)
        .expect_says("the previous output was left as it was");
}
