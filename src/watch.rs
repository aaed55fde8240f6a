//! `briefing watch`: build, then rebuild on every change. (Filled in by the watch issue.)

use std::net::IpAddr;
use std::path::Path;
use std::process::ExitCode;

pub fn run(root: &Path, output: &Path, serve: Option<(IpAddr, u16)>) -> ExitCode {
    let _ = (root, output, serve);
    eprintln!("error: watch is not available yet");
    ExitCode::from(2)
}
