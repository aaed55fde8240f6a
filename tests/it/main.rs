//! The integration tests, in one binary: each module builds small fixture
//! sites (tests/fixtures, or written on the fly into a temp dir) and runs
//! the real `briefing` binary on them, through one harness (`common`; the
//! watch-mode tests also `dev_server`). One binary links once, instead of
//! once per file. Run one module with `cargo test --test it annotate::`.

mod common;
mod dev_server;

mod annotate;
mod bad_input;
mod build;
mod charts;
mod commonmark;
mod corpus;
mod discovery;
mod entities;
mod escaping;
mod facts;
mod figures;
mod fuzz_regressions;
mod hints;
mod incremental;
mod inflection;
mod language;
mod live_reload;
mod markdown;
mod metadata;
mod onramp;
mod output_update;
mod quotes;
mod render;
mod search;
mod tutorial;
mod watch;
mod watch_faults;
