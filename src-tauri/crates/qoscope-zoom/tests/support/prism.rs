//! Prism (Stoplight's OpenAPI mock server and validating proxy) as a child process, for the
//! tests that hold QoScope to Zoom's published OpenAPI definition. Included with
//! `#[path = "support/prism.rs"] mod prism;` (not through `support/mod.rs`, the Zoom mock).
//!
//! Needs `node_modules` (`./x setup` installs `@stoplight/prism-cli`) and the spec at
//! `<repo>/../shared/zoom-spec/ZoomMeetingAPISpec.json`; fails (never skips) when either is missing.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const STARTUP_LIMIT: Duration = Duration::from_secs(60);

pub fn repo_root() -> PathBuf {
    // CARGO_MANIFEST_DIR = <repo>/src-tauri/crates/qoscope-zoom
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").canonicalize().expect("the repository root exists")
}

/// Zoom's OpenAPI definition (the Oct-2023 copy in `shared/zoom-spec`).
pub fn zoom_spec() -> PathBuf {
    let spec = repo_root().join("../shared/zoom-spec/ZoomMeetingAPISpec.json");
    assert!(
        spec.exists(),
        "Zoom's OpenAPI definition is missing at {} (expected the shared/ checkout next to the repository)",
        spec.display()
    );
    spec
}

/// A Prism server, killed when dropped (also when a test panics).
pub struct Prism {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
    started: Instant,
    pub started_in: Duration,
}

impl Prism {
    /// `prism mock <Zoom's spec> --errors`, listening.
    pub fn start() -> Prism {
        let spec = zoom_spec();
        Prism::spawn("mock", &spec, &["--errors", "--dynamic=false", "--verboseLevel", "warn"]).wait_until_listening()
    }

    /// `prism <command> <spec> <extra…>` on a free loopback port, not yet listening (several
    /// can start at once; see [`Prism::wait_until_listening`]). Its output goes to a log file.
    pub fn spawn(command: &str, spec: &Path, extra: &[&str]) -> Prism {
        let prism = repo_root().join("node_modules/.bin/prism");
        assert!(
            prism.exists(),
            "{} is missing: the Prism conformance tests need the npm dev dependencies; run ./x setup",
            prism.display()
        );
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
            l.local_addr().unwrap().port()
        };
        let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{command}-{port}.log"));
        let log_file = std::fs::File::create(&log).expect("create the Prism log file");
        let started = Instant::now();
        let child = Command::new(&prism)
            .arg(command)
            .arg(spec)
            .args(extra)
            .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--multiprocess=false"])
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().unwrap())
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {} ({e}); run ./x setup", prism.display()));
        Prism { child, addr: SocketAddr::from(([127, 0, 0, 1], port)), log, started, started_in: Duration::ZERO }
    }

    /// Waits until the server accepts connections (panics with its log if it exits or takes too long).
    pub fn wait_until_listening(mut self) -> Prism {
        let addr = self.addr;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("Prism exited ({status}) before listening:\n{}", self.log_tail());
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                break;
            }
            assert!(
                self.started.elapsed() < STARTUP_LIMIT,
                "Prism did not listen on {addr} within {STARTUP_LIMIT:?}:\n{}",
                self.log_tail()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        self.started_in = self.started.elapsed();
        eprintln!("Prism listening on {addr} after {:.1} s", self.started_in.as_secs_f64());
        self
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
