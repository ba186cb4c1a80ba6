//! String literals as HCL spells them, for every string in a generated body.
//!
//! hcl-rs 0.20 escapes quotes, backslashes and control characters, and doubles the template markers
//! `${` and `%{` so they stay literal, but its marker pass (`hcl_primitives::template::escape_markers`)
//! reads characters in pairs and misses a marker after an even run of `$` or `%`: the text `$${x}` is
//! printed unchanged and Terraform reads it back as `${x}`. [`escape_strings`] therefore rewrites
//! every literal string of a body (attribute values, list items, object values and keys) into an
//! already-escaped quoted template that hcl-rs prints verbatim. Object keys that are plain
//! identifiers stay unquoted.
//!
//! This module only escapes; it never changes what a literal means and writes no other syntax.

use hcl::Identifier;
use hcl::expr::{Expression, ObjectKey, TemplateExpr};
use hcl::structure::{Body, Structure};

/// Rewrites every literal string in `body` into its escaped quoted form.
pub(super) fn escape_strings(body: &mut Body) {
    for structure in &mut body.0 {
        match structure {
            Structure::Attribute(attr) => escape_expr(&mut attr.expr),
            Structure::Block(block) => escape_strings(&mut block.body),
        }
    }
}

/// The escaped content of a quoted HCL string whose value is `text`, quotes excluded.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // `${` and `%{` open an interpolation or a directive; `$${` and `%%{` are literal.
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(ch);
                out.push(ch);
            }
            ch if ch.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(ch))),
            ch => out.push(ch),
        }
    }
    out
}

fn escape_expr(expr: &mut Expression) {
    match expr {
        Expression::String(text) if needs_no_escape(text) => {}
        Expression::String(text) => *expr = quoted(text),
        Expression::Array(items) => items.iter_mut().for_each(escape_expr),
        Expression::Object(members) => {
            let escaped = std::mem::take(members)
                .into_iter()
                .map(|(key, mut value)| {
                    escape_expr(&mut value);
                    (escape_key(key), value)
                })
                .collect();
            *members = escaped;
        }
        Expression::Parenthesis(inner) => escape_expr(inner),
        _ => {}
    }
}

fn escape_key(key: ObjectKey) -> ObjectKey {
    match key {
        ObjectKey::Expression(Expression::String(text)) if is_bare_key(&text) => {
            ObjectKey::Identifier(Identifier::unchecked(text))
        }
        ObjectKey::Expression(Expression::String(text)) => ObjectKey::Expression(quoted(&text)),
        ObjectKey::Expression(mut expr) => {
            escape_expr(&mut expr);
            ObjectKey::Expression(expr)
        }
        other => other,
    }
}

/// Whether a key can be written unquoted: an identifier that is not a keyword HCL would read as a
/// value or as the start of a `for` expression.
fn is_bare_key(text: &str) -> bool {
    Identifier::new(text).is_ok() && !matches!(text, "true" | "false" | "null" | "for")
}

fn quoted(text: &str) -> Expression {
    Expression::TemplateExpr(Box::new(TemplateExpr::QuotedString(escape(text))))
}

/// Whether hcl-rs prints `text` as a plain string literal verbatim, so that escaping it here would
/// change nothing: no quote, backslash, control character or `{` (the only character a template
/// marker needs).
fn needs_no_escape(text: &str) -> bool {
    !text.bytes().any(|b| matches!(b, b'"' | b'\\' | b'{' | 0..=0x1f | 0x7f))
        && (text.is_ascii() || !text.chars().any(char::is_control))
}

#[cfg(test)]
mod tests {
    use super::escape;

    /// `escape(text)` must read back as `text`, through hcl-rs's parser.
    #[track_caller]
    fn check(text: &str, escaped: &str) {
        assert_eq!(escape(text), escaped);
        let body: hcl::Body = hcl::parse(&format!("a = \"{escaped}\"\n")).unwrap();
        let value = body.attributes().next().unwrap().expr().clone();
        assert_eq!(value, hcl::Expression::String(text.to_owned()));
    }

    #[test]
    fn plain() {
        check("snet-training", "snet-training");
    }

    #[test]
    fn quotes_backslashes_and_controls() {
        check("a \"b\" \\c\nd\te\r\u{1}", "a \\\"b\\\" \\\\c\\nd\\te\\r\\u0001");
    }

    #[test]
    fn template_markers() {
        check("${var.x} %{if y}", "$${var.x} %%{if y}");
        // An even run of markers before `{`: hcl-rs's own escaping gets this one wrong.
        check("$${d} %%{e}", "$$${d} %%%{e}");
        check("$ { % }{", "$ { % }{");
    }
}
