//! Tera templates: the built-in theme compiled into the binary, overridden
//! file by file by a site's own `templates/`.
//!
//! Built-in templates are registered under `builtin/` and found through
//! Tera's fallback prefixes, so `{% extends "base.html" %}` in a user's
//! template reaches the user's `base.html` if there is one and the built-in
//! one otherwise. Templates are parsed once per build and shared by all pages.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Context, Kwargs, State, Tera, TeraResult};

use crate::diagnostics::{Diagnostic, Place};
use crate::i18n::Locale;

const BUILTIN_PREFIX: &str = "builtin/";

/// The built-in templates, by name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    (
        "articles.html",
        include_str!("../../templates/articles.html"),
    ),
    (
        "article_item.html",
        include_str!("../../templates/article_item.html"),
    ),
    (
        "entities.html",
        include_str!("../../templates/entities.html"),
    ),
    ("entity.html", include_str!("../../templates/entity.html")),
    ("facts.html", include_str!("../../templates/facts.html")),
    ("metric.html", include_str!("../../templates/metric.html")),
    ("sources.html", include_str!("../../templates/sources.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("chart.html", include_str!("../../templates/chart.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    ("tag.html", include_str!("../../templates/tag.html")),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    (
        "timeline_month.html",
        include_str!("../../templates/timeline_month.html"),
    ),
    (
        "entity_timeline.html",
        include_str!("../../templates/entity_timeline.html"),
    ),
    ("pager.html", include_str!("../../templates/pager.html")),
    (
        "figure_set.html",
        include_str!("../../templates/figure_set.html"),
    ),
    (
        "fact_cells.html",
        include_str!("../../templates/fact_cells.html"),
    ),
    (
        "fact_quote_cell.html",
        include_str!("../../templates/fact_quote_cell.html"),
    ),
    (
        "pager_head.html",
        include_str!("../../templates/pager_head.html"),
    ),
    ("search.html", include_str!("../../templates/search.html")),
    (
        "search_box.html",
        include_str!("../../templates/search_box.html"),
    ),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
];

/// Built-in static files copied to the output root, by path.
pub const BUILTIN_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../templates/static/style.css"),
    ),
    (
        "search.js",
        include_bytes!("../../templates/static/search.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../templates/static/favicon.svg"),
    ),
    // Made by scripts/make-favicon-ico from the same design.
    (
        "favicon.ico",
        include_bytes!("../../templates/static/favicon.ico"),
    ),
];

/// Parsed templates, ready to render any page.
pub struct Templates {
    tera: Tera,
    /// Template name → file, for error messages.
    paths: HashMap<String, PathBuf>,
}

impl Templates {
    /// The built-in theme plus `user` templates: (name, path, text), with
    /// `t()` speaking `locale`'s language.
    pub fn new(
        user: &[(String, PathBuf, String)],
        locale: Arc<Locale>,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.set_escape_fn(crate::markup::escape::escape_for_tera);
        tera.register_function("t", move |kwargs: Kwargs, _: &State| {
            translate(&locale, &kwargs)
        });
        tera.set_fallback_prefixes([BUILTIN_PREFIX])
            .map_err(|e| vec![Diagnostic::error(format!("template setup failed: {e}"))])?;
        let builtin = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| (format!("{BUILTIN_PREFIX}{name}"), *text));
        tera.add_raw_templates(builtin).map_err(|e| {
            vec![Diagnostic::error(format!(
                "built-in template is broken: {e}"
            ))]
        })?;
        let paths: HashMap<String, PathBuf> = user
            .iter()
            .map(|(name, path, _)| (name.clone(), path.clone()))
            .collect();
        let templates = Templates { tera, paths };
        templates.with_user(user)
    }

    fn with_user(
        mut self,
        user: &[(String, PathBuf, String)],
    ) -> Result<Templates, Vec<Diagnostic>> {
        let html: Vec<(&str, &str)> = user
            .iter()
            .filter(|(name, _, _)| is_template_name(name))
            .map(|(name, _, text)| (name.as_str(), text.as_str()))
            .collect();
        if html.is_empty() {
            return Ok(self);
        }
        // Parse each alone first so every broken file is reported, then all together.
        let mut problems = Vec::new();
        for (name, text) in &html {
            let mut alone = self.tera.clone();
            if let Err(error) = alone.add_raw_template(name, text) {
                problems.push(self.diagnostic(&error, name));
            }
        }
        if problems.is_empty()
            && let Err(error) = self.tera.add_raw_templates(html.iter().copied())
        {
            problems.push(self.diagnostic(&error, ""));
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems)
        }
    }

    /// Renders `template` (a built-in name such as `article.html`).
    pub fn render(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|error| self.diagnostic(&error, template))
    }

    /// A Tera error as a diagnostic at the template's `file:line:col`; an
    /// error without a position (a missing parent, a circular include) is
    /// placed on `template`'s file when it is the user's.
    fn diagnostic(&self, error: &tera::Error, template: &str) -> Diagnostic {
        let report = match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                Some(report)
            }
            _ => None,
        };
        let Some(report) = report else {
            let diagnostic = Diagnostic::error(format!("template error: {}", flatten(error)));
            return match self.paths.get(template) {
                Some(path) => diagnostic.at(Place::file(path)),
                None => diagnostic,
            };
        };
        let name = report.filename();
        let diagnostic = Diagnostic::error(format!("template error: {}", report.message()));
        match self.paths.get(name) {
            Some(path) => {
                let span = report.span();
                let len = if span.start_line == span.end_line {
                    span.end_col.saturating_sub(span.start_col)
                } else {
                    1
                };
                diagnostic.at(Place::new(path, span.start_line, span.start_col + 1).with_len(len))
            }
            None => diagnostic.note(format!(
                "in the built-in template `{}`",
                name.trim_start_matches(BUILTIN_PREFIX)
            )),
        }
    }
}

/// `t(key="…", count=n, name=value…)`: the text of `key` in the site's
/// language, its plural form chosen by `count`, each `{name}` filled
/// (numbers in the language's format). An unknown key is a template error.
fn translate(locale: &Locale, kwargs: &Kwargs) -> TeraResult<String> {
    let key: &str = kwargs.must_get("key")?;
    let missing = || {
        tera::Error::message(format!(
            "no translation key `{key}` (the built-in English table lists every key)"
        ))
    };
    // `plural="few"`: that category's text as written, for a script that
    // counts in the browser (an empty text for a category it lacks).
    if let Some(category) = kwargs.get::<&str>("plural")? {
        if !crate::i18n::CATEGORIES.contains(&category) {
            return Err(tera::Error::message(format!(
                "`plural` of `t(key=\"{key}\")` must be one of {}",
                crate::i18n::CATEGORIES.join(", ")
            )));
        }
        return locale.plural_text(key, category).ok_or_else(missing);
    }
    let count = match kwargs.get::<&tera::Value>("count")? {
        Some(value) => Some(value.as_u64().ok_or_else(|| {
            tera::Error::message(format!(
                "`count` of `t(key=\"{key}\")` must be a whole number"
            ))
        })?),
        None => None,
    };
    let args: Vec<(&str, String)> = kwargs
        .iter()
        .filter_map(|(name, value)| {
            let name = name.as_str()?;
            if name == "key" || name == "count" {
                return None;
            }
            let text = if let Some(n) = value.as_u64() {
                locale.integer(n)
            } else if let (true, Some(x)) = (value.is_number(), value.as_f64()) {
                locale.number(x)
            } else if let Some(text) = value.as_str() {
                text.to_string()
            } else {
                value.to_string()
            };
            Some((name, text))
        })
        .collect();
    let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
    locale.text(key, count, &args).ok_or_else(missing)
}

fn is_template_name(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".xml")
}

fn flatten(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
