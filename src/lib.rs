//! briefing: a static site generator for industry briefings.
//!
//! The pipeline runs in stages, each in its own module, and data flows one
//! way through plain structs:
//!
//! `load` (read files) → `resolve` (check references, find mentions,
//! number citations) → `render` (pages as pure functions of the resolved
//! site) → `write` (stage the output and swap it in).
//!
//! `build` ties the stages together; `cli` is the command line; `watch`
//! and `serve` drive rebuilds during editing; `init` writes a sample site.

// A `Diagnostic` (the pipeline's error value) is ~150 bytes; it is built only
// on the failure path, so boxing it would add noise and save nothing.
#![allow(clippy::result_large_err)]

// Printing never panics: a closed pipe (`briefing build 2>&1 | head -1`)
// must not turn a content error into a crash. Declared before the modules
// so every module can use them.
macro_rules! say_err {
    ($($arg:tt)*) => {{
        let _ = std::io::Write::write_fmt(&mut std::io::stderr(), format_args!("{}\n", format_args!($($arg)*)));
    }};
}
macro_rules! say_err_raw {
    ($($arg:tt)*) => {{
        let _ = std::io::Write::write_fmt(&mut std::io::stderr(), format_args!($($arg)*));
    }};
}
macro_rules! say_out {
    ($($arg:tt)*) => {{
        let _ = std::io::Write::write_fmt(&mut std::io::stdout(), format_args!("{}\n", format_args!($($arg)*)));
    }};
}

pub mod annotate;
pub mod build;
pub mod cli;
pub mod detect;
pub mod diagnostics;
pub mod i18n;
pub mod init;
pub mod inputs;
pub mod load;
pub mod markup;
pub mod model;
pub mod render;
pub mod resolve;
pub mod routes;
pub mod search;
pub mod serve;
pub mod text;
pub mod watch;
pub mod write;
