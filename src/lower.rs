//! Lowering: `ValidSpec` → `ir::Graph`. Policy (which rule applies when) lives here; facts come from
//! `azure`. Pure and infallible.

use crate::ir::Graph;
use crate::spec::ValidSpec;

/// Builds the resource graph of a valid spec.
pub fn lower(_spec: &ValidSpec) -> Graph {
    todo!("lowering")
}
