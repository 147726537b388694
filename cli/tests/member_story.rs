//! `coop` against a real dev node: a new member joins the demo co-op, commits data, consents
//! for a buyer, lists the consent, sees the pool size, withdraws, is refused a second withdrawal
//! with one error line, and leaves. Each step is a real signed extrinsic, finalized.

use std::{
	net::TcpListener,
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

const COOP: &str = env!("CARGO_BIN_EXE_coop");

/// The node binary of this workspace's build (`cargo test --workspace` builds it).
fn node_binary() -> PathBuf {
	let exe = std::env::current_exe().expect("test path");
	let dir = exe.parent().and_then(|d| d.parent()).expect("target dir");
	let node = dir.join("datacoop-node");
	assert!(node.exists(), "build the node first: cargo build -p datacoop-node ({})", node.display());
	node
}

fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

struct DevNode(Child);
impl Drop for DevNode {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// Run `coop` with `args`; returns (success, stdout, stderr).
fn coop(url: &str, args: &[&str]) -> (bool, String, String) {
	let out = Command::new(COOP).arg("--url").arg(url).args(args).output().expect("coop runs");
	(
		out.status.success(),
		String::from_utf8_lossy(&out.stdout).trim().to_string(),
		String::from_utf8_lossy(&out.stderr).trim().to_string(),
	)
}

fn ok(url: &str, args: &[&str]) -> String {
	let (success, stdout, stderr) = coop(url, args);
	assert!(success, "coop {args:?} failed: {stderr}");
	stdout
}

const FERDIE: &str = "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL";

#[test]
fn a_member_joins_commits_consents_withdraws_and_leaves() {
	let rpc = free_port();
	let log = std::env::temp_dir().join(format!("coop-cli-node-{}.log", std::process::id()));
	let node = Command::new(node_binary())
		.args(["--dev", "--tmp", "--no-prometheus", "--no-telemetry"])
		.args(["--rpc-port", &rpc.to_string()])
		.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", free_port())])
		.stdout(Stdio::null())
		.stderr(std::fs::File::create(&log).expect("log file"))
		.spawn()
		.expect("node starts");
	let _node = DevNode(node);
	let url = format!("ws://127.0.0.1:{rpc}");

	// Wait for the node to serve and finalize.
	let deadline = Instant::now() + Duration::from_secs(120);
	while !coop(&url, &["--suri", "//Eve", "account"]).0 {
		assert!(Instant::now() < deadline, "node never served:\n{}", std::fs::read_to_string(&log).unwrap_or_default());
		std::thread::sleep(Duration::from_secs(1));
	}
	let account = ok(&url, &["--json", "--suri", "//Eve", "account"]);
	assert!(account.contains("5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw"), "{account}");

	let joined = ok(&url, &["--suri", "//Eve", "join", "0"]);
	assert!(joined.contains("Coops.MemberJoined"), "{joined}");
	let root = "0x".to_string() + &"ab".repeat(32);
	let committed = ok(&url, &["--suri", "//Eve", "commit", "--coop", "0", "--category", "1", "--root", &root, "--items", "12", "--bytes", "4096"]);
	assert!(committed.contains("Consent.DataCommitted"), "{committed}");

	let receipt = std::env::temp_dir().join(format!("coop-receipt-{}.json", std::process::id()));
	std::fs::write(&receipt, br#"{"purpose":"academic research","categories":["heart rate","sleep"]}"#).expect("receipt");
	let given = ok(&url, &[
		"--suri", "//Eve", "consent", "give", "--coop", "0", "--buyer", FERDIE, "--purpose", "0",
		"--categories", "2,1", "--receipt", receipt.to_str().expect("path"),
	]);
	assert!(given.contains("Consent.ConsentGiven"), "{given}");

	let list: serde_json::Value =
		serde_json::from_str(&ok(&url, &["--json", "--suri", "//Eve", "consent", "list"])).expect("JSON");
	assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
	assert_eq!(list[0]["consent"], 0);
	let pool = |category: &str| -> serde_json::Value {
		serde_json::from_str(&ok(&url, &["--json", "consent", "pool", "--coop", "0", "--buyer", FERDIE, "--purpose", "0", "--category", category]))
			.expect("JSON")
	};
	assert_eq!(pool("1")["pool"], 1);
	assert_eq!(pool("3")["pool"], 0);

	let withdrawn = ok(&url, &["--suri", "//Eve", "consent", "withdraw", "0"]);
	assert!(withdrawn.contains("Consent.ConsentWithdrawn"), "{withdrawn}");
	assert_eq!(pool("1")["pool"], 0);

	// Refusals: one line, non-zero exit.
	let (success, _, stderr) = coop(&url, &["--suri", "//Eve", "consent", "withdraw", "0"]);
	assert!(!success && stderr.starts_with("Error:") && stderr.contains("NotLive"), "{stderr}");
	assert_eq!(stderr.lines().count(), 1, "{stderr}");
	let (success, _, stderr) = coop(&url, &["consent", "withdraw", "0"]);
	assert!(!success && stderr.contains("--suri"), "{stderr}");
	let (success, _, stderr) = coop(&url, &["--suri", "//Eve", "commit", "--coop", "0", "--category", "1", "--root", "0x12", "--items", "1", "--bytes", "1"]);
	assert!(!success && stderr.contains("32 bytes"), "{stderr}");
	assert_eq!(ok(&url, &["offers"]), "no offers");

	let left = ok(&url, &["--suri", "//Eve", "leave", "0"]);
	assert!(left.contains("Coops.MemberLeft"), "{left}");
}
