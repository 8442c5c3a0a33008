//! The repository stands on its own: no tracked file reads or links to anything beside it (the
//! reference material the project was started from lives outside and must not be needed).

use std::path::Path;
use std::process::Command;

/// `..` + `/shared`, built here so that this file does not match itself.
fn outside() -> String {
    [".", ".", "/", "shared"].concat()
}

fn tracked_files() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .expect("git ls-files (the tests run in a git checkout)");
    assert!(out.status.success(), "git ls-files failed");
    String::from_utf8(out.stdout)
        .expect("file names are UTF-8")
        .split('\0')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn no_tracked_file_refers_to_anything_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let needle = outside();
    let files = tracked_files();
    assert!(files.len() > 50, "too few tracked files: {}", files.len());
    let offenders: Vec<&String> = files
        .iter()
        .filter(|f| {
            std::fs::read(root.join(f))
                .map(|bytes| String::from_utf8_lossy(&bytes).contains(&needle))
                .unwrap_or(false)
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "these files refer outside the repository: {offenders:?}"
    );
}

#[test]
fn the_check_sees_a_reference() {
    let text = format!("see `{}/DESIGN.md`", outside());
    assert!(text.contains(&outside()));
}

#[test]
fn vectors_from_outside_the_project_carry_their_licence() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let notice = std::fs::read_to_string(root.join("tests/data/personnummer/LICENSE-NOTICE.md"))
        .expect("the licence notice beside the vectors");
    assert!(notice.contains("MIT License") && notice.contains("personnummer/meta"));
    assert!(
        root.join("docs/design.md").exists(),
        "the design is in the repository"
    );
}
