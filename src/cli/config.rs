//! `--config FILE` (or `FILIMBI_CONFIG`): the server's options in a TOML file, so that `serve`,
//! `doctor` and every other command read the very same settings. Without it, `doctor` judged
//! only the flags typed for it, and could not see the server's `--insecure-cookies` or limits.
//!
//! The keys are the long flags' names (`insecure-cookies = true`, `rate-gateway = "50/200"`,
//! `notify-to = ["a@example.org", "b@example.org"]`). Precedence: flags, then the environment,
//! then the file, then the built-in defaults. The file's values become clap's defaults for this
//! run, so clap parses them with the flags' own parsers and the rest of the program cannot tell
//! where a value came from.
//!
//! A mistake is never silently ignored: an unknown key, a value of the wrong shape or one the
//! flag would refuse, and a missing or unreadable file each stop the command with an error
//! naming the file and the key, even when a flag overrides that key today (it would bite the
//! day the flag is dropped). Secrets themselves (`database-url`, `smtp-url`, `sms-send-url`)
//! are refused: the file names the file that holds each (`database-url-file`…), readable by the
//! server alone, while the configuration file can be shared, copied and kept in version control.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{Arg, ArgAction, ArgMatches, Command, CommandFactory, FromArgMatches};
use serde_json::Value;

use super::Cli;

/// Why the command line could not be read.
#[derive(Debug)]
pub enum ParseError {
    /// A usage error, `--help` or `--version`: clap prints it and exits as usual.
    Usage(clap::Error),
    /// The configuration file is missing, unreadable or wrong; the message names the file and
    /// the key, and never holds a secret (the file holds none).
    Config(String),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Usage(e) => write!(f, "{e}"),
            Self::Config(message) => f.write_str(message),
        }
    }
}

/// The process's own command line, environment and configuration file.
pub fn parse() -> Result<Cli, ParseError> {
    parse_from(std::env::args_os())
}

/// [`parse`] for the given arguments (the first is the program's name), with this process's
/// environment.
pub fn parse_from<I, T>(args: I) -> Result<Cli, ParseError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cmd = Cli::command();
    // A first reading without the file: it says where the file is, and which options the
    // command line and the environment already give (those win over the file).
    let first = cmd
        .clone()
        .try_get_matches_from(&args)
        .map_err(ParseError::Usage)?;
    let Some(path) = first.get_one::<PathBuf>("config").cloned() else {
        return Cli::from_arg_matches(&first).map_err(ParseError::Usage);
    };
    let settings = read(&path, &cmd)?;
    let mut cmd = cmd;
    for setting in settings {
        if given(&first, &cmd, &setting) {
            continue;
        }
        cmd = cmd.mut_arg(&setting.id, |a| a.default_values(setting.values));
    }
    let matches = cmd.try_get_matches_from(&args).map_err(ParseError::Usage)?;
    Cli::from_arg_matches(&matches).map_err(ParseError::Usage)
}

/// One key of the file, checked: the option's id and its values as clap reads them.
struct Setting {
    key: String,
    id: String,
    values: Vec<String>,
}

/// Whether the command line or the environment gives this option already, or the secret it
/// is the file of (`database-url` for `database-url-file`): the secret given by a flag or a
/// variable wins over a file named in the configuration, as any flag does.
fn given(first: &ArgMatches, cmd: &Command, setting: &Setting) -> bool {
    let explicit = |id: &str| {
        matches!(
            first.value_source(id),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        )
    };
    let twin = setting
        .key
        .strip_suffix("-file")
        .and_then(|inline| file_options(cmd).find(|a| a.get_long() == Some(inline)))
        .map(|a| a.get_id().as_str().to_owned());
    explicit(&setting.id) || twin.is_some_and(|id| explicit(&id))
}

/// The options a configuration file may hold: the server's options, which every command takes
/// (`global`), not `--config` itself nor the hidden ones tests use.
fn file_options(cmd: &Command) -> impl Iterator<Item = &Arg> {
    cmd.get_arguments().filter(|a| {
        a.is_global_set() && !a.is_hide_set() && a.get_long().is_some_and(|l| l != "config")
    })
}

/// Reads and checks the whole file.
fn read(path: &Path, cmd: &Command) -> Result<Vec<Setting>, ParseError> {
    let fail = |message: String| {
        ParseError::Config(format!("configuration file {}: {message}", path.display()))
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(format!("cannot be read: {e}")))?;
    let table: serde_json::Map<String, Value> =
        basic_toml::from_str(&text).map_err(|e| fail(format!("not valid TOML: {e}")))?;
    // Each value is checked by the flag's own parser, with no environment in the way.
    let checker = cmd.clone().mut_args(|a| a.env(None::<&str>));
    let mut settings = Vec::with_capacity(table.len());
    for (key, value) in table {
        let arg = option(cmd, &key).map_err(|m| fail(format!("`{key}`: {m}")))?;
        let values = values(arg, &value).map_err(|m| fail(format!("`{key}`: {m}")))?;
        check(&checker, &key, arg, &values).map_err(|m| fail(format!("`{key}`: {m}")))?;
        settings.push(Setting {
            id: arg.get_id().as_str().to_owned(),
            key,
            values,
        });
    }
    Ok(settings)
}

/// The option a key names, or why there is none.
fn option<'a>(cmd: &'a Command, key: &str) -> Result<&'a Arg, String> {
    let Some(arg) = file_options(cmd).find(|a| a.get_long() == Some(key)) else {
        let closest = file_options(cmd)
            .filter_map(Arg::get_long)
            .map(|l| (strsim::jaro_winkler(key, l), l))
            .filter(|(score, _)| *score > 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        return Err(match closest {
            Some((_, l)) => format!("unknown option (did you mean `{l}`?)"),
            None => "unknown option (the keys are the long flags' names, as `filimbi --help` lists them)".to_owned(),
        });
    };
    if arg.is_hide_env_values_set() {
        return Err(format!(
            "a secret does not belong in the configuration file: put it in a file of its own, readable by the server only, and name that file with `{key}-file`"
        ));
    }
    Ok(arg)
}

/// The key's TOML value as the flag's text: `true`/`false` for a switch, a string or a number
/// for one value, a list of strings (or one string) for an option that takes several.
fn values(arg: &Arg, value: &Value) -> Result<Vec<String>, String> {
    let switch = matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse);
    let several = matches!(arg.get_action(), ArgAction::Append);
    match value {
        Value::Bool(b) => Ok(vec![b.to_string()]),
        Value::String(s) if !switch => Ok(vec![s.clone()]),
        Value::Number(n) if !switch => Ok(vec![n.to_string()]),
        Value::Array(items) if several => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!(
                    "a list of strings is expected, not {}",
                    shape(other)
                )),
            })
            .collect(),
        other => Err(format!(
            "{} is expected, not {}",
            if switch {
                "true or false"
            } else if several {
                "a string or a list of strings"
            } else {
                "one value (a string or a number)"
            },
            shape(other)
        )),
    }
}

/// A TOML value's kind, in words.
fn shape(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

/// Runs the values through the flag's own parser and possible values; the error is clap's,
/// without its usage hints.
fn check(checker: &Command, key: &str, arg: &Arg, values: &[String]) -> Result<(), String> {
    if matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse) {
        // `true` or `false`, already checked by shape; the switch takes no text.
        return Ok(());
    }
    let args =
        std::iter::once("filimbi".to_owned()).chain(values.iter().map(|v| format!("--{key}={v}")));
    checker
        .clone()
        .try_get_matches_from(args)
        .map(|_| ())
        .map_err(|e| {
            let text = e.to_string();
            let first = text.split("\n\n").next().unwrap_or_default();
            first
                .trim_start_matches("error: ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
}
