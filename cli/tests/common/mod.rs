//! A dev node for `coop` tests, and a way to run `coop` against it.

#![allow(dead_code)]

use std::{
	net::TcpListener,
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

pub const COOP: &str = env!("CARGO_BIN_EXE_coop");

/// The node binary of this workspace's build (`cargo test --workspace` builds it).
pub fn node_binary() -> PathBuf {
	let exe = std::env::current_exe().expect("test path");
	let dir = exe.parent().and_then(|d| d.parent()).expect("target dir");
	let node = dir.join("datacoop-node");
	assert!(node.exists(), "build the node first: cargo build -p datacoop-node ({})", node.display());
	node
}

pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

pub struct DevNode(Child, pub String);
impl Drop for DevNode {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// Run `coop` with `args`; returns (success, stdout, stderr).
pub fn coop(url: &str, args: &[&str]) -> (bool, String, String) {
	let out = Command::new(COOP).arg("--url").arg(url).args(args).output().expect("coop runs");
	(
		out.status.success(),
		String::from_utf8_lossy(&out.stdout).trim().to_string(),
		String::from_utf8_lossy(&out.stderr).trim().to_string(),
	)
}

pub fn ok(url: &str, args: &[&str]) -> String {
	let (success, stdout, stderr) = coop(url, args);
	assert!(success, "coop {args:?} failed: {stderr}");
	stdout
}

pub const FERDIE: &str = "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL";

impl DevNode {
	/// Start `datacoop-node --dev --tmp` on free ports and wait until `coop` reaches it.
	pub fn start() -> Self {
		let rpc = free_port();
		let log = std::env::temp_dir().join(format!("coop-cli-node-{}-{rpc}.log", std::process::id()));
		let child = Command::new(node_binary())
			.args(["--dev", "--tmp", "--no-prometheus", "--no-telemetry"])
			.args(["--rpc-port", &rpc.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", free_port())])
			.stdout(Stdio::null())
			.stderr(std::fs::File::create(&log).expect("log file"))
			.spawn()
			.expect("node starts");
		let node = DevNode(child, format!("ws://127.0.0.1:{rpc}"));
		let deadline = Instant::now() + Duration::from_secs(120);
		while !coop(&node.1, &["--suri", "//Eve", "account"]).0 {
			assert!(
				Instant::now() < deadline,
				"node never served:\n{}",
				std::fs::read_to_string(&log).unwrap_or_default()
			);
			std::thread::sleep(Duration::from_secs(1));
		}
		node
	}

	/// The node's WebSocket URL.
	pub fn url(&self) -> &str {
		&self.1
	}
}
