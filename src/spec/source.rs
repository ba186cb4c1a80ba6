//! Spec text → a located document: the value tree plus the span of every path in it.

use crate::diagnostics::Diagnostics;

/// The syntax of a spec file, chosen by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Yaml,
    Toml,
    Json,
}

/// A parsed spec file.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    pub file_name: String,
    pub text: String,
    pub format: SourceFormat,
    pub value: serde_json::Value,
}

/// Parses spec text.
pub fn parse(_text: &str, _format: SourceFormat, _file_name: &str) -> Result<SourceDoc, Diagnostics> {
    todo!("spec front end")
}

impl SourceFormat {
    /// The syntax named by a file's extension.
    pub fn from_path(path: &std::path::Path) -> Option<SourceFormat> {
        match path.extension()?.to_str()? {
            "yaml" | "yml" => Some(SourceFormat::Yaml),
            "toml" => Some(SourceFormat::Toml),
            "json" => Some(SourceFormat::Json),
            _ => None,
        }
    }
}
