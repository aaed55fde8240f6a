//! Stage 4, write: put the rendered files on disk without ever leaving a
//! half-written site.
//!
//! The new site is written to a staging folder beside the output folder.
//! Files whose bytes are unchanged are hard-linked from the previous output
//! instead of written again (cheap, and their modification times stay put).
//! Only when every file is in place is the staging folder swapped in; on any
//! failure it is removed and the previous output is left exactly as it was.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::render::{OutputFile, Sink};

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
    /// Files whose content differs from the previous output (or are new).
    pub changed: usize,
}

/// A new site being written beside `output`; becomes `output` on `commit`,
/// and disappears if dropped uncommitted (so a failed build leaves nothing).
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    parent: PathBuf,
    name: String,
    written: Mutex<Written>,
    committed: bool,
}

#[derive(Default)]
struct Written {
    stats: WriteStats,
    fingerprints: BTreeMap<String, u64>,
    dirs: HashSet<PathBuf>,
}

impl Staging {
    pub fn begin(output: &Path) -> io::Result<Staging> {
        let parent = parent_of(output);
        fs::create_dir_all(&parent)?;
        if output.exists() && !output.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", output.display()),
            ));
        }
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            parent,
            name,
            written: Mutex::new(Written::default()),
            committed: false,
        })
    }

    /// Swaps the staged site in; returns what was written and each file's hash.
    pub fn commit(mut self) -> io::Result<(WriteStats, BTreeMap<String, u64>)> {
        swap(&self.dir, &self.output, &self.parent, &self.name)?;
        self.committed = true;
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|p| p.into_inner()));
        Ok((written.stats, written.fingerprints))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    /// Writes one file, or hard-links it from the previous output when its
    /// bytes are unchanged.
    fn put(&self, file: OutputFile) -> io::Result<()> {
        let relative = safe_relative(&file.path)?;
        let target = self.dir.join(&relative);
        if let Some(dir) = target.parent() {
            let new_dir = self
                .written
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .dirs
                .insert(dir.to_path_buf());
            if new_dir {
                fs::create_dir_all(dir)?;
            }
        }
        let old = self.output.join(&relative);
        let unchanged = fs::metadata(&old).is_ok_and(|m| m.len() == file.bytes.len() as u64)
            && fs::read(&old).is_ok_and(|bytes| bytes == file.bytes);
        if !(unchanged && fs::hard_link(&old, &target).is_ok()) {
            fs::write(&target, &file.bytes)?;
        }
        let hash = xxhash_rust::xxh3::xxh3_64(&file.bytes);
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        written.stats.files += 1;
        written.stats.bytes += file.bytes.len() as u64;
        written.stats.changed += usize::from(!unchanged);
        written.fingerprints.insert(file.path, hash);
        Ok(())
    }
}

/// Writes `files` as the new content of `output` (through a staging folder).
pub fn write_site(output: &Path, files: &[OutputFile]) -> io::Result<WriteStats> {
    let staging = Staging::begin(output)?;
    for file in files {
        staging.put(file.clone())?;
    }
    staging.commit().map(|(stats, _)| stats)
}

fn parent_of(output: &Path) -> PathBuf {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Refuses output paths that could leave the output folder.
fn safe_relative(path: &str) -> io::Result<PathBuf> {
    let relative = PathBuf::from(path);
    let ok = !path.is_empty()
        && relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if ok {
        Ok(relative)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {path}"),
        ))
    }
}

/// Puts `staging` where `output` is, moving the old output aside first.
fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if output.exists() {
        if !output.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", output.display()),
            ));
        }
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&old);
        fs::rename(output, &old)?;
        if let Err(error) = fs::rename(staging, output) {
            let _ = fs::rename(&old, output);
            return Err(error);
        }
        let _ = fs::remove_dir_all(&old);
        Ok(())
    } else {
        fs::rename(staging, output)
    }
}

/// Brings an output folder that holds `previous` (path → hash of bytes) up
/// to date: writes the `files` whose bytes changed, each atomically (a
/// temporary file renamed into place, so a server never sees half a file),
/// and removes files that are not among `outputs` (every path of the new
/// site, including those not re-rendered). Returns the paths written and
/// removed, and what the folder holds now.
pub fn update_in_place(
    output: &Path,
    previous: &BTreeMap<String, u64>,
    files: &[OutputFile],
    outputs: &[String],
) -> io::Result<Updated> {
    let keep: HashSet<&str> = outputs.iter().map(String::as_str).collect();
    let mut now: BTreeMap<String, u64> = previous
        .iter()
        .filter(|(path, _)| keep.contains(path.as_str()))
        .map(|(p, h)| (p.clone(), *h))
        .collect();
    let mut written = Vec::new();
    for file in files {
        let hash = xxhash_rust::xxh3::xxh3_64(&file.bytes);
        if previous.get(&file.path) != Some(&hash) {
            write_atomically(output, file)?;
            written.push(file.path.clone());
        }
        now.insert(file.path.clone(), hash);
    }
    let mut removed = Vec::new();
    for path in previous.keys().filter(|p| !keep.contains(p.as_str())) {
        let target = output.join(safe_relative(path)?);
        match fs::remove_file(&target) {
            Ok(()) => {
                remove_empty_parents(output, &target);
                removed.push(path.clone());
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
    }
    Ok(Updated {
        written,
        removed,
        holds: now,
    })
}

/// What `update_in_place` did.
pub struct Updated {
    pub written: Vec<String>,
    pub removed: Vec<String>,
    /// Path → hash of bytes of every file the output folder holds now.
    pub holds: BTreeMap<String, u64>,
}

fn write_atomically(output: &Path, file: &OutputFile) -> io::Result<()> {
    let target = output.join(safe_relative(&file.path)?);
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir)?;
    }
    let temporary = target.with_file_name(format!(
        ".{}.tmp-{}",
        target
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    fs::write(&temporary, &file.bytes)?;
    fs::rename(&temporary, &target)
}

fn remove_empty_parents(output: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == output || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_then_replaces_and_counts_changes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first =
            write_site(&out, &[file("index.html", "a"), file("x/index.html", "b")]).unwrap();
        assert_eq!(first.changed, 2);
        let second = write_site(&out, &[file("index.html", "a"), file("y.txt", "c")]).unwrap();
        assert_eq!((second.files, second.changed), (2, 1));
        assert!(!out.join("x").exists(), "files no longer produced are gone");
        assert_eq!(fs::read_to_string(out.join("y.txt")).unwrap(), "c");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn paths_that_escape_are_refused_and_the_old_output_stays() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "old")]).unwrap();
        assert!(write_site(&out, &[file("index.html", "new"), file("../evil", "x")]).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    }
}
