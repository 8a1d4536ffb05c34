//! Small text helpers shared by every layer that tidies what a file or a
//! user wrote.

/// Runs of whitespace (spaces, tabs, line breaks) become one space, and
/// leading and trailing whitespace goes.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_whitespace_become_one_space() {
        assert_eq!(collapse_whitespace("  a \t b\n\nc  "), "a b c");
        assert_eq!(collapse_whitespace(" \n "), "");
        assert_eq!(collapse_whitespace("A/RES/73/69"), "A/RES/73/69");
    }
}
