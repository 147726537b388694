//! `scripts/federation.sh`: four co-op validators on loopback finalize blocks together, and
//! `down` stops every one of them.

mod common;

use std::process::Command;

/// Run the federation script with `action`, on ports and a folder of this test's own.
fn federation(action: &str, dir: &std::path::Path, base: u16) -> std::process::Output {
	let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/federation.sh");
	Command::new("bash")
		.arg(script)
		.arg(action)
		.env("NODE_BIN", common::NODE)
		.env("FEDERATION_DIR", dir)
		.env("P2P_BASE", base.to_string())
		.env("RPC_BASE", (base + 10).to_string())
		.env("PROM_BASE", (base + 20).to_string())
		.env("WAIT_FINALIZED", "5")
		.env("WAIT_TIMEOUT", "400")
		.output()
		.expect("the script runs")
}

fn pids(dir: &std::path::Path) -> Vec<u32> {
	["alice", "bob", "charlie", "dave"]
		.iter()
		.filter_map(|name| std::fs::read_to_string(dir.join(name).join("pid")).ok())
		.filter_map(|pid| pid.trim().parse().ok())
		.collect()
}

fn alive(pid: u32) -> bool {
	std::path::Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn four_validators_finalize_and_stop() {
	let dir = std::env::temp_dir().join(format!("datacoop-federation-{}", std::process::id()));
	let base = 20_000 + (std::process::id() % 1_000) as u16 * 30;

	let up = federation("up", &dir, base);
	let stdout = String::from_utf8_lossy(&up.stdout).to_string();
	let started = pids(&dir);
	let logs = || {
		["alice", "bob", "charlie", "dave"]
			.iter()
			.map(|n| {
				let log = std::fs::read_to_string(dir.join(n).join("node.log")).unwrap_or_default();
				let tail: Vec<_> = log.lines().rev().take(15).collect();
				format!("--- {n}\n{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"))
			})
			.collect::<Vec<_>>()
			.join("\n")
	};
	if !up.status.success() {
		federation("down", &dir, base);
		panic!(
			"federation up failed:\n{stdout}\n{}\n{}",
			String::from_utf8_lossy(&up.stderr),
			logs()
		);
	}
	assert_eq!(started.len(), 4, "four validators started:\n{stdout}");

	// `status` lists each node with its finalized height, all at least 5.
	let status = federation("status", &dir, base);
	let status = String::from_utf8_lossy(&status.stdout).to_string();
	for name in ["alice", "bob", "charlie", "dave"] {
		let line = status.lines().find(|l| l.starts_with(name)).expect("node listed");
		let finalized: u64 = line
			.split_whitespace()
			.last()
			.and_then(|f| f.parse().ok())
			.unwrap_or_else(|| panic!("finalized height of {name}: {status}"));
		assert!(finalized >= 5, "{name} finalized {finalized}:\n{status}");
		let peers: u64 = line.split_whitespace().nth(2).and_then(|p| p.parse().ok()).unwrap_or(0);
		assert!(peers >= 1, "{name} is connected:\n{status}");
	}

	// Every validator authors blocks in its Aura slots (round robin over the four).
	let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
	for name in ["alice", "bob", "charlie", "dave"] {
		let log = dir.join(name).join("node.log");
		while !std::fs::read_to_string(&log).unwrap_or_default().contains("Prepared block for proposing") {
			assert!(std::time::Instant::now() < deadline, "{name} never authored a block:\n{}", logs());
			std::thread::sleep(std::time::Duration::from_secs(1));
		}
	}

	let down = federation("down", &dir, base);
	assert!(down.status.success(), "{}", String::from_utf8_lossy(&down.stderr));
	for pid in started {
		assert!(!alive(pid), "validator {pid} still running after down");
	}
	let _ = std::fs::remove_dir_all(&dir);
}
