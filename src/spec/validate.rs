//! Semantic checks of a spec: every problem at once, each located.

use super::source::SourceDoc;
use super::valid::ValidSpec;
use crate::diagnostics::Diagnostics;

/// Checks a parsed spec against every rule of the spec reference.
pub fn validate(_doc: &SourceDoc) -> Result<ValidSpec, Diagnostics> {
    todo!("validation")
}
