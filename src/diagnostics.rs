//! Diagnostics as values: a stable code, a message, a help line, and the spec location they point at.
//!
//! Validation and parsing return [`Diagnostics`] (every problem at once); nothing here prints. The
//! CLI renders them with miette's graphical handler; tests render them without colour at a fixed width.

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
    /// Whether any item is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }
}

impl Diagnostics {
    /// Renders every item for a terminal.
    pub fn render(&self, _color: bool, _width: usize) -> String {
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&format!("{:?}[{}]: {}\n", d.severity, d.code, d.message));
        }
        out
    }
}
