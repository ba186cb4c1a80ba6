//! Tests of the Terraform emitter on the hand-built graph shared with the ARM emitters.

use super::*;
use crate::emit::armbody::tests::sample_graph;

fn files() -> Vec<(String, String)> {
    emit(&sample_graph(), &Header { spec_path: "../examples/demo.yaml".into() })
}

#[test]
fn smoke() {
    let out = std::env::var("AMLNET_TF_OUT").ok();
    for (name, text) in files() {
        if let Some(dir) = &out {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(format!("{dir}/{name}"), &text).unwrap();
        }
    }
}
