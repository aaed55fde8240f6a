//! The shared test harness: a fixture site from `tests/fixtures/<name>/`
//! copied into a temp dir, the real binary run on it, and assertions on what
//! the run did (exit code, messages, output left as it was).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code; -1 when the process was killed by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    pub fn from_output(output: Output, elapsed: Duration) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            elapsed,
        }
    }
}

/// The files of the `minimal` fixture, for tests that vary one of them.
pub const SITE: &str = include_str!("../../fixtures/minimal/content/site.yaml");
pub const SOURCES: &str = include_str!("../../fixtures/minimal/content/sources.yaml");
pub const KAMAZ: &str = include_str!("../../fixtures/minimal/content/entities/kamaz.yaml");
pub const SEED: &str = include_str!("../../fixtures/minimal/seeds/a.txt");
pub const ARTICLE: &str = include_str!("../../fixtures/minimal/content/articles/a.yaml");

/// Where the fixture sites are kept.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl Fixture {
    /// The `minimal` fixture: a valid site with two sources, one entity, one article.
    pub fn new() -> Fixture {
        Fixture::copy("minimal")
    }

    /// A copy of `tests/fixtures/<name>/` in a fresh temp dir.
    pub fn copy(name: &str) -> Fixture {
        let fixture = Fixture::empty();
        let source = fixtures().join(name);
        assert!(source.is_dir(), "no fixture {}", source.display());
        copy_tree(&source, fixture.root());
        fixture
    }

    /// An empty temp dir, for sites written file by file.
    pub fn empty() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) {
        self.write_bytes(relative, text.as_bytes());
    }

    pub fn write_bytes(&self, relative: &str, contents: &[u8]) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, contents).expect("write");
    }

    pub fn append(&self, relative: &str, text: &str) {
        let mut old = self.source(relative);
        old.push_str(text);
        self.write(relative, &old);
    }

    /// Replaces the one occurrence of `from` in a file.
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let old = self.source(relative);
        assert_eq!(old.matches(from).count(), 1, "{from:?} in {relative}");
        self.write(relative, &old.replace(from, to));
    }

    /// A file of the site (not of its output), as text.
    pub fn source(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    pub fn remove(&self, relative: &str) {
        fs::remove_file(self.path(relative)).expect("remove");
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run briefing");
        Run::from_output(output, started.elapsed())
    }

    pub fn build(&self) -> Run {
        self.run(&["build", "--root", self.root_str()])
    }

    pub fn check(&self) -> Run {
        self.run(&["check", "--root", self.root_str()])
    }

    pub fn root_str(&self) -> &str {
        self.root().to_str().expect("utf-8 path")
    }

    /// Builds and insists it works.
    pub fn build_ok(&self) -> Run {
        let run = self.build();
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        run
    }

    /// Builds and insists it fails with `code`, leaving the previous output as it was.
    pub fn build_fails(&self, code: i32) -> Run {
        let before = self.output_tree();
        let run = self.build();
        assert_eq!(run.code, code, "expected exit {code}:\n{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert_eq!(before, self.output_tree(), "the previous output changed");
        run
    }

    pub fn read(&self, output_path: &str) -> String {
        fs::read_to_string(self.path("public").join(output_path))
            .unwrap_or_else(|e| panic!("{output_path}: {e}"))
    }

    /// Every file under public/ with its bytes.
    pub fn output_tree(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.path("public"))
    }
}

/// Runs the binary (stdin closed, stdout ignored), killing it and failing
/// if it takes longer than `limit`: a hang check, not a timing assertion.
pub fn run_within(args: &[&str], limit: Duration) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run briefing");
    let mut pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("briefing {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: reader.join().expect("stderr reader"),
        elapsed: started.elapsed(),
    }
}

impl Run {
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}; stderr:\n{}",
            self.stderr
        );
        self
    }

    /// The message points at `place` (`path` or `path:line:col`).
    pub fn expect_place(&self, place: &str) -> &Self {
        assert!(
            self.stderr.contains(&format!("--> {place}\n")),
            "expected `--> {place}` in stderr:\n{}",
            self.stderr
        );
        self
    }

    /// The message says `text` somewhere.
    pub fn expect_says(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "expected {text:?} in stderr:\n{}",
            self.stderr
        );
        self
    }

    /// A `help:` line containing `text`.
    pub fn expect_help(&self, text: &str) -> &Self {
        assert!(
            self.stderr
                .lines()
                .any(|line| line.contains("help:") && line.contains(text)),
            "expected a `help:` line with {text:?} in stderr:\n{}",
            self.stderr
        );
        self
    }

    /// At least one `help:` line.
    pub fn expect_some_help(&self) -> &Self {
        self.expect_says("help:")
    }

    /// Exactly `count` errors, and no warnings: nothing follows on from them.
    pub fn expect_errors_only(&self, count: usize) -> &Self {
        let errors = self
            .stderr
            .lines()
            .filter(|line| line.starts_with("error"))
            .count();
        assert_eq!(errors, count, "expected {count} errors:\n{}", self.stderr);
        self.expect_not_says("warning")
    }

    pub fn expect_not_says(&self, text: &str) -> &Self {
        assert!(
            !self.stderr.contains(text),
            "did not expect {text:?} in stderr:\n{}",
            self.stderr
        );
        self
    }
}

/// Copies every file and folder under `from` into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk fixture");
        let relative = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    // A watcher may replace or remove files while this reads them: what is
    // gone between the listing and the read is left out, so the tree differs
    // from the one expected and a caller waiting for it polls again.
    let gone = |error: &std::io::Error| error.kind() == std::io::ErrorKind::NotFound;
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) if error.io_error().is_some_and(gone) => continue,
            Err(error) => panic!("walk {}: {error}", dir.display()),
        };
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            match fs::read(entry.path()) {
                Ok(bytes) => {
                    files.insert(relative, bytes);
                }
                Err(error) if gone(&error) => {}
                Err(error) => panic!("read {}: {error}", entry.path().display()),
            }
        }
    }
    files
}

/// Every `href="…"` and `src="…"` value in `html`.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attribute) {
            rest = &rest[i + attribute.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            found.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    found
}
