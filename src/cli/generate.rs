//! `filimbi generate man DIR` and `filimbi generate completions DIR`: the manual pages and the
//! shell completions, made from the command line's own definition, so they can never list a
//! flag the binary lacks or miss one it has. The Debian package ships what these write
//! (`.ci/deb`); the commands are hidden, being for packagers, not operators.
//!
//! The pages come from the plain definition, never from a configuration file's values (which
//! `parse` turns into defaults for one run): a page describes the program, not one machine.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Command, CommandFactory, Subcommand};
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use super::Cli;

/// What `filimbi generate` writes.
#[derive(Debug, Subcommand)]
pub enum Generate {
    /// Manual pages: `filimbi.1`, and one per command (`filimbi-serve.1`,
    /// `filimbi-investigator-add.1`…), into DIR (created).
    Man {
        /// Where to write them.
        dir: PathBuf,
    },
    /// Shell completions: `filimbi.bash`, `_filimbi` (zsh) and `filimbi.fish`, into DIR
    /// (created).
    Completions {
        /// Where to write them.
        dir: PathBuf,
    },
}

/// Writes what was asked for and names each file on standard output.
pub fn run(what: &Generate) -> Result<(), String> {
    let written = match what {
        Generate::Man { dir } => man_pages(dir),
        Generate::Completions { dir } => completions(dir),
    }
    .map_err(|e| format!("cannot write: {e}"))?;
    for path in written {
        println!("{}", path.display());
    }
    Ok(())
}

/// Where the Debian package puts the settings, the keys and the data: on the main page, where
/// an operator looks first.
const FILES: &[(&str, &str)] = &[
    (
        "/etc/filimbi/filimbi.toml",
        "The settings the service reads (--config): every option above, under its long name. \
         Give it to every command run by hand, so that they judge what the server uses.",
    ),
    (
        "/etc/filimbi/keys/",
        "The offline investigators' public keys (*.pub). Until one is there, intake is closed: \
         the server says so at start and `filimbi doctor` reports it.",
    ),
    (
        "/var/lib/filimbi/",
        "The data: database, server.key, feed-signing.key, scheduled backups. Owned by the \
         system user filimbi, mode 0700; removing the package keeps it.",
    ),
];

/// One page per command that people type (hidden ones left out), all from one built
/// definition so each page's synopsis names its whole command (`filimbi investigator add`).
fn man_pages(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let mut written = Vec::new();
    page(&root, dir, true, &mut written)?;
    Ok(written)
}

fn page(cmd: &Command, dir: &Path, root: bool, written: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        page(sub, dir, false, written)?;
    }
    let man = Man::new(cmd.clone())
        .source(format!("filimbi {}", env!("CARGO_PKG_VERSION")))
        .manual("Filimbi");
    let path = dir.join(man.get_filename());
    let mut out = Vec::new();
    man.render(&mut out)?;
    let mut tail = Roff::new();
    if root {
        tail.control("SH", ["FILES"]);
        for &(file, what) in FILES {
            tail.control("TP", []);
            tail.text([bold(file)]);
            tail.text([roman(what)]);
        }
    }
    tail.control("SH", ["SEE ALSO"]);
    if !root {
        tail.text([
            bold("filimbi"),
            roman("(1), for the options every command takes."),
        ]);
    }
    tail.text([
        roman("The operator's guide, "),
        italic("/usr/share/doc/filimbi/operations.md"),
        roman(", and the README beside it."),
    ]);
    tail.to_writer(&mut out)?;
    let mut file = std::fs::File::create(&path)?;
    file.write_all(&out)?;
    written.push(path);
    Ok(())
}

/// Completions for the shells Debian packages them for.
fn completions(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut cmd = Cli::command();
    [Shell::Bash, Shell::Zsh, Shell::Fish]
        .into_iter()
        .map(|shell| clap_complete::generate_to(shell, &mut cmd, "filimbi", dir))
        .collect()
}
