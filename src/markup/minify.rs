//! Stylesheets and scripts written smaller: comments and indentation left
//! out, line breaks kept, so nothing a browser reads changes. What readers
//! download is what the theme ships, not its annotated source (Lighthouse
//! counts comments and indentation as waste).

/// CSS without comments, indentation and blank lines (strings kept as they are).
pub fn css(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == '\\' {
                    out.extend(chars.next());
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '/' && chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for inside in chars.by_ref() {
                    if last == '*' && inside == '/' {
                        break;
                    }
                    last = inside;
                }
            }
            None => out.push(c),
        }
    }
    compact_lines(&out, source.ends_with('\n'))
}

/// JavaScript without indentation, blank lines and lines that are only a
/// `//` comment. A script with a template literal or a line continuation,
/// whose line starts may be part of a string, is left as it is.
pub fn js(source: &str) -> String {
    // A backtick in a `//` comment line opens no template literal.
    let code = source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"));
    if code
        .clone()
        .any(|line| line.contains('`') || line.ends_with('\\'))
    {
        return source.to_string();
    }
    let kept: Vec<&str> = source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .collect();
    ended(kept.join("\n"), source.ends_with('\n'))
}

fn compact_lines(text: &str, final_newline: bool) -> String {
    let kept: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    ended(kept.join("\n"), final_newline)
}

/// `text` with a final line break where its source had one, so a file with
/// nothing to leave out is copied as it is.
fn ended(mut text: String, final_newline: bool) -> String {
    if final_newline && !text.is_empty() {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_loses_comments_and_indentation_but_not_strings() {
        let source =
            "/* theme */\n.a {\n  color: red; /* why */\n  content: \"/* kept */\";\n}\n\n";
        assert_eq!(
            css(source),
            ".a {\ncolor: red;\ncontent: \"/* kept */\";\n}\n"
        );
    }

    #[test]
    fn js_loses_comment_lines_and_indentation() {
        let source = "// header\n(function () {\n  \"use strict\";\n  var a = 1; // why\n\n})();\n";
        assert_eq!(
            js(source),
            "(function () {\n\"use strict\";\nvar a = 1; // why\n})();\n"
        );
        let template = "var a = `\n  // kept\n`;\n";
        assert_eq!(js(template), template);
        assert_eq!(js("// a `b` here\n  f();\n"), "f();\n");
        assert_eq!(css("b {}"), "b {}");
        assert_eq!(js("f();"), "f();");
    }
}
