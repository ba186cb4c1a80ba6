//! Diagnostics as values: a stable code, a message, a help line, and the spec location they point at.
//!
//! Validation and parsing return [`Diagnostics`] (every problem at once); nothing here prints. The
//! CLI renders them with miette's graphical handler; tests render them without colour at a fixed width.
//! The data types do not depend on miette: a private adapter implements `miette::Diagnostic` only
//! while rendering. This module knows no spec vocabulary and no Azure facts.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};

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

    /// Renders the first [`MAX_RENDERED`] items with miette's graphical handler, one after the
    /// other, then says how many more there are.
    ///
    /// `color: false` uses `GraphicalTheme::unicode_nocolor()`, which is what snapshots use (width 80).
    /// Source lines are cut around the spans they show (see [`Excerpt`]), so a span at any column of
    /// any line renders, and the output stays small whatever the input.
    pub fn render(&self, color: bool, width: usize) -> String {
        let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(width);
        let lines = LineIndex::new(&self.source);
        let mut out = String::new();
        for diag in self.items.iter().take(MAX_RENDERED) {
            let excerpt = Excerpt::new(&self.file_name, &self.source, &lines, diag);
            let adapter = Adapter { diag, excerpt: &excerpt };
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
        if let Some(more) = self.items.len().checked_sub(MAX_RENDERED).filter(|n| *n > 0) {
            let errors = self.items[MAX_RENDERED..].iter().filter(|d| d.severity == Severity::Error).count();
            out.push_str(&format!(
                "\n... and {more} more ({errors} errors, {} warnings) not shown: fix the ones above first\n",
                more - errors
            ));
        }
        out
    }
}

/// Where a diagnostic points, 1-based: line and column of its start and end. Columns count Unicode
/// scalar values (SARIF's `unicodeCodePoints`), so a non-ASCII character is one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Diagnostics {
    /// The position of `diag`'s span in this text, if it has one.
    pub fn position(&self, diag: &Diagnostic) -> Option<Position> {
        let span = diag.span?;
        let lines = LineIndex::new(&self.source);
        let at = |offset: usize| {
            let offset = floor_boundary(&self.source, offset.min(self.source.len()));
            let line = lines.line(offset);
            let start = lines.starts[line - 1].min(offset);
            (line, self.source[start..offset].chars().count() + 1)
        };
        let (line, column) = at(span.start);
        let (end_line, end_column) = at(span.end.max(span.start));
        Some(Position { line, column, end_line, end_column })
    }
}

/// How many diagnostics [`Diagnostics::render`] shows; the rest are counted.
pub const MAX_RENDERED: usize = 50;

/// The most bytes of one source line a rendered diagnostic shows (longer lines are cut around the
/// spans on them, as rustc does).
pub const MAX_LINE: usize = 160;

/// Lines kept either side of a span: more than miette shows, so that the lines between two
/// labels it prints as one snippet are there.
const CONTEXT: usize = 3;

/// Bytes shown before a span on a cut line.
const LEAD: usize = 40;

/// The start of every line of a text, for line numbers in time logarithmic in its length. A line
/// ends at `\n`, `\r\n` or a lone `\r`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, b) in bytes.iter().enumerate() {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineIndex { starts, len: text.len() }
    }

    /// The 1-based line of a byte offset (offsets past the end count as the end).
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset.min(self.len))
    }

    /// The byte range of 1-based line `line` without its line break, in `text` (the indexed text).
    fn content(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts[line - 1];
        let mut end = self.starts.get(line).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }
}

/// The source a single diagnostic is rendered against: the lines its spans touch and [`CONTEXT`] lines
/// either side, each cut to at most about [`MAX_LINE`] bytes around the spans on it (`…`
/// marks a cut), the other lines left empty so that line numbers stay those of the spec. Every line
/// ends with `\n`, so miette sees one kind of line break. Spans are mapped into it; the header's
/// column is the spec's.
struct Excerpt {
    name: String,
    text: String,
    /// The part of each kept line that is shown.
    windows: Vec<Window>,
    /// The primary span's excerpt offset and its 0-based line and byte column in the spec.
    header: Option<(usize, usize, usize)>,
    /// The diagnostic's spans mapped into the excerpt: the primary, then each related span.
    spans: Vec<miette::SourceSpan>,
}

/// Of 1-based `line`, the spec bytes `from..to` are shown at excerpt offset `at`.
#[derive(Debug, Clone, Copy)]
struct Window {
    line: usize,
    from: usize,
    to: usize,
    at: usize,
}

const ELLIPSIS: &str = "\u{2026}";

impl Excerpt {
    fn new(name: &str, source: &str, lines: &LineIndex, diag: &Diagnostic) -> Excerpt {
        let clamp = |span: Span| {
            let start = span.start.min(source.len());
            (start, span.end.clamp(start, source.len()))
        };
        let spans: Vec<(usize, usize)> =
            diag.span.into_iter().chain(diag.related.iter().filter_map(|r| r.span)).map(clamp).collect();
        // Lines to keep, each with the offsets that must show on it (primary first).
        let mut keep: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut want = |line: usize, point: Option<usize>| match keep.iter_mut().find(|(l, _)| *l == line) {
            Some((_, points)) => points.extend(point),
            None => keep.push((line, point.into_iter().collect())),
        };
        // A text ending in a line break has no further line to show as context.
        let last_line =
            lines.starts.len() - usize::from(lines.starts.len() > 1 && lines.starts.last() == Some(&lines.len));
        for &(start, end) in &spans {
            let (first, last) = (lines.line(start), lines.line(end));
            for line in first.saturating_sub(CONTEXT).max(1)..=(last + CONTEXT).min(last_line) {
                want(line, None);
            }
            want(first, Some(start));
            want(last, Some(end));
        }
        keep.sort_by_key(|(line, _)| *line);
        let mut text = String::new();
        let mut windows = Vec::with_capacity(keep.len());
        let mut line = 1;
        for (kept, points) in &keep {
            while line < *kept {
                text.push('\n');
                line += 1;
            }
            let (start, end) = lines.content(source, *kept);
            let (mut from, mut to) = (start, end);
            if end - start > MAX_LINE {
                let anchor = points.first().copied().unwrap_or(start).clamp(start, end);
                from = floor_boundary(source, anchor.saturating_sub(LEAD).max(start));
                let reach = points.iter().copied().filter(|p| *p >= from).max().unwrap_or(from);
                to = ceil_boundary(source, (reach + LEAD).max(from + MAX_LINE - LEAD).min(from + MAX_LINE).min(end));
            }
            if from > start {
                text.push_str(ELLIPSIS);
            }
            windows.push(Window { line: *kept, from, to, at: text.len() });
            text.push_str(&source[from..to]);
            if to < end {
                text.push_str(ELLIPSIS);
            }
            text.push('\n');
            line += 1;
        }
        let mut excerpt = Excerpt { name: name.to_owned(), text, windows, header: None, spans: Vec::new() };
        if let Some(&(start, _)) = spans.first() {
            let line = lines.line(start);
            excerpt.header = Some((excerpt.map(lines, start), line - 1, start - lines.starts[line - 1]));
        }
        excerpt.spans = spans.iter().map(|span| excerpt.span(lines, *span)).collect();
        excerpt
    }

    /// Where a spec offset lands in the excerpt (clamped to its line's window).
    fn map(&self, lines: &LineIndex, offset: usize) -> usize {
        let line = lines.line(offset);
        match self.windows.iter().find(|w| w.line == line) {
            Some(w) => w.at + offset.clamp(w.from, w.to) - w.from,
            None => 0,
        }
    }

    fn span(&self, lines: &LineIndex, (start, end): (usize, usize)) -> miette::SourceSpan {
        let start = self.map(lines, start);
        let end = self.map(lines, end).max(start);
        (start, end - start).into()
    }
}

/// The largest char boundary of `text` at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest char boundary of `text` at or after `at`.
fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.read_span(span, context_lines_before, context_lines_after)?;
        let (mut line, mut column) = (inner.line(), inner.column());
        // miette asks for the primary span without context to print `file:line:column`.
        if let Some((at, spec_line, spec_column)) = self.header
            && context_lines_before == 0
            && context_lines_after == 0
            && span.offset() == at
        {
            (line, column) = (spec_line, spec_column);
        }
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
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
    excerpt: &'a Excerpt,
}

impl fmt::Debug for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diag, f)
    }
}

impl fmt::Display for Adapter<'_> {
    /// The message; without a span to show the file, prefixed with the file name (in a batch of
    /// specs, it says which one).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.diag.span.is_none() && !self.excerpt.name.is_empty() {
            write!(f, "{}: ", self.excerpt.name)?;
        }
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
        self.diag.span.map(|_| self.excerpt as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diag.span?;
        let mut spans = self.excerpt.spans.iter().copied();
        let primary = LabeledSpan::new_primary_with_span(Some("here".to_owned()), spans.next()?);
        let related = self.diag.related.iter().filter(|r| r.span.is_some()).zip(spans);
        let labels = std::iter::once(primary)
            .chain(related.map(|(related, span)| LabeledSpan::new_with_span(Some(related.label.clone()), span)));
        Some(Box::new(labels))
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

    fn error_at(start: usize, end: usize) -> Diagnostic {
        Diagnostic {
            code: "amlnet::test::thing",
            severity: Severity::Error,
            message: "bad".to_owned(),
            help: None,
            path: None,
            span: Some(Span { start, end }),
            line: None,
            related: Vec::new(),
        }
    }

    #[test]
    fn a_diagnostic_without_a_position_names_its_file() {
        let mut diags = Diagnostics::new("specs/a.yaml", "a: 1\n");
        diags.items.push(Diagnostic { span: None, ..error_at(0, 0) });
        let out = diags.render(false, 80);
        assert!(out.contains("specs/a.yaml: bad"), "{out}");
        assert_eq!(diags.position(&diags.items[0]), None);
    }

    #[test]
    fn positions_count_characters_from_one() {
        let mut diags = Diagnostics::new("t.yaml", "a: 1\nb: \u{e9}\u{e9}x\n");
        diags.items.push(error_at(10, 12));
        let pos = diags.position(&diags.items[0]).unwrap();
        assert_eq!((pos.line, pos.column, pos.end_line, pos.end_column), (2, 5, 2, 6));
    }

    #[test]
    fn long_lines_are_cut_around_the_span_and_keep_their_column() {
        let source = format!("a: 1\n{}bad{}\n", " ".repeat(100_000), " ".repeat(100_000));
        let mut diags = Diagnostics::new("t.yaml", &source);
        diags.items.push(error_at(100_005, 100_008));
        let out = diags.render(false, 80);
        assert!(out.contains("t.yaml:2:100001"), "{out}");
        assert!(out.contains("\u{2026}") && out.len() < 1_000, "{out}");
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let index = LineIndex::new("a\rb\r\nc\nd");
        assert_eq!([0, 2, 5, 7, 8].map(|o| index.line(o)), [1, 2, 3, 4, 4]);
        let mut diags = Diagnostics::new("t.yaml", "a: 1\rb: x\rc: 3\r");
        diags.items.push(error_at(8, 9));
        let out = diags.render(false, 80);
        assert!(out.contains("t.yaml:2:4") && out.contains(" 2 \u{2502} b: x"), "{out}");
    }

    #[test]
    fn renders_the_first_few_and_counts_the_rest() {
        let source = "x\n".repeat(1_000);
        let mut diags = Diagnostics::new("t.yaml", &source);
        diags.items.extend((0..1_000).map(|i| error_at(2 * i, 2 * i + 1)));
        let out = diags.render(false, 80);
        assert_eq!(out.matches("amlnet::test::thing").count(), MAX_RENDERED);
        assert!(out.contains("and 950 more (950 errors, 0 warnings)"), "{out}");
    }
}
