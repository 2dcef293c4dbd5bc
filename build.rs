//! The commit `filimbi --version` names (`FILIMBI_BUILD_COMMIT`), so an operator, a bug report
//! or a package says exactly which code runs. Kept cheap: git runs only when the checked-out
//! commit moves (the files watched below), never on an ordinary edit-and-build.
//!
//! Without git, or outside this project's own repository (a source tarball unpacked anywhere,
//! even inside another repository), the commit is the `FILIMBI_BUILD_COMMIT` a packager sets
//! in the environment, or `unknown`: a wrong commit would be worse than none.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=FILIMBI_BUILD_COMMIT");
    let commit = std::env::var("FILIMBI_BUILD_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(from_git)
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=FILIMBI_BUILD_COMMIT={}", commit.trim());
}

/// The short commit of this checkout, watching the files a commit, checkout or reset changes.
fn from_git() -> Option<String> {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    let top = git(&dir, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    // `--git-path` answers for a linked worktree too, where `.git` is a file, and sends
    // `refs/…` and `packed-refs` to the repository they are shared in.
    let mut watched = vec![
        "HEAD".to_owned(),
        "logs/HEAD".to_owned(),
        "packed-refs".to_owned(),
    ];
    if let Some(branch) = git(&dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(&dir, &["rev-parse", "--git-path", &name]) {
            let path = dir.join(path);
            // A file that does not exist would make cargo run this script at every build.
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    git(&dir, &["rev-parse", "--short", "HEAD"])
}

/// One git command's first line of output, if it succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let line = text.lines().next()?.trim().to_owned();
    (!line.is_empty()).then_some(line)
}
