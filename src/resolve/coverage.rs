//! What the annotations do not cover yet: the figures and hedged sentences
//! of each published article that no fact or claim quotes. `check` reports
//! it (a note per article and a site-wide count); the facts index shows the
//! site-wide count. The detectors are the ones `annotate` drafts from, one
//! pass over each run of text.

use std::path::{Path, PathBuf};

use super::{Article, Body, BodyNode, FigureCount, MarkKind, Site};
use crate::detect::{claims, figures};
use crate::model::Status;
use crate::text::Language;
use crate::text::sentences::sentences;

/// What was found uncovered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Figure,
    Hedged,
}

/// One figure or hedged sentence that nothing quotes.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kind: ItemKind,
    pub text: String,
    /// Line in the seed file, when found there.
    pub line: Option<usize>,
}

/// Counts for one run, one article or the whole site.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub figures: usize,
    pub figures_covered: usize,
    pub hedged: usize,
    pub hedged_covered: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.figures += other.figures;
        self.figures_covered += other.figures_covered;
        self.hedged += other.hedged;
        self.hedged_covered += other.hedged_covered;
    }
}

/// An article with something uncovered.
#[derive(Clone, Debug)]
pub struct ArticleCoverage {
    pub annotation: PathBuf,
    pub seed: PathBuf,
    pub counts: Counts,
    pub uncovered: Vec<Item>,
}

/// The whole site's coverage.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    pub totals: Counts,
    /// Articles with uncovered figures or hedged sentences, by annotation path.
    pub articles: Vec<ArticleCoverage>,
}

/// Counts (and uncovered byte ranges) of one run of text, given the byte
/// ranges quotes cover.
pub fn of_run(
    text: &str,
    language: Language,
    quoted: &[(usize, usize)],
) -> (Counts, Vec<(ItemKind, usize, usize)>) {
    let covered = |s: usize, e: usize| quoted.iter().any(|&(qs, qe)| qs < e && s < qe);
    let mut counts = Counts::default();
    let mut uncovered = Vec::new();
    for figure in figures::find(text) {
        counts.figures += 1;
        if covered(figure.start, figure.end) {
            counts.figures_covered += 1;
        } else {
            uncovered.push((ItemKind::Figure, figure.start, figure.end));
        }
    }
    for (s, e) in sentences(text, language) {
        if claims::status(&text[s..e]) != Some(Status::Speculative) {
            continue;
        }
        counts.hedged += 1;
        if covered(s, e) {
            counts.hedged_covered += 1;
        } else {
            uncovered.push((ItemKind::Hedged, s, e));
        }
    }
    uncovered.sort_by_key(|&(_, s, _)| s);
    (counts, uncovered)
}

/// `2 figures and 1 hedged sentence`.
pub fn describe(figures: usize, hedged: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (figures, hedged) {
        (0, h) => plural(h, "hedged sentence", "hedged sentences"),
        (f, 0) => plural(f, "figure", "figures"),
        (f, h) => format!(
            "{} and {}",
            plural(f, "figure", "figures"),
            plural(h, "hedged sentence", "hedged sentences")
        ),
    }
}

/// Runs of an article's body with the ranges its claim and fact quotes cover.
fn runs(body: &Body) -> impl Iterator<Item = (&str, Vec<(usize, usize)>)> {
    body.nodes.iter().filter_map(|node| match node {
        BodyNode::Run { text, marks } => {
            let quoted = marks
                .iter()
                .filter(|m| matches!(m.kind, MarkKind::Quote { .. }))
                .map(|m| (m.start, m.end))
                .collect();
            Some((&**text, quoted))
        }
        BodyNode::Html(_) => None,
    })
}

/// Figures in an article's body, and how many a fact or claim quotes. One
/// pass over each run; computed once when the article is resolved.
pub fn figures_in(body: &Body) -> FigureCount {
    let mut count = FigureCount::default();
    for (text, quoted) in runs(body) {
        for figure in figures::find(text) {
            count.found += 1;
            if quoted
                .iter()
                .any(|&(s, e)| s < figure.end && figure.start < e)
            {
                count.quoted += 1;
            }
        }
    }
    count
}

/// Site-wide figures, summed over the articles.
pub fn figure_counts(site: &Site) -> FigureCount {
    site.articles
        .iter()
        .fold(FigureCount::default(), |sum, article| sum + article.figures)
}

/// One published article's coverage: its counts, and what it leaves
/// uncovered (`None` when nothing); its seed file is read (from `root`)
/// only to give line numbers.
pub fn of_article(
    article: &Article,
    body: &Body,
    language: Language,
    root: &Path,
) -> (Counts, Option<ArticleCoverage>) {
    let mut counts = Counts::default();
    let mut found = Vec::new();
    for (text, quoted) in runs(body) {
        let (run_counts, uncovered) = of_run(text, language, &quoted);
        counts.add(run_counts);
        found.extend(
            uncovered
                .into_iter()
                .map(|(kind, s, e)| (kind, text[s..e].to_string())),
        );
    }
    if found.is_empty() {
        return (counts, None);
    }
    let source = std::fs::read_to_string(root.join(&article.seed_path)).unwrap_or_default();
    let coverage = ArticleCoverage {
        annotation: crate::inputs::article_file(&article.slug),
        seed: article.seed_path.clone(),
        counts,
        uncovered: with_lines(&source, found),
    };
    (counts, Some(coverage))
}

/// The site's coverage, from every published article's (from [`of_article`]).
pub fn of_site(per_article: Vec<(Counts, Option<ArticleCoverage>)>) -> Coverage {
    let mut coverage = Coverage::default();
    for (counts, article) in per_article {
        coverage.totals.add(counts);
        coverage.articles.extend(article);
    }
    coverage
        .articles
        .sort_by(|a, b| a.annotation.cmp(&b.annotation));
    coverage
}

/// Finds each item's line in the seed's source, searching on from the
/// previous one (items come in order), so the whole seed is read once.
fn with_lines(source: &str, found: Vec<(ItemKind, String)>) -> Vec<Item> {
    let mut cursor = 0;
    let mut line = 1;
    found
        .into_iter()
        .map(|(kind, text)| {
            let probe: String = text.chars().take_while(|c| *c != '\n').take(40).collect();
            let at = source[cursor..].find(&probe).map(|i| cursor + i);
            let item_line = at.map(|at| {
                line += source[cursor..at].matches('\n').count();
                cursor = at;
                line
            });
            Item {
                kind,
                text,
                line: item_line,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_figures_and_sentences_are_covered() {
        let text = "Output was 190,000 cars. It could double. Sales hit $2bn.";
        let quote = text.find("Output").unwrap();
        let (counts, uncovered) = of_run(text, Language::English, &[(quote, quote + 23)]);
        assert_eq!(
            counts,
            Counts {
                figures: 2,
                figures_covered: 1,
                hedged: 1,
                hedged_covered: 0
            }
        );
        let shown: Vec<&str> = uncovered.iter().map(|&(_, s, e)| &text[s..e]).collect();
        assert_eq!(shown, ["It could double.", "$2bn"]);
    }

    #[test]
    fn lines_are_found_in_order() {
        let source = "First 10,000 cars.\n\nThen 20,000 cars.\nAgain 10,000 cars.\n";
        let found = vec![
            (ItemKind::Figure, "10,000 cars".to_string()),
            (ItemKind::Figure, "20,000 cars".to_string()),
            (ItemKind::Figure, "10,000 cars".to_string()),
        ];
        let lines: Vec<Option<usize>> = with_lines(source, found)
            .into_iter()
            .map(|i| i.line)
            .collect();
        assert_eq!(lines, [Some(1), Some(3), Some(4)]);
    }
}
