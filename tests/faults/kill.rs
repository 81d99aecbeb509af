//! `exam --force` killed (SIGKILL) at random moments, publishing included: afterwards the
//! folder shows the whole old class or the whole new one, never a mix and never a part; the next
//! run removes what the killed one left, and only that. Two runs on one folder: the second stops.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{binary, fails, roster};
use crate::common::temp_dir;
use crate::exams::tree;

type Class = BTreeMap<String, Vec<u8>>;

/// The publishing steps `DLEXAM_TEST_PUBLISH_PAUSE_MS` announces (see src/exam/publish.rs).
const STEPS: [&str; 4] = ["sync", "links", "switch", "clean"];
const PAUSE_MS: u64 = 60;

fn start(roster: &Path, out: &Path, seed: u64, pause: Option<u64>) -> Child {
    let mut command = Command::new(binary());
    command
        .args(["exam", "--roster"])
        .arg(roster)
        .arg("--out-dir")
        .arg(out)
        .args(["--seed", &seed.to_string(), "--force"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(ms) = pause {
        command.env("DLEXAM_TEST_PUBLISH_PAUSE_MS", ms.to_string());
    }
    command.spawn().expect("dlexam starts")
}

/// Lines of the child's stderr, as they come.
fn lines(child: &mut Child) -> Receiver<String> {
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn visible(out: &Path) -> Class {
    if !out.exists() {
        return Class::new();
    }
    tree(out).into_iter().collect()
}

fn describe(class: &Class, classes: &[Class; 2]) -> String {
    match classes.iter().position(|c| c == class) {
        Some(i) => format!("class {}", i + 1),
        None if class.is_empty() => "no class".into(),
        None => format!("a mix of {} files", class.len()),
    }
}

/// Kills `child` unless it ended already; whether it was killed.
fn kill(child: &mut Child) -> bool {
    let killed = child.try_wait().unwrap().is_none() && child.kill().is_ok();
    child.wait().unwrap();
    killed
}

#[test]
fn a_killed_exam_leaves_the_whole_old_class_or_the_whole_new_one() {
    let dir = temp_dir("kill");
    let roster = roster(&dir, 60);
    let reference = |seed: u64| {
        let out = dir.join(format!("reference-{seed}"));
        let began = Instant::now();
        let status = start(&roster, &out, seed, None).wait().unwrap();
        assert!(status.success());
        (visible(&out), began.elapsed())
    };
    let (first, took) = reference(1);
    let (second, _) = reference(2);
    assert_ne!(first, second);
    assert_eq!(first.len(), 122);
    let classes = [first, second];

    let rng_seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("kill test: random seed {rng_seed}, one run takes {took:?}");
    let mut rng = ChaCha8Rng::seed_from_u64(rng_seed);
    let out = dir.join("out");
    let notes = dir.join("notes.txt");
    let (mut kills, mut publishing_kills) = (0, 0);
    for round in 0..28 {
        if round % 7 == 0 {
            // Now and then into a fresh folder (a user's own file in it must survive).
            let _ = std::fs::remove_dir_all(&out);
            std::fs::create_dir_all(&out).unwrap();
            std::fs::write(out.join("notes.txt"), "mine").unwrap();
            std::fs::write(&notes, "mine").unwrap();
        }
        let mut before = visible(&out);
        before.remove("notes.txt");
        let next = if before == classes[0] { 2 } else { 1 };
        let during_publishing = round % 2 == 1;
        let mut child = start(&roster, &out, next, during_publishing.then_some(PAUSE_MS));
        let stderr = lines(&mut child);
        let moment = if during_publishing {
            let step = STEPS[rng.random_range(0..STEPS.len())];
            let announced = format!("dlexam-test: publish {step}");
            loop {
                match stderr.recv_timeout(Duration::from_secs(60)) {
                    Ok(line) if line == announced => break,
                    Ok(_) => {}
                    Err(e) => panic!("round {round}: no `{announced}` line: {e}"),
                }
            }
            let delay = rng.random_range(0..PAUSE_MS * 3 / 2);
            std::thread::sleep(Duration::from_millis(delay));
            format!("{delay} ms after `publish {step}`")
        } else {
            let at = took.mul_f64(rng.random_range(0.0..0.95));
            std::thread::sleep(at);
            format!("{at:?} after the start")
        };
        if kill(&mut child) {
            kills += 1;
            publishing_kills += usize::from(during_publishing);
        }
        let mut after = visible(&out);
        assert_eq!(
            after.remove("notes.txt").as_deref(),
            Some(&b"mine"[..]),
            "round {round}: the user's own file"
        );
        let new = &classes[next as usize - 1];
        assert!(
            after == before || &after == new,
            "round {round}, killed {moment}: the folder shows {} (before: {})",
            describe(&after, &classes),
            describe(&before, &classes)
        );
    }
    eprintln!("kill test: {kills} kills, {publishing_kills} of them while publishing");
    assert!(
        kills >= 20 && publishing_kills >= 10,
        "{kills} kills, {publishing_kills} while publishing"
    );

    // The next run completes and removes every leftover, and only them.
    let status = start(&roster, &out, 1, None).wait().unwrap();
    assert!(status.success());
    let mut after = visible(&out);
    assert_eq!(after.remove("notes.txt").as_deref(), Some(&b"mine"[..]));
    assert_eq!(after, classes[0]);
    let mut meta: Vec<String> = std::fs::read_dir(out.join(".dlexam"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    meta.sort();
    assert_eq!(meta.len(), 3, "leftovers: {meta:?}");
    assert!(meta[0].starts_with("class-") && meta[1] == "current" && meta[2] == "lock");
    let mut top: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(
        top,
        [
            ".dlexam",
            "exams",
            "keys",
            "keys.json",
            "manifest.csv",
            "notes.txt"
        ]
    );
}

#[test]
fn a_second_run_on_the_same_folder_stops_and_names_the_first() {
    let dir = temp_dir("two-runs");
    let roster = roster(&dir, 5);
    let out = dir.join("out");
    let mut first = start(&roster, &out, 1, Some(1500));
    let stderr = lines(&mut first);
    let line = stderr.recv_timeout(Duration::from_secs(60)).unwrap();
    assert_eq!(line, "dlexam-test: publish sync");
    let second = Command::new(binary())
        .args(["exam", "--roster"])
        .arg(&roster)
        .arg("--out-dir")
        .arg(&out)
        .args(["--seed", "2", "--force"])
        .output()
        .unwrap();
    let message = fails(&second, 2);
    assert!(
        message.contains(&format!("another dlexam run (pid {})", first.id())),
        "{message}"
    );
    assert!(first.wait().unwrap().success());
    // The first run's class, whole.
    assert_eq!(visible(&out).len(), 12);
    let keys = std::fs::read_to_string(out.join("keys.json")).unwrap();
    assert!(keys.contains("\"exam_seed\": 1,"), "{keys}");
}
