//! Bad rosters, specs and keys: exit 2 with one clear line.

use super::{class, s, write};
use crate::common::usage_error;

#[test]
fn bad_rosters_and_specs_exit_2_with_one_clear_line() {
    let (dir, spec, roster) = class("bad");
    let out = dir.join("out");
    let rosters = [
        ("noid.csv", "name\nAda\n", "no `id` column"),
        (
            "dup.csv",
            "id,name\na,A\nb,B\nA,C\n",
            "line 4: id `A` is already used on line 2",
        ),
        ("empty.csv", "", "no `id` column"),
        ("norows.csv", "id,name\n", "no students"),
        ("unsafe.csv", "id\nok\n../etc\n", "line 3: id `../etc`"),
        ("slash.csv", "id\na/b\n", "contains `/`"),
    ];
    for (name, text, needle) in rosters {
        let path = write(&dir, name, text);
        let line = usage_error(&[
            "exam",
            "--roster",
            s(&path),
            "--out-dir",
            s(&out),
            "--spec",
            s(&spec),
        ]);
        assert!(line.contains(needle), "{name}: {line}");
    }
    let specs = [
        (
            "family.toml",
            "[[problem]]\nfamily = \"conv-parameters\"\npoints = 1\n",
            "unknown family `conv-parameters`",
        ),
        (
            "broken.toml",
            "[[problem]\nfamily = \"conv-params\"\n",
            "line 1",
        ),
        (
            "negative.toml",
            "[[problem]]\nfamily = \"conv-params\"\npoints = -3\n",
            "field `points`: -3",
        ),
        (
            "field.toml",
            "[[problem]]\nfamily = \"conv-params\"\npoints = 1\npionts = 2\n",
            "unknown field `pionts`",
        ),
        (
            "nopoints.toml",
            "[[problem]]\nfamily = \"conv-params\"\n",
            "needs points",
        ),
    ];
    for (name, text, needle) in specs {
        let path = write(&dir, name, text);
        let line = usage_error(&[
            "exam",
            "--roster",
            s(&roster),
            "--out-dir",
            s(&out),
            "--spec",
            s(&path),
        ]);
        assert!(line.contains(needle), "{name}: {line}");
        if name != "nopoints.toml" {
            assert!(
                usage_error(&["sheet", "--spec", s(&path)]).contains(needle),
                "sheet {name}"
            );
        }
    }
    assert!(!out.exists(), "a refused run created the output folder");
    let line = usage_error(&[
        "exam",
        "--roster",
        s(&roster),
        "--out-dir",
        s(&roster),
        "--spec",
        s(&spec),
    ]);
    assert!(line.contains("is a file"), "{line}");
    let line = usage_error(&[
        "exam",
        "--roster",
        s(&roster),
        "--out-dir",
        s(&out),
        "--spec",
        s(&spec),
        "--only",
        "s001",
        "--seed",
        "x",
    ]);
    assert!(line.contains("seed"), "{line}");
    let keys = write(
        &dir,
        "keys.json",
        "{\"schema\": \"other\", \"students\": []}",
    );
    let answers = write(&dir, "answers.csv", "student,problem,answer\n");
    assert!(
        usage_error(&["grade", "--key", s(&keys), "--answers", s(&answers)]).contains("schema")
    );
}
