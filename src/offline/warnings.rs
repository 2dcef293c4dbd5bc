//! `filimbi warnings import FILE` and `filimbi warnings export`: moving the public list in and
//! out from the server's shell, both recorded in the audit log.
//!
//! The file format is the export's: `{"format": "filimbi-warnings/1", "entries": [...]}`, each
//! entry with `target`, `status` and `reason: {en, fr}`. The `fake-websites.json` feed of any
//! Filimbi server is accepted too (its entries say `domain` instead of `target`), so one
//! server's published list can seed another's.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::app::{self, AppOptions};
use crate::domain::warnings::feeds::entry_json;
use crate::domain::warnings::{
    EntryKind, EntryStatus, EventAction, PublicReason, UnknownName, iso_day, target::parse_target,
};
use crate::services::warnings::ImportItem;

const ACTOR: &str = "cli";

/// What to do with the public list: the command line's `warnings` subcommands, as the offline
/// code needs them (`cli` converts its parsed arguments into this).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningsAction {
    /// Bring the list in line with a JSON file.
    Import {
        /// The JSON file.
        file: PathBuf,
    },
    /// Write the whole list as JSON, to a file or (`None`) standard output.
    Export {
        /// Where to write.
        out: Option<PathBuf>,
    },
}

/// The export format's name and version.
pub const FORMAT: &str = "filimbi-warnings/1";

/// Runs a warnings subcommand against the configured database.
pub async fn run(opts: AppOptions, action: WarningsAction) -> Result<(), String> {
    let services = app::services(&opts).await.map_err(|e| e.to_string())?;
    let warnings = &services.warnings;
    let result = match action {
        WarningsAction::Export { out } => {
            let published = warnings.current();
            let entries = published.list.entries();
            let doc = json!({
                "format": FORMAT,
                "exported": iso_day(services.clock.today()),
                "entries": entries.iter().map(entry_json).collect::<Vec<_>>(),
            });
            let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n";
            match &out {
                Some(path) => std::fs::write(path, text)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
                None => print!("{text}"),
            }
            warnings
                .record_export(ACTOR, entries.len())
                .await
                .map_err(|e| e.to_string())?;
            if let Some(path) = out {
                eprintln!("{} entries written to {}", entries.len(), path.display());
            }
            // Left out like everywhere public (an import with the same official domains would
            // refuse them); said here so the operator is not surprised by the count.
            let left_out: Vec<String> = published
                .list
                .suppressed()
                .iter()
                .map(|s| s.entry.id.to_string())
                .collect();
            if !left_out.is_empty() {
                eprintln!(
                    "left out, because they would block an official domain: entries {}",
                    left_out.join(", ")
                );
            }
            Ok(())
        }
        WarningsAction::Import { file } => {
            let items = read_import(&file)?;
            let summary = warnings
                .import(ACTOR, &items)
                .await
                .map_err(|e| e.to_string())?;
            println!("Imported {}: {summary}.", file.display());
            Ok(())
        }
    };
    services.store.close().await;
    result
}

/// Reads and checks every entry of an import file before anything is changed.
pub fn read_import(path: &Path) -> Result<Vec<ImportItem>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let doc: Value =
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    let entries = doc
        .get("entries")
        .and_then(Value::as_array)
        .or_else(|| doc.as_array())
        .ok_or_else(|| format!("{}: no \"entries\" list", path.display()))?;
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| parse_item(e).map_err(|why| format!("entry {}: {why}", i + 1)))
        .collect()
}

fn reason(v: Option<&Value>) -> Option<Result<PublicReason, String>> {
    let v = v.filter(|v| !v.is_null())?;
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("");
    Some(PublicReason::new(s("en"), s("fr")).map_err(|e| e.to_string()))
}

fn parse_item(e: &Value) -> Result<ImportItem, String> {
    let raw = e
        .get("target")
        .or_else(|| e.get("domain"))
        .and_then(Value::as_str)
        .ok_or("no \"target\"")?;
    let target = match e.get("kind").and_then(Value::as_str) {
        None => parse_target(raw),
        Some(k) => k
            .parse::<EntryKind>()
            .map_err(|e| e.to_string())?
            .parse_target(raw),
    }
    .map_err(|err| format!("{raw:?}: {err}"))?;
    let status = match e.get("status").and_then(Value::as_str) {
        None => EntryStatus::Active,
        Some(s) => s.parse().map_err(|e: UnknownName| e.to_string())?,
    };
    let listing = reason(e.get("reason")).ok_or("no \"reason\" with \"en\" and \"fr\"")??;
    // The export carries the history; the feed carries `withdrawal_reason`.
    let from_history = e.get("history").and_then(Value::as_array).and_then(|h| {
        h.iter()
            .rev()
            .find(|x| {
                x.get("action")
                    .and_then(Value::as_str)
                    .and_then(|a| a.parse().ok())
                    == Some(EventAction::Withdrawn)
            })
            .and_then(|x| x.get("reason"))
    });
    let withdrawal = reason(e.get("withdrawal_reason").or(from_history)).transpose()?;
    Ok(ImportItem {
        target,
        status,
        reason: listing,
        withdrawal,
    })
}
