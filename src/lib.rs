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
//! and `serve` drive rebuilds during editing.

// A `Diagnostic` (the pipeline's error value) is ~150 bytes; it is built only
// on the failure path, so boxing it would add noise and save nothing.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod cli;
pub mod diagnostics;
pub mod load;
pub mod model;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod watch;
pub mod write;
