//! The bicep emitter.

use super::Header;
use crate::ir::Graph;

/// Renders the graph; returns (file name, contents) pairs.
pub fn emit(_graph: &Graph, _header: &Header) -> Vec<(String, String)> {
    todo!("bicep emitter")
}
