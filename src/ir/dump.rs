//! A stable text dump of the graph for snapshots (the analogue of Bicep's `main.ir.bicep`).
