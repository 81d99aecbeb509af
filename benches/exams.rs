//! Benchmark: write the exams, keys, keys.json and manifest.csv of a class (`cargo bench`).
//!
//! Target: 1,000 students in under 0.5 s wall in release on two cores, with memory that does
//! not grow with the class (measure max RSS with `/usr/bin/time -v` on the binary, e.g.
//! `scripts/bench-exams.sh`). Each run writes into a fresh folder (ext4 slows down creating
//! files right after deleting many), and all folders are removed at the end.
//!
//! The spec is the built-in one when every family in it works, else five conv-params problems
//! (the families being written in parallel may still be stubs). Environment: `BENCH_STUDENTS`
//! (default 1000), `BENCH_RUNS` (default 5); the output goes under `TMPDIR` (e.g.
//! `TMPDIR=/dev/shm cargo bench` leaves the disk out of the figures).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dlexam::exam::{ExamConfig, run};
use dlexam::problems;
use dlexam::solution::Difficulty;
use dlexam::spec::Spec;

/// The allocator the `dlexam` binary uses (see src/main.rs), so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FALLBACK_SPEC: &str = include_str!("conv-params-exam.toml");

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The built-in spec if all its families generate, else the fallback (as a spec file).
fn spec_file(dir: &Path) -> (Option<PathBuf>, String) {
    let broken: Vec<&str> = Spec::built_in()
        .problems
        .iter()
        .filter(|p| {
            problems::generate(p.family, 1, Difficulty::Exam, p.variant.as_deref()).is_err()
        })
        .map(|p| p.family.id())
        .collect();
    if broken.is_empty() {
        return (None, "the built-in spec".into());
    }
    let path = dir.join("bench.toml");
    std::fs::write(&path, FALLBACK_SPEC).expect("write spec");
    (
        Some(path),
        format!(
            "5 conv-params problems (built-in spec not usable yet: {} fail)",
            broken.join(", ")
        ),
    )
}

fn roster(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join(format!("roster-{n}.csv"));
    let mut text = String::from("id,name\n");
    for i in 0..n {
        text.push_str(&format!("s{i:05},Student Number {i}\n"));
    }
    std::fs::write(&path, text).expect("write roster");
    path
}

/// CPU time of this process so far (user + system, all threads), from /proc on Linux.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn main() {
    let students = env_or("BENCH_STUDENTS", 1000);
    let runs = env_or("BENCH_RUNS", 5).max(1);
    let dir = std::env::temp_dir().join(format!("dlexam-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bench dir");
    let (spec, spec_name) = spec_file(&dir);
    println!("exams benchmark: {students} students, {spec_name}, {runs} runs");
    for n in [students / 10, students] {
        let roster = roster(&dir, n);
        let mut times: Vec<Duration> = Vec::new();
        let cpu_before = cpu_time();
        for r in 0..runs {
            let config = ExamConfig {
                roster: roster.clone(),
                out_dir: dir.join(format!("out-{n}-{r}")),
                spec: spec.clone(),
                seed: Some(2024),
                ..ExamConfig::default()
            };
            let start = Instant::now();
            run(&config, &|_| {}).expect("exam run");
            times.push(start.elapsed());
        }
        let cpu = cpu_time()
            .zip(cpu_before)
            .map(|(a, b)| format!(", CPU {:.3} s per run", (a - b).as_secs_f64() / runs as f64))
            .unwrap_or_default();
        times.sort();
        println!(
            "  {n:>5} students: wall min {:.3} s, median {:.3} s, max {:.3} s{cpu}",
            times[0].as_secs_f64(),
            times[times.len() / 2].as_secs_f64(),
            times[times.len() - 1].as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
