//! `cargo bench --bench batch`: [`amlnet::batch::generate_dir`] on 500 small specs (variants of
//! `examples/minimal.toml` from `bench/make-specs`), written to a fresh output directory each run.
//!
//! A `harness = false` bench: the median and minimum of several runs, with `std::time::Instant`, and in
//! the same run the floor: `cp -r` of the output tree, timed the same way. The spec count is the first
//! argument (`cargo bench --bench batch -- 2000`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use amlnet::Format;
use amlnet::batch::generate_dir;

const RUNS: usize = 7;

fn main() {
    let count: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(500);
    let root = std::env::temp_dir().join(format!("amlnet-bench-batch-{}", std::process::id()));
    let (specs, out) = (root.join("specs"), root.join("out"));
    let _ = std::fs::remove_dir_all(&root);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/make-specs");
    let status = Command::new("bash").arg(&script).arg(&specs).arg(count.to_string()).status();
    assert!(status.is_ok_and(|s| s.success()), "bench/make-specs failed");

    let mut times = Vec::new();
    for _ in 0..RUNS {
        let _ = std::fs::remove_dir_all(&out);
        let start = Instant::now();
        let report = generate_dir(&specs, &out, &Format::ALL).expect("the spec directory lists");
        times.push(start.elapsed());
        assert_eq!(report.specs.len(), count);
        assert!(report.all_succeeded(), "{:?}", report.failures().next());
    }
    let copy = root.join("copy");
    let mut floor = Vec::new();
    for _ in 0..RUNS {
        let _ = std::fs::remove_dir_all(&copy);
        let start = Instant::now();
        let status = Command::new("cp").arg("-r").arg(&out).arg(&copy).status();
        floor.push(start.elapsed());
        assert!(status.is_ok_and(|s| s.success()), "cp -r failed");
    }
    times.sort_unstable();
    floor.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "batch: {count} specs, {threads} threads: median {:.1} ms, min {:.1} ms ({RUNS} runs, writing included)",
        ms(times[RUNS / 2]),
        ms(times[0])
    );
    println!(
        "floor: cp -r of the output tree: median {:.1} ms, min {:.1} ms; ratio of medians {:.1}x",
        ms(floor[RUNS / 2]),
        ms(floor[0]),
        ms(times[RUNS / 2]) / ms(floor[RUNS / 2])
    );
    let _ = std::fs::remove_dir_all(&root);
}
