//! How the modules depend on each other: the directions the module map promises, checked on
//! the sources themselves, so a `use` that turns a dependency around fails here.

use std::path::{Path, PathBuf};

/// Every `.rs` file below `src/<dir>`.
fn sources(dir: &str) -> Vec<PathBuf> {
    rust_files(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir))
}

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: PathBuf) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The source of `src/<file>`.
fn source(file: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(file))
        .expect("source")
}

#[test]
fn offline_commands_do_not_reach_back_into_the_command_line() {
    let files = sources("offline");
    assert!(files.len() > 5, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).expect("source");
        assert!(
            !text.contains("crate::cli"),
            "{} imports the command line's types",
            f.display()
        );
    }
}

#[test]
fn file_sealing_does_not_depend_on_intake() {
    let attachments = source("services/attachments.rs");
    for needle in ["services::intake", "super::intake", "IntakeError"] {
        assert!(
            !attachments.contains(needle),
            "services/attachments.rs names {needle}"
        );
    }
    assert!(source("services/followup.rs").contains("FileError"));
    assert!(!source("services/followup.rs").contains("IntakeError"));
}

#[test]
fn a_file_sealing_failure_keeps_its_cause_in_intake_and_followup() {
    use filimbi::services::attachments::FileError;
    use filimbi::services::followup::FollowupError;
    use filimbi::services::intake::IntakeError;
    let intake = IntakeError::from(FileError::Task);
    assert!(
        matches!(intake, IntakeError::Files(FileError::Task)),
        "{intake:?}"
    );
    assert_eq!(intake.to_string(), "sealing task failed");
    let io = IntakeError::from(FileError::from(std::io::Error::other("disk")));
    assert_eq!(io.to_string(), "attachment processing failed: disk");
    let followup = FollowupError::from(FileError::Task);
    assert!(matches!(followup, FollowupError::Files(FileError::Task)));
    assert_eq!(followup.to_string(), "sealing task failed");
}

#[test]
fn the_workspace_is_split_by_purpose_each_part_readable_in_one_sitting() {
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/services/workspace.rs")
            .exists(),
        "one file again"
    );
    let files = sources("services/workspace");
    let names: Vec<String> = files
        .iter()
        .filter_map(|f| f.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    for part in [
        "mod",
        "queue",
        "case",
        "triage",
        "access",
        "replies",
        "templates",
    ] {
        assert!(names.iter().any(|n| n == part), "{part} missing: {names:?}");
    }
    for f in files {
        let lines = std::fs::read_to_string(&f).expect("source").lines().count();
        assert!(lines <= 300, "{} has {lines} lines", f.display());
    }
}

#[test]
fn staff_pages_read_their_forms_one_way() {
    let files = sources("http/staff");
    assert!(files.len() > 5, "{files:?}");
    for f in files.iter().filter(|f| !f.ends_with("staff/mod.rs")) {
        let text = std::fs::read_to_string(f).expect("source");
        for raw in [
            "read_urlencoded",
            "HashMap<String, String>",
            "MapDeserializer",
            "get(\"action\")",
        ] {
            assert!(
                !text.contains(raw),
                "{} reads form fields by hand ({raw})",
                f.display()
            );
        }
    }
}

/// The README's layout section names every top-level module under `src/`, and every offline
/// command's file, as it is.
#[test]
fn the_readme_layout_names_every_top_level_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let start = readme.find("## Layout").expect("a layout section");
    let layout = &readme[start..];
    let layout = &layout[..layout[3..].find("\n## ").map_or(layout.len(), |i| i + 3)];
    let mut missing = Vec::new();
    for e in std::fs::read_dir(root.join("src")).expect("src").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let named = if e.path().is_dir() {
            format!("src/{name}/")
        } else {
            format!("src/{name}")
        };
        if !layout.contains(&named) {
            missing.push(named);
        }
    }
    for f in sources("offline") {
        let name = f.file_name().expect("name").to_string_lossy().into_owned();
        let top = f.parent().is_some_and(|p| p.ends_with("offline"));
        if top && name != "mod.rs" && !layout.contains(&name) {
            missing.push(format!("src/offline/{name}"));
        }
    }
    assert!(missing.is_empty(), "the README's layout omits {missing:?}");
    assert!(
        layout.contains("http::state"),
        "where the shared state lives"
    );
}

/// Test helpers are written once, in `tests/it/common.rs`: the stock `age | tar` unpacking,
/// the wrong-receipt batches and the browser's form filling.
#[test]
fn test_helpers_are_written_once_in_the_common_module() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it");
    let files = rust_files(dir.clone());
    let common = dir.join("common.rs");
    // Split so that this file does not name them itself.
    let defs = [
        ["fn stock_", "unpack("],
        ["fn stock_", "age_untar("],
        ["fn wrong_", "receipt("],
        ["fn wait_", "for("],
        ["let wait = |", "loc|"],
        [
            "getrandom::fill(b))\n",
            "        .expect(\"receipt\")\n        .grouped()",
        ],
    ];
    for [a, b] in defs {
        let def = format!("{a}{b}");
        let places: Vec<&PathBuf> = files
            .iter()
            .filter(|f| std::fs::read_to_string(f).expect("source").contains(&def))
            .collect();
        assert!(
            places.is_empty() || places == [&common],
            "{def:?} is written in {places:?}"
        );
    }
}
