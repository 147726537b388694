//! A store killed with kill -9 in the middle of imports restarts with its data intact: every
//! item it lists reads back exactly, nothing half-written is listed, and it keeps working.

use std::{
	process::{Command, Stdio},
	time::Duration,
};

use datacoop_test_utils::command;

fn store(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
	command("datacoop-store")
		.arg("--dir")
		.arg(dir)
		.args(args)
		.output()
		.expect("store runs")
}

#[test]
fn a_store_killed_mid_import_restarts_intact() {
	let root = datacoop_test_utils::temp_dir("store-crash");
	let dir = root.join("store");
	assert!(store(&dir, &["init"]).status.success());

	// Files whose content says which file they are, big enough that imports take a while.
	let mut files = Vec::new();
	for n in 0..12u8 {
		let path = root.join(format!("file-{n}.bin"));
		std::fs::write(&path, vec![n; 1024 * 1024]).unwrap();
		files.push(path);
	}
	for round in 0..5u64 {
		let mut child = command("datacoop-store")
			.arg("--dir")
			.arg(&dir)
			.args(["import", "--coop", "0", "--category", "1"])
			.args(&files)
			.stdout(Stdio::null())
			.stderr(Stdio::null())
			.spawn()
			.unwrap();
		std::thread::sleep(Duration::from_millis(40 + round * 60));
		let _ = Command::new("kill").args(["-9", &child.id().to_string()]).status();
		let _ = child.wait();

		let listed = store(&dir, &["--json", "list"]);
		assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
		let items: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
		for item in items.as_array().unwrap() {
			let id = item["id"].as_str().unwrap();
			let name = item["name"].as_str().unwrap();
			let n: u8 = name.trim_start_matches("file-").trim_end_matches(".bin").parse().unwrap();
			let read = command("datacoop-store")
				.arg("--dir")
				.arg(&dir)
				.args(["read", id])
				.output()
				.unwrap();
			assert!(read.status.success(), "item {id} reads back");
			assert_eq!(read.stdout.len(), 1024 * 1024, "item {id} is whole");
			assert!(read.stdout.iter().all(|b| *b == n), "item {id} is file {n}");
		}
		// No temporary files survive a reopen.
		for sub in ["items", "keys"] {
			for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
				let name = entry.unwrap().file_name().into_string().unwrap();
				assert!(!name.contains(".tmp-"), "leftover {name}");
			}
		}
	}
	let commitment = store(&dir, &["--json", "commitment", "--coop", "0", "--category", "1"]);
	assert!(commitment.status.success());
	let _ = std::fs::remove_dir_all(&root);
}
