//! The `isf` command: run scenario files end to end, and inspect StarFire keys and BIDs.

mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// ISF SDK command-line tools.
#[derive(Parser)]
#[command(name = "isf", version, about)]
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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Commands::Run { scenario, json } => run::run(&scenario, json.as_deref()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("isf: {message}");
            ExitCode::FAILURE
        }
    }
}
