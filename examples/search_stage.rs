//! The search index on its own: loads and resolves a site as a one-shot
//! build does (bodies read again from the seeds), then times building its
//! search index, alone on the machine's cores, and prints the index's size.
//!
//! ```text
//! cargo run --release --example search_stage -- DIR [RUNS]
//! ```

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

// The binary's allocator, so that allocation costs what it costs in a build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: search_stage DIR [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(3, |r| r.parse().expect("RUNS is a number"));
    let (project, mut diagnostics) = briefing::load::load_streamed(&root).expect("a site to load");
    let site = briefing::resolve::resolve(&project, &mut diagnostics);
    let input = briefing::search::Input::of_site(&site);
    let mut times: Vec<Duration> = Vec::new();
    let mut cpu: Vec<Duration> = Vec::new();
    let mut counted = Counted::default();
    for _ in 0..runs {
        counted = Counted::default();
        let start = Instant::now();
        let cpu_start = process_cpu();
        briefing::search::index(&input, &counted).expect("an index");
        times.push(start.elapsed());
        cpu.push(process_cpu() - cpu_start);
    }
    times.sort();
    cpu.sort();
    // What the index spends on reading and parsing each seed again, on one
    // thread: the part a build could save by indexing the bodies it renders.
    let start = Instant::now();
    let mut words = 0usize;
    for article in &site.articles {
        let body = article.body.read().expect("a seed to read again");
        words += body.nodes.len();
    }
    println!(
        "reading the {} bodies again alone, one thread: {:.0} ms ({words} nodes)",
        site.articles.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    let files = counted.files.into_inner();
    let bytes = counted.bytes.into_inner();
    println!(
        "search index of {} articles: median {:.0} ms (min {:.0}, max {:.0}); {} files, {:.1} MB",
        site.articles.len(),
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        files,
        bytes as f64 / 1e6
    );
    println!(
        "CPU time (user + system) of a run: median {:.0} ms (min {:.0}, max {:.0})",
        cpu[cpu.len() / 2].as_secs_f64() * 1e3,
        cpu[0].as_secs_f64() * 1e3,
        cpu[cpu.len() - 1].as_secs_f64() * 1e3,
    );
}

/// Counts the index's files and bytes as a build's staging folder would
/// take them, one by one, without holding them.
#[derive(Default)]
struct Counted {
    files: AtomicUsize,
    bytes: AtomicUsize,
}

impl briefing::render::Sink for Counted {
    fn put(&self, file: briefing::render::OutputFile) -> std::io::Result<()> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(file.bytes.len(), Ordering::Relaxed);
        Ok(())
    }
}

/// The CPU time this process has used, user and system, from
/// `/proc/self/stat` (Linux; in clock ticks of 10 ms), which a loaded
/// machine disturbs less than wall time; zero elsewhere.
fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command's name, which is in parentheses.
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|n| n.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}
