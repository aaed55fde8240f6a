//! `briefing init [DIR]`: writes a small sample briefing to start from (a
//! seed, its annotation, four entities, a source, a fact, a claim and an
//! about page), every YAML key commented, which `briefing check` passes
//! without a warning. `--theme` also copies the built-in theme into
//! `DIR/templates/` to customise it.
//!
//! `--language ru` writes the same briefing in Russian (`src/init/starter-ru/`).
//!
//! The sample's files live in `src/init/starter/` and are compiled in. A
//! folder with anything but hidden files in it (`.git`) is refused unless
//! `--force`; with it, files of the sample's names are overwritten and
//! reported, and nothing else is touched.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::render::templates::{BUILTIN_STATIC, BUILTIN_TEMPLATES};

/// The sample briefing: (path in the new folder, contents).
const STARTER: [(&str, &str); 10] = [
    (".gitignore", include_str!("init/starter/gitignore")),
    (
        "content/site.yaml",
        include_str!("init/starter/content/site.yaml"),
    ),
    (
        "content/sources.yaml",
        include_str!("init/starter/content/sources.yaml"),
    ),
    (
        "content/entities/northbay-ferries.yaml",
        include_str!("init/starter/content/entities/northbay-ferries.yaml"),
    ),
    (
        "content/entities/elena-marsh.yaml",
        include_str!("init/starter/content/entities/elena-marsh.yaml"),
    ),
    (
        "content/entities/tidewater-yard.yaml",
        include_str!("init/starter/content/entities/tidewater-yard.yaml"),
    ),
    (
        "content/entities/harbour-town.yaml",
        include_str!("init/starter/content/entities/harbour-town.yaml"),
    ),
    (
        "content/articles/northbay-goes-electric.yaml",
        include_str!("init/starter/content/articles/northbay-goes-electric.yaml"),
    ),
    (
        "content/pages/about.md",
        include_str!("init/starter/content/pages/about.md"),
    ),
    (
        "seeds/northbay-ferries.txt",
        include_str!("init/starter/seeds/northbay-ferries.txt"),
    ),
];

/// The Russian sample (`--language ru`): the same briefing, in Russian.
const STARTER_RU: [(&str, &str); 10] = [
    (".gitignore", include_str!("init/starter-ru/gitignore")),
    (
        "content/site.yaml",
        include_str!("init/starter-ru/content/site.yaml"),
    ),
    (
        "content/sources.yaml",
        include_str!("init/starter-ru/content/sources.yaml"),
    ),
    (
        "content/entities/severny-parom.yaml",
        include_str!("init/starter-ru/content/entities/severny-parom.yaml"),
    ),
    (
        "content/entities/elena-morozova.yaml",
        include_str!("init/starter-ru/content/entities/elena-morozova.yaml"),
    ),
    (
        "content/entities/verf-priliv.yaml",
        include_str!("init/starter-ru/content/entities/verf-priliv.yaml"),
    ),
    (
        "content/entities/gavan.yaml",
        include_str!("init/starter-ru/content/entities/gavan.yaml"),
    ),
    (
        "content/articles/severny-parom-na-akkumulyatorakh.yaml",
        include_str!("init/starter-ru/content/articles/severny-parom-na-akkumulyatorakh.yaml"),
    ),
    (
        "content/pages/about.md",
        include_str!("init/starter-ru/content/pages/about.md"),
    ),
    (
        "seeds/severny-parom.txt",
        include_str!("init/starter-ru/seeds/severny-parom.txt"),
    ),
];

/// The languages a sample is written in.
pub const LANGUAGES: [&str; 2] = ["en", "ru"];

/// Writes the sample into `dir`, in `language` (`en` or `ru`); exit 0, or 2
/// when the folder is not empty (without `force`), the language has no
/// sample, or a file cannot be written.
pub fn run(dir: &Path, force: bool, theme: bool, language: &str) -> ExitCode {
    let Some(starter) = starter(language) else {
        say_err!("error: there is no sample briefing in the language `{language}`");
        say_err!(
            "  = help: `--language` takes {}; set `language:` in content/site.yaml afterwards for any other",
            LANGUAGES.join(" or ")
        );
        return ExitCode::from(2);
    };
    let files = files(theme, starter);
    if dir.exists() && !dir.is_dir() {
        say_err!("error: `{}` is not a folder", dir.display());
        return ExitCode::from(2);
    }
    if !force && let Err(message) = check_empty(dir, &files) {
        say_err!("error: {message}");
        say_err!(
            "  = help: use `briefing init --force {}` to write the sample there anyway \
             (files of the same names are overwritten; nothing else is touched)",
            dir.display()
        );
        return ExitCode::from(2);
    }
    match write_all(dir, &files) {
        Ok(overwritten) => {
            report(dir, &files, &overwritten);
            ExitCode::SUCCESS
        }
        Err(message) => {
            say_err!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Every file `init` writes: the sample, and with `theme` the built-in
/// templates and static files.
fn files(theme: bool, starter: &[(&str, &'static str)]) -> Vec<(PathBuf, &'static [u8])> {
    let mut files: Vec<(PathBuf, &'static [u8])> = starter
        .iter()
        .map(|(path, text)| (PathBuf::from(path), text.as_bytes()))
        .collect();
    if theme {
        let templates = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| (Path::new("templates").join(name), text.as_bytes()));
        let statics = BUILTIN_STATIC
            .iter()
            .map(|(name, bytes)| (Path::new("templates/static").join(name), *bytes));
        let tables = crate::i18n::BUILTIN.iter().map(|(lang, text)| {
            (
                Path::new("templates/i18n").join(format!("{lang}.yaml")),
                text.as_bytes(),
            )
        });
        files.extend(templates.chain(statics).chain(tables));
    }
    files
}

/// The sample's files in `language` (a BCP 47 tag; its primary subtag).
fn starter(language: &str) -> Option<&'static [(&'static str, &'static str)]> {
    match crate::i18n::primary(language).as_str() {
        "en" => Some(&STARTER),
        "ru" => Some(&STARTER_RU),
        _ => None,
    }
}

/// Refuses a folder holding anything but hidden entries (a fresh `.git` is
/// fine), or any file `init` would write.
fn check_empty(dir: &Path, files: &[(PathBuf, &[u8])]) -> Result<(), String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(format!("cannot read `{}`: {error}", dir.display())),
    };
    let visible = entries
        .filter_map(Result::ok)
        .any(|entry| !entry.file_name().to_string_lossy().starts_with('.'));
    let clash = files.iter().any(|(path, _)| dir.join(path).exists());
    if visible || clash {
        return Err(format!("`{}` is not empty", dir.display()));
    }
    Ok(())
}

/// Writes every file; returns those that existed before.
fn write_all(dir: &Path, files: &[(PathBuf, &[u8])]) -> Result<Vec<PathBuf>, String> {
    let mut overwritten = Vec::new();
    for (relative, bytes) in files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        if path.is_dir() {
            return Err(format!(
                "cannot write {}: a folder is in the way",
                path.display()
            ));
        }
        if path.exists() {
            overwritten.push(relative.clone());
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(overwritten)
}

fn report(dir: &Path, files: &[(PathBuf, &[u8])], overwritten: &[PathBuf]) {
    say_out!("created a sample briefing in {}:", dir.display());
    for (path, _) in files {
        let note = if overwritten.contains(path) {
            " (overwritten)"
        } else {
            ""
        };
        say_out!("  {}{note}", path.display());
    }
    if !overwritten.is_empty() {
        say_out!(
            "overwrote {} existing file{}; nothing else was changed",
            overwritten.len(),
            if overwritten.len() == 1 { "" } else { "s" }
        );
    }
    say_out!("next:");
    if dir != Path::new(".") {
        say_out!("  cd {}", shell_word(dir));
    }
    say_out!(
        "  briefing serve      # builds, serves http://127.0.0.1:1111/ and rebuilds on every save"
    );
    say_out!("  briefing check      # lists problems and hints");
    say_out!("  briefing build      # writes the site into public/");
}

/// `dir` as it can be typed in a shell (quoted when it has to be).
fn shell_word(dir: &Path) -> String {
    let text = dir.display().to_string();
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./~+".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
