//! The cost of writing a built site and nothing else: reads every file of
//! an output folder into memory, then stages them into a new output with
//! the build's own `write::Staging`, on the build's threads, and puts it
//! in place. What that takes is the floor under a full build on this disk
//! (making the folders and files), which no rendering work can go below.
//! `scripts/bench` runs it on the 10,000-article output.
//!
//! ```text
//! cargo run --release --example write_floor -- BUILT_OUTPUT NEW_OUTPUT
//! ```
//!
//! `NEW_OUTPUT` must not exist (it is created, as a full build creates it).

use std::path::{Path, PathBuf};
use std::time::Instant;

use briefing::render::{OutputFile, Sink};
use briefing::write::Staging;
use rayon::prelude::*;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let usage = "usage: write_floor BUILT_OUTPUT NEW_OUTPUT";
    let mut args = std::env::args().skip(1);
    let built = PathBuf::from(args.next().expect(usage));
    let target = PathBuf::from(args.next().expect(usage));
    assert!(!target.exists(), "{} exists already", target.display());
    let files = read_tree(&built);
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let count = files.len();

    let start = Instant::now();
    let staging = Staging::begin(&target).expect("a staging folder");
    files
        .into_par_iter()
        .try_for_each(|file| staging.put(file))
        .expect("every file staged");
    staging.commit().expect("the output put in place");
    let elapsed = start.elapsed();
    println!(
        "wrote {count} files ({:.0} MB) in {:.0} ms",
        bytes as f64 / 1e6,
        elapsed.as_secs_f64() * 1000.0
    );
}

/// Every file under `root`, as the output paths a build would give them.
fn read_tree(root: &Path) -> Vec<OutputFile> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|entry| entry.expect("a readable output"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry
                .path()
                .strip_prefix(root)
                .expect("under the root")
                .to_string_lossy()
                .replace('\\', "/");
            OutputFile {
                path: relative,
                bytes: std::fs::read(entry.path()).expect("a readable file"),
            }
        })
        .collect()
}
