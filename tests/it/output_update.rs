//! Building into an existing output: only changed files are replaced, files
//! no longer produced go, and a failure half way through is undone.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::Command;

use common::{Fixture, tree};

/// Inode and modification time of every file under `dir`.
fn identities(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let meta = entry.metadata().expect("metadata");
            let path = entry.path().strip_prefix(dir).expect("prefix");
            (
                path.to_string_lossy().into_owned(),
                (meta.ino(), meta.mtime(), meta.mtime_nsec()),
            )
        })
        .collect()
}

/// Every folder under `dir`, relative to it.
fn folders(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.file_type().is_dir())
        .map(|entry| {
            let path = entry.path().strip_prefix(dir).expect("prefix");
            path.to_string_lossy().into_owned()
        })
        .collect()
}

/// What a clean build of the same site into a new folder produces.
fn clean_build(site: &Fixture) -> BTreeMap<String, Vec<u8>> {
    let other = tempfile::tempdir().expect("dir");
    let out = other.path().join("public");
    let run = site.run(&[
        "build",
        "--root",
        site.root().to_str().expect("utf-8"),
        "--output",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    tree(&out)
}

/// The names in the site's folder, sorted.
fn names_in_root(site: &Fixture) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.root())
        .expect("read root")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Only `public` is left beside the site's own folders: no staging or backup.
fn assert_nothing_left_beside(site: &Fixture) {
    assert_eq!(names_in_root(site), ["content", "public", "seeds"]);
}

fn second_article(site: &Fixture) {
    site.write(
        "content/articles/b.yaml",
        "seed: b.txt\ntitle: B\ndate: 2022-06-19\n",
    );
    site.write("seeds/b.txt", "KAMAZ again. [Citation: TASS]\n");
}

/// A two-article site, built, then given a new title (which every page shows).
fn built_then_retitled() -> Fixture {
    let site = Fixture::new();
    second_article(&site);
    site.build_ok();
    site.write(
        "content/site.yaml",
        &common::SITE.replace("Test Briefing", "Renamed"),
    );
    site
}

#[test]
fn a_rebuild_replaces_only_the_files_whose_bytes_changed() {
    let site = Fixture::new();
    site.build_ok();
    let before = identities(&site.path("public"));
    let unchanged = site.build_ok();
    assert!(
        unchanged.stdout.contains(", 0 changed)"),
        "{}",
        unchanged.stdout
    );
    assert_eq!(
        before,
        identities(&site.path("public")),
        "nothing was rewritten"
    );

    site.write(
        "seeds/a.txt",
        &common::SEED.replace("would help", "would surely help"),
    );
    let run = site.build_ok();
    let after = identities(&site.path("public"));
    assert_ne!(
        before["articles/a/index.html"],
        after["articles/a/index.html"]
    );
    assert_eq!(before["style.css"], after["style.css"]);
    assert_eq!(before["404.html"], after["404.html"]);
    assert!(run.stdout.contains("changed)"), "{}", run.stdout);
    assert_eq!(site.output_tree(), clean_build(&site));
    assert_nothing_left_beside(&site);
}

#[test]
fn files_no_longer_produced_and_their_emptied_folders_are_removed() {
    let site = Fixture::new();
    second_article(&site);
    site.build_ok();
    assert!(site.path("public/articles/b/index.html").is_file());
    site.write("public/stray/notes.txt", "not from briefing");

    site.remove("content/articles/b.yaml");
    site.remove("seeds/b.txt");
    site.build_ok();
    assert_eq!(site.output_tree(), clean_build(&site));
    let left = folders(&site.path("public"));
    assert!(
        !left.iter().any(|f| f == "articles/b" || f == "stray"),
        "{left:?}"
    );
    assert_nothing_left_beside(&site);
}

#[test]
fn a_file_where_the_output_has_a_folder_is_swapped_in_whole() {
    let site = Fixture::new();
    site.write("templates/static/extra/a.css", "a {}");
    site.build_ok();
    fs::remove_dir_all(site.path("templates/static/extra")).expect("remove");
    site.write("templates/static/extra", "now a file");
    site.build_ok();
    assert_eq!(site.read("extra"), "now a file");

    // And a folder where the output has a file.
    fs::remove_file(site.path("templates/static/extra")).expect("remove");
    site.write("templates/static/extra/b.css", "b {}");
    site.build_ok();
    assert_eq!(site.read("extra/b.css"), "b {}");

    // A folder put by hand where a page goes.
    fs::remove_file(site.path("public/404.html")).expect("remove");
    fs::create_dir(site.path("public/404.html")).expect("mkdir");
    site.build_ok();
    assert_eq!(site.output_tree(), clean_build(&site));
    assert_eq!(
        names_in_root(&site),
        ["content", "public", "seeds", "templates"]
    );
}

/// Sets or clears the immutable attribute (which even root cannot rename
/// past); false where the file system has no such attribute.
fn immutable(path: &Path, on: bool) -> bool {
    Command::new("chattr")
        .arg(if on { "+i" } else { "-i" })
        .arg(path)
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Clears the immutable attribute when dropped, so the temp dir can go.
struct Unlock<'a>(&'a Path);

impl Drop for Unlock<'_> {
    fn drop(&mut self) {
        immutable(self.0, false);
    }
}

/// Builds while `path` cannot be moved: the build must fail with exit 2 and
/// leave the output as it was (files and folders). Then the same build goes
/// through and matches a clean one. False where `chattr` is not available.
fn fails_while_immutable_then_recovers(site: &Fixture, path: &Path) -> bool {
    if !immutable(path, true) {
        eprintln!("skipped: chattr +i is not available here");
        return false;
    }
    let unlock = Unlock(path);
    let folders_before = folders(&site.path("public"));
    let run = site.build_fails(2);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert_eq!(folders_before, folders(&site.path("public")));
    drop(unlock);
    site.build_ok();
    assert_eq!(site.output_tree(), clean_build(site));
    assert_nothing_left_beside(site);
    true
}

#[test]
fn an_update_that_fails_half_way_is_undone() {
    // Every page changes (the title is on each), one article goes, and a
    // stray file that cannot be moved makes the last step fail.
    let site = built_then_retitled();
    site.remove("content/articles/b.yaml");
    site.remove("seeds/b.txt");
    let stray = site.path("public/stray.txt");
    fs::write(&stray, "stuck").expect("write");
    if fails_while_immutable_then_recovers(&site, &stray) {
        assert!(site.read("index.html").contains("Renamed"));
    }
}

#[test]
fn a_page_that_cannot_be_replaced_leaves_the_output_as_it_was() {
    let site = built_then_retitled();
    let page = site.path("public/articles/a/index.html");
    fails_while_immutable_then_recovers(&site, &page);
}

#[test]
fn odd_things_in_the_output_are_cleared_like_a_clean_build_would() {
    use std::os::unix::ffi::OsStrExt;
    let site = Fixture::new();
    second_article(&site);
    site.build_ok();
    let before = identities(&site.path("public"));
    // A folder of the site replaced by a link to a copy of it elsewhere: the
    // files look unchanged through the link, but the link must go.
    let elsewhere = tempfile::tempdir().expect("dir");
    let moved = elsewhere.path().join("articles");
    fs::rename(site.path("public/articles"), &moved).expect("move");
    std::os::unix::fs::symlink(&moved, site.path("public/articles")).expect("symlink");
    // An empty folder, and a file whose name is not UTF-8.
    fs::create_dir_all(site.path("public/empty/deeper")).expect("mkdir");
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(site.path("public").join(odd), "stray").expect("write");

    site.build_ok();
    assert_eq!(site.output_tree(), clean_build(&site));
    let articles = fs::symlink_metadata(site.path("public/articles")).expect("articles");
    assert!(articles.is_dir(), "the link was replaced by a folder");
    assert!(!site.path("public/empty").exists());
    assert!(!site.path("public").join(odd).exists());
    assert_eq!(
        before["style.css"],
        identities(&site.path("public"))["style.css"]
    );
    assert_nothing_left_beside(&site);
    // What the link pointed to is left alone.
    assert!(moved.join("a/index.html").is_file());
}

/// Builds into one output at the same time take turns (a lock on the
/// output's folder): each succeeds and the result is a clean build's.
#[test]
fn builds_into_the_same_output_at_once_all_succeed() {
    let site = built_then_retitled();
    let root = site.root().to_str().expect("utf-8").to_string();
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_briefing"))
                .args(["build", "--root", &root])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(site.output_tree(), clean_build(&site));
    assert_nothing_left_beside(&site);
}

#[test]
fn staging_folders_of_killed_builds_are_removed() {
    let site = Fixture::new();
    site.write(".public.staging-4242/index.html", "half a build");
    site.write(".public.staging-notapid/keep.txt", "not ours");
    site.build_ok();
    assert!(!site.path(".public.staging-4242").exists());
    assert!(site.path(".public.staging-notapid/keep.txt").exists());
}
