//! `briefing watch --serve` end to end: the real binary on a small temp site.
//! Every wait polls with a generous deadline; nothing asserts on speed.

use crate::dev_server;

use std::process::Command;

use dev_server::{Site, Watching, http, parse_response, raw_exchange, tree};

const SCRIPT_TAG: &str = "<script src=\"/__briefing/live.js\"></script>";

fn served_text(watching: &Watching, path: &str) -> String {
    let response = watching.get(path);
    if response.status == 200 {
        response.text()
    } else {
        String::new()
    }
}

/// Rewrites a file the way vim does by default: a probe file `4913`, the
/// original renamed to a `~` backup, a new file written, the backup removed.
fn save_like_vim(site: &Site, relative: &str, text: &str) {
    let path = site.path(relative);
    let dir = path.parent().expect("parent folder");
    std::fs::write(dir.join("4913"), "").expect("probe");
    std::fs::remove_file(dir.join("4913")).expect("probe removed");
    let swap = dir.join(format!(
        ".{}.swp",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    std::fs::write(&swap, "swap").expect("swap file");
    let backup = path.with_file_name(format!(
        "{}~",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    std::fs::rename(&path, &backup).expect("backup");
    std::fs::write(&path, text).expect("new file");
    std::fs::remove_file(&backup).expect("backup removed");
    std::fs::remove_file(&swap).expect("swap removed");
}

/// Writes a temporary file beside the target and renames it over the target.
fn save_by_rename(site: &Site, relative: &str, text: &str) {
    let path = site.path(relative);
    let temporary = path.with_extension("yaml.tmp");
    std::fs::write(&temporary, text).expect("temp file");
    std::fs::rename(&temporary, &path).expect("rename over");
}

#[test]
fn every_kind_of_edit_is_rebuilt_served_and_equals_a_clean_build() {
    let site = dev_server::site();
    let watching = Watching::start(&site);
    assert!(
        watching.log().contains(" pages into "),
        "{}",
        watching.log()
    );
    let mut events = watching.events();

    // 1. Edit a seed: the article changes, and the reload event comes only
    //    once the new file is on disk.
    site.write(
        "seeds/first.txt",
        "KAMAZ is ready to help revive the plant in Moscow. [Citation: TASS]\n\
         The plant could build up to 300,000 cars a year.\n\
         JAC could supply the parts.\n",
    );
    events.wait_for("reload");
    let article = watching
        .output_file("articles/first-article/index.html")
        .unwrap_or_default();
    assert!(article.contains("JAC could supply the parts."), "{article}");
    assert!(served_text(&watching, "/articles/first-article/").contains("JAC could supply"));
    watching.eventually("a rebuild line naming the seed", |w| {
        w.log().contains("seeds/first.txt changed: ")
    });

    // 2. Add an entity: its page appears and the article links its mention.
    site.write(
        "content/entities/jac.yaml",
        "name: JAC\nkind: company\nsummary: Chinese car maker.\n",
    );
    watching.eventually("the new entity's page", |w| {
        served_text(w, "/entities/jac/").contains("Chinese car maker.")
    });
    watching.eventually("the article to link the new entity", |w| {
        w.output_file("articles/first-article/index.html")
            .is_some_and(|html| html.contains("entities/jac/index.html"))
    });

    // 3. Rename an article annotation: the old URL is gone, the new one served.
    std::fs::rename(
        site.path("content/articles/second-article.yaml"),
        site.path("content/articles/moscow-talks.yaml"),
    )
    .expect("rename annotation");
    watching.eventually("the renamed article", |w| {
        served_text(w, "/articles/moscow-talks/").contains("Moscow talks")
    });
    watching.eventually("the old article to disappear", |w| {
        !w.output.join("articles/second-article").exists()
    });
    let gone = watching.get("/articles/second-article/");
    assert_eq!(gone.status, 404);
    assert!(gone.text().contains(SCRIPT_TAG), "{}", gone.text());

    // 4. Break a YAML file: an error event with the diagnostic, the last good
    //    output still served; a page opened meanwhile learns of it at once.
    site.write(
        "content/entities/moscow.yaml",
        "name: Moscow\nkind: [place\n",
    );
    let failure = events.wait_for("build-error");
    assert!(
        failure.data.contains("content/entities/moscow.yaml"),
        "{}",
        failure.data
    );
    assert!(failure.data.contains("error"), "{}", failure.data);
    assert!(!failure.data.contains('\u{1b}'), "{}", failure.data);
    watching.eventually("the failure line", |w| w.log().contains("build failed"));
    assert_eq!(watching.get("/entities/moscow/").status, 200);
    assert!(watching.output.join("entities/moscow/index.html").is_file());
    let mut late = watching.events();
    let late_failure = late.wait_for("build-error");
    assert!(late_failure.data.contains("content/entities/moscow.yaml"));

    //    ...then fix it (saved by rename): a reload, and the fix is served.
    save_by_rename(
        &site,
        "content/entities/moscow.yaml",
        "name: Moscow\nkind: place\nsummary: Capital of Russia.\n",
    );
    events.wait_for("reload");
    late.wait_for("reload");
    assert!(served_text(&watching, "/entities/moscow/").contains("Capital of Russia."));

    // 5. Delete an article: its page goes, the URL answers 404.
    std::fs::remove_file(site.path("content/articles/first-article.yaml")).expect("delete");
    watching.eventually("the deleted article to disappear", |w| {
        !w.output.join("articles/first-article/index.html").exists()
            && w.get("/articles/first-article/").status == 404
    });
    assert!(!served_text(&watching, "/").contains("KAMAZ offers help"));

    // 6. Change a template: a user override of article.html, in a templates/
    //    folder that did not exist when the watcher started, saved like vim.
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ article.title }}</h1>\
         <p class=\"custom\">Custom article template.</p>{{ body_html | safe }}{% endblock %}",
    );
    watching.eventually("the template override", |w| {
        served_text(w, "/articles/moscow-talks/").contains("Custom article template.")
    });
    save_like_vim(
        &site,
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ article.title }}</h1>\
         <p class=\"custom\">Edited article template.</p>{{ body_html | safe }}{% endblock %}",
    );
    watching.eventually("the edited template", |w| {
        served_text(w, "/articles/moscow-talks/").contains("Edited article template.")
    });
    // 7. Edit a seed like vim does: swap file, backup, new file.
    save_like_vim(
        &site,
        "seeds/second.txt",
        "Officials in Moscow discussed the plant again. [Citation: TASS]\nA spokesperson declined to comment.\n",
    );
    watching.eventually("the seed saved like vim", |w| {
        served_text(w, "/articles/moscow-talks/").contains("A spokesperson declined to comment.")
    });

    // Served HTML carries the reload script; files on disk never do.
    let served = watching.get("/articles/moscow-talks/");
    assert!(served.text().contains(SCRIPT_TAG));
    let output = tree(&watching.output);
    for (path, bytes) in &output {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("__briefing"), "{path} has the reload script");
    }
    assert!(!watching.log().contains("panicked"), "{}", watching.log());

    // The output after all of this is exactly a clean build's.
    let clean = tempfile::tempdir().expect("temp dir");
    let built = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .arg("--output")
        .arg(clean.path().join("out"))
        .output()
        .expect("run briefing build");
    assert!(built.status.success(), "{built:?}");
    let clean = tree(&clean.path().join("out"));
    // The search index follows the pages in the background: wait for the
    // watcher to write the one the last edit wants.
    watching.eventually("the search index of the last edit", |w| {
        tree(&w.output)
            .iter()
            .filter(|(path, _)| path.starts_with("search/data/"))
            .eq(clean
                .iter()
                .filter(|(path, _)| path.starts_with("search/data/")))
    });
    assert!(
        watching.log().contains("search index updated: "),
        "{}",
        watching.log()
    );
    let output = tree(&watching.output);
    assert_eq!(
        output.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &clean {
        assert!(
            output.get(path) == Some(bytes),
            "{path} differs from a clean build"
        );
    }
}

#[test]
fn the_server_serves_the_output_and_nothing_else() {
    let site = dev_server::site();
    site.write("secret.txt", "top secret");
    let watching = Watching::start(&site);
    let port = watching.port;

    // Content types, with the charset on text types.
    for (path, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/atom.xml", "text/xml; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/__briefing/live.js", "text/javascript; charset=utf-8"),
    ] {
        let response = watching.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(expected), "{path}");
    }

    // Folders: index.html with a trailing slash, a redirect without one.
    let index = watching.get("/entities/");
    assert_eq!(index.status, 200);
    assert!(index.text().contains("KAMAZ"));
    let redirect = watching.get("/entities?x=1");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/entities/?x=1"));
    let redirect = watching.get("//example.com/entities");
    assert_ne!(
        redirect.header("location").map(|l| l.starts_with("//")),
        Some(true)
    );

    // Misses: 404.html with status 404; no folder listings.
    let missing = watching.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("<html"), "{}", missing.text());
    assert!(missing.text().contains(SCRIPT_TAG));
    std::fs::create_dir_all(watching.output.join("bare")).expect("folder");
    std::fs::write(watching.output.join("bare/file.txt"), "x").expect("file");
    let listing = watching.get("/bare/");
    assert_eq!(listing.status, 404);
    assert!(!listing.text().contains("file.txt"));

    // Escapes: never a file outside the output folder.
    for path in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/%2e%2e/",
        "/%2e%2e/secret.txt",
        "/..%2f",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/entities/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%00",
        "/%zz",
    ] {
        let response = watching.get(path);
        assert!(
            [400, 404].contains(&response.status),
            "{path}: {}",
            response.status
        );
        assert!(!response.text().contains("top secret"), "{path}");
    }
    let absolute = parse_response(&raw_exchange(
        port,
        b"GET http://127.0.0.1/../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ));
    assert!(!absolute.text().contains("top secret"));

    // Symbolic links are followed only when they stay inside.
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(site.path("secret.txt"), watching.output.join("leak.txt")).expect("link");
        symlink(site.root(), watching.output.join("leak")).expect("link");
        symlink(
            watching.output.join("style.css"),
            watching.output.join("alias.css"),
        )
        .expect("link");
        assert_eq!(watching.get("/leak.txt").status, 404);
        assert_eq!(watching.get("/leak/secret.txt").status, 404);
        assert!(
            !watching
                .get("/leak/secret.txt")
                .text()
                .contains("top secret")
        );
        assert_eq!(watching.get("/alias.css").status, 200);
    }

    // Malformed requests get 400; other methods 405.
    let garbage = raw_exchange(port, b"NONSENSE\r\n\r\n");
    assert!(
        String::from_utf8_lossy(&garbage).starts_with("HTTP/1.1 400"),
        "{}",
        String::from_utf8_lossy(&garbage)
    );
    assert_eq!(http(port, "POST", "/").status, 405);
    let head = http(port, "HEAD", "/style.css");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    // Served HTML has the script before </body>; the file on disk does not.
    let served = watching.get("/").text();
    let on_disk = watching.output_file("index.html").unwrap_or_default();
    assert!(
        served.contains(&format!("{SCRIPT_TAG}\n</body>")),
        "{served}"
    );
    assert!(!on_disk.contains("__briefing"));
    assert_eq!(served.replace(&format!("{SCRIPT_TAG}\n"), ""), on_disk);
}

#[test]
fn files_answer_ranges_and_conditional_requests() {
    let site = dev_server::site();
    let watching = Watching::start(&site);
    let wasm = b"\0asm\x01\0\0\0";
    std::fs::write(watching.output.join("module.wasm"), wasm).expect("wasm");
    let module = watching.get("/module.wasm");
    assert_eq!(module.status, 200);
    assert_eq!(module.header("content-type"), Some("application/wasm"));
    assert_eq!(module.body, wasm);

    // A byte range of a file, as it is on disk.
    let css = watching.output_file("style.css").unwrap_or_default();
    let part = watching.get_with("/style.css", &[("Range", "bytes=2-9")]);
    assert_eq!(part.status, 206);
    assert_eq!(part.body, css.as_bytes()[2..10]);
    assert_eq!(
        part.header("content-range"),
        Some(format!("bytes 2-9/{}", css.len()).as_str())
    );
    let beyond = watching.get_with("/style.css", &[("Range", "bytes=999999-")]);
    assert_eq!(beyond.status, 416);

    // Pages get the live-reload script, so they are always sent whole.
    let page = watching.get_with("/", &[("Range", "bytes=0-3")]);
    assert_eq!(page.status, 200);
    assert!(page.text().contains(SCRIPT_TAG));

    // Conditional requests: unchanged files answer 304, by date and by tag.
    for path in ["/style.css", "/"] {
        let first = watching.get(path);
        let modified = first.header("last-modified").expect("Last-Modified");
        let etag = first.header("etag").expect("ETag");
        let by_date = watching.get_with(path, &[("If-Modified-Since", modified)]);
        assert_eq!(by_date.status, 304, "{path}");
        assert!(by_date.body.is_empty(), "{path}");
        let by_tag = watching.get_with(path, &[("If-None-Match", etag)]);
        assert_eq!(by_tag.status, 304, "{path}");
        let other_tag = watching.get_with(path, &[("If-None-Match", "\"other\"")]);
        assert_eq!(other_tag.status, 200, "{path}");
        let tag_outranks_date = watching.get_with(
            path,
            &[
                ("If-None-Match", "\"other\""),
                ("If-Modified-Since", modified),
            ],
        );
        assert_eq!(tag_outranks_date.status, 200, "{path}");
        let long_ago = watching.get_with(
            path,
            &[("If-Modified-Since", "Fri, 09 Aug 1996 14:21:40 GMT")],
        );
        assert_eq!(long_ago.status, 200, "{path}");
    }

    // The 404 page is never "not modified".
    let missing = watching.get_with("/no/such/page/", &[("If-None-Match", "*")]);
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains(SCRIPT_TAG));
}

#[test]
fn a_site_broken_at_start_is_watched_and_recovers() {
    let site = dev_server::site();
    site.write("content/site.yaml", "title: [broken\n");
    let watching = Watching::start(&site);
    assert!(
        watching.log().contains("initial build: build failed"),
        "{}",
        watching.log()
    );
    assert!(
        watching.log().contains("nothing was written yet"),
        "{}",
        watching.log()
    );
    assert_eq!(watching.get("/").status, 404);
    let mut events = watching.events();
    let failure = events.wait_for("build-error");
    assert!(
        failure.data.contains("content/site.yaml"),
        "{}",
        failure.data
    );

    site.write("content/site.yaml", "title: Fixed Briefing\n");
    events.wait_for("reload");
    assert!(served_text(&watching, "/").contains("Fixed Briefing"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_and_the_watcher() {
    let site = dev_server::site();
    let mut watching = Watching::start(&site);
    let mut events = watching.events();
    let sent = Command::new("kill")
        .args(["-INT", &watching.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
    let status = watching.wait_for_exit();
    assert!(status.success(), "{status:?}\n{}", watching.log());
    assert!(
        watching.log().contains("stopped watching"),
        "{}",
        watching.log()
    );
    // The event stream was closed, not left hanging.
    let deadline = std::time::Instant::now() + dev_server::DEADLINE;
    assert!(events.next_before(deadline).is_none());
}
