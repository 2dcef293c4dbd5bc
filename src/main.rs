//! The `filimbi` binary: parse the command line, hand over to the library.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = filimbi::cli::Cli::parse();
    filimbi::cli::run(cli)
}
