//! Watch mode under faults (issue 7): a few hundred random creates, edits,
//! deletes, renames and garbage writes while `briefing watch` runs. The
//! watcher must survive, and once the site is good again its output must
//! equal a clean build's.

use crate::common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Fixture, tree};

/// Kills the watcher when the test ends, however it ends.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const FILES: [&str; 9] = [
    "seeds/a.txt",
    "seeds/b.txt",
    "seeds/c.txt",
    "content/articles/a.yaml",
    "content/articles/b.yaml",
    "content/articles/c.yaml",
    "content/entities/kamaz.yaml",
    "content/entities/jac.yaml",
    "content/entities/plant.yaml",
];

/// Valid content for each file, so some states build and some do not.
fn good(path: &str) -> String {
    match path {
        "seeds/a.txt" => common::SEED.to_string(),
        "seeds/b.txt" => "JAC and KAMAZ met. [Citation: TASS]\n".into(),
        "seeds/c.txt" => "The Moskvich plant waits.\n".into(),
        "content/articles/a.yaml" => common::ARTICLE.to_string(),
        "content/articles/b.yaml" => "seed: b.txt\ntitle: Meeting\ndate: 2022-07-01\n".into(),
        "content/articles/c.yaml" => "seed: c.txt\ntitle: Waiting\ndate: 2021-01-01\n".into(),
        "content/entities/kamaz.yaml" => common::KAMAZ.to_string(),
        "content/entities/jac.yaml" => "name: JAC\nkind: company\n".into(),
        _ => "name: Moskvich plant\nkind: plant\n".into(),
    }
}

fn apply_random_event(site: &Fixture, rng: &mut Rng) {
    let path = rng.pick(&FILES);
    match rng.next() % 6 {
        0 | 1 => site.write(path, &good(path)),
        2 => site.write(
            path,
            &format!("{}\nEdited {}.\n", good(path).trim_end(), rng.next() % 1000),
        ),
        3 => {
            let garbage: Vec<u8> = (0..(rng.next() % 64)).map(|_| rng.next() as u8).collect();
            let _ = std::fs::write(site.path(path), garbage);
        }
        4 => {
            let _ = std::fs::remove_file(site.path(path));
        }
        _ => {
            let other = rng.pick(&FILES);
            if other[..other.rfind('/').unwrap_or(0)] == path[..path.rfind('/').unwrap_or(0)] {
                let _ = std::fs::rename(site.path(path), site.path(other));
            }
        }
    }
}

#[test]
fn random_edits_never_stop_the_watcher_and_it_converges_to_a_clean_build() {
    let site = Fixture::new();
    for path in FILES {
        site.write(path, &good(path));
    }
    let output = site.path("public");
    let child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args([
            "watch",
            "--root",
            site.root().to_str().expect("utf-8"),
            "--output",
            output.to_str().expect("utf-8"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start watch");
    let mut watcher = Watcher(child);
    wait_until("the first build", || output.join("index.html").is_file());

    let mut rng = Rng(0x5EED_CAFE_F00D_D00D);
    for event in 0..300 {
        apply_random_event(&site, &mut rng);
        if event % 15 == 0 {
            std::thread::sleep(Duration::from_millis(40)); // let some rebuilds start mid-stream
        }
    }
    // The last good state: every file valid again, and nothing else in the folders.
    for dir in ["seeds", "content/articles", "content/entities"] {
        for entry in std::fs::read_dir(site.path(dir)).expect("dir").flatten() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    for path in FILES {
        site.write(path, &good(path));
    }

    let clean = site.path("clean");
    let run = site.run(&[
        "build",
        "--root",
        site.root().to_str().expect("utf-8"),
        "--output",
        clean.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = tree(&clean);
    wait_until("the watcher to converge to a clean build", || {
        tree(&output) == expected
    });
    assert!(
        watcher.0.try_wait().expect("status").is_none(),
        "the watcher stopped"
    );
}

/// Polls `done` with a generous deadline (a hang check, not a timing assertion).
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
