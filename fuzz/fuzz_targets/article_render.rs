//! The whole article path: a fuzzed seed (plain text or Markdown) with a
//! claim quoting part of it, loaded, resolved against fixed entities and
//! sources (mentions, citations, quotes, footnotes) and rendered with the
//! built-in theme through `briefing::build::generate`. The article page must
//! hold no script, no event handler and no unsafe link.
#![no_main]

#[path = "common.rs"]
mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use briefing::build::{self, Timings};
use briefing::diagnostics::Diagnostics;
use briefing::render::Collect;
use libfuzzer_sys::fuzz_target;

const SITE: &str = "title: Fuzz\nbase_url: https://example.org/\n";
const SOURCES: &str =
    "tass:\n  name: TASS\n  aliases: [ТАСС]\n  url: https://tass.com/\nrutube:\n  name: RuTube\n";
const ENTITIES: &[(&str, &str)] = &[
    (
        "kamaz",
        "name: KAMAZ\nkind: company\naliases: [KamAZ, КАМАЗ]\nrelations:\n  - to: moskvich-plant\n    type: partner of\n    source: tass\n",
    ),
    (
        "moskvich-plant",
        "name: Moskvich plant\nkind: plant\naliases: [Moskvich, AZLK]\n",
    ),
    (
        "jac",
        "name: JAC\nkind: company\naliases: [\"JAC’s\", J&C]\n",
    ),
];

/// A site folder in memory-backed storage, made once per process.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let root = base.join(format!("briefing-fuzz-{}", std::process::id()));
        for dir in ["content/entities", "content/articles", "seeds"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        std::fs::write(root.join("content/site.yaml"), SITE).unwrap();
        std::fs::write(root.join("content/sources.yaml"), SOURCES).unwrap();
        for (id, text) in ENTITIES {
            std::fs::write(root.join(format!("content/entities/{id}.yaml")), text).unwrap();
        }
        root
    })
}

/// `text` as a YAML double-quoted scalar.
fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | ' ' | ',' | '.' | '-' => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, seed)) = data.split_first() else {
        return;
    };
    let root = root();
    let markdown = selector & 1 == 1;
    let (name, other) = if markdown {
        ("a.md", "a.txt")
    } else {
        ("a.txt", "a.md")
    };
    let _ = std::fs::remove_file(root.join("seeds").join(other));
    std::fs::write(root.join("seeds").join(name), seed).unwrap();
    // A claim quoting a stretch of the seed's first line, chosen by the selector.
    let first_line = String::from_utf8_lossy(seed)
        .lines()
        .find(|l| !l.trim().is_empty() && !l.contains('[') && !l.contains('\u{FFFD}'))
        .map(str::to_string);
    let mut article = format!("seed: {name}\ntitle: Fuzzed\ndate: 2022-06-18\n");
    if let Some(line) = first_line.filter(|_| !markdown) {
        let chars: Vec<char> = line.trim_start_matches("- ").trim().chars().collect();
        let start = (selector as usize >> 1) % (chars.len() + 1);
        let len = 1 + (selector as usize >> 4);
        let quote: String = chars[start..(start + len).min(chars.len())]
            .iter()
            .collect();
        if !quote.trim().is_empty() {
            article.push_str(&format!(
                "claims:\n  - quote: {}\n    status: speculative\n    entities: [kamaz]\n",
                yaml_string(&quote)
            ));
        }
    }
    std::fs::write(root.join("content/articles/fuzzed.yaml"), article).unwrap();

    let sink = Collect::default();
    let mut diagnostics = Diagnostics::new();
    let mut timings = Timings::default();
    if build::generate(root, &sink, &mut diagnostics, &mut timings).is_err() {
        assert!(diagnostics.has_errors(), "a failed build reports why");
        return;
    }
    let files = sink.into_files();
    let page = files
        .iter()
        .find(|f| f.path == "articles/fuzzed/index.html")
        .expect("the article page");
    let html = std::str::from_utf8(&page.bytes).expect("UTF-8 page");
    common::assert_inert(html, false);
});
