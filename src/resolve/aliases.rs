//! Old addresses of renamed articles: `aliases:` in an annotation lists the
//! article's old slugs, and each becomes a page at its old address that
//! sends the reader on (docs/content-format.md §8.6). Checked here (a valid
//! id, not taken by another article's slug or alias, nor by the archive's
//! own folders); `render` writes the pages.

use std::collections::HashMap;
use std::sync::Arc;

use super::Article;
use crate::diagnostics::{Diagnostic, Diagnostics, LineCol, Place, Related};
use crate::load::{Project, yaml};
use crate::model::is_valid_id;

/// A page at `articles/<from>/` that redirects to an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The old slug.
    pub from: String,
    /// The article, by index in `Site::articles`.
    pub to: usize,
}

/// The redirects of the built `articles`, by old slug; every alias of every
/// annotation (drafts too) is checked.
pub fn resolve(
    project: &Project,
    articles: &[Arc<Article>],
    diagnostics: &mut Diagnostics,
) -> Vec<Redirect> {
    // Slug → the annotation that has it as its slug.
    let slugs: HashMap<&str, &std::path::Path> = project
        .articles
        .iter()
        .map(|loaded| (loaded.id.as_str(), loaded.path.as_path()))
        .collect();
    // Alias → where it was first given.
    let mut claimed: HashMap<&str, Place> = HashMap::new();
    let mut kept: Vec<(&str, &str)> = Vec::new();
    for loaded in &project.articles {
        for alias in &loaded.value.aliases {
            let text = alias.value.trim();
            let place = yaml::place(&loaded.path, &alias.referenced, text.chars().count());
            let problem = if !is_valid_id(text) {
                Some(
                    Diagnostic::error(format!("`{text}` is not a valid article alias"))
                        .at(place.clone())
                        .label("an alias is an old slug, the name of a folder under articles/")
                        .help(format!(
                            "slugs match ^[a-z0-9]+(-[a-z0-9]+)*$, for example `{}`",
                            crate::markup::text::suggest_id(text)
                        )),
                )
            } else if crate::routes::is_reserved_in_articles(text) {
                Some(
                    Diagnostic::error(format!(
                        "the alias `{text}` is taken by the archive's own pages (articles/{text}/)"
                    ))
                    .at(place.clone())
                    .help("remove this alias: no article can have had that slug"),
                )
            } else if text == loaded.id {
                Some(
                    Diagnostic::error(format!("`{text}` is this article's own slug"))
                        .at(place.clone())
                        .help("remove it: aliases are the slugs the article had before"),
                )
            } else if let Some(other) = slugs.get(text) {
                Some(
                    Diagnostic::error(format!("the alias `{text}` is the slug of another article"))
                        .at(place.clone())
                        .label("its page is at this address")
                        .note(format!("{} has this slug", other.display()))
                        .help("remove the alias, or rename that article (and give it this alias)"),
                )
            } else if let Some(first) = claimed.get(text) {
                let end = LineCol::new(first.line, first.column + first.len);
                Some(
                    Diagnostic::error(format!("the alias `{text}` is given twice"))
                        .at(place.clone())
                        .label("one old address can lead to one article only")
                        .related(Related {
                            title: format!("`{text}` is first given here"),
                            start: first.clone(),
                            end,
                            marks: Vec::new(),
                        })
                        .help("keep the alias on the article that had this slug"),
                )
            } else {
                None
            };
            match problem {
                Some(problem) => diagnostics.push(problem),
                None => {
                    claimed.insert(text, place);
                    kept.push((text, loaded.id.as_str()));
                }
            }
        }
    }
    let built: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.slug.as_str(), i))
        .collect();
    let mut redirects: Vec<Redirect> = kept
        .into_iter()
        .filter_map(|(from, slug)| {
            built.get(slug).map(|&to| Redirect {
                from: from.to_string(),
                to,
            })
        })
        .collect();
    redirects.sort_by(|a, b| a.from.cmp(&b.from));
    redirects
}
