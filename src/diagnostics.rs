//! Diagnostics as values: a stable code, a message, a help line, and the spec location they point at.
//!
//! Validation and parsing return [`Diagnostics`] (every problem at once); nothing here prints. The
//! CLI renders them with miette's graphical handler; tests render them without colour at a fixed width.
//! The data types do not depend on miette: a private adapter implements `miette::Diagnostic` only
//! while rendering. This module knows no spec vocabulary and no Azure facts.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A byte range in the spec text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One problem with a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `amlnet::subnet::overlap`.
    pub code: &'static str,
    pub severity: Severity,
    /// Lowercase, no trailing period.
    pub message: String,
    /// One line saying what to change.
    pub help: Option<String>,
    /// The spec path it is about, e.g. `vnet.subnets[1].prefix`.
    pub path: Option<String>,
    pub span: Option<Span>,
    /// 1-based line of `span`, when known.
    pub line: Option<usize>,
    /// Other places involved (the other overlapping subnet), with a label each.
    pub related: Vec<Related>,
}

/// A second location of a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub label: String,
    pub path: Option<String>,
    pub span: Option<Span>,
    pub line: Option<usize>,
}

/// Every diagnostic about one spec file, with the text they point into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    pub file_name: String,
    pub source: String,
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty set of diagnostics about `source`.
    pub fn new(file_name: &str, source: &str) -> Diagnostics {
        Diagnostics { file_name: file_name.to_owned(), source: source.to_owned(), items: Vec::new() }
    }

    /// Whether any item is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Whether there are no items at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// Renders every item with miette's graphical handler, one after the other.
    ///
    /// `color: false` uses `GraphicalTheme::unicode_nocolor()`, which is what snapshots use (width 80).
    pub fn render(&self, color: bool, width: usize) -> String {
        let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(width);
        let source = NamedSource::new(&self.file_name, self.source.clone());
        let mut out = String::new();
        for diag in &self.items {
            let adapter = Adapter { diag, source: &source, source_len: self.source.len() };
            let mut one = String::new();
            if handler.render_report(&mut one, &adapter).is_err() {
                // Rendering into a String only fails if a Display impl fails; fall back to the plain form.
                one = format!("{}\n", diag);
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&one);
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    /// `error[code]: message (line N)`, then the help line if any.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}[{}]: {}", self.code, self.message)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostics {
    /// Plain, one diagnostic after another, prefixed with the file name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diag in &self.items {
            writeln!(f, "{}: {diag}", self.file_name)?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Presents one [`Diagnostic`] to miette while rendering.
struct Adapter<'a> {
    diag: &'a Diagnostic,
    source: &'a NamedSource<String>,
    source_len: usize,
}

impl Adapter<'_> {
    fn clamp(&self, span: Span) -> miette::SourceSpan {
        let start = span.start.min(self.source_len);
        let end = span.end.clamp(start, self.source_len);
        (start, end - start).into()
    }
}

impl fmt::Debug for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diag, f)
    }
}

impl fmt::Display for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Adapter<'_> {}

impl miette::Diagnostic for Adapter<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diag.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.diag.span.map(|_| self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = self.diag.span?;
        let mut labels = vec![LabeledSpan::new_primary_with_span(Some("here".to_owned()), self.clamp(primary))];
        for related in &self.diag.related {
            if let Some(span) = related.span {
                labels.push(LabeledSpan::new_with_span(Some(related.label.clone()), self.clamp(span)));
            }
        }
        Some(Box::new(labels.into_iter()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_code_message_help_and_labels() {
        let source = "a: 1\nb: 2\n";
        let diags = Diagnostics {
            file_name: "t.yaml".to_owned(),
            source: source.to_owned(),
            items: vec![Diagnostic {
                code: "amlnet::test::thing",
                severity: Severity::Error,
                message: "b clashes with a".to_owned(),
                help: Some("change b".to_owned()),
                path: Some("b".to_owned()),
                span: Some(Span { start: 8, end: 9 }),
                line: Some(2),
                related: vec![Related {
                    label: "a is here".to_owned(),
                    path: Some("a".to_owned()),
                    span: Some(Span { start: 3, end: 4 }),
                    line: Some(1),
                }],
            }],
        };
        let out = diags.render(false, 80);
        for needle in ["amlnet::test::thing", "b clashes with a", "change b", "a is here", "t.yaml:2:4"] {
            assert!(out.contains(needle), "{needle} missing in\n{out}");
        }
        assert!(diags.has_errors());
    }
}
