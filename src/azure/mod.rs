//! Every Azure fact amlnet knows, as typed tables with their sources.
//!
//! Architecture invariant: this is the only module that knows Azure. Resource types, API versions,
//! azurerm type names, service tags, ports, regions, naming limits and service limits live here and
//! nowhere else; `lower` decides *when* a fact applies, the emitters only spell it. Each table
//! carries a `cf.` comment naming its source and the date it was last checked, and the tests sit
//! directly under the tables they guard. `tests/tidy.rs` fails when an Azure literal appears in
//! `ir`, `lower`, `emit` or `templates`.

pub mod aks;
pub mod catalog;
pub mod compute;
pub mod defaults;
pub mod firewall;
pub mod limits;
pub mod managed_network;
pub mod monitor;
pub mod names;
pub mod naming;
pub mod network;
pub mod private_link;
pub mod regions;
pub mod replace;

pub use catalog::{ApiKind, KindInfo};
pub use network::{Catalogue, ServiceTag};
pub use regions::Region;
