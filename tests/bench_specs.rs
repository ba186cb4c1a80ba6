//! The benchmark workloads stay valid specs: `bench/make-spec` (the pipeline benchmark and
//! `bench/run.sh`) and `bench/make-specs` (the batch benchmark) are plain scripts outside the test
//! suite, so a new validation rule could otherwise break the benchmarks unnoticed.

mod support;

use std::process::Command;

use amlnet::SourceFormat;

#[test]
fn the_benchmark_spec_is_valid_at_every_size() {
    for n in [1, 3, 300] {
        let out = Command::new("bash")
            .arg(support::crate_dir().join("bench/make-spec"))
            .arg(n.to_string())
            .output()
            .expect("bash runs bench/make-spec");
        assert!(out.status.success(), "bench/make-spec {n}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        // Its firewalls are off on purpose (Azure allows 200 virtual network rules): warnings are expected.
        support::generate_text(&text, SourceFormat::Yaml).unwrap_or_else(|d| panic!("N = {n}:\n{d}"));
    }
}

#[test]
fn the_batch_benchmark_specs_are_valid() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("bash")
        .arg(support::crate_dir().join("bench/make-specs"))
        .arg(dir.path())
        .arg("2")
        .status()
        .expect("bash runs bench/make-specs");
    assert!(status.success());
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        support::generate_text(&text, SourceFormat::Toml).unwrap_or_else(|d| panic!("{}:\n{d}", path.display()));
    }
}
