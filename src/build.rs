//! The pipeline, end to end: load → resolve → render → write. The CLI, the
//! watcher and the tests all build through here.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics, Place};
use crate::load::{self, Project};
use crate::render::{self, OutputFile, Templates};
use crate::resolve::{self, Site};
use crate::write::{self, WriteStats};

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the site's files (exit code 1).
    Content,
    /// The file system or the command line got in the way (exit code 2).
    Io(String),
}

/// Time spent in each stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub load: Duration,
    pub resolve: Duration,
    pub render: Duration,
    pub write: Duration,
}

/// The outcome of generating a site in memory.
pub struct Generated {
    pub project: Project,
    pub site: Site,
    pub files: Vec<OutputFile>,
}

/// Everything a run reports.
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub result: Result<Option<WriteStats>, Failure>,
    pub timings: Timings,
    pub pages: usize,
}

/// Loads, resolves and renders the site at `root`, writing nothing.
pub fn generate(
    root: &Path,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Generated, Failure> {
    let started = Instant::now();
    let (project, problems) = load::load(root).map_err(|e| Failure::Io(e.0))?;
    diagnostics.extend(problems);
    timings.load = started.elapsed();

    let started = Instant::now();
    let site = resolve::resolve(&project, diagnostics);
    for seed in &site.unpublished_seeds {
        diagnostics.push(
            Diagnostic::warning(
                "seed is not published: no annotation in content/articles/ names it",
            )
            .at(Place::file(seed)),
        );
    }
    timings.resolve = started.elapsed();
    let templates = Templates::new(&project.templates);
    if diagnostics.has_errors() {
        if let Err(problems) = templates {
            diagnostics.extend(problems);
        }
        return Err(Failure::Content);
    }
    let templates = templates.map_err(|problems| {
        diagnostics.extend(problems);
        Failure::Content
    })?;

    let started = Instant::now();
    let statics = read_static(&project)?;
    let files = render::render_site(&site, &templates, statics).map_err(|problems| {
        diagnostics.extend(problems);
        Failure::Content
    })?;
    timings.render = started.elapsed();
    Ok(Generated {
        project,
        site,
        files,
    })
}

fn read_static(project: &Project) -> Result<Vec<(PathBuf, Vec<u8>)>, Failure> {
    project
        .static_files
        .iter()
        .map(|(relative, absolute)| {
            std::fs::read(absolute)
                .map(|bytes| (relative.clone(), bytes))
                .map_err(|e| Failure::Io(format!("cannot read {}: {e}", absolute.display())))
        })
        .collect()
}

/// Builds the site at `root` into `output` (or only checks it when `output` is `None`).
pub fn run(root: &Path, output: Option<&Path>) -> Report {
    let mut diagnostics = Diagnostics::new();
    let mut timings = Timings::default();
    let generated = generate(root, &mut diagnostics, &mut timings);
    let mut pages = 0;
    if output.is_none() {
        // `check` also helps curators: unused aliases, unmentioned entities, unmatched names.
        if let Ok(generated) = &generated {
            diagnostics.extend(resolve::curation::warnings(
                &generated.project,
                &generated.site,
            ));
        }
    }
    let result = generated.and_then(|generated| {
        pages = generated
            .files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count();
        let Some(output) = output else {
            return Ok(None);
        };
        check_output_location(root, output)?;
        let started = Instant::now();
        let stats = write::write_site(output, &generated.files)
            .map_err(|e| Failure::Io(format!("cannot write {}: {e}", output.display())))?;
        timings.write = started.elapsed();
        Ok(Some(stats))
    });
    Report {
        diagnostics: diagnostics.into_sorted(),
        result,
        timings,
        pages,
    }
}

/// The output folder is replaced on every build: it must not be the site
/// itself, hold it, or sit inside its sources.
pub fn check_output_location(root: &Path, output: &Path) -> Result<(), Failure> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let root = absolute(root);
    let output = absolute(output);
    let clash = root.starts_with(&output)
        || ["content", "seeds", "templates", "src"]
            .iter()
            .any(|dir| output.starts_with(root.join(dir)));
    if clash {
        return Err(Failure::Io(format!(
            "refusing to use {} as the output folder: it would replace the site's own files",
            output.display()
        )));
    }
    Ok(())
}

/// A site rebuilt again and again (watch mode): remembers what the output
/// folder holds so each rebuild writes only the files whose bytes changed.
pub struct Session {
    root: PathBuf,
    output: PathBuf,
    /// What the output folder holds after the last good build.
    on_disk: Option<std::collections::BTreeMap<String, u64>>,
}

/// What one rebuild did.
pub struct Rebuild {
    pub diagnostics: Vec<Diagnostic>,
    /// Files written and removed, or why nothing was.
    pub result: Result<(Vec<String>, Vec<String>), Failure>,
    pub pages: usize,
    pub elapsed: Duration,
}

impl Session {
    pub fn new(root: &Path, output: &Path) -> Session {
        Session {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            on_disk: None,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn output(&self) -> &Path {
        &self.output
    }

    /// Rebuilds after `changed` files (paths under the root; empty means
    /// "everything"). A failed rebuild leaves the output as it was.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuild {
        let _ = changed; // every rebuild regenerates in memory; only changed files are written
        let started = Instant::now();
        let mut diagnostics = Diagnostics::new();
        let mut timings = Timings::default();
        let mut pages = 0;
        let result = generate(&self.root, &mut diagnostics, &mut timings).and_then(|generated| {
            pages = generated
                .files
                .iter()
                .filter(|f| f.path.ends_with(".html"))
                .count();
            check_output_location(&self.root, &self.output)?;
            let io = |e: std::io::Error| {
                Failure::Io(format!("cannot write {}: {e}", self.output.display()))
            };
            let outcome = match &self.on_disk {
                Some(previous) => {
                    write::update_in_place(&self.output, previous, &generated.files).map_err(io)?
                }
                None => {
                    write::write_site(&self.output, &generated.files).map_err(io)?;
                    (
                        generated.files.iter().map(|f| f.path.clone()).collect(),
                        Vec::new(),
                    )
                }
            };
            self.on_disk = Some(write::fingerprint(&generated.files));
            Ok(outcome)
        });
        Rebuild {
            diagnostics: diagnostics.into_sorted(),
            result,
            pages,
            elapsed: started.elapsed(),
        }
    }
}
