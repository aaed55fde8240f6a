//! Mention detection and quote finding. The input's first line lists names
//! (separated by `|`), the rest is article text. Mentions must be in order,
//! never overlap, sit on character boundaries and spell one of the names.
#![no_main]

use briefing::resolve::mentions::MentionIndex;
use briefing::resolve::quotes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (head, text) = input.split_once('\n').unwrap_or((input, ""));
    let mut names: Vec<(String, usize)> = Vec::new();
    for (i, name) in head.split('|').enumerate() {
        // Entity names are trimmed and empty ones dropped before they get here.
        let name = name.trim();
        if !name.is_empty() && !names.iter().any(|(n, _)| n == name) {
            names.push((name.to_string(), i % 4));
        }
    }
    let index = MentionIndex::new(&names);
    let found = index.find(text);
    let mut last_end = 0;
    for f in &found {
        assert!(f.start < f.end && f.start >= last_end, "{found:?}");
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        let spelled = &text[f.start..f.end];
        assert!(
            names.iter().any(|(n, e)| n == spelled && *e == f.entity),
            "{spelled:?}"
        );
        last_end = f.end;
    }
    // Every name is a quote of itself wherever it was found.
    if let Some(f) = found.first() {
        let (start, end) =
            quotes::find(text, &text[f.start..f.end]).expect("a found name is a quote");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end) && start < end);
    }
    if let Some((start, end)) = quotes::find(text, head) {
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end) && start <= end);
    }
});
