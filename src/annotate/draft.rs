//! Turning a [`Plan`] into YAML: the article draft, entity stubs and the
//! sources patch, printed or written (never over an existing file without
//! `--force`; an annotated seed gets its proposals as a comment block).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{ArticleDraft, EntityDraft, FactDraft, Failure, Options, Outcome, Plan, SourceDraft};
use crate::model::PLACEHOLDER;

/// The line that opens a block of proposals appended to an annotation.
const BLOCK_START: &str = "# --- proposed by `briefing annotate`: not yet in this annotation ---";

pub fn carry_out(root: &Path, plan: &Plan, options: &Options) -> Result<Outcome, Failure> {
    let mut outcome = Outcome::default();
    for article in &plan.articles {
        let stubs: Vec<&EntityDraft> = plan
            .entities
            .iter()
            .filter(|e| article.new_entities.contains(&e.candidate.id))
            .collect();
        match (&article.existing, options.force) {
            (Some(path), false) => {
                let block = proposals_block(article, &stubs, plan, options);
                if block.is_empty() && !options.write {
                    outcome
                        .notes
                        .push(format!("nothing to propose for {}", path.display()));
                } else if options.write {
                    append_block(root, path, &block, &mut outcome)?;
                } else {
                    print_file(
                        &mut outcome,
                        path,
                        "proposals for the existing annotation",
                        &block,
                    );
                }
            }
            _ => {
                let path = crate::inputs::article_file(&article.slug);
                let text = article_text(article, &stubs, plan, options);
                emit(
                    root,
                    &path,
                    &text,
                    options,
                    &mut outcome,
                    "draft annotation",
                )?;
            }
        }
    }
    for entity in plan.entities.iter().filter(|e| !e.comment_only) {
        let path = crate::inputs::entity_file(&entity.candidate.id);
        emit(
            root,
            &path,
            &entity_text(entity, options),
            options,
            &mut outcome,
            "new entity",
        )?;
    }
    let sources: Vec<&SourceDraft> = plan
        .sources
        .iter()
        .filter(|s| !(options.write && s.comment_only))
        .collect();
    if !sources.is_empty() {
        let path = PathBuf::from(crate::inputs::SOURCES_FILE);
        let patch = sources_patch(&sources);
        if options.write {
            append(root, &path, &patch)?;
            outcome.notes.push(format!(
                "added {} source(s) to {}: check their names, or make them aliases of the closest existing source",
                sources.len(),
                path.display()
            ));
        } else {
            print_file(&mut outcome, &path, "to append", &patch);
        }
    }
    Ok(outcome)
}

fn print_file(outcome: &mut Outcome, path: &Path, what: &str, text: &str) {
    let _ = writeln!(outcome.printed, "# ==> {} ({what})", path.display());
    outcome.printed.push_str(text);
    outcome.printed.push('\n');
}

/// Prints a new file, or writes it unless it exists (then only with `--force`).
fn emit(
    root: &Path,
    path: &Path,
    text: &str,
    options: &Options,
    outcome: &mut Outcome,
    what: &str,
) -> Result<(), Failure> {
    if !options.write {
        print_file(outcome, path, what, text);
        return Ok(());
    }
    let full = root.join(path);
    if full.exists() && !options.force {
        outcome.skipped = true;
        outcome.notes.push(format!(
            "skipped {}: it exists (use --force to replace it)",
            path.display()
        ));
        return Ok(());
    }
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure(format!("cannot create {}: {e}", parent.display())))?;
    }
    std::fs::write(&full, text)
        .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))?;
    outcome
        .notes
        .push(format!("wrote {} ({what})", path.display()));
    Ok(())
}

fn append_block(
    root: &Path,
    path: &Path,
    block: &str,
    outcome: &mut Outcome,
) -> Result<(), Failure> {
    let full = root.join(path);
    let current = std::fs::read_to_string(&full)
        .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?;
    if block.is_empty() {
        outcome
            .notes
            .push(format!("nothing to propose for {}", path.display()));
    } else if current.contains(block) {
        outcome
            .notes
            .push(format!("{} already holds these proposals", path.display()));
    } else {
        append(root, path, block)?;
        outcome.notes.push(format!(
            "appended proposals to {} as comments",
            path.display()
        ));
    }
    Ok(())
}

/// Appends `text` to a file, on a line of its own (creating the file if needed).
fn append(root: &Path, path: &Path, text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let full = root.join(path);
    let current = std::fs::read_to_string(&full).unwrap_or_default();
    let separator = if current.is_empty() || current.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&full)
        .map_err(|e| Failure(format!("cannot open {}: {e}", path.display())))?;
    write!(file, "{separator}{text}")
        .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))
}

/// A YAML double-quoted string.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

fn article_text(
    article: &ArticleDraft,
    stubs: &[&EntityDraft],
    plan: &Plan,
    options: &Options,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Draft by `briefing annotate` from {}: review every line, then run `briefing check`.",
        article.seed_path.display()
    );
    let _ = writeln!(out, "seed: {}", quoted(&article.seed));
    let _ = writeln!(out, "title: {}", quoted(&article.title));
    match options.date {
        Some(date) => {
            let _ = writeln!(out, "date: {}", date.iso());
        }
        None => {
            let _ = writeln!(
                out,
                "date: {PLACEHOLDER} # the article's date, YYYY-MM-DD: `briefing check` fails until it is filled in"
            );
        }
    }
    out.push_str("# summary: one or two sentences for lists and the feed\n# tags: []\n");
    context_comments(&mut out, article, stubs, plan, "# ");
    if article.claims.is_empty() {
        out.push_str("claims: []\n");
    } else {
        out.push_str("claims:\n");
        for claim in &article.claims {
            let _ = writeln!(out, "  - quote: {}", quoted(&claim.quote));
            let _ = writeln!(out, "    status: {}", claim.status.as_str());
            if !claim.entities.is_empty() {
                let _ = writeln!(out, "    entities: [{}]", claim.entities.join(", "));
            }
        }
    }
    loose_facts(&mut out, article);
    out
}

/// Comment lines on citations, entities found and entities proposed.
fn context_comments(
    out: &mut String,
    article: &ArticleDraft,
    stubs: &[&EntityDraft],
    plan: &Plan,
    prefix: &str,
) {
    if article.citations.is_empty() {
        let _ = writeln!(out, "{prefix}Citations: none in the seed.");
    } else {
        let _ = writeln!(out, "{prefix}Citations:");
    }
    let mut listed: Vec<&str> = Vec::new();
    for cited in &article.citations {
        if listed.contains(&cited.name.as_str()) {
            continue;
        }
        listed.push(&cited.name);
        let _ = match (
            &cited.source,
            plan.sources.iter().find(|s| s.name == cited.name),
        ) {
            (Some(id), _) => writeln!(out, "{prefix}  [Citation: {}] -> {id}", cited.name),
            (None, proposed) => writeln!(
                out,
                "{prefix}  [Citation: {}] (line {}) names no source{}{}",
                cited.name,
                cited.line,
                cited
                    .closest
                    .as_ref()
                    .map(|(id, name)| format!("; closest: `{id}` ({name})"))
                    .unwrap_or_default(),
                proposed
                    .map(|s| format!("; new source `{}` proposed in content/sources.yaml", s.id))
                    .unwrap_or_default()
            ),
        };
    }
    if article.known.is_empty() {
        let _ = writeln!(out, "{prefix}Known entities found: none.");
    } else {
        let list: Vec<String> = article
            .known
            .iter()
            .map(|(id, n)| format!("{id} ×{n}"))
            .collect();
        let _ = writeln!(
            out,
            "{prefix}Known entities found (linked automatically): {}",
            list.join(", ")
        );
    }
    for stub in stubs {
        let _ = writeln!(
            out,
            "{prefix}New entity: {} ({}, {}; {})",
            stub.candidate.id,
            stub.candidate.name,
            stub.candidate.kind.as_str(),
            stub.candidate.because
        );
    }
}

fn loose_facts(out: &mut String, article: &ArticleDraft) {
    for (entity, fact) in &article.loose_facts {
        match entity {
            Some(id) => {
                let _ = writeln!(out, "# Fact for content/entities/{id}.yaml (paste under `facts:`):");
            }
            None => out.push_str("# Fact (no entity named near it; paste under `facts:` of the entity it is about):\n"),
        }
        for line in fact_lines(fact) {
            let _ = writeln!(out, "#   {line}");
        }
    }
}

fn fact_lines(fact: &FactDraft) -> Vec<String> {
    let mut lines = Vec::new();
    if !fact.differs_from.is_empty() {
        lines.push(format!(
            "# differs from {}: sources disagree; keep both (docs/content-format.md §7.5)",
            fact.differs_from.join(" · ")
        ));
    }
    lines.extend([
        format!("- metric: {}", fact.metric),
        format!("  value: {}", number(fact.value)),
        if fact.unit.trim().is_empty() {
            format!("  unit: {PLACEHOLDER} # no unit in the text: what the value counts")
        } else {
            format!("  unit: {}", quoted(&fact.unit))
        },
        match fact.period {
            Some(period) => format!("  period: {}", quoted(&period.iso())),
            None => {
                format!("  period: {PLACEHOLDER} # no year in the text: the year the figure is for")
            }
        },
        format!("  status: {}", fact.status.as_str()),
    ]);
    if let Some(source) = &fact.source {
        lines.push(format!("  source: {source}"));
    }
    lines.push(format!("  article: {}", fact.article));
    lines.push(format!("  quote: {}", quoted(&fact.quote)));
    lines
}

fn proposals_block(
    article: &ArticleDraft,
    stubs: &[&EntityDraft],
    plan: &Plan,
    _options: &Options,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{BLOCK_START}");
    let unknown = article.citations.iter().any(|c| c.source.is_none());
    if !(unknown
        || !stubs.is_empty()
        || !article.claims.is_empty()
        || !article.loose_facts.is_empty())
    {
        return String::new();
    }
    let mut body = String::new();
    context_comments(&mut body, article, &[], plan, "# ");
    let cited: Vec<&SourceDraft> = plan
        .sources
        .iter()
        .filter(|s| s.comment_only && article.citations.iter().any(|c| c.name == s.name))
        .collect();
    if !cited.is_empty() {
        body.push_str("# Sources for content/sources.yaml:\n");
        for line in sources_patch(&cited).lines() {
            let _ = writeln!(body, "#   {line}");
        }
    }
    for stub in stubs {
        let _ = writeln!(
            body,
            "# New entity content/entities/{}.yaml:",
            stub.candidate.id
        );
        for line in entity_text(stub, &Options::default()).lines() {
            let _ = writeln!(body, "#   {line}");
        }
    }
    if !article.claims.is_empty() {
        body.push_str("# Claims (add under `claims:`):\n");
        for claim in &article.claims {
            let _ = writeln!(body, "#   - quote: {}", quoted(&claim.quote));
            let _ = writeln!(body, "#     status: {}", claim.status.as_str());
            if !claim.entities.is_empty() {
                let _ = writeln!(body, "#     entities: [{}]", claim.entities.join(", "));
            }
        }
    }
    loose_facts(&mut body, article);
    out.push_str(&body);
    out
}

fn entity_text(entity: &EntityDraft, _options: &Options) -> String {
    let candidate = &entity.candidate;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# New entity proposed by `briefing annotate` from {}; kind: {}.",
        entity.seed_path.display(),
        candidate.because
    );
    let _ = writeln!(
        out,
        "# First seen in: {}",
        entity.sentence.replace('\n', " ")
    );
    let _ = writeln!(out, "name: {}", quoted(&candidate.name));
    let _ = writeln!(out, "kind: {}", candidate.kind.as_str());
    if !candidate.aliases.is_empty() {
        out.push_str("aliases:\n");
        for alias in &candidate.aliases {
            let _ = writeln!(out, "  - {}", quoted(alias));
        }
    }
    if let Some(role) = &candidate.role {
        let _ = writeln!(out, "role: {}", quoted(role));
    }
    out.push_str("# summary: who or what it is, in a sentence or two\n");
    if !entity.facts.is_empty() {
        out.push_str("facts:\n");
        for fact in &entity.facts {
            for line in fact_lines(fact) {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    out
}

fn sources_patch(sources: &[&SourceDraft]) -> String {
    let mut out = String::new();
    for source in sources {
        match &source.closest {
            Some((id, name)) => {
                let _ = writeln!(
                    out,
                    "# Proposed by `briefing annotate` for [Citation: {}]; if it is `{id}` ({name}), delete this entry and add the name to that source's aliases instead.",
                    source.name
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "# Proposed by `briefing annotate` for [Citation: {}].",
                    source.name
                );
            }
        }
        let _ = writeln!(out, "{}:", source.id);
        let _ = writeln!(out, "  name: {}", quoted(&source.name));
        out.push_str("  # url: https://\n  # kind: news agency, ministry, company…\n");
    }
    out
}
