//! Every YAML shape a site has, from arbitrary text: an error is fine, a
//! panic, a hang or runaway memory is not.
#![no_main]

use std::path::Path;

use briefing::load::schema::{ArticleFile, EntityFile, PageFrontMatter, SiteFile, SourcesFile};
use briefing::load::yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/fuzz.yaml");
    let _ = yaml::parse::<EntityFile>(path, text, 1);
    let _ = yaml::parse::<ArticleFile>(path, text, 1);
    let _ = yaml::parse::<SiteFile>(path, text, 1);
    let _ = yaml::parse::<SourcesFile>(path, text, 1);
    let _ = yaml::parse::<PageFrontMatter>(path, text, 2);
});
