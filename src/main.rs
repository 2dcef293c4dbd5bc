//! The `filimbi` binary: read the command line (and configuration file), hand over to the
//! library.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use filimbi::cli::ParseError;

fn main() -> ExitCode {
    match filimbi::cli::parse() {
        Ok(cli) => filimbi::cli::run(cli),
        Err(ParseError::Usage(e)) => e.exit(),
        // A wrong configuration file is a usage error, like a wrong flag: status 2.
        Err(ParseError::Config(message)) => {
            eprintln!("filimbi: {message}");
            ExitCode::from(2)
        }
    }
}
