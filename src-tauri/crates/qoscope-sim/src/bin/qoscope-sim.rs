//! `qoscope-sim write-demo PATH`: regenerates the shipped demo meeting snapshot.

use qoscope_sim::demo_file::build_demo_snapshot;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, path] if cmd == "write-demo" => match build_demo_snapshot().save(std::path::Path::new(path)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("qoscope-sim: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: qoscope-sim write-demo PATH");
            ExitCode::from(2)
        }
    }
}
