//! The `isf` command: run scenario files end to end, make and inspect StarFire keys and BIDs,
//! and verify signed documents offline.
//!
//! Each subcommand lives in its own module; this file holds the command line and maps every
//! failure to its exit code (see [`error`]).

mod bid;
mod clock;
mod error;
mod output;
mod printable;
mod run;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use isf::core::{Bid, BizDate};

use crate::error::CliError;
use crate::verify::{DocumentKind, VerifyOptions};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  refused: a scenario step or invariant failed, a document does not verify
  2  bad input: unreadable file, unrecognised key or document, bad option
  3  incomplete: a contract whose signatures verify but that lacks signers";

/// ISF SDK command-line tools.
#[derive(Parser)]
#[command(name = "isf", version, about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Commands,
}

#[derive(Subcommand)]
enum Commands {
    /// Run a scenario file end to end and print its report.
    Run {
        /// The scenario JSON file.
        scenario: PathBuf,
        /// Also write the report as JSON to this file (`-` for standard output).
        #[arg(long, value_name = "PATH")]
        json: Option<PathBuf>,
        /// The journal: a SQLite file [default: isf-data/<scenario name>.db], or
        /// `postgres://…` when built with the `postgres` feature.
        #[arg(long, value_name = "PATH|URL", conflicts_with = "memory")]
        db: Option<String>,
        /// Keep the journal in memory only.
        #[arg(long)]
        memory: bool,
        /// Anchor the journal and write an evidence bundle per live piece into this folder.
        #[arg(long, value_name = "DIR")]
        evidence: Option<PathBuf>,
    },
    /// Make and inspect StarFire key pairs and BIDs.
    #[command(subcommand)]
    Bid(BidCommand),
    /// Verify a signed document offline: a credential, a contract, a revocation list or an
    /// evidence bundle.
    #[command(after_help = EXIT_CODES)]
    Verify {
        /// The JSON document. Its kind is read from a top-level `kind` field or from its
        /// fields: `claims` (credential), `terms` + `signatures` (contract), `list`
        /// (revocation list).
        file: PathBuf,
        /// Skip detection and read the document as this kind.
        #[arg(long, value_enum)]
        kind: Option<DocumentKind>,
        /// Credentials: the day they must be valid on [default: today in Beijing].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        on: Option<BizDate>,
        /// Credentials: a file of one revocation list or a JSON array of them (repeatable).
        #[arg(long, value_name = "FILE")]
        revocations: Vec<PathBuf>,
        /// Evidence bundles: refuse unless sealed by this operator. Anyone can seal a bundle
        /// with a key of their own; without this option any operator's seal is accepted and
        /// the summary names who sealed it.
        #[arg(long, value_name = "BID", value_parser = parse_bid)]
        operator: Option<Bid>,
        /// Print the verdict as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum BidCommand {
    /// Generate a key pair and print its BID, key type and public key as JSON.
    New {
        /// An SM2 key instead of Ed25519 (needs an isf built with the `sm2` feature).
        #[arg(long)]
        sm2: bool,
        /// Sub-chain (AC) code the BID lives on: four lower-case letters or digits.
        #[arg(long, value_name = "CODE")]
        ac: Option<String>,
        /// Also print the private key. Without it the private key is discarded.
        #[arg(long)]
        show_private: bool,
    },
    /// Tell whether the input is a private key, a public key or a BID, and print what
    /// derives from it as JSON.
    Inspect {
        /// A private key (`pri…`), a public key (hex `b0…`) or a BID (`did:bid:…`); `-`
        /// reads one line from standard input, which keeps a private key out of the shell
        /// history.
        input: String,
        /// Sub-chain (AC) code of the BID derived from a key.
        #[arg(long, value_name = "CODE")]
        ac: Option<String>,
        /// Print the private key too, when the input is one.
        #[arg(long)]
        show_private: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();

    match dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("isf: {}", printable::printable(&error.to_string()));
            error.exit_code()
        }
    }
}

fn dispatch(command: Commands) -> Result<(), CliError> {
    match command {
        Commands::Run {
            scenario,
            json,
            db,
            memory,
            evidence,
        } => run::run(&run::RunOptions {
            scenario,
            json,
            db,
            memory,
            evidence,
        }),
        Commands::Bid(BidCommand::New {
            sm2,
            ac,
            show_private,
        }) => bid::new(sm2, ac.as_deref(), show_private),
        Commands::Bid(BidCommand::Inspect {
            input,
            ac,
            show_private,
        }) => bid::inspect(&input, ac.as_deref(), show_private),
        Commands::Verify {
            file,
            kind,
            on,
            revocations,
            operator,
            json,
        } => {
            let options = VerifyOptions {
                kind,
                on,
                revocations,
                operator,
                json,
            };
            verify::verify(&file, &options)
        }
    }
}

fn parse_date(text: &str) -> Result<BizDate, String> {
    BizDate::parse(text).map_err(|error| error.to_string())
}

fn parse_bid(text: &str) -> Result<Bid, String> {
    Bid::parse(text).map_err(|error| error.to_string())
}
