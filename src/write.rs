//! Stage 4, write: put the rendered files on disk without ever leaving a
//! half-written site.
//!
//! Every file is first written to a staging folder beside the output folder;
//! nothing in the output changes until every file has been rendered and
//! staged. Then:
//!
//! - with no output yet, the staging folder is renamed into place;
//! - with an output, only the files whose bytes changed were staged. Each
//!   is renamed over its old version, which is kept in a backup folder, and
//!   files no longer produced are moved to the backup too. If any step
//!   fails, every step done is undone, so the output is as it was (should
//!   undoing fail too, the backup stays and the error names it). A rebuild
//!   that changes nothing writes and deletes nothing, and unchanged files
//!   keep their modification times. Where the output has a folder in the
//!   way of a file (or a file, or a link, where the site needs a folder), a
//!   complete tree is staged and swapped in instead.
//!
//! On any failure before that, the staging folder is removed and the
//! previous output is left exactly as it was. Builds into one output take
//! turns: each holds a lock on the output's parent folder.
//!
//! Watch mode writes its few changed files in place instead
//! ([`update_in_place`]), each atomically; if that fails, the session
//! rebuilds through a staging folder.

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
    /// An output existed when staging began: only changed files are staged,
    /// under numbered names, and applied to it on commit.
    update: bool,
    written: Mutex<Written>,
    committed: bool,
    /// Held until the staging is dropped: one build at a time per output.
    _lock: Option<fs::File>,
}

#[derive(Default)]
struct Written {
    stats: WriteStats,
    fingerprints: BTreeMap<String, u64>,
    dirs: HashSet<PathBuf>,
    /// Files staged for an update: output path and staged file.
    staged: Vec<(String, PathBuf)>,
}

impl Staging {
    pub fn begin(output: &Path) -> io::Result<Staging> {
        let parent = parent_of(output);
        fs::create_dir_all(&parent)?;
        let lock = lock_output(output);
        let update = match fs::symlink_metadata(output) {
            Ok(meta) if meta.is_dir() => true,
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} exists and is not a folder", output.display()),
                ));
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => false,
            Err(error) => return Err(error),
        };
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        if lock.is_some() {
            remove_abandoned_staging(&parent, &name);
        }
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            parent,
            name,
            update,
            written: Mutex::new(Written::default()),
            committed: false,
            _lock: lock,
        })
    }

    /// Puts the staged site in place; returns what was written and each
    /// file's hash.
    pub fn commit(mut self) -> io::Result<(WriteStats, BTreeMap<String, u64>)> {
        let written = std::mem::take(&mut *self.written());
        if self.update {
            self.apply_update(&written)?;
        } else {
            swap(&self.dir, &self.output, &self.parent, &self.name)?;
        }
        self.committed = true;
        Ok((written.stats, written.fingerprints))
    }

    /// Applies the staged changes to the existing output, or, where a new
    /// file and an old folder (or the reverse) share a path, swaps in a
    /// complete copy of the new site instead.
    fn apply_update(&self, written: &Written) -> io::Result<()> {
        let scan = scan_output(&self.output, &written.fingerprints)?;
        if scan.clash {
            let complete = self.complete_tree(written)?;
            let swapped = swap(&complete, &self.output, &self.parent, &self.name);
            if swapped.is_err() {
                let _ = fs::remove_dir_all(&complete);
            }
            return swapped;
        }
        let backup = self
            .parent
            .join(format!(".{}.old-{}", self.name, std::process::id()));
        let _ = fs::remove_dir_all(&backup);
        fs::create_dir(&backup)?;
        let mut journal = Journal {
            output: &self.output,
            backup: &backup,
            steps: Vec::new(),
        };
        let applied = written
            .staged
            .iter()
            .try_for_each(|(path, staged)| journal.replace(path, staged))
            .and_then(|()| scan.stale.iter().try_for_each(|path| journal.remove(path)));
        if let Err(error) = applied {
            if journal.undo() {
                let _ = fs::remove_dir_all(&backup);
                return Err(error);
            }
            // Some old files could not be put back: they are in the backup.
            return Err(io::Error::other(format!(
                "{error}; putting the previous files back failed too: those left are in {}",
                backup.display()
            )));
        }
        for folder in &scan.spare_folders {
            // Deepest first; a folder something else was put in stays.
            let _ = fs::remove_dir(self.output.join(folder));
        }
        let _ = fs::remove_dir_all(&backup);
        Ok(())
    }

    /// A full tree of the new site beside the output: staged files moved
    /// in, unchanged ones hard-linked (or copied) from the output.
    fn complete_tree(&self, written: &Written) -> io::Result<PathBuf> {
        let tree = self.dir.join("site");
        let staged: std::collections::HashMap<&str, &PathBuf> = written
            .staged
            .iter()
            .map(|(path, file)| (path.as_str(), file))
            .collect();
        for path in written.fingerprints.keys() {
            let target = tree.join(safe_relative(path)?);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir)?;
            }
            match staged.get(path.as_str()) {
                Some(file) => fs::rename(file, &target)?,
                None => {
                    let old = self.output.join(safe_relative(path)?);
                    if fs::hard_link(&old, &target).is_err() {
                        fs::copy(&old, &target)?;
                    }
                }
            }
        }
        Ok(tree)
    }

    /// Stages one file's bytes: under its own path for a new output, under
    /// a number for an update (no folders to create).
    fn stage(&self, path: &str, relative: &Path, bytes: &[u8]) -> io::Result<()> {
        if self.update {
            let mut written = self.written();
            let staged = self.dir.join(written.staged.len().to_string());
            written.staged.push((path.to_string(), staged.clone()));
            drop(written);
            return fs::write(&staged, bytes);
        }
        let target = self.dir.join(relative);
        if let Some(dir) = target.parent() {
            self.make_folder(dir)?;
        }
        fs::write(&target, bytes)
    }

    /// Makes a staging folder the first time a file goes into it. Not
    /// under the lock, which would make every other thread wait for the
    /// file system: two threads that both find the folder missing both
    /// create it, which `create_dir_all` allows, and it is recorded only
    /// once it exists.
    fn make_folder(&self, dir: &Path) -> io::Result<()> {
        if self.written().dirs.contains(dir) {
            return Ok(());
        }
        fs::create_dir_all(dir)?;
        self.written().dirs.insert(dir.to_path_buf());
        Ok(())
    }

    fn written(&self) -> std::sync::MutexGuard<'_, Written> {
        self.written.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed || self.update {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    /// Stages one file, unless an existing output already holds these bytes.
    fn put(&self, file: OutputFile) -> io::Result<()> {
        let relative = safe_relative(&file.path)?;
        let unchanged = self.update && holds(&self.output.join(&relative), &file.bytes);
        if !unchanged {
            self.stage(&file.path, &relative, &file.bytes)?;
        }
        let hash = xxhash_rust::xxh3::xxh3_64(&file.bytes);
        let mut written = self.written();
        written.stats.files += 1;
        written.stats.bytes += file.bytes.len() as u64;
        written.stats.changed += usize::from(!unchanged);
        written.fingerprints.insert(file.path, hash);
        Ok(())
    }
}

/// Whether `path` is a regular file holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// What an existing output holds that the new site does not.
struct Scan {
    /// Files (and links, and anything else but folders) the new site lacks.
    stale: Vec<PathBuf>,
    /// Folders no file of the new site lives in, deepest first.
    spare_folders: Vec<PathBuf>,
    /// A folder where the new site has a file, or something other than a
    /// folder (a file, a link to a folder) where it needs a folder.
    clash: bool,
}

/// Walks `output` (without following links) against the new site's paths.
fn scan_output(output: &Path, keep: &BTreeMap<String, u64>) -> io::Result<Scan> {
    let mut folders_needed: crate::model::FastSet<&str> = crate::model::FastSet::default();
    for path in keep.keys() {
        let mut rest = path.as_str();
        while let Some((parent, _)) = rest.rsplit_once('/') {
            if !folders_needed.insert(parent) {
                break;
            }
            rest = parent;
        }
    }
    let mut scan = Scan {
        stale: Vec::new(),
        spare_folders: Vec::new(),
        clash: false,
    };
    for entry in walkdir::WalkDir::new(output)
        .min_depth(1)
        .contents_first(true)
    {
        let entry = entry.map_err(io::Error::other)?;
        let relative = entry
            .path()
            .strip_prefix(output)
            .map_err(io::Error::other)?;
        // Output paths are UTF-8 with `/`; any other name is not the new site's.
        let name = relative.to_str().map(|p| p.replace('\\', "/"));
        let needed_folder = name.as_deref().is_some_and(|n| folders_needed.contains(n));
        let kept_file = name.as_deref().is_some_and(|n| keep.contains_key(n));
        if entry.file_type().is_dir() {
            scan.clash |= kept_file;
            if !needed_folder {
                scan.spare_folders.push(relative.to_path_buf());
            }
        } else {
            scan.clash |= needed_folder;
            if !kept_file {
                scan.stale.push(relative.to_path_buf());
            }
        }
    }
    Ok(scan)
}

/// The steps an update took, so that they can be undone.
struct Journal<'a> {
    output: &'a Path,
    backup: &'a Path,
    steps: Vec<Step>,
}

enum Step {
    /// A file was put at `target`; the old one, if any, is at `kept`.
    Put {
        target: PathBuf,
        kept: Option<PathBuf>,
        new_folders: Vec<PathBuf>,
    },
    /// The file at `target` was moved to `kept`.
    Removed { target: PathBuf, kept: PathBuf },
}

impl Journal<'_> {
    fn backup_name(&self) -> PathBuf {
        self.backup.join(self.steps.len().to_string())
    }

    /// Moves `staged` to `path` in the output, keeping the old file.
    fn replace(&mut self, path: &str, staged: &Path) -> io::Result<()> {
        let target = self.output.join(safe_relative(path)?);
        let kept = self.backup_name();
        let exists = fs::symlink_metadata(&target).is_ok();
        if exists {
            fs::rename(&target, &kept)?;
        }
        // Recorded before anything else can fail, so that undoing it
        // restores the old file and removes any folder made for the new one.
        self.steps.push(Step::Put {
            target: target.clone(),
            kept: exists.then_some(kept),
            new_folders: Vec::new(),
        });
        if let (false, Some(dir), Some(Step::Put { new_folders, .. })) =
            (exists, target.parent(), self.steps.last_mut())
        {
            create_folders(dir, new_folders)?;
        }
        fs::rename(staged, &target)
    }

    /// Moves a file the new site does not have into the backup.
    fn remove(&mut self, relative: &Path) -> io::Result<()> {
        let target = self.output.join(relative);
        let kept = self.backup_name();
        fs::rename(&target, &kept)?;
        self.steps.push(Step::Removed { target, kept });
        Ok(())
    }

    /// Undoes every step, newest first; false if any could not be undone.
    fn undo(self) -> bool {
        let mut all = true;
        for step in self.steps.into_iter().rev() {
            match step {
                Step::Put {
                    target,
                    kept,
                    new_folders,
                } => {
                    all &= match kept {
                        Some(kept) => fs::rename(kept, &target).is_ok(),
                        None => fs::remove_file(&target)
                            .or_else(|e| match e.kind() {
                                io::ErrorKind::NotFound => Ok(()),
                                _ => Err(e),
                            })
                            .is_ok(),
                    };
                    for folder in new_folders.iter().rev() {
                        all &= fs::remove_dir(folder).is_ok();
                    }
                }
                Step::Removed { target, kept } => all &= fs::rename(kept, target).is_ok(),
            }
        }
        all
    }
}

/// Creates `dir` and its missing parents, adding each it created to
/// `created`, outermost first.
fn create_folders(dir: &Path, created: &mut Vec<PathBuf>) -> io::Result<()> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|d| fs::symlink_metadata(d).is_err())
        .map(Path::to_path_buf)
        .collect();
    for folder in missing.into_iter().rev() {
        fs::create_dir(&folder)?;
        created.push(folder);
    }
    Ok(())
}

/// Writes `files` as the new content of `output` (through a staging folder).
pub fn write_site(output: &Path, files: &[OutputFile]) -> io::Result<WriteStats> {
    let staging = Staging::begin(output)?;
    for file in files {
        staging.put(file.clone())?;
    }
    staging.commit().map(|(stats, _)| stats)
}

/// Removes staging folders of this output left by builds that were killed.
/// Only called with the lock held: no other build is using one. (Backup
/// folders, `.<name>.old-<pid>`, are left: after a build killed while
/// applying its changes, one may hold the only copy of old files.)
fn remove_abandoned_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let abandoned = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if abandoned && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Locks the folder the output lives in, so that two builds into it (two
/// commands, or a build beside `watch`) take turns instead of interleaving
/// their changes. Best effort: where the file system has no locks, no lock.
pub fn lock_output(output: &Path) -> Option<fs::File> {
    let folder = fs::File::open(parent_of(output)).ok()?;
    folder.lock().ok()?;
    Some(folder)
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
/// site, including those not re-rendered; `None` when they are the paths
/// the folder holds already, so nothing is stale). Returns the paths
/// written and removed, and what the folder holds now.
pub fn update_in_place(
    output: &Path,
    previous: BTreeMap<String, u64>,
    files: &[OutputFile],
    outputs: Option<&[String]>,
) -> io::Result<Updated> {
    let mut holds = previous;
    // The changed files first: they are what the person editing waits for.
    let mut written = Vec::new();
    for file in files {
        let hash = xxhash_rust::xxh3::xxh3_64(&file.bytes);
        if holds.get(&file.path) != Some(&hash) {
            write_atomically(output, file)?;
            written.push(file.path.clone());
            holds.insert(file.path.clone(), hash);
        }
    }
    let stale: Vec<String> = match outputs {
        Some(outputs) => {
            let keep: crate::model::FastSet<&str> = outputs.iter().map(String::as_str).collect();
            holds
                .keys()
                .filter(|path| !keep.contains(path.as_str()))
                .cloned()
                .collect()
        }
        None => Vec::new(),
    };
    let mut removed = Vec::new();
    for path in stale {
        holds.remove(&path);
        let target = output.join(safe_relative(&path)?);
        match fs::remove_file(&target) {
            Ok(()) => {
                remove_empty_parents(output, &target);
                removed.push(path);
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
    }
    Ok(Updated {
        written,
        removed,
        holds,
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
    let written = fs::write(&temporary, &file.bytes).and_then(|()| fs::rename(&temporary, &target));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
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
    fn threads_putting_files_into_the_same_new_folders_all_land() {
        use rayon::prelude::*;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        let paths: Vec<String> = (0..400)
            .map(|i| format!("s{}/t{}/f{i}.html", i % 3, i % 7))
            .collect();
        paths
            .par_iter()
            .try_for_each(|path| staging.put(file(path, path)))
            .unwrap();
        let (stats, _) = staging.commit().unwrap();
        assert_eq!(stats.files, 400);
        for path in &paths {
            assert_eq!(fs::read_to_string(out.join(path)).unwrap(), *path);
        }
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
