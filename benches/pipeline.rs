//! `cargo bench`: the in-process stages of the pipeline (parse, validate, lower, each emitter, and the
//! whole `generate_str`) on the workload of `bench/make-spec` at N = 1, 10, 100 and 1000 subnets.
//!
//! A `harness = false` bench timed with `std::time::Instant`, reporting the median of repeated runs
//! (criterion's build time is not worth it on a two-core machine). It never writes files; the
//! whole-process timings, with writing and the copy floor, are `bench/run.sh`'s.
//!
//! `cargo bench --bench pipeline -- 1000 bicep` runs only the given sizes and the stages whose names
//! contain one of the given words (for profiling one stage under `perf record`).

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use amlnet::Generator;
use amlnet::internals::emit::{self, Format, Header};
use amlnet::internals::lower;
use amlnet::internals::spec::source::{SourceFormat, parse};
use amlnet::internals::spec::validate::validate;

/// Sizes measured when none are given on the command line.
const SIZES: [usize; 4] = [1, 10, 100, 1000];
/// How long each stage is repeated, at most (and at least `MIN_RUNS` times).
const BUDGET: Duration = Duration::from_millis(1500);
const MIN_RUNS: usize = 5;
const MAX_RUNS: usize = 2000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { SIZES.to_vec() } else { sizes };
    let words: Vec<&str> = args.iter().filter(|a| a.parse::<usize>().is_err()).map(String::as_str).collect();
    let wanted = |stage: &str| words.is_empty() || words.iter().any(|w| stage.contains(w));
    println!("{:>5}  {:<14} {:>10} {:>10} {:>6}", "N", "stage", "median ms", "min ms", "runs");
    for n in sizes {
        let text = make_spec(n);
        let header = Header { spec_path: "../spec.yaml".to_owned() };
        let doc = parse(&text, SourceFormat::Yaml, "spec.yaml").expect("the benchmark spec parses");
        let valid = validate(&doc).unwrap_or_else(|d| panic!("the benchmark spec at N={n} is invalid: {d:?}"));
        let graph = lower::lower(&valid);
        let generator = Generator::new();

        stage(n, "parse", wanted("parse"), || parse(&text, SourceFormat::Yaml, "spec.yaml"));
        stage(n, "validate", wanted("validate"), || validate(&doc));
        stage(n, "lower", wanted("lower"), || lower::lower(&valid));
        stage(n, "terraform", wanted("terraform"), || emit::terraform::emit(&graph, &header));
        stage(n, "arm", wanted("arm"), || emit::arm::emit(&graph, &header));
        stage(n, "bicep", wanted("bicep"), || emit::bicep::emit(&graph, &header));
        stage(n, "emit (all)", wanted("emit (all)"), || emit::emit(&graph, &Format::ALL, &header));
        stage(n, "generate_str", wanted("generate_str"), || {
            generator.generate_str(&text, SourceFormat::Yaml, "spec.yaml", "../spec.yaml")
        });
    }
}

/// Times `f` repeatedly and prints its median and minimum.
fn stage<T>(n: usize, name: &str, wanted: bool, mut f: impl FnMut() -> T) {
    if !wanted {
        return;
    }
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < MIN_RUNS || (start.elapsed() < BUDGET && times.len() < MAX_RUNS) {
        let t = Instant::now();
        black_box(f());
        times.push(t.elapsed());
    }
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("{n:>5}  {name:<14} {:>10.3} {:>10.3} {:>6}", ms(times[times.len() / 2]), ms(times[0]), times.len());
}

/// The benchmark spec with `n` compute subnets, from `bench/make-spec` (the one definition of the
/// workload, shared with `bench/run.sh`).
fn make_spec(n: usize) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/make-spec");
    let out = Command::new("bash").arg(&script).arg(n.to_string()).output().expect("bash runs bench/make-spec");
    assert!(out.status.success(), "bench/make-spec {n} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("bench/make-spec prints UTF-8")
}
