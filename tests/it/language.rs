//! A briefing in another language: the theme's words from the translation
//! tables (built in, or the site's `templates/i18n/<language>.yaml`),
//! Russian plurals, dates and numbers, and the warnings of a partial table.

use crate::common;

use common::Fixture;

const ENGLISH: &str = include_str!("../../templates/i18n/en.yaml");
const RUSSIAN: &str = include_str!("../../templates/i18n/ru.yaml");

/// Every fixed piece of text of a table (placeholders cut out), by key.
fn pieces(table: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut key = String::new();
    for line in table.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(' ');
        let Some((name, value)) = line.trim().split_once(':') else {
            continue;
        };
        if !indented {
            key = name.to_string();
        }
        let value = value.trim().trim_matches('"');
        if value.is_empty() {
            continue;
        }
        for piece in value.split(['{', '}']).step_by(2) {
            out.push((key.clone(), piece.trim().to_string()));
        }
    }
    out
}

/// What a reader (or a screen reader) gets of a page: its text (but code) and the
/// attributes read out or shown (`aria-label`, `title`, `placeholder`,
/// `alt`), without the JSON-LD (schema.org type names are English by design).
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push('\n');
        let Some(end) = rest[start..].find('>') else {
            return out;
        };
        let tag = &rest[start..start + end];
        for name in ["aria-label=\"", "title=\"", "placeholder=\"", "alt=\""] {
            for (at, _) in tag.match_indices(name) {
                let value = &tag[at + name.len()..];
                out.push_str(value.split('"').next().unwrap_or(""));
                out.push('\n');
            }
        }
        rest = &rest[start + end + 1..];
        if tag.starts_with("<script") {
            rest = rest.split_once("</script>").map_or("", |(_, after)| after);
        }
        // Code (file names, commands) is not language.
        if tag == "<code" {
            rest = rest.split_once("</code>").map_or("", |(_, after)| after);
        }
    }
    out.push_str(rest);
    out
}

/// The texts the search box hands to `search.js` (its `data-text-*`
/// attributes): name and value.
fn search_texts(html: &str) -> Vec<(String, String)> {
    let Some(form) = html
        .split("<form class=\"site-search\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
    else {
        return Vec::new();
    };
    form.split(" data-text-")
        .skip(1)
        .filter_map(|attribute| {
            let (name, value) = attribute.split_once("=\"")?;
            Some((name.to_string(), value.split('"').next()?.to_string()))
        })
        .collect()
}

/// The names of the texts `search.js` shows, from its English fallbacks:
/// each a `data-text-` attribute, those about a count (`results-one`)
/// one per plural category.
fn search_js_texts() -> Vec<String> {
    let script = include_str!("../../templates/static/search.js");
    let table = script
        .split("var ENGLISH = {")
        .nth(1)
        .and_then(|rest| rest.split("};").next())
        .expect("search.js's English texts");
    table
        .lines()
        .filter_map(|line| line.trim().split_once(':'))
        .map(|(name, _)| name.trim().trim_matches('"').to_string())
        .collect()
}

/// Every HTML page of the built `site` is in Russian: `lang`, `og:locale`,
/// and no text of the English table in what a reader sees or hears.
fn assert_no_english(site: &Fixture) {
    let russian: Vec<String> = pieces(RUSSIAN).into_iter().map(|(_, p)| p).collect();
    // A piece of English worth looking for: a word or more, not the same in
    // Russian (`Atom`, `CSV`, `SVG` stay).
    let english: Vec<(String, String)> = pieces(ENGLISH)
        .into_iter()
        .filter(|(key, piece)| {
            key != "og_locale"
                && piece.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 4
                && !russian.iter().any(|r| r.contains(piece.as_str()))
        })
        .collect();
    assert!(english.len() > 150, "{}", english.len());
    let pages: Vec<(String, String)> = site
        .output_tree()
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("UTF-8")))
        .collect();
    assert!(pages.len() > 15);
    // The titles and summaries search.js shows under a result (a tag's
    // count among them) are the site's words or its content, not the
    // English table's.
    let chunks: Vec<(String, Vec<u8>)> = site
        .output_tree()
        .into_iter()
        .filter(|(path, _)| path.starts_with("search/data/docs/"))
        .collect();
    assert!(!chunks.is_empty());
    for (path, bytes) in &chunks {
        // [[url, kind, title, summary], …] (docs/search-index.md)
        let docs: Vec<[String; 4]> = serde_json::from_slice(bytes).expect("a document chunk");
        for [_, _, title, summary] in &docs {
            for (key, piece) in &english {
                assert!(
                    !title.contains(piece.as_str()) && !summary.contains(piece.as_str()),
                    "{path} shows the English `{piece}` (key `{key}`) in `{title}`: `{summary}`"
                );
            }
        }
    }
    for (path, html) in &pages {
        assert!(html.contains("<html lang=\"ru\">"), "{path}");
        assert!(
            html.contains("<meta property=\"og:locale\" content=\"ru_RU\">"),
            "{path}"
        );
        // What search.js will show: every text it has a fallback for is
        // handed over (counts in each Russian plural category), and none
        // is English.
        let texts = search_texts(html);
        for name in search_js_texts() {
            let names: Vec<String> = match name.split_once('-') {
                Some((counted, _)) => ["one", "few", "many", "other"]
                    .iter()
                    .map(|category| format!("{counted}-{category}"))
                    .collect(),
                None => vec![name],
            };
            for name in names {
                assert!(
                    texts.iter().any(|(n, v)| *n == name && !v.is_empty()),
                    "{path}: the search box has no data-text-{name}"
                );
            }
        }
        for (name, value) in &texts {
            for (key, piece) in &english {
                assert!(
                    !value.contains(piece.as_str()),
                    "{path}: search.js would show the English `{piece}` (key `{key}`, data-text-{name})"
                );
            }
        }
        let html = visible(html);
        for placeholder in ["{count}", "{page}", "{name}", "{title}", "{label}"] {
            assert!(!html.contains(placeholder), "{path} shows `{placeholder}`");
        }
        for (key, piece) in &english {
            assert!(
                !html.contains(piece.as_str()),
                "{path} shows the English `{piece}` (key `{key}`)"
            );
        }
    }
}

#[test]
fn init_writes_a_russian_sample_that_checks_clean_and_builds_in_russian() {
    let site = Fixture::empty();
    let run = site.run(&["init", "--language", "ru", site.root_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = site.run(&["check", "--deny-warnings", "--root", site.root_str()]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    site.build_ok();
    assert_no_english(&site);
    let company = site.read("entities/severny-parom/index.html");
    assert!(company.contains("<strong>«Северного парома»</strong>"));
    let person = site.read("entities/elena-morozova/index.html");
    assert!(person.contains("<strong>Морозовой</strong>"));

    let other = Fixture::empty();
    let run = other.run(&["init", "--language", "de", other.root_str()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no sample briefing in the language `de`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_russian_briefing_has_no_english_word_in_its_chrome() {
    let site = Fixture::copy("russian");
    site.build_ok();
    let check = site.run(&["check", "--deny-warnings", "--root", site.root_str()]);
    assert_eq!(check.code, 0, "{}", check.stderr);

    assert_no_english(&site);

    let article = site.read("articles/kamaz-partner/index.html");
    assert!(article.contains("<time datetime=\"2022-06-18\">18 июня 2022\u{202f}г.</time>"));
    assert!(article.contains(">2 источника</a>"));
    assert!(article.contains("aria-label=\"Назад к ссылке 1, цитирование a\""));
    assert!(article.contains("title=\"Компания\""));
    let kogogin = site.read("entities/sergey-kogogin/index.html");
    assert!(kogogin.contains("3 упоминания в 2 статьях"), "{kogogin}");
    let manturov = site.read("entities/denis-manturov/index.html");
    assert!(manturov.contains("3 упоминания"));
    let entities = site.read("entities/index.html");
    assert!(entities.contains("1 упоминание"));
    let archive = site.read("articles/index.html");
    assert!(archive.contains("3 статьи, сначала новые"));
    assert!(archive.contains(">июнь 2022\u{202f}г.</a>"));
    let plant = site.read("articles/moskvich/index.html");
    assert!(
        plant.contains("<td class=\"num\">300\u{a0}000 <span class=\"unit\">"),
        "{plant}"
    );
    assert!(
        plant.contains(">1\u{a0}500,5</text>"),
        "a chart's value label"
    );
    assert!(plant.contains(">40\u{a0}000</text>"), "a chart's tick");
    assert!(plant.contains(">Сообщено</text>"), "a chart's legend");
    assert!(
        plant.contains(
            "1\u{a0}500,5 машин в год <span class=\"badge status-estimate\">Оценка</span>"
        )
    );
    // Every inflected mention in the seeds is found, and "mentioned in"
    // quotes it as written.
    for (page, forms) in [
        ("kamaz", &["КАМАЗа", "КАМАЗу", "КАМАЗом"][..]),
        ("sergey-kogogin", &["Когогина", "Сергея Когогина"][..]),
        ("denis-manturov", &["Мантуров"][..]),
        ("moskvich-plant", &["заводе «Москвич»"][..]),
        ("china", &["Китая"][..]),
    ] {
        let html = site.read(&format!("entities/{page}/index.html"));
        for form in forms {
            assert!(
                html.contains(&format!("<strong>{form}</strong>")),
                "{page}: {form}"
            );
        }
    }
    let partner = site.read("articles/kamaz-partner/index.html");
    assert!(
        partner.contains("title=\"Компания\">КАМАЗа</a>"),
        "{partner}"
    );
    let feed = site.read("atom.xml");
    assert!(feed.contains("xml:lang=\"ru\""));
    let front = site.read("index.html");
    assert!(front.contains("\"inLanguage\":\"ru\""));
}

#[test]
fn a_sites_table_overrides_keys_and_a_missing_key_falls_back_with_a_warning() {
    let site = Fixture::new();
    site.edit("content/site.yaml", "language: en", "language: de");
    site.write(
        "templates/i18n/de.yaml",
        "nav_articles: Artikel\nn_mentions:\n  one: \"{count} Erwähnung\"\n  other: \"{count} Erwähnungen\"\nnav_artikles: Typo\n",
    );
    let check = site.check();
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("translation key `nav_tags` is missing for the language `de`"),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("templates/i18n/de.yaml"));
    assert!(
        check
            .stderr
            .contains("unknown translation key `nav_artikles`")
    );
    assert!(
        check.stderr.contains("templates/i18n/de.yaml:5:1"),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("nav_articles"), "a did-you-mean");
    let denied = site.run(&["check", "--deny-warnings", "--root", site.root_str()]);
    assert_ne!(denied.code, 0);

    site.build_ok();
    let index = site.read("index.html");
    assert!(index.contains(">Artikel</a>"));
    assert!(
        index.contains(">Tags</a>"),
        "English where the table has no key"
    );
    assert!(
        index.contains("2 Erwähnungen") || index.contains("1 Erwähnung"),
        "{index}"
    );
    assert!(index.contains("<html lang=\"de\">"));
}

#[test]
fn a_language_without_any_table_is_english_with_one_warning() {
    let site = Fixture::new();
    site.edit("content/site.yaml", "language: en", "language: fr");
    let check = site.check();
    assert!(
        check
            .stderr
            .contains("no translation table for the language `fr`"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("content/site.yaml:3:11"),
        "{}",
        check.stderr
    );
    assert_eq!(check.stderr.matches("translation key").count(), 0);
    site.build_ok();
    assert!(site.read("index.html").contains(">Articles</a>"));
}

#[test]
fn a_template_asking_for_an_unknown_key_fails_at_its_place() {
    let site = Fixture::new();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ t(key=\"no_such_key\") }}{% endblock content %}",
    );
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\n# About\n",
    );
    let run = site.build_fails(1);
    assert!(
        run.stderr.contains("no translation key `no_such_key`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("templates/page.html:1:"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_russian_seed_in_an_english_briefing_keeps_the_chrome_english() {
    let site = Fixture::new();
    site.write(
        "seeds/ru.txt",
        "КАМАЗ выпустит до 40 тыс. машин в год. Это много. [Citation: TASS]\n",
    );
    site.write(
        "content/articles/ru.yaml",
        "seed: ru.txt\ntitle: КАМАЗ и машины\ndate: 2022-07-01\nlanguage: ru\n",
    );
    site.build_ok();
    let article = site.read("articles/ru/index.html");
    assert!(article.contains("<html lang=\"en\">"));
    assert!(article.contains("<h1 id=\"article-title\" class=\"page-title\" lang=\"ru\">"));
    assert!(article.contains("<div class=\"prose article-body\" lang=\"ru\">"));
    assert!(article.contains("<time datetime=\"2022-07-01\">1 July 2022</time>"));
    assert!(article.contains(">Sources cited</h2>"));
    let kamaz = site.read("entities/kamaz/index.html");
    // Russian sentence rules: `тыс.` before a small letter ends no sentence.
    assert!(
        kamaz.contains(
            "<blockquote class=\"snippet\" lang=\"ru\"><p><strong>КАМАЗ</strong> выпустит до 40 тыс. машин в год.</p></blockquote>"
        ),
        "{kamaz}"
    );
    let english = site.read("articles/a/index.html");
    assert!(!english.contains("lang=\"ru\""));
    let index = site.read("index.html");
    assert!(index.contains("lang=\"ru\">КАМАЗ и машины</a>"), "{index}");

    site.edit(
        "content/articles/ru.yaml",
        "language: ru",
        "language: russian_",
    );
    let run = site.build_fails(1);
    assert!(
        run.stderr
            .contains("`russian_` is not a BCP 47 language tag"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/articles/ru.yaml:4:11"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_curator_pins_a_name_to_its_exact_form() {
    let site = Fixture::copy("russian");
    site.write("content/entities/ural.yaml", "name: Урал\nkind: place\n");
    site.write(
        "seeds/ural.txt",
        "Завод на Урале вырос. Урал богат рудой.\n",
    );
    site.write(
        "content/articles/ural.yaml",
        "seed: ural.txt\ntitle: Урал\ndate: 2022-09-01\n",
    );
    site.build_ok();
    let page = site.read("entities/ural/index.html");
    assert!(page.contains("<strong>Урале</strong>"), "{page}");

    site.write(
        "content/entities/ural.yaml",
        "name: Урал\nkind: place\nexact: [Урал]\n",
    );
    site.build_ok();
    let page = site.read("entities/ural/index.html");
    assert!(!page.contains("<strong>Урале</strong>"), "{page}");
    assert!(
        page.contains("<strong>Урал</strong> богат рудой."),
        "{page}"
    );

    site.write(
        "content/entities/ural.yaml",
        "name: Урал\nkind: place\nexact: [Уралл]\n",
    );
    let run = site.build_fails(1);
    assert!(
        run.stderr
            .contains("`Уралл` in `exact` is not this entity's name or one of its aliases"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/entities/ural.yaml:3:9"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Урал"), "did you mean");
}

/// Figures that disagree and are revised, on a Russian site: the lines
/// that explain them (sources differ, revised from, undated, the leading
/// figure's badge, the chart's legend and table, the feed's revision
/// entries) come from the table too. The fixture's content stays English,
/// so only the table's words for figures are looked for.
#[test]
fn figures_that_differ_are_explained_in_russian() {
    let site = Fixture::copy("figures");
    site.write(
        "content/site.yaml",
        "title: Цифры\ndescription: Когда источники расходятся.\nlanguage: ru\nbase_url: https://example.test/\n",
    );
    // The one title of the content that uses a word of the table.
    site.edit(
        "content/articles/c.yaml",
        "Capacity revised",
        "Мощность пересмотрена",
    );
    site.build_ok();
    let about_figures = |key: &str| {
        key.starts_with("figure")
            || key.starts_with("chart_other")
            || key.starts_with("heading_figures")
            || key.starts_with("feed_revision")
            || key.starts_with("timeline_revised")
            || key.starts_with("status_")
            || key == "badge_leads"
            || key == "chart_no_data"
    };
    let english: Vec<(String, String)> = pieces(ENGLISH)
        .into_iter()
        .filter(|(key, piece)| {
            about_figures(key) && piece.chars().filter(char::is_ascii_alphabetic).count() >= 4
        })
        .collect();
    assert!(english.len() >= 15, "{english:?}");
    let mut seen = 0;
    for (path, bytes) in site.output_tree() {
        if !(path.ends_with(".html") || path.ends_with(".svg") || path.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8(bytes).expect("UTF-8");
        // What a reader sees of a page; a chart's or a feed's text without
        // its markup (anchors such as `#revised-…` are not words).
        let text = if path.ends_with(".html") {
            visible(&text)
        } else {
            let mut inside = false;
            let words: String = text
                .chars()
                .map(|c| {
                    let keep = !inside && c != '<';
                    inside = (inside || c == '<') && c != '>';
                    if keep { c } else { ' ' }
                })
                .collect();
            words
                .split_whitespace()
                .filter(|w| !w.contains("://"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        seen += 1;
        for (key, piece) in &english {
            assert!(
                !text.contains(piece.as_str()),
                "{path} shows the English `{piece}` (key `{key}`)"
            );
        }
    }
    assert!(seen > 20);
    let differ = site.read("facts/planned-capacity/index.html");
    assert!(differ.contains("Источники расходятся:"), "{differ}");
    let revised = site.read("facts/annual-output/index.html");
    assert!(revised.contains("основная"), "{revised}");
    assert!(site.read("atom.xml").contains("изменение с"));
}
