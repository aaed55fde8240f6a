//! A small fixture site in a temp dir, built with the real binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

/// What a run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

pub const SITE: &str = "title: Test Briefing\ndescription: A test.\nlanguage: en\n";
pub const SOURCES: &str = "tass:\n  name: TASS\n  kind: news agency\n  url: https://tass.com/\nminpromtorg:\n  name: Ministry of Industry and Trade\n  aliases: [Minpromtorg]\n  kind: ministry\n";
pub const KAMAZ: &str =
    "name: KAMAZ\nkind: company\naliases: [КАМАЗ]\nsummary: A Russian *truck* maker.\n";
pub const SEED: &str = "KAMAZ said it would help. [Citation: TASS]\nThe ministry agreed. [Citation: Minpromtorg] [Citation: TASS]\n- KAMAZ again.\n";
pub const ARTICLE: &str =
    "seed: a.txt\ntitle: KAMAZ helps\ndate: 2022-06-18\nsummary: KAMAZ will help.\ntags: [kamaz]\n";

impl Fixture {
    /// A minimal valid site: one source pair, one entity, one article.
    pub fn new() -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        fixture.write("content/site.yaml", SITE);
        fixture.write("content/sources.yaml", SOURCES);
        fixture.write("content/entities/kamaz.yaml", KAMAZ);
        fixture.write("content/articles/a.yaml", ARTICLE);
        fixture.write("seeds/a.txt", SEED);
        fixture
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    pub fn remove(&self, relative: &str) {
        fs::remove_file(self.path(relative)).expect("remove");
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run briefing");
        Run::from(output)
    }

    pub fn build(&self) -> Run {
        self.run(&["build", "--root", self.root().to_str().expect("utf-8 path")])
    }

    pub fn check(&self) -> Run {
        self.run(&["check", "--root", self.root().to_str().expect("utf-8 path")])
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

pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            files.insert(relative, fs::read(entry.path()).expect("read"));
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
