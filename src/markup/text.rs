//! Small text helpers shared by the stages.

/// Trims and collapses every run of whitespace to one space.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
