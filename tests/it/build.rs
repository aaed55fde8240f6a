//! The core pipeline end to end: the real binary on small fixture sites.

use crate::common;

use common::{Fixture, links, tree};

#[test]
fn a_minimal_site_builds_every_page_of_the_spec() {
    let site = Fixture::new();
    let run = site.build_ok();
    assert!(run.stdout.contains("built"), "{}", run.stdout);
    for page in [
        "index.html",
        "articles/index.html",
        "articles/a/index.html",
        "entities/index.html",
        "entities/kamaz/index.html",
        "sources/index.html",
        "facts/index.html",
        "404.html",
        "style.css",
    ] {
        assert!(site.path("public").join(page).is_file(), "{page} missing");
    }
    // No base_url: no feed, no sitemap.
    assert!(!site.path("public/atom.xml").exists());
    assert!(!site.path("public/sitemap.xml").exists());
}

#[test]
fn footnotes_are_numbered_by_first_citation_with_a_backlink_per_citation() {
    let site = Fixture::new();
    site.build_ok();
    let html = site.read("articles/a/index.html");
    // TASS is cited first (1), twice (1a, 1b); the ministry once (2).
    assert!(
        html.contains(r##"<a id="fnref-1a" href="#fn-1" role="doc-noteref">1</a>"##),
        "{html}"
    );
    assert!(html.contains(r##"<a id="fnref-2a" href="#fn-2" role="doc-noteref">2</a>"##));
    assert!(html.contains(r##"<a id="fnref-1b" href="#fn-1" role="doc-noteref">1</a>"##));
    assert!(html.contains(r#"role="doc-endnotes""#));
    assert!(
        html.contains(r##"href="#fnref-1a" role="doc-backlink""##),
        "{html}"
    );
    assert!(html.contains(r##"href="#fnref-1b" role="doc-backlink""##));
    assert!(
        html.contains("Back to reference 1, citation a") && html.contains("Back to reference 2")
    );
    assert!(html.contains(r#"id="fn-1""#) && html.contains(r#"id="fn-2""#));
    // The space before a marker is dropped; the reference follows the text.
    assert!(html.contains("help.<sup class=\"noteref\">"), "{html}");
    // A note shows the source's name, kind and link.
    assert!(html.contains("https://tass.com/") && html.contains("news agency"));
}

#[test]
fn seed_text_is_literal_and_lists_are_lists() {
    let site = Fixture::new();
    site.write(
        "seeds/a.txt",
        "Use <b>bold</b> & *stars* _x_ # `code` [Citation: TASS]\n- one\n- two\nEnd.\n",
    );
    site.build_ok();
    let html = site.read("articles/a/index.html");
    assert!(
        html.contains("Use &lt;b&gt;bold&lt;/b&gt; &amp; *stars* _x_ # `code`<sup"),
        "{html}"
    );
    assert!(
        html.contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>End.</p>"),
        "{html}"
    );
}

#[test]
fn every_internal_link_is_relative_and_resolves_to_a_file() {
    let site = Fixture::new();
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\nSee [the index](../index.html).\n",
    );
    site.build_ok();
    let output = site.path("public");
    for (path, bytes) in tree(&output) {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8");
        let page_dir = output.join(&path).parent().expect("dir").to_path_buf();
        for link in links(&html) {
            if link.starts_with("http") || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            assert!(!link.starts_with('/'), "{path}: absolute link {link}");
            let target = link.split('#').next().unwrap_or("");
            assert!(
                page_dir.join(target).is_file(),
                "{path}: broken link {link}"
            );
        }
    }
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = Fixture::new();
    site.write(
        "content/site.yaml",
        &format!("{}base_url: https://example.org/sub\n", common::SITE),
    );
    site.build_ok();
    let first = site.output_tree();
    site.build_ok();
    assert_eq!(first, site.output_tree());
    let other = tempfile::tempdir().expect("dir");
    let out = other.path().join("elsewhere");
    let run = site.run(&[
        "build",
        "--root",
        site.root().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first, tree(&out));
}

#[test]
fn base_url_adds_feed_sitemap_and_canonical_links() {
    let site = Fixture::new();
    site.write(
        "content/site.yaml",
        &format!("{}base_url: https://example.org/sub\n", common::SITE),
    );
    site.build_ok();
    let feed = site.read("atom.xml");
    assert!(
        feed.contains("<id>https://example.org/sub/articles/a/</id>"),
        "{feed}"
    );
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://example.org/sub/entities/kamaz/</loc>")
    );
    assert!(
        site.read("articles/a/index.html")
            .contains(r#"<link rel="canonical" href="https://example.org/sub/articles/a/">"#)
    );
    // The 404 page may be served at any depth: its links start at the site's path.
    assert!(site.read("404.html").contains(r#"href="/sub/style.css""#));
}

#[test]
fn an_unknown_citation_fails_with_its_place_and_a_suggestion_and_leaves_the_output() {
    let site = Fixture::new();
    site.build_ok();
    site.write("seeds/a.txt", "KAMAZ said so. [Citation: TAS]\n");
    let run = site.build_fails(1);
    assert!(
        run.stderr
            .contains("error: unknown source `TAS` in citation"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> seeds/a.txt:1:16"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `TASS`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("build failed: the previous output was left as it was")
    );
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let site = Fixture::new();
    site.write(
        "content/articles/a.yaml",
        &common::ARTICLE.replace("date: 2022-06-18", "date: 2023-02-29"),
    );
    site.write("content/entities/jac.yaml", "name: JAC\nkind: compnay\n");
    site.write("seeds/a.txt", "Text. [Citation: Nobody]\n");
    let run = site.build_fails(1);
    assert!(
        run.stderr.contains("--> content/articles/a.yaml:3:7"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/entities/jac.yaml:2:7"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `company`?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> seeds/a.txt:1:7"), "{}", run.stderr);
    assert!(run.stderr.contains("3 errors found"), "{}", run.stderr);
}

#[test]
fn an_unknown_key_is_an_error_with_a_did_you_mean() {
    let site = Fixture::new();
    site.write("content/site.yaml", "title: T\ndescripton: x\n");
    let run = site.build_fails(1);
    assert!(
        run.stderr.contains("unknown field `descripton`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/site.yaml:2:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2 | descripton: x"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `description`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_ids_name_the_file() {
    let site = Fixture::new();
    site.write(
        "content/entities/Bad Name.yaml",
        "name: Bad\nkind: company\n",
    );
    let run = site.build_fails(1);
    assert!(
        run.stderr.contains("`Bad Name` is not a valid id"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/entities/Bad Name.yaml"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("bad-name"), "{}", run.stderr);
}

#[test]
fn check_validates_and_writes_nothing() {
    let site = Fixture::new();
    site.write("seeds/unpublished.txt", "Nobody annotated me.\n");
    let run = site.check();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: seed is not published"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("seeds/unpublished.txt"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());
    site.write("seeds/a.txt", "Text. [Citation: Nobody]\n");
    assert_eq!(site.check().code, 1);
    assert!(!site.path("public").exists());
}

#[test]
fn user_templates_and_static_files_override_the_built_in_ones() {
    let site = Fixture::new();
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ article.title }}</p>{% endblock content %}",
    );
    site.write("templates/static/style.css", "body { color: red }\n");
    site.write(
        "templates/static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    site.build_ok();
    let html = site.read("articles/a/index.html");
    assert!(
        html.contains("<p class=\"custom\">KAMAZ helps</p>"),
        "{html}"
    );
    assert!(
        html.contains("<html lang=\"en\""),
        "the built-in base.html is still used: {html}"
    );
    assert_eq!(site.read("style.css"), "body { color: red }\n");
    assert!(site.path("public/img/logo.svg").is_file());
}

#[test]
fn a_broken_user_template_is_reported_at_its_line_and_column() {
    let site = Fixture::new();
    site.build_ok();
    site.write("templates/article.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ article.title \n{% endblock content %}\n");
    let run = site.build_fails(1);
    assert!(run.stderr.contains("template error"), "{}", run.stderr);
    assert!(
        run.stderr.contains("--> templates/article.html:"),
        "{}",
        run.stderr
    );
}

#[test]
fn markdown_seeds_and_free_pages_escape_raw_html() {
    let site = Fixture::new();
    site.write("seeds/a.md", "# Heading\n\nKAMAZ <script>alert(1)</script> said. [Citation: TASS]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    site.remove("seeds/a.txt");
    site.write(
        "content/articles/a.yaml",
        &common::ARTICLE.replace("a.txt", "a.md"),
    );
    site.write(
        "content/pages/about.md",
        "---\ntitle: About us\n---\nWe <em>care</em>. [x](javascript:alert(1))\n",
    );
    site.build_ok();
    let html = site.read("articles/a/index.html");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; said.<sup"),
        "{html}"
    );
    assert!(html.contains("<table>"));
    let about = site.read("about/index.html");
    assert!(about.contains("We &lt;em&gt;care&lt;/em&gt;."), "{about}");
    assert!(!about.contains("javascript:"), "{about}");
}

#[test]
fn the_front_page_lists_the_newest_articles_and_the_archive_lists_all() {
    let site = Fixture::new();
    for i in 0..25 {
        site.write(&format!("seeds/s{i}.txt"), "Text.\n");
        site.write(
            &format!("content/articles/n{i:02}.yaml"),
            &format!(
                "seed: s{i}.txt\ntitle: Number {i}\ndate: 2023-{:02}-01\n",
                1 + i % 12
            ),
        );
    }
    site.build_ok();
    let index = site.read("index.html");
    assert_eq!(
        index.matches("class=\"article-item\"").count(),
        20,
        "{index}"
    );
    assert!(index.contains("All 26 articles"), "{index}");
    let article = site.read("articles/n00/index.html");
    assert!(
        article.contains(r#"<a href="../../articles/index.html" aria-current="page">Articles</a>"#),
        "{article}"
    );
    let archive = site.read("articles/index.html");
    assert_eq!(archive.matches("class=\"article-item\"").count(), 26);
    assert!(archive.find("December 2023").unwrap() < archive.find("June 2022").unwrap());
}

#[test]
fn yml_files_are_not_ignored_silently() {
    let site = Fixture::new();
    site.write("content/entities/jac.yml", "name: JAC\nkind: company\n");
    let run = site.build_ok();
    assert!(
        run.stderr.contains("warning: this file is ignored"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/entities/jac.yml"),
        "{}",
        run.stderr
    );
}

#[test]
fn drafts_are_left_out() {
    let site = Fixture::new();
    site.write(
        "content/articles/a.yaml",
        &format!("{}draft: true\n", common::ARTICLE),
    );
    let run = site.build_ok();
    assert!(!site.path("public/articles/a").exists(), "{}", run.stderr);
}

#[test]
fn a_missing_root_is_a_usage_error() {
    let site = Fixture::new();
    let run = site.run(&["build", "--root", site.path("nope").to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is not a directory"), "{}", run.stderr);
}

#[test]
fn the_output_folder_may_not_be_the_site_itself() {
    let site = Fixture::new();
    let root = site.root().to_str().unwrap();
    for output in [root.to_string(), format!("{root}/content")] {
        let run = site.run(&["build", "--root", root, "--output", &output]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            site.path("content/site.yaml").is_file(),
            "the site was deleted"
        );
    }
}

#[test]
fn warnings_fail_a_check_only_with_deny_warnings() {
    let site = Fixture::new();
    let root = site.root().to_str().expect("utf-8 path").to_string();
    let strict = ["check", "--root", &root, "--deny-warnings"];
    let clean = site.run(&strict);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert!(!clean.stderr.contains("warning"), "{}", clean.stderr);

    site.write("seeds/unpublished.txt", "Nobody annotated me.\n");
    let lenient = site.check();
    assert_eq!(lenient.code, 0, "{}", lenient.stderr);
    assert!(lenient.stderr.contains("warning: seed is not published"));
    let strict = site.run(&strict);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict.stderr.contains("warning: seed is not published"),
        "{}",
        strict.stderr
    );
    assert!(
        strict
            .stderr
            .contains("check failed: 1 warning and --deny-warnings"),
        "{}",
        strict.stderr
    );
    assert!(!site.path("public").exists());
}

#[test]
fn aliases_that_match_nothing_yet_are_listed_only_with_verbose() {
    // The fixture's entity has the alias `КАМАЗ`, which its seed never uses.
    let site = Fixture::new();
    let quiet = site.check();
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("КАМАЗ") && !quiet.stdout.contains("КАМАЗ"));
    assert!(!quiet.stderr.contains("warning"), "{}", quiet.stderr);
    let root = site.root().to_str().expect("utf-8 path");
    let verbose = site.run(&["check", "--root", root, "--verbose"]);
    assert_eq!(verbose.code, 0, "{}", verbose.stderr);
    assert!(
        verbose
            .stdout
            .contains("1 alias matches nothing in the published articles yet:"),
        "{}",
        verbose.stdout
    );
    assert!(
        verbose
            .stdout
            .lines()
            .any(|line| line.contains("content/entities/kamaz.yaml:3:") && line.ends_with("КАМАЗ")),
        "{}",
        verbose.stdout
    );
    assert!(!verbose.stderr.contains("warning"), "{}", verbose.stderr);
}

#[test]
fn this_repositorys_briefing_checks_without_a_warning() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args([
            "check",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--deny-warnings",
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("run briefing");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("checked:"));
}

#[test]
fn a_citation_marker_in_a_free_page_is_left_out_with_a_warning() {
    let site = Fixture::new();
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\n\nWe read TASS daily. [Citation: TASS]\n",
    );
    let run = site.build_ok();
    assert!(
        run.stderr.contains(
            "warning: citation marker `[Citation: TASS]` left out: free pages have no footnotes"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/pages/about.md:5:21"),
        "{}",
        run.stderr
    );
    let about = site.read("about/index.html");
    assert!(about.contains("We read TASS daily.</p>"), "{about}");
    assert!(!about.contains("Citation"), "{about}");
}

/// A renamed article keeps its old address: each of its `aliases` (old
/// slugs) gets a page there that leads to the article, without a script,
/// and is left out of the sitemap.
#[test]
fn a_renamed_articles_old_addresses_redirect_to_it() {
    let site = Fixture::new();
    site.append("content/articles/a.yaml", "aliases: [kamaz-helps, old-a]\n");
    site.edit(
        "content/articles/a.yaml",
        "title: KAMAZ helps",
        "title: KAMAZ & <friends>",
    );
    site.build_ok();
    for old in ["kamaz-helps", "old-a"] {
        let page = site.read(&format!("articles/{old}/index.html"));
        assert!(
            page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{page}"
        );
        assert!(
            page.contains(
                "<meta http-equiv=\"refresh\" content=\"0; url=../../articles/a/index.html\">"
            ),
            "{page}"
        );
        // Without base_url, the canonical link is the article's relative address.
        assert!(
            page.contains("<link rel=\"canonical\" href=\"../../articles/a/index.html\">"),
            "{page}"
        );
        assert!(
            page.contains(
                "<a href=\"../../articles/a/index.html\">KAMAZ &amp; &lt;friends&gt;</a>"
            ),
            "{page}"
        );
        assert!(!page.contains("<script"), "{page}");
        // The link resolves from disk.
        for link in links(&page) {
            let target = site.path(&format!("public/articles/{old}")).join(&link);
            assert!(target.is_file(), "{link} from {old}");
        }
    }
    // With base_url: the canonical link is absolute; the sitemap lists the
    // article, not its old addresses.
    site.append("content/site.yaml", "base_url: https://example.org/news/\n");
    site.build_ok();
    let page = site.read("articles/old-a/index.html");
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://example.org/news/articles/a/\">"),
        "{page}"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("articles/a/"), "{sitemap}");
    assert!(
        !sitemap.contains("old-a") && !sitemap.contains("kamaz-helps"),
        "{sitemap}"
    );
    // The alias removed, its page goes.
    site.edit(
        "content/articles/a.yaml",
        "aliases: [kamaz-helps, old-a]\n",
        "aliases: [old-a]\n",
    );
    site.build_ok();
    assert!(!site.path("public/articles/kamaz-helps").exists());
    assert!(site.path("public/articles/old-a/index.html").is_file());
}
