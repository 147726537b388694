//! A member's store registers its commitment on a real dev node: Bob (a member of the demo
//! co-op) imports data, registers the category's root, deletes an item and registers again.

use std::time::{Duration, Instant};

use datacoop_test_utils::{command, run, Node};

fn store(dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
	let out = run(command("datacoop-store").arg("--dir").arg(dir).args(args));
	(out.success, out.stdout, out.stderr)
}

#[test]
fn the_store_registers_its_commitment_on_chain() {
	let node = Node::dev();
	let url = node.ws_url();

	let dir = datacoop_test_utils::temp_dir("store-register").join("store");
	assert!(store(&dir, &["init"]).0);
	let file = dir.with_extension("csv");
	std::fs::write(&file, "time,bpm\n08:00,72\n").unwrap();
	let (ok, imported, _) = store(
		&dir,
		&[
			"import",
			"--coop",
			"0",
			"--category",
			"1",
			file.to_str().unwrap(),
			file.to_str().unwrap(),
		],
	);
	assert!(ok, "{imported}");
	let first_id = imported.split_whitespace().next().unwrap().to_string();

	// Register once the node serves (it may still be starting).
	let deadline = Instant::now() + Duration::from_secs(120);
	let registered = loop {
		let (ok, out, err) = store(
			&dir,
			&["register", "--coop", "0", "--category", "1", "--url", &url, "--suri", "//Bob"],
		);
		if ok {
			break out;
		}
		assert!(Instant::now() < deadline, "never registered: {err}");
		std::thread::sleep(Duration::from_secs(2));
	};
	assert!(
		registered.contains("registered 2 items") && registered.contains("Consent.DataCommitted"),
		"{registered}"
	);

	// After a delete the commitment changes, and is registered again.
	assert!(store(&dir, &["delete", &first_id]).0);
	let (ok, again, err) = store(
		&dir,
		&["register", "--coop", "0", "--category", "1", "--url", &url, "--suri", "//Bob"],
	);
	assert!(ok && again.contains("registered 1 items"), "{again}{err}");
	// Not a member of co-op 0: refused with one line.
	let (ok, _, err) = store(
		&dir,
		&["register", "--coop", "0", "--category", "1", "--url", &url, "--suri", "//Ferdie"],
	);
	assert!(!ok && err.starts_with("Error:") && err.contains("NotMember"), "{err}");
	let _ = std::fs::remove_dir_all(&dir);
	let _ = std::fs::remove_file(&file);
}
