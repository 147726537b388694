//! Bad command-line input ends the node with one clear error line and a non-zero exit, never a
//! panic.

use std::{
	net::TcpListener,
	process::{Command, Output},
	time::{Duration, Instant},
};

use datacoop_test_utils::{bin, ports};

/// Run the node with `args` until it exits (at most 120 s).
fn run(args: &[&str]) -> Output {
	let mut child = Command::new(bin("datacoop-node"))
		.args(args)
		.args(["--no-telemetry", "--no-mdns", "--port", &ports::free().to_string()])
		.stdout(std::process::Stdio::piped())
		.stderr(std::process::Stdio::piped())
		.spawn()
		.expect("node starts");
	let deadline = Instant::now() + Duration::from_secs(120);
	while child.try_wait().expect("can wait").is_none() {
		if Instant::now() > deadline {
			let _ = child.kill();
			panic!("node with {args:?} kept running instead of failing");
		}
		std::thread::sleep(Duration::from_millis(100));
	}
	child.wait_with_output().expect("output is collected")
}

/// The process failed, said why in exactly one `Error: ` line, and did not panic. (The node's
/// log lines are written asynchronously and may come before or after it.)
fn assert_one_line_error(output: &Output, expected: &str) -> String {
	let stderr = String::from_utf8_lossy(&output.stderr).to_string();
	assert!(!output.status.success(), "non-zero exit expected; stderr:\n{stderr}");
	assert!(!stderr.contains("panicked"), "no panic expected; stderr:\n{stderr}");
	let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("Error: ")).collect();
	assert_eq!(errors.len(), 1, "one error line; stderr:\n{stderr}");
	let error = errors[0].to_string();
	assert!(
		error.to_lowercase().contains(&expected.to_lowercase()),
		"error names the problem ({expected}); got: {error}"
	);
	error
}

#[test]
fn unknown_chain_name_is_a_one_line_error() {
	let output = run(&["--chain", "no-such-chain", "--tmp"]);
	assert_one_line_error(&output, "unknown chain `no-such-chain`");
}

#[test]
fn rpc_port_in_use_is_a_one_line_error() {
	let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
	let port = taken.local_addr().expect("addr").port().to_string();
	let output = run(&["--dev", "--tmp", "--rpc-port", &port, "--prometheus-port", "0"]);
	assert_one_line_error(&output, "in use");
}

#[test]
fn unusable_base_path_is_a_one_line_error() {
	let dir = datacoop_test_utils::temp_dir("cli-errors");
	let file = dir.join("not-a-directory");
	std::fs::write(&file, b"a file, not a folder").expect("file is written");
	let base = file.join("chain");
	let output = run(&["--dev", "--base-path", base.to_str().expect("utf-8 path")]);
	assert_one_line_error(&output, "not a directory");
	let _ = std::fs::remove_dir_all(&dir);
}
