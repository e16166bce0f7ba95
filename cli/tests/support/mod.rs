//! Running the real `mendan serve` binary in the CLI's integration tests.

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Lines};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server, killed when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The rest of the server's log, after the line that gave its address.
pub type LogLines = Lines<BufReader<ChildStderr>>;

/// A started server: its address, the log lines printed before it, and the rest of the log.
pub struct Started {
    pub server: Server,
    pub url: String,
    pub before: Vec<String>,
    pub log: LogLines,
}

/// Spawns `mendan serve --port 0` with `args` (and `command`'s environment) and reads its log up
/// to the line that says where it runs.
pub fn start_serve(mut command: Command, args: &[&std::ffi::OsStr]) -> Started {
    let mut child = command
        .args(["serve", "--port", "0"])
        .args(args)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("mendan starts");
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let mut log = BufReader::new(stderr).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut before = Vec::new();
    for line in log.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.split("Mendan is running at ").nth(1) {
            let url = rest.split_whitespace().next().unwrap().trim_end_matches('/').to_owned();
            return Started { server, url, before, log };
        }
        before.push(line);
        assert!(Instant::now() < deadline, "mendan serve did not start");
    }
    panic!("mendan serve exited without printing its address:\n{}", before.join("\n"));
}

/// Keeps reading the server's log, as a terminal would, so it never blocks on a full pipe.
pub fn drain(log: LogLines) {
    std::thread::spawn(move || log.for_each(drop));
}
