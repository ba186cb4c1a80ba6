//! The `terraform fmt` layout pass: turns HCL text printed by hcl-rs into the canonical layout
//! `terraform fmt` produces, so generated files pass `terraform fmt -check`.
//!
//! It re-implements, line by line, the three rules of hclwrite's formatter (hashicorp/hcl
//! `hclwrite/format.go`) that differ from hcl-rs's printer:
//!
//! - indentation: two spaces per level, a level being a line with a net surplus of opening
//!   brackets, closed again by the line whose closing brackets use it up;
//! - alignment: in a run of consecutive lines that each hold a complete `key = value` (a blank
//!   line, a block header, a closing bracket or a multi-line value ends the run), every `=` is
//!   put one column after the longest key of the run;
//! - spacing: an empty brace pair is written `{}` (hcl-rs prints `{  }` for a nested empty block).
//!
//! It deliberately handles only what hcl-rs prints: every line is a whole number of tokens,
//! quoted strings never span lines, there are no heredocs, no template interpolations (hcl-rs
//! escapes `${` and `%{` in literal strings) and comments only on lines of their own. Within a line
//! it changes only the spaces named above; it never adds, removes or reorders lines. Key widths
//! are counted in grapheme clusters, as hclwrite does; hclwrite's segmenter (go-textseg) follows
//! Unicode 15.0, so the one known difference is an Indic consonant conjunct (Unicode 15.1's rule
//! GB9c), which hclwrite counts as two clusters.

use std::borrow::Cow;

/// Returns `text` in `terraform fmt` layout.
#[cfg(test)]
pub fn canonical(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    canonical_into(text, &mut out);
    out
}

/// Appends `text` in `terraform fmt` layout to `out`. Text that ends a top-level block (brackets
/// balanced) and is followed by a blank line can be laid out piece by piece: no indentation level and
/// no alignment run crosses such a boundary.
pub fn canonical_into(text: &str, out: &mut String) {
    let lines: Vec<Line<'_>> = text.lines().map(Line::scan).collect();
    let indents = indents(&lines);
    let key_columns = key_columns(&lines, &indents);

    out.reserve(text.len() + text.len() / 4);
    for ((line, indent), key_column) in lines.iter().zip(&indents).zip(&key_columns) {
        if !line.content.is_empty() {
            push_spaces(out, *indent);
            match (line.assign, key_column) {
                (Some(eq), Some(column)) => {
                    let key = line.content[..eq].trim_end();
                    out.push_str(key);
                    push_spaces(out, column - indent - width(key) + 1);
                    out.push('=');
                    let value = line.content[eq + 1..].trim_start();
                    if !value.is_empty() {
                        out.push(' ');
                        out.push_str(value);
                    }
                }
                _ => out.push_str(&line.content),
            }
        }
        out.push('\n');
    }
    if !text.ends_with('\n') {
        out.pop();
    }
}

/// One line, stripped of its indentation, with what the rules need to know about its tokens.
#[derive(Debug)]
struct Line<'t> {
    /// The line without leading or trailing spaces, empty brace pairs closed up (borrowed from the
    /// text unless there was a pair to close).
    content: Cow<'t, str>,
    /// Opening minus closing brackets on the line, comments and strings excluded.
    net_brackets: i32,
    /// Byte offset in `content` of the `=` of a complete single-line attribute.
    assign: Option<usize>,
}

impl<'t> Line<'t> {
    fn scan(raw: &'t str) -> Line<'t> {
        let content = close_empty_braces(raw.trim());
        let bytes = content.as_bytes();
        let mut net_brackets = 0;
        // (offset of the first `=` token when it is not the line's first token, brackets before it)
        let mut first_equal: Option<(usize, i32)> = None;
        let mut in_string = false;
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            if in_string {
                match byte {
                    b'\\' => i += 1,
                    b'"' => in_string = false,
                    // Skip to the string's next quote or backslash.
                    _ => {
                        let rest = &bytes[i + 1..];
                        i += rest.iter().position(|&b| b == b'"' || b == b'\\').unwrap_or(rest.len());
                    }
                }
            } else {
                match byte {
                    b'"' => in_string = true,
                    b'#' => break,
                    b'/' if bytes.get(i + 1) == Some(&b'/') => break,
                    b'{' | b'[' | b'(' => net_brackets += 1,
                    b'}' | b']' | b')' => net_brackets -= 1,
                    b'=' if i > 0 && first_equal.is_none() && is_equal_token(bytes, i) => {
                        first_equal = Some((i, net_brackets));
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        // hclwrite: the `=` starts an assignment cell only when the tokens from it to the end of
        // the line balance their brackets; otherwise a multi-line value begins here.
        let assign = first_equal.filter(|&(_, before)| net_brackets - before == 0).map(|(at, _)| at);
        Line { content, net_brackets, assign }
    }
}

/// Whether the `=` at `i` is the assignment token, not part of `==`, `!=`, `<=`, `>=` or `=>`.
fn is_equal_token(bytes: &[u8], i: usize) -> bool {
    let next = bytes.get(i + 1).copied();
    let prev = bytes[i - 1];
    !matches!(next, Some(b'=' | b'>')) && !matches!(prev, b'=' | b'!' | b'<' | b'>')
}

/// `{` followed by nothing but spaces and `}` (outside strings) becomes `{}`.
fn close_empty_braces(line: &str) -> Cow<'_, str> {
    // Nothing to close without a `{ ` (most lines): borrow the line.
    if !line.contains("{ ") {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        out.push(ch);
        if in_string {
            match ch {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if ch == '"' {
            in_string = true;
        } else if ch == '{' {
            let mut lookahead = chars.clone();
            while lookahead.peek() == Some(&' ') {
                lookahead.next();
            }
            if lookahead.peek() == Some(&'}') {
                chars = lookahead;
            }
        }
    }
    Cow::Owned(out)
}

/// The indentation (in spaces) of every line: hclwrite's `formatIndent`.
fn indents(lines: &[Line<'_>]) -> Vec<usize> {
    // Each entry is one indentation level and the number of brackets it still has to see closed.
    let mut stack: Vec<i32> = Vec::new();
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.content.is_empty() {
            out.push(0);
            continue;
        }
        let net = line.net_brackets;
        if net > 0 {
            out.push(2 * stack.len());
            stack.push(net);
            continue;
        }
        let mut closed = -net;
        while closed > 0 {
            let Some(top) = stack.last_mut() else { break };
            if closed >= *top {
                closed -= *top;
                stack.pop();
            } else {
                *top -= closed;
                closed = 0;
            }
        }
        out.push(2 * stack.len());
    }
    out
}

/// For each line holding a complete attribute, the column its key's run aligns to (the widest
/// indentation plus key of the run): hclwrite's `formatCells`.
fn key_columns(lines: &[Line<'_>], indents: &[usize]) -> Vec<Option<usize>> {
    let mut out = vec![None; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        if lines[start].assign.is_none() {
            start += 1;
            continue;
        }
        let end = (start..lines.len()).find(|&i| lines[i].assign.is_none()).unwrap_or(lines.len());
        let lead = |i: usize| {
            let eq = lines[i].assign.expect("every line of a run is an assignment");
            indents[i] + width(lines[i].content[..eq].trim_end())
        };
        let column = (start..end).map(lead).max().expect("a run has at least one line");
        for slot in &mut out[start..end] {
            *slot = Some(column);
        }
        start = end;
    }
    out
}

/// A key's width as hclwrite counts it: grapheme clusters (go-textseg's `ScanGraphemeClusters`),
/// so an emoji joined with U+200D, a flag or a letter with combining marks is one column.
fn width(text: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    if text.is_ascii() { text.len() } else { text.graphemes(true).count() }
}

fn push_spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let now = left.min(SPACES.len());
        out.push_str(&SPACES[..now]);
        left -= now;
    }
}

#[cfg(test)]
mod tests {
    use super::canonical;

    /// Asserts that the pass turns `input` into `expected`, and that `expected` (hand-formatted as
    /// `terraform fmt` writes it) is a fixed point.
    #[track_caller]
    fn check(input: &str, expected: &str) {
        assert_eq!(canonical(input), expected, "\n--- input ---\n{input}");
        assert_eq!(canonical(expected), expected, "canonical layout must be a fixed point");
    }

    #[test]
    fn aligns_a_run_to_its_longest_key() {
        check(
            "resource \"azurerm_subnet\" \"training\" {\n  name = \"snet-training\"\n  resource_group_name = var.resource_group_name\n  virtual_network_name = azurerm_virtual_network.main.name\n  address_prefixes = [\"10.0.1.0/24\"]\n}\n",
            "resource \"azurerm_subnet\" \"training\" {\n  name                 = \"snet-training\"\n  resource_group_name  = var.resource_group_name\n  virtual_network_name = azurerm_virtual_network.main.name\n  address_prefixes     = [\"10.0.1.0/24\"]\n}\n",
        );
    }

    #[test]
    fn blocks_and_blank_lines_break_runs() {
        check(
            r#"resource "azurerm_network_security_group" "training" {
  name = "nsg-training"
  location = var.location

  security_rule {
    name = "AllowBatch"
    priority = 100
    destination_port_ranges = ["29876", "29877"]
  }

  tags = {
    env = "prod"
    "cost center" = "42"
  }
}
"#,
            r#"resource "azurerm_network_security_group" "training" {
  name     = "nsg-training"
  location = var.location

  security_rule {
    name                    = "AllowBatch"
    priority                = 100
    destination_port_ranges = ["29876", "29877"]
  }

  tags = {
    env           = "prod"
    "cost center" = "42"
  }
}
"#,
        );
    }

    #[test]
    fn multi_line_values_break_runs() {
        // `body = {` opens a value spanning lines, so it is not part of the run around it;
        // `x = 1` and `long_name = 2` are separated by it and aligned independently.
        check(
            "resource \"azapi_resource\" \"vm\" {\n  x = 1\n  body = {\n    properties = {\n      computeType = \"VirtualMachine\"\n      a = [{\n        b = 1\n      }]\n    }\n  }\n  long_name = 2\n}\n",
            "resource \"azapi_resource\" \"vm\" {\n  x = 1\n  body = {\n    properties = {\n      computeType = \"VirtualMachine\"\n      a = [{\n        b = 1\n      }]\n    }\n  }\n  long_name = 2\n}\n",
        );
    }

    #[test]
    fn reindents_by_bracket_depth() {
        check(
            "a {\nb {\nc = [{\nd = 1\n}, {\ne = 2\n}]\n}\n}\n",
            "a {\n  b {\n    c = [{\n      d = 1\n      }, {\n      e = 2\n    }]\n  }\n}\n",
        );
    }

    #[test]
    fn closes_empty_braces() {
        check(
            "provider \"azurerm\" {\n  features {  }\n}\n\ndata \"azurerm_client_config\" \"current\" {}\n",
            "provider \"azurerm\" {\n  features {}\n}\n\ndata \"azurerm_client_config\" \"current\" {}\n",
        );
    }

    #[test]
    fn strings_are_opaque() {
        // Brackets, `=`, `#` and escaped markers inside strings are text, not tokens.
        check(
            "tags = {\n  \"a = {\" = \"x # [\"\n  b = \"$${c}\\\" {  }\"\n}\n",
            "tags = {\n  \"a = {\" = \"x # [\"\n  b       = \"$${c}\\\" {  }\"\n}\n",
        );
    }

    #[test]
    fn comparison_operators_are_not_assignments() {
        check("a = b == c\nlonger = 1\n", "a      = b == c\nlonger = 1\n");
        check("x {\n  y = a >= b ? 1 : 2\n}\n", "x {\n  y = a >= b ? 1 : 2\n}\n");
    }

    #[test]
    fn comment_lines_break_runs_and_keep_their_text() {
        check("# a = b\n# c\n\nx = 1\n# y\nlong = 2\n", "# a = b\n# c\n\nx = 1\n# y\nlong = 2\n");
    }

    #[test]
    fn keys_are_measured_in_characters() {
        check("tags = {\n  \"é\" = 1\n  ab = 2\n}\n", "tags = {\n  \"é\" = 1\n  ab  = 2\n}\n");
    }

    /// Keys are aligned by grapheme clusters, as `terraform fmt` (v1.x, checked with its binary)
    /// aligns them: a ZWJ family, a flag, a letter with a combining accent, a Hangul syllable in
    /// conjoining jamo are one column each.
    #[test]
    fn key_widths_count_grapheme_clusters() {
        let input = "locals {\ntags = {\n\"a\" = \"v\"\n\"\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\" = \"v\"\n\"\u{1F1EB}\u{1F1F7}\" = \"v\"\n\"e\u{301}x\" = \"v\"\n\"\u{1100}\u{1161}\u{11A8}\" = \"v\"\n}\n}\n";
        let expected = "locals {\n  tags = {\n    \"a\"  = \"v\"\n    \"\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\"  = \"v\"\n    \"\u{1F1EB}\u{1F1F7}\"  = \"v\"\n    \"e\u{301}x\" = \"v\"\n    \"\u{1100}\u{1161}\u{11A8}\"  = \"v\"\n  }\n}\n";
        check(input, expected);
    }
}
