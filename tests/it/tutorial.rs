//! docs/tutorial.md, followed command by command in an empty temp folder.
//!
//! The tutorial is written so that it can be run:
//! - a ```` ```console ```` block holds commands (`$ …`), each followed by
//!   what it prints (stdout and stderr together); a line `...` stands for
//!   any number of lines;
//! - a ```` ```yaml file=PATH ```` (or `text file=PATH`, `markdown
//!   file=PATH`) block is a file the reader writes, whole;
//! - `briefing serve` keeps running in the background, as in a second
//!   terminal; a ```` ```console serve ```` block (no `$`) holds the lines
//!   it prints next, after the files written since;
//! - a command must succeed unless the output shown has an `error` line;
//! - any other block (```` ```sh ````) is shown, not run (a deploy to a
//!   server that does not exist here).
//!
//! Timings, port numbers and the temp folder are normalised before comparing.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

#[derive(Debug)]
enum Step {
    Command { line: String, expected: Vec<String> },
    File { path: String, text: String },
    ServeOutput { expected: Vec<String> },
}

fn steps(markdown: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut block: Option<(String, String)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                block = Some((info.to_string(), String::new()));
            }
            Event::Text(text) => {
                if let Some((_, body)) = block.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, body)) = block.take() {
                    steps.extend(block_steps(&info, &body));
                }
            }
            _ => {}
        }
    }
    steps
}

fn block_steps(info: &str, body: &str) -> Vec<Step> {
    let words: Vec<&str> = info.split_whitespace().collect();
    if let Some(path) = words.iter().find_map(|w| w.strip_prefix("file=")) {
        return vec![Step::File {
            path: path.to_string(),
            text: body.to_string(),
        }];
    }
    match words.as_slice() {
        ["console", "serve"] => vec![Step::ServeOutput {
            expected: body.lines().map(str::to_string).collect(),
        }],
        ["console"] => {
            let mut steps = Vec::new();
            for line in body.lines() {
                if let Some(command) = line.strip_prefix("$ ") {
                    steps.push(Step::Command {
                        line: command.to_string(),
                        expected: Vec::new(),
                    });
                } else if let Some(Step::Command { expected, .. }) = steps.last_mut() {
                    expected.push(line.to_string());
                } else {
                    panic!("console block starts with output, not a `$ ` command:\n{body}");
                }
            }
            steps
        }
        _ => Vec::new(),
    }
}

/// Replaces what differs between runs: milliseconds, ports, the temp folder.
fn normalise(line: &str, home: &Path) -> String {
    let line = line.replace(&home.display().to_string(), "~");
    let mut out = String::new();
    let mut rest = line.as_str();
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        let digits = from
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(from.len());
        let (number, after) = from.split_at(digits);
        if after.starts_with(" ms") || after.starts_with(" s ") || after == " s" {
            out.push('N');
        } else if out.ends_with("127.0.0.1:") {
            out.push_str("PORT");
        } else {
            out.push_str(number);
        }
        rest = after;
    }
    out.push_str(rest);
    out.trim_end().to_string()
}

/// Does `actual` match `expected`, where an expected `...` matches any lines?
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, others)| line == first && matches(rest, others)),
    }
}

struct Reader {
    lines: mpsc::Receiver<String>,
    child: Child,
}

impl Drop for Reader {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Walk {
    home: PathBuf,
    cwd: PathBuf,
    path_env: std::ffi::OsString,
    serve: Option<Reader>,
}

impl Walk {
    fn shell(&self, line: &str) -> Command {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("exec 2>&1; {line}"))
            .current_dir(&self.cwd)
            .env("PATH", &self.path_env)
            .env("HOME", &self.home)
            .env("NO_COLOR", "1")
            .env_remove("BRIEFING_BASE_URL")
            // Never let a test open a real browser.
            .env("BRIEFING_BROWSER", "true");
        command
    }

    fn run(&mut self, line: &str, expected: &[String]) {
        if let Some(dir) = line.strip_prefix("cd ") {
            self.cwd = self.cwd.join(dir.trim());
            assert!(self.cwd.is_dir(), "`{line}`: no such folder");
            return;
        }
        if line.starts_with("briefing serve") || line.starts_with("briefing watch") {
            self.start_serving(line);
            self.expect_from_server(expected);
            return;
        }
        let output = self.shell(line).output().expect("run sh");
        let actual: Vec<String> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| normalise(l, &self.home))
            .collect();
        let expected: Vec<String> = expected.iter().map(|l| normalise(l, &self.home)).collect();
        assert!(
            matches(&expected, &actual),
            "`$ {line}` printed\n{}\n\nbut docs/tutorial.md shows\n{}",
            actual.join("\n"),
            expected.join("\n")
        );
        // A command the tutorial shows failing says so in its output.
        let shown_failing = expected.iter().any(|l| l.starts_with("error"));
        assert_eq!(
            output.status.success(),
            !shown_failing,
            "`$ {line}` exited with {:?}",
            output.status
        );
    }

    fn start_serving(&mut self, line: &str) {
        // `exec`: the child is the server itself, not a shell around it, so
        // killing it at the end stops the server (else it outlives the test).
        let mut child = self
            .shell(&format!("exec {line}"))
            .stdout(Stdio::piped())
            .stdin(Stdio::null())
            .spawn()
            .expect("start serve");
        let stdout = child.stdout.take().expect("piped");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        self.serve = Some(Reader { lines, child });
    }

    fn expect_from_server(&mut self, expected: &[String]) {
        let reader = self.serve.as_mut().expect("`briefing serve` runs");
        let wanted: Vec<String> = expected.iter().map(|l| normalise(l, &self.home)).collect();
        let mut seen = Vec::new();
        while !matches(&wanted, &seen) {
            match reader.lines.recv_timeout(Duration::from_secs(60)) {
                // Another test may hold port 1111: the fallback line is not
                // part of what the tutorial promises.
                Ok(line) if line.starts_with("port ") && line.contains("is in use") => {}
                Ok(line) => seen.push(normalise(&line, &self.home)),
                Err(_) => panic!(
                    "`briefing serve` printed\n{}\n\nbut docs/tutorial.md shows\n{}",
                    seen.join("\n"),
                    wanted.join("\n")
                ),
            }
        }
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.cwd.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
}

#[test]
fn the_tutorial_works_as_written() {
    let tutorial =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/tutorial.md"))
            .expect("docs/tutorial.md");
    let steps = steps(&tutorial);
    assert!(
        steps
            .iter()
            .filter(|s| matches!(s, Step::Command { .. }))
            .count()
            >= 6,
        "the tutorial should show its commands: {steps:?}"
    );
    let home = tempfile::tempdir().expect("temp dir");
    let home = home.path().canonicalize().expect("canonical");
    let binary_dir = Path::new(env!("CARGO_BIN_EXE_briefing"))
        .parent()
        .expect("binary folder");
    let mut path_env = std::ffi::OsString::from(binary_dir);
    path_env.push(":");
    path_env.push(std::env::var_os("PATH").unwrap_or_default());
    let mut walk = Walk {
        cwd: home.clone(),
        home,
        path_env,
        serve: None,
    };
    for step in &steps {
        match step {
            Step::Command { line, expected } => walk.run(line, expected),
            Step::File { path, text } => walk.write(path, text),
            Step::ServeOutput { expected } => walk.expect_from_server(expected),
        }
    }
}

#[test]
fn matching_allows_elided_lines() {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(matches(&s(&["a", "...", "d"]), &s(&["a", "b", "c", "d"])));
    assert!(matches(&s(&["a", "..."]), &s(&["a"])));
    assert!(!matches(&s(&["a", "d"]), &s(&["a", "b", "d"])));
    let home = Path::new("/tmp/x");
    assert_eq!(
        normalise(
            "built in 12.5 ms at http://127.0.0.1:1112/ from /tmp/x/a",
            home
        ),
        "built in N ms at http://127.0.0.1:PORT/ from ~/a"
    );
}
