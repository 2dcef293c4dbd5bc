//! The child side: `filimbi clean-worker`, started by the server, never by a person.
//!
//! It enters its sandbox first, says hello (with what the sandbox enforces), then cleans one
//! file per request, and draws its preview (`scrub::preview`), until its input ends (the
//! server ends it after one report's files). It writes nothing else anywhere: no logs (a log
//! line per file would give back the time a report arrived), no files, and its standard
//! error goes nowhere.

use std::io::{self, Write};
use std::process::ExitCode;

use super::{sandbox, wire};
use crate::scrub::{self, Outcome};

/// Runs a worker on standard input and output.
pub fn main(memory: u64, cpu_secs: u64, max_file: u64) -> ExitCode {
    let Ok(enforced) = sandbox::enter(memory, cpu_secs) else {
        return ExitCode::FAILURE;
    };
    match serve(
        enforced,
        max_file,
        scrub::preview::Budget::for_memory(memory),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

fn serve(
    enforced: sandbox::Enforced,
    max_file: u64,
    budget: scrub::preview::Budget,
) -> io::Result<()> {
    let mut input = io::stdin().lock();
    let mut output = io::stdout().lock();
    output.write_all(wire::HELLO)?;
    output.write_all(&enforced.to_bytes())?;
    output.flush()?;
    while let Some(file) = wire::read_request(&mut input, max_file)? {
        let cleaned = scrub::scrub(file);
        let kind = cleaned.kind;
        let reply = match cleaned.outcome {
            Outcome::Cleaned => wire::Reply::Cleaned(cleaned.bytes, cleaned.subtype),
            Outcome::NotRemoved(reason) => wire::Reply::Kept(reason),
        };
        wire::write_reply(&mut output, &reply)?;
        // Drawn once the cleaned file is on its way: see `wire`.
        if let wire::Reply::Cleaned(bytes, _) = reply {
            let preview = scrub::preview_of(kind, &bytes, budget);
            wire::write_preview(&mut output, preview.as_deref())?;
        }
    }
    Ok(())
}
