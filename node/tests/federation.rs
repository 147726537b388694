//! `scripts/federation.sh`: four co-op validators on loopback finalize blocks together, and
//! `down` stops every one of them.

use std::time::Duration;

use datacoop_test_utils::{rpc, Federation};

fn alive(pid: u32) -> bool {
	std::path::Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn four_validators_finalize_and_stop() {
	let fed = Federation::new("federation", 5);
	fed.run(&["up"]);
	let started: Vec<u32> =
		["alice", "bob", "charlie", "dave"].iter().filter_map(|n| fed.pid(n)).collect();
	assert_eq!(started.len(), 4, "four validators started");

	// `status` lists each node with its finalized height, all at least 5.
	let status = fed.run(&["status"]);
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
	for name in ["alice", "bob", "charlie", "dave"] {
		rpc::until(
			&format!("{name} authors a block"),
			Duration::from_secs(120),
			|| fed.log(name).contains("Prepared block for proposing"),
			|| fed.logs(),
		);
	}

	fed.run(&["down"]);
	for pid in started {
		assert!(!alive(pid), "validator {pid} still running after down");
	}
}
