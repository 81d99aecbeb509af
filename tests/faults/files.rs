//! Outputs that are the same file, a full and a read-only file system, symlinked folders: exit
//! 2 before anything is written (or 1 for the environment, naming the path), and no new file.

use std::path::Path;

use super::{fails, in_tmpfs, roster, skipped};
use crate::common::{dlexam, temp_dir};
use crate::exams::tree;

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn sheet_outputs_that_are_one_file_are_refused_before_anything_is_written() {
    let dir = temp_dir("alias");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.join("sub"), dir.join("link")).unwrap();
    let d = |p: &str| dir.join(p).to_string_lossy().into_owned();
    let cases = [
        (d("a.md"), d("./a.md")),
        (d("sub/../b.md"), d("b.md")),
        (d("sub/c.md"), d("link/c.md")),
    ];
    for (output, key) in &cases {
        for force in [false, true] {
            let mut args = vec!["sheet", "--seed", "1", "-o", output, "--key", key];
            if force {
                args.push("--force");
            }
            let line = fails(&dlexam(&args), 2);
            assert!(line.contains("same file"), "{line}");
        }
    }
    // Relative paths, from the folder itself (the case of the issue), and existing files.
    std::fs::write(dir.join("a.md"), "old").unwrap();
    let out = std::process::Command::new(super::binary())
        .current_dir(&dir)
        .args([
            "sheet", "--seed", "1", "-o", "./a.md", "--key", "a.md", "--force",
        ])
        .output()
        .unwrap();
    assert!(fails(&out, 2).contains("same file"));
    assert_eq!(std::fs::read_to_string(dir.join("a.md")).unwrap(), "old");
    assert_eq!(
        names(&dir),
        ["a.md", "link", "sub"],
        "nothing new was written"
    );
    assert!(names(&dir.join("sub")).is_empty());
    // A spec used as an output.
    let spec = dir.join("spec.toml");
    std::fs::write(&spec, "[[problem]]\nfamily = \"conv-params\"\n").unwrap();
    let line = fails(
        &dlexam(&[
            "sheet",
            "--spec",
            &d("spec.toml"),
            "-o",
            &d("sub/../spec.toml"),
            "--force",
        ]),
        2,
    );
    assert!(line.contains("same file as the input --spec"), "{line}");
}

#[test]
fn a_full_file_system_leaves_no_new_file_and_names_the_path() {
    let dir = temp_dir("full");
    let mount = dir.join("mnt");
    let roster = roster(&dir, 30);
    let key = mount.join("key.md").to_string_lossy().into_owned();
    let sheet = mount.join("sheet.md").to_string_lossy().into_owned();
    let Some(out) = in_tmpfs(
        &mount,
        "size=8k",
        "",
        &[
            "sheet",
            "--seed",
            "1",
            "--solutions",
            "-o",
            &sheet,
            "--key",
            &key,
        ],
    ) else {
        return skipped("a full file system");
    };
    let line = fails(&out, 1);
    assert!(
        line.contains("key.md") || line.contains("sheet.md"),
        "{line}"
    );
    // An exam: exit 1 naming a path, nothing left in the folder (the tmpfs is gone after the
    // run, so the check lists it from inside).
    let class = mount.join("class").to_string_lossy().into_owned();
    let Some(out) = in_tmpfs(
        &mount,
        "size=256k",
        "",
        &[
            "exam",
            "--roster",
            &roster.to_string_lossy(),
            "--out-dir",
            &class,
            "--seed",
            "1",
        ],
    ) else {
        return skipped("a full file system");
    };
    let line = fails(&out, 1);
    assert!(line.contains(&class), "{line}");
    let listing = in_tmpfs(
        &mount,
        "size=256k",
        &format!(
            "\"$@\"; find \"$0\" -mindepth 1 > {}/left.txt; exit 0",
            dir.display()
        ),
        &[
            "exam",
            "--roster",
            &roster.to_string_lossy(),
            "--out-dir",
            &class,
            "--seed",
            "1",
        ],
    )
    .unwrap();
    assert!(listing.status.success());
    let left = std::fs::read_to_string(dir.join("left.txt")).unwrap();
    assert_eq!(left, "", "a failed run on a full disk left files");
}

#[test]
fn a_read_only_folder_exits_1_naming_it() {
    let dir = temp_dir("read-only");
    let mount = dir.join("mnt");
    let roster = roster(&dir, 3);
    let class = mount.join("class").to_string_lossy().into_owned();
    let sheet = mount.join("sheet.md").to_string_lossy().into_owned();
    let Some(out) = in_tmpfs(
        &mount,
        "size=64k,ro",
        "",
        &[
            "exam",
            "--roster",
            &roster.to_string_lossy(),
            "--out-dir",
            &class,
            "--seed",
            "1",
        ],
    ) else {
        return skipped("a read-only file system");
    };
    let line = fails(&out, 1);
    assert!(
        line.contains(&class) && line.contains("Read-only"),
        "{line}"
    );
    let out = in_tmpfs(
        &mount,
        "size=64k,ro",
        "",
        &["sheet", "--seed", "1", "-o", &sheet],
    )
    .unwrap();
    let line = fails(&out, 1);
    assert!(
        line.contains("sheet.md") && line.contains("Read-only"),
        "{line}"
    );
}

#[test]
fn symlinked_subfolders_of_the_out_dir_are_refused() {
    let dir = temp_dir("symlinked");
    let roster = roster(&dir, 3);
    let out = dir.join("out");
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("exams")).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "exam",
            "--roster",
            roster.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
            "--seed",
            "1",
        ];
        args.extend_from_slice(extra);
        dlexam(&args)
    };
    for extra in [&[][..], &["--force"][..]] {
        let line = fails(&run(extra), 2);
        assert!(line.contains("exams is a symbolic link"), "{line}");
        assert!(names(&elsewhere).is_empty(), "written through the link");
    }
    // A folder of an older layout is not written into either.
    std::fs::remove_file(out.join("exams")).unwrap();
    std::fs::create_dir_all(out.join("keys")).unwrap();
    std::fs::write(out.join("keys/mine.txt"), "x").unwrap();
    let line = fails(&run(&["--force"]), 2);
    assert!(
        line.contains("keys is a folder dlexam did not publish"),
        "{line}"
    );
    assert_eq!(tree(&out).len(), 1);
}
