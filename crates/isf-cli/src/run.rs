//! `isf run`: a scenario file end to end.

use std::path::Path;

use isf::scenario;

/// Runs the scenario at `path`, prints the text report, and writes the JSON report to `json`
/// when asked (`-` meaning standard output).
pub fn run(path: &Path, json: Option<&Path>) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let parsed = scenario::parse(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    let report = scenario::run(&parsed).map_err(|error| format!("{}: {error}", path.display()))?;

    let failed: Vec<&str> = report
        .invariants
        .iter()
        .filter(|check| !check.holds)
        .map(|check| check.check.as_str())
        .collect();

    match json {
        Some(target) if target == Path::new("-") => println!("{}", to_json(&report)?),
        Some(target) => {
            print!("{}", scenario::render_text(&report));
            std::fs::write(target, to_json(&report)? + "\n")
                .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
            println!("\nJSON report written to {}", target.display());
        }
        None => print!("{}", scenario::render_text(&report)),
    }

    if !failed.is_empty() {
        return Err(format!("invariants violated: {}", failed.join("; ")));
    }
    Ok(())
}

fn to_json(report: &scenario::ScenarioReport) -> Result<String, String> {
    serde_json::to_string_pretty(report).map_err(|error| format!("cannot encode report: {error}"))
}
