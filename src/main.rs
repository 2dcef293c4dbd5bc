//! The `filimbi` binary: read the command line (and configuration file), hand over to the
//! library.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use filimbi::cli::ParseError;

/// mimalloc rather than glibc's malloc. A request allocates and frees dozens of small
/// strings (query, verdict, page, headers), and glibc's allocator was a fifth of the
/// public check page's instructions; mimalloc's thread-local free lists do the same work in
/// far fewer (figures in `docs/benchmark-runs.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
