//! `isf run`: a scenario file end to end, on a durable journal by default.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use isf::core::anchor::MemoryChainAnchor;
use isf::scenario::{self, Scenario, ScenarioError};
use isf::store::{Journal, MemoryJournal};

use crate::error::CliError;
use crate::output;
use crate::printable::printable_lines;

/// What `isf run` was asked.
#[derive(Debug)]
pub struct RunOptions {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Where to write the JSON report, `-` for standard output.
    pub json: Option<PathBuf>,
    /// The journal location, when not the default file.
    pub db: Option<String>,
    /// Keep the journal in memory.
    pub memory: bool,
    /// Folder for evidence bundles.
    pub evidence: Option<PathBuf>,
}

/// Runs the scenario, prints the text report, and writes the JSON report and evidence when
/// asked.
///
/// A file that cannot be read or is malformed is bad input; a step or invariant that fails
/// is a refusal.
pub fn run(options: &RunOptions) -> Result<(), CliError> {
    let path = &options.scenario;
    let text = std::fs::read_to_string(path)
        .map_err(|error| CliError::Input(format!("cannot read {}: {error}", path.display())))?;
    let in_file = |error: ScenarioError| {
        let mut message = format!("{}: {error}", path.display());
        if message.contains("was already used for a different command") {
            message.push_str(
                " (the journal holds an earlier version of this scenario: \
                 use --memory, another --db, or remove the old journal)",
            );
        }
        match error {
            ScenarioError::Malformed(_) => CliError::Input(message),
            _ => CliError::Refused(message),
        }
    };
    let parsed = scenario::parse(&text).map_err(in_file)?;
    let (journal, location) = open_journal(options, &parsed)?;
    let report = scenario::run_on(&parsed, journal.clone()).map_err(in_file)?;

    let failed: Vec<&str> = report
        .invariants
        .iter()
        .filter(|check| !check.holds)
        .map(|check| check.check.as_str())
        .collect();

    match options.json.as_deref() {
        Some(target) if target == Path::new("-") => output::emit_json(&report)?,
        Some(target) => {
            output::emit(&printable_lines(&scenario::render_text(&report)))?;
            std::fs::write(target, output::to_json(&report)?.as_bytes()).map_err(|error| {
                CliError::Input(format!("cannot write {}: {error}", target.display()))
            })?;
            output::emit(&format!("\nJSON report written to {}\n", target.display()))?;
        }
        None => output::emit(&printable_lines(&scenario::render_text(&report)))?,
    }
    if options.json.as_deref() != Some(Path::new("-")) {
        output::emit(&format!(
            "Journal kept in {}\n",
            without_password(&location)
        ))?;
    }

    if let Some(folder) = &options.evidence {
        let quiet = options.json.as_deref() == Some(Path::new("-"));
        write_evidence(&parsed, journal, folder, quiet)?;
    }

    if !failed.is_empty() {
        return Err(CliError::Refused(format!(
            "invariants violated: {}",
            failed.join("; ")
        )));
    }
    Ok(())
}

/// The journal to run on, and a description of where it is.
fn open_journal(
    options: &RunOptions,
    parsed: &Scenario,
) -> Result<(Arc<dyn Journal>, String), CliError> {
    if options.memory {
        return Ok((
            Arc::new(MemoryJournal::new()),
            "memory (discarded on exit)".to_owned(),
        ));
    }
    let location = match &options.db {
        Some(location) => location.clone(),
        None => default_db(&parsed.slug()).display().to_string(),
    };
    let journal = isf::open_journal(&location).map_err(|error| {
        let shown = without_password(&location);
        CliError::Input(format!("cannot open journal {shown}: {error}"))
    })?;
    Ok((journal, location))
}

/// `isf-data/<scenario name>.db`, the name reduced to characters safe in a file name.
fn default_db(name: &str) -> PathBuf {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    Path::new("isf-data").join(format!("{safe}.db"))
}

/// `location` with the password of a `scheme://user:password@host` URL replaced by `***`, so
/// that it can be printed.
fn without_password(location: &str) -> String {
    let Some((scheme, rest)) = location.split_once("://") else {
        return location.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return location.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => location.to_owned(),
    }
}

/// Anchors the journal with the in-memory reference anchor and writes one bundle per live
/// piece, as `<voucher>-<piece>.json` in `folder`.
///
/// Voucher numbers may hold `/` and `.`, which would name a file elsewhere: the file name keeps
/// ASCII letters, digits, `-` and `_`, and every other character becomes `_`. Two bundles whose
/// names would then be the same are refused rather than one overwriting the other.
fn write_evidence(
    parsed: &Scenario,
    journal: Arc<dyn Journal>,
    folder: &Path,
    quiet: bool,
) -> Result<(), CliError> {
    let chain = MemoryChainAnchor::new();
    let (receipts, bundles) = scenario::anchor_and_export(parsed, journal, &chain)
        .map_err(|error| CliError::Refused(format!("evidence: {error}")))?;
    std::fs::create_dir_all(folder)
        .map_err(|error| CliError::Input(format!("cannot create {}: {error}", folder.display())))?;

    let mut names = std::collections::HashSet::new();
    for bundle in &bundles {
        let name: String = format!("{}-{}", bundle.voucher, bundle.piece)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let file = folder.join(format!("{name}.json"));
        if file.parent() != Some(folder) || !names.insert(name) {
            return Err(CliError::Refused(format!(
                "evidence: the bundle of piece {} of voucher {} cannot have a file of its own \
                 in {}",
                bundle.piece,
                bundle.voucher,
                folder.display()
            )));
        }

        let json = bundle
            .to_json()
            .map_err(|error| CliError::Refused(format!("evidence: {error}")))?;
        std::fs::write(&file, json + "\n").map_err(|error| {
            CliError::Input(format!("cannot write {}: {error}", file.display()))
        })?;
    }
    if !quiet {
        output::emit(&format!(
            "Anchored {} new batch(es); wrote {} evidence bundle(s) to {}\n",
            receipts.len(),
            bundles.len(),
            folder.display()
        ))?;
    }
    Ok(())
}
