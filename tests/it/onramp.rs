//! A newcomer's first steps: `briefing init`, `briefing serve` (port
//! fallback, `--open`, a site under a sub-path), `--base-url` and
//! `BRIEFING_BASE_URL`, and `--drafts`.

use crate::common;
use crate::dev_server;

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::Command;

use briefing::build::{Options, Session, run_with};
use common::{Fixture, Run, tree};
use dev_server::{Site, Watching, http};

/// Runs the binary with `args` and the environment variables `env` (and
/// without any BRIEFING_BASE_URL the test runner may have).
fn briefing(args: &[&OsStr], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_briefing"));
    command
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("BRIEFING_BASE_URL");
    for (key, value) in env {
        command.env(key, value);
    }
    let started = std::time::Instant::now();
    let output = command.output().expect("run briefing");
    Run::from_output(output, started.elapsed())
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut all = os(args);
    all.push("--root".into());
    all.push(dir.into());
    let refs: Vec<&OsStr> = all.iter().map(OsString::as_os_str).collect();
    briefing(&refs, env)
}

fn init(dir: &Path, flags: &[&str]) -> Run {
    let mut all = os(&["init"]);
    all.extend(os(flags));
    all.push(dir.into());
    let refs: Vec<&OsStr> = all.iter().map(OsString::as_os_str).collect();
    briefing(&refs, &[])
}

// ------------------------------------------------------------- install

/// README tells a newcomer how to put `briefing` on the PATH and what the
/// first build costs; the command it names installs this crate's binary.
#[test]
fn readme_says_how_to_install_the_command() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).expect("README.md");
    let install = readme
        .find("cargo install --path .")
        .expect("the install command");
    let first_use = readme.find("briefing init my-briefing").expect("first use");
    assert!(install < first_use, "install is explained before first use");
    assert!(readme.contains("~/.cargo/bin"), "where the binary goes");
    assert!(readme.contains("`PATH`"), "how to have it on the PATH");
    assert!(
        readme.contains("minutes on two")
            && readme.contains("cores once the crates are downloaded"),
        "the first build's cost"
    );
    let manifest = std::fs::read_to_string(repo.join("Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.contains("[[bin]]\nname = \"briefing\""),
        "`cargo install` installs a binary named briefing"
    );
}

// ---------------------------------------------------------------- init

#[test]
fn init_writes_a_sample_that_checks_clean_and_builds() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("my-briefing");
    let run = init(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in [
        ".gitignore",
        "content/site.yaml",
        "content/sources.yaml",
        "content/articles/northbay-goes-electric.yaml",
        "content/pages/about.md",
        "seeds/northbay-ferries.txt",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing");
        assert!(
            run.stdout.contains(file),
            "{file} not reported:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains(&format!("cd {}", dir.display())),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("briefing serve"), "{}", run.stdout);
    let entities = std::fs::read_dir(dir.join("content/entities"))
        .expect("entities")
        .count();
    assert!((3..=4).contains(&entities), "{entities} entities");
    let site = std::fs::read_to_string(dir.join("content/site.yaml")).expect("site.yaml");
    assert!(site.contains("docs/content-format.md"), "{site}");

    let check = run_in(&dir, &["check", "--deny-warnings"], &[]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(check.stderr, "", "check is not silent");

    let build = run_in(&dir, &["build"], &[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    // The sample has no base_url yet: one line says what that leaves out.
    assert!(
        build.stderr.lines().count() == 1 && build.stderr.starts_with("note: no base_url"),
        "{}",
        build.stderr
    );
    for page in [
        "index.html",
        "articles/northbay-goes-electric/index.html",
        "entities/northbay-ferries/index.html",
        "about/index.html",
        "404.html",
    ] {
        assert!(dir.join("public").join(page).is_file(), "{page} not built");
    }
    let article =
        std::fs::read_to_string(dir.join("public/articles/northbay-goes-electric/index.html"))
            .expect("article");
    assert!(
        article.contains("class=\"quote status-target\""),
        "the fact's quote is not marked"
    );
    assert!(
        article.contains("class=\"quote status-speculative\""),
        "the claim is not marked"
    );
}

#[test]
fn init_refuses_a_folder_with_files_and_writes_nothing() {
    let temp = tempfile::tempdir().expect("temp dir");
    std::fs::write(temp.path().join("notes.txt"), "mine").expect("write");
    let run = init(temp.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains(&temp.path().display().to_string()) && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    let names: Vec<String> = std::fs::read_dir(temp.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["notes.txt"]);
}

#[test]
fn init_accepts_a_folder_with_only_hidden_files() {
    let temp = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(temp.path().join(".git")).expect("mkdir");
    let run = init(temp.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(temp.path().join("content/site.yaml").is_file());
}

#[test]
fn init_force_overwrites_its_own_files_and_keeps_the_rest() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path();
    std::fs::write(dir.join("notes.txt"), "mine").expect("write");
    std::fs::create_dir_all(dir.join("content/entities")).expect("mkdir");
    std::fs::write(dir.join("content/site.yaml"), "title: Old\n").expect("write");
    std::fs::write(
        dir.join("content/entities/mine.yaml"),
        "name: Mine\nkind: company\n",
    )
    .expect("write");
    let run = init(dir, &["--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("content/site.yaml (overwritten)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("overwrote 1 existing file"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).expect("read"),
        "mine"
    );
    assert!(dir.join("content/entities/mine.yaml").is_file());
    let site = std::fs::read_to_string(dir.join("content/site.yaml")).expect("read");
    assert!(site.contains("Harbour Ferries Briefing"), "{site}");
}

#[test]
fn init_theme_copies_the_built_in_theme_and_builds_the_same_site() {
    let temp = tempfile::tempdir().expect("temp dir");
    let plain = temp.path().join("plain");
    let themed = temp.path().join("themed");
    assert_eq!(init(&plain, &[]).code, 0);
    let run = init(&themed, &["--theme"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in [
        "templates/base.html",
        "templates/article_item.html",
        "templates/static/style.css",
    ] {
        assert!(themed.join(file).is_file(), "{file} not copied");
    }
    assert!(!plain.join("templates").exists());
    for dir in [&plain, &themed] {
        let build = run_in(dir, &["build"], &[]);
        assert_eq!(build.code, 0, "{}", build.stderr);
        assert_eq!(run_in(dir, &["check"], &[]).stderr, "");
    }
    assert_eq!(tree(&plain.join("public")), tree(&themed.join("public")));
}

// ------------------------------------------------------------ base URL

fn canonical_of_index(fixture: &Fixture) -> String {
    let html = fixture.read("index.html");
    let at = html
        .find("rel=\"canonical\" href=\"")
        .expect("canonical link")
        + 22;
    html[at..].split('"').next().unwrap_or_default().to_string()
}

#[test]
fn base_url_comes_from_the_flag_then_the_environment_then_site_yaml() {
    let fixture = Fixture::new();
    fixture.write(
        "content/site.yaml",
        &format!("{}base_url: https://example.org/site/\n", common::SITE),
    );
    let root = fixture.root();

    let run = run_in(root, &["build"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(canonical_of_index(&fixture), "https://example.org/site/");

    let env = [("BRIEFING_BASE_URL", "https://preview.example.net/pr-7")];
    let run = run_in(root, &["build"], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        canonical_of_index(&fixture),
        "https://preview.example.net/pr-7/"
    );
    assert!(
        fixture
            .read("atom.xml")
            .contains("<id>https://preview.example.net/pr-7/articles/a/</id>")
    );

    let run = run_in(
        root,
        &["build", "--base-url", "http://localhost:8000/"],
        &env,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(canonical_of_index(&fixture), "http://localhost:8000/");
    assert!(
        fixture
            .read("sitemap.xml")
            .contains("<loc>http://localhost:8000/articles/a/</loc>")
    );
    assert!(fixture.read("404.html").contains("href=\"/index.html\""));
}

#[test]
fn a_base_url_override_gives_a_site_without_one_its_feed() {
    let fixture = Fixture::new();
    let run = run_in(
        fixture.root(),
        &["build", "--base-url", "https://example.com/b"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        fixture
            .read("atom.xml")
            .contains("<id>https://example.com/b/</id>")
    );
    assert!(fixture.read("404.html").contains("href=\"/b/index.html\""));
}

#[test]
fn a_bad_base_url_override_is_a_usage_error() {
    let fixture = Fixture::new();
    fixture.build_ok();
    let before = fixture.output_tree();
    let run = run_in(
        fixture.root(),
        &["build", "--base-url", "javascript:alert(1)"],
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--base-url `javascript:alert(1)` is not an http(s) URL"),
        "{}",
        run.stderr
    );
    let run = run_in(
        fixture.root(),
        &["build"],
        &[("BRIEFING_BASE_URL", "example.org")],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("BRIEFING_BASE_URL `example.org` is not an http(s) URL"),
        "{}",
        run.stderr
    );
    assert_eq!(before, fixture.output_tree());
}

// --------------------------------------------------------------- drafts

fn with_drafts() -> Fixture {
    let fixture = Fixture::new();
    fixture.write(
        "content/site.yaml",
        &format!("{}base_url: https://example.org/\n", common::SITE),
    );
    fixture.write("seeds/d.txt", "KAMAZ is thinking. [Citation: TASS]\n");
    fixture.write(
        "content/articles/d.yaml",
        "seed: d.txt\ntitle: Unfinished thoughts\ndate: 2022-07-01\ndraft: true\n",
    );
    fixture.write(
        "content/pages/plans.md",
        "---\ntitle: Our plans\ndraft: true\n---\nNot yet.\n",
    );
    fixture
}

#[test]
fn drafts_are_left_out_without_the_flag() {
    let fixture = with_drafts();
    fixture.build_ok();
    assert!(!fixture.path("public/articles/d").exists());
    assert!(!fixture.path("public/plans").exists());
    assert!(!fixture.read("index.html").contains("Unfinished thoughts"));
}

#[test]
fn drafts_are_built_and_marked_with_the_flag_but_never_fed() {
    let fixture = with_drafts();
    let run = run_in(fixture.root(), &["build", "--drafts"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fixture.read("articles/d/index.html");
    assert!(page.contains("class=\"draft-banner\""), "{page}");
    let index = fixture.read("index.html");
    let item = index
        .split("<li class=\"article-item\">")
        .find(|item| item.contains("Unfinished thoughts"))
        .expect("the draft is listed");
    assert!(item.contains("badge-draft"), "{item}");
    let published = index
        .split("<li class=\"article-item\">")
        .find(|item| item.contains("KAMAZ helps"))
        .expect("the article is listed");
    assert!(!published.contains("badge-draft"), "{published}");
    let entity = fixture.read("entities/kamaz/index.html");
    assert!(entity.contains("Unfinished thoughts") && entity.contains("badge-draft"));
    let plans = fixture.read("plans/index.html");
    assert!(plans.contains("class=\"draft-banner\""), "{plans}");
    assert!(
        index.contains("Our plans</a> <span class=\"badge badge-draft\">"),
        "draft page not marked in the navigation"
    );

    let feed = fixture.read("atom.xml");
    assert!(
        !feed.contains("articles/d/") && feed.contains("articles/a/"),
        "{feed}"
    );
    let sitemap = fixture.read("sitemap.xml");
    assert!(
        !sitemap.contains("articles/d/") && !sitemap.contains("plans/"),
        "{sitemap}"
    );
    assert!(sitemap.contains("articles/a/"), "{sitemap}");
}

#[test]
fn check_with_drafts_checks_them_as_a_build_with_drafts_would() {
    let fixture = with_drafts();
    fixture.write(
        "content/articles/d.yaml",
        "seed: d.txt\ntitle: Unfinished thoughts\ndate: 2022-07-01\ndraft: true\nclaims:\n  - quote: nowhere in the seed\n    status: target\n",
    );
    // Without the flag, drafts are left out of the check as of the build.
    let run = run_in(fixture.root(), &["check"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = |run: &Run| {
        run.stdout
            .lines()
            .find_map(|line| line.strip_prefix("checked: "))
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("no page count in {:?}", run.stdout))
    };
    let without = pages(&run);
    // With it, the draft's broken quote is an error, as `build --drafts` says.
    let run = run_in(fixture.root(), &["check", "--drafts"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("--> content/articles/d.yaml:6:12"),
        "{}",
        run.stderr
    );
    let build = run_in(fixture.root(), &["build", "--drafts"], &[]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    let errors = |run: &Run| -> Vec<String> {
        run.stderr
            .lines()
            .filter(|l| l.starts_with("error") || l.starts_with(" -->"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(errors(&run), errors(&build));
    // Mended, the draft's pages are counted as the build would make them.
    fixture.write(
        "content/articles/d.yaml",
        "seed: d.txt\ntitle: Unfinished thoughts\ndate: 2022-07-01\ndraft: true\n",
    );
    let run = run_in(fixture.root(), &["check", "--drafts"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(pages(&run) > without, "{} then {}", without, run.stdout);
    assert!(!fixture.path("public").exists(), "check writes nothing");
}

#[test]
fn watch_refuses_server_flags_without_serve() {
    let fixture = with_drafts();
    for flags in [&["--port", "4321"][..], &["--open"], &["--bind", "0.0.0.0"]] {
        let mut args = vec!["watch", "--root", fixture.root_str()];
        args.extend_from_slice(flags);
        let run = common::run_within(&args, std::time::Duration::from_secs(60));
        assert_eq!(run.code, 2, "{flags:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "error: `{}` is a setting of the dev server, and `watch` serves only with `--serve`",
                flags[0]
            )),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("help: add `--serve`"), "{}", run.stderr);
        assert!(!fixture.path("public").exists(), "nothing built");
    }
}

#[test]
fn incremental_rebuilds_with_drafts_equal_clean_builds() {
    let fixture = with_drafts();
    let options = Options {
        drafts: true,
        base_url: Some("https://preview.example.org/".into()),
    };
    let mut session =
        Session::with_options(fixture.root(), &fixture.path("public"), options.clone());
    let compare = |session: &mut Session, changed: &[&str]| {
        let paths: Vec<_> = changed.iter().map(|p| fixture.path(p)).collect();
        let rebuild = session.rebuild(&paths);
        assert!(rebuild.result.is_ok(), "{:?}", rebuild.diagnostics);
        let clean = fixture.path("clean");
        let report = run_with(fixture.root(), Some(&clean), &options);
        assert!(report.result.is_ok(), "{:?}", report.diagnostics);
        assert_eq!(
            tree(&fixture.path("public")),
            tree(&clean),
            "after {changed:?}"
        );
        std::fs::remove_dir_all(&clean).expect("remove clean");
    };
    compare(&mut session, &[]);
    // Published, then a draft again; a page too.
    fixture.write(
        "content/articles/d.yaml",
        "seed: d.txt\ntitle: Unfinished thoughts\ndate: 2022-07-01\n",
    );
    compare(&mut session, &["content/articles/d.yaml"]);
    fixture.write(
        "content/articles/a.yaml",
        &format!("{}draft: true\n", common::ARTICLE),
    );
    compare(&mut session, &["content/articles/a.yaml"]);
    fixture.write(
        "content/pages/plans.md",
        "---\ntitle: Our plans\n---\nNot yet.\n",
    );
    compare(&mut session, &["content/pages/plans.md"]);
}

// ------------------------------------------------------------ dev server

fn serve_args(site: &Site, extra: &[&str]) -> Vec<OsString> {
    let mut args = os(&["serve", "--root"]);
    args.push(site.root().into());
    args.extend(os(extra));
    args
}

fn start(site: &Site, extra: &[&str], env: &[(&str, &OsStr)]) -> Watching {
    let args = serve_args(site, extra);
    let refs: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
    Watching::start_with(site, &refs, env)
}

#[test]
fn serve_takes_the_next_port_when_the_first_is_taken() {
    let site = dev_server::site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port();
    let first = port.to_string();
    let watching = start(&site, &[], &[("BRIEFING_FIRST_PORT", OsStr::new(&first))]);
    let log = watching.log();
    assert!(
        log.contains(&format!(
            "port {port} is in use; serving on {}",
            watching.port
        )),
        "{log}"
    );
    assert_ne!(watching.port, port);
    assert_eq!(watching.get("/briefing/").status, 200);
    drop(taken);
}

#[test]
fn serve_on_a_taken_port_given_with_port_fails() {
    let site = dev_server::site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port().to_string();
    let args = serve_args(&site, &["--port", &port]);
    let refs: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
    let mut watching = Watching::spawn(&site, &refs, &[]);
    let status = watching.wait_for_exit();
    assert_eq!(status.code(), Some(2), "{}", watching.log());
    assert!(
        watching.log().contains(&format!(
            "port {port} is in use; choose another with --port"
        )),
        "{}",
        watching.log()
    );
    drop(taken);
}

#[test]
fn the_dev_server_serves_a_sub_path_site_under_its_path() {
    let site = dev_server::site(); // base_url: https://example.org/briefing/
    let watching = start(&site, &["--port", "0"], &[]);
    assert!(
        watching.log().contains(&format!(
            "serving http://127.0.0.1:{}/briefing/ ",
            watching.port
        )),
        "{}",
        watching.log()
    );
    let index = watching.get("/briefing/");
    assert_eq!(index.status, 200);
    assert!(index.text().contains("Watch Test Briefing"));
    let article = watching.get("/briefing/articles/first-article/");
    assert_eq!(article.status, 200);
    let folder = watching.get("/briefing");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/briefing/"));

    // A miss, at any depth: the 404 page, whose every link works here.
    for miss in ["/briefing/no/such/page/", "/nowhere"] {
        let missing = watching.get(miss);
        assert_eq!(missing.status, 404, "{miss}");
        let links = common::links(&missing.text());
        let site_links: Vec<&String> = links
            .iter()
            .filter(|l| l.starts_with("/briefing/"))
            .collect();
        assert!(site_links.len() >= 5, "{links:?}");
        for link in site_links {
            assert_eq!(
                watching.get(link).status,
                200,
                "{link} from the 404 page of {miss}"
            );
        }
    }
    // Relative links make the same files work at `/` too.
    assert_eq!(watching.get("/").status, 200);
}

#[cfg(unix)]
#[test]
fn open_hands_the_address_to_the_browser_command() {
    use std::os::unix::fs::PermissionsExt;
    let site = dev_server::site();
    let record = site.path("opened.txt");
    let script = site.path("browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", record.display()),
    )
    .expect("write script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let watching = start(
        &site,
        &["--port", "0", "--open"],
        &[("BRIEFING_BROWSER", script.as_os_str())],
    );
    let expected = format!("http://127.0.0.1:{}/briefing/", watching.port);
    watching.eventually("the browser command to run", |_| {
        std::fs::read_to_string(&record).is_ok_and(|text| text == expected)
    });
}

#[test]
fn open_failing_is_only_a_warning() {
    let site = dev_server::site();
    let missing = site.path("no-such-browser");
    let watching = start(
        &site,
        &["--port", "0", "--open"],
        &[("BRIEFING_BROWSER", missing.as_os_str())],
    );
    watching.eventually("the warning", |w| {
        w.log().contains("warning: cannot open a browser")
    });
    assert_eq!(http(watching.port, "GET", "/briefing/").status, 200);
}

/// The facts table is one partial: a figure whose article is a draft is
/// marked so on the entity page, the facts index and the metric page alike.
#[test]
fn a_figure_from_a_draft_article_is_marked_in_every_facts_table() {
    let fixture = with_drafts();
    fixture.write(
        "content/entities/kamaz.yaml",
        "name: KAMAZ\nkind: company\nfacts:\n  - metric: trucks\n    value: 40000\n    unit: trucks\n    period: \"2022\"\n    status: reported\n    source: tass\n    article: d\n",
    );
    let run = run_in(fixture.root(), &["build", "--drafts"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in [
        "entities/kamaz/index.html",
        "facts/index.html",
        "facts/trucks/index.html",
    ] {
        let html = fixture.read(page);
        let table = html
            .split("<table class=\"data-table facts-table\">")
            .nth(1)
            .unwrap_or_else(|| panic!("{page} has no facts table"));
        assert!(
            table.contains("Unfinished thoughts</a> <span class=\"badge badge-draft\">"),
            "{page}: {table}"
        );
    }
}
