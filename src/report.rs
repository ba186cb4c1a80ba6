//! Diagnostics for machines (feature `cli`): JSON lines, a SARIF 2.1.0 log, and GitHub Actions
//! workflow commands. Pure functions from [`Diagnostics`] to text; the CLI decides where they go.
//!
//! Positions are 1-based; columns count Unicode scalar values ([`crate::diagnostics::Position`]),
//! which the SARIF log states as its `columnKind`.

use serde_json::{Value, json};

use crate::codes::CODES;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// The schema a SARIF log names: the `id` of the OASIS standard's schema, version 2.1.0 with errata 01.
pub(crate) const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// One JSON object per diagnostic, one per line: `code`, `severity`, `file`, `line`, `column`
/// (`null` without a position), `end_line`, `end_column`, `message`, `help`, and the spec `path`.
pub(crate) fn json_lines(diags: &Diagnostics) -> String {
    let mut out = String::new();
    for diag in &diags.items {
        let pos = diags.position(diag);
        let object = json!({
            "code": diag.code,
            "severity": severity_name(diag.severity),
            "file": diags.file_name,
            "line": pos.map(|p| p.line).or(diag.line),
            "column": pos.map(|p| p.column),
            "end_line": pos.map(|p| p.end_line),
            "end_column": pos.map(|p| p.end_column),
            "message": diag.message,
            "help": diag.help,
            "path": diag.path,
        });
        out.push_str(&serde_json::to_string(&object).expect("JSON values serialize"));
        out.push('\n');
    }
    out
}

/// A SARIF 2.1.0 log of one run: every code of the index as a rule, every diagnostic as a result.
pub(crate) fn sarif(all: &[Diagnostics]) -> Value {
    let rules: Vec<Value> = CODES
        .iter()
        .map(|code| {
            json!({
                "id": code.code,
                "shortDescription": { "text": code.summary },
                "fullDescription": { "text": code.why },
                "defaultConfiguration": { "level": severity_name(code.severity) },
                "help": { "text": format!("amlnet explain-code {}", code.code) },
            })
        })
        .collect();
    let results: Vec<Value> =
        all.iter().flat_map(|diags| diags.items.iter().map(move |diag| sarif_result(diags, diag))).collect();
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "amlnet",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn sarif_result(diags: &Diagnostics, diag: &Diagnostic) -> Value {
    let mut text = diag.message.clone();
    if let Some(help) = &diag.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    let mut physical = json!({ "artifactLocation": { "uri": uri(&diags.file_name) } });
    if let Some(pos) = diags.position(diag) {
        physical["region"] = json!({
            "startLine": pos.line,
            "startColumn": pos.column,
            "endLine": pos.end_line,
            "endColumn": pos.end_column,
        });
    }
    let mut location = json!({ "physicalLocation": physical });
    if let Some(path) = &diag.path {
        location["logicalLocations"] = json!([{ "fullyQualifiedName": path }]);
    }
    let mut result = json!({
        "ruleId": diag.code,
        "level": severity_name(diag.severity),
        "message": { "text": text },
        "locations": [location],
    });
    if let Some(index) = CODES.iter().position(|c| c.code == diag.code) {
        result["ruleIndex"] = json!(index);
    }
    result
}

/// A relative reference for a file path: forward slashes, and every byte outside the unreserved set
/// and `/` percent-encoded.
fn uri(path: &str) -> String {
    let path = if cfg!(windows) { path.replace('\\', "/") } else { path.to_owned() };
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// GitHub Actions workflow commands, one per diagnostic:
/// `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=CODE::MESSAGE` (`::warning` for warnings).
pub(crate) fn github_annotations(diags: &Diagnostics) -> String {
    let mut out = String::new();
    for diag in &diags.items {
        let mut params = vec![format!("file={}", property(&diags.file_name))];
        if let Some(pos) = diags.position(diag) {
            params.push(format!("line={},col={}", pos.line, pos.column));
            params.push(format!("endLine={},endColumn={}", pos.end_line, pos.end_column));
        }
        params.push(format!("title={}", property(diag.code)));
        let mut message = diag.message.clone();
        if let Some(help) = &diag.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        out.push_str(&format!("::{} {}::{}\n", severity_name(diag.severity), params.join(","), data(&message)));
    }
    out
}

/// A workflow command's message: `%`, CR and LF escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value: as [`data`], and `:` and `,` escaped too.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;

    fn sample() -> Diagnostics {
        let mut diags = Diagnostics::new("specs/a b.yaml", "name: x\nvnet: é%:,\n");
        diags.items.push(Diagnostic {
            code: "amlnet::subnet::overlap",
            severity: Severity::Error,
            message: "100% bad, really: yes".to_owned(),
            help: Some("fix it".to_owned()),
            path: Some("vnet".to_owned()),
            span: Some(Span { start: 16, end: 18 }),
            line: Some(2),
            related: Vec::new(),
        });
        diags.items.push(Diagnostic {
            code: "amlnet::firewall::off",
            severity: Severity::Warning,
            message: "no position".to_owned(),
            help: None,
            path: None,
            span: None,
            line: None,
            related: Vec::new(),
        });
        diags
    }

    #[test]
    fn json_lines_carry_positions_in_characters() {
        let text = json_lines(&sample());
        let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["line"], 2);
        assert_eq!(lines[0]["column"], 8, "`é` is one column");
        assert_eq!(lines[0]["file"], "specs/a b.yaml");
        assert_eq!(lines[1]["line"], Value::Null);
        assert_eq!(lines[1]["severity"], "warning");
    }

    #[test]
    fn annotations_escape_their_data_and_properties() {
        let text = github_annotations(&sample());
        assert_eq!(
            text.lines().next().unwrap(),
            "::error file=specs/a b.yaml,line=2,col=8,endLine=2,endColumn=10,title=amlnet%3A%3Asubnet%3A%3Aoverlap::\
             100%25 bad, really: yes%0Ahelp: fix it"
        );
        assert_eq!(
            text.lines().nth(1).unwrap(),
            "::warning file=specs/a b.yaml,title=amlnet%3A%3Afirewall%3A%3Aoff::no position"
        );
    }

    #[test]
    fn sarif_results_point_at_rules_and_percent_encode_uris() {
        let log = sarif(&[sample()]);
        let result = &log["runs"][0]["results"][0];
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"][index]["id"], "amlnet::subnet::overlap");
        assert_eq!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "specs/a%20b.yaml");
        assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startColumn"], 8);
    }
}
