//! `coop` against a real dev node: a new member joins the demo co-op, commits data, consents
//! for a buyer, lists the consent, sees the pool size, withdraws, is refused a second withdrawal
//! with one error line, and leaves. Each step is a real signed extrinsic, finalized.

use datacoop_test_utils::{accounts::FERDIE, coop, coop_ok, Node, Outcome};

#[test]
fn a_member_joins_commits_consents_withdraws_and_leaves() {
	let node = Node::dev();
	let url = node.ws_url();
	let account = coop_ok(&url, &["--json", "--suri", "//Eve", "account"]);
	assert!(account.contains("5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw"), "{account}");

	let joined = coop_ok(&url, &["--suri", "//Eve", "join", "0"]);
	assert!(joined.contains("Coops.MemberJoined"), "{joined}");
	let root = "0x".to_string() + &"ab".repeat(32);
	let committed = coop_ok(
		&url,
		&[
			"--suri", "//Eve", "commit", "--coop", "0", "--category", "1", "--root", &root,
			"--items", "12", "--bytes", "4096",
		],
	);
	assert!(committed.contains("Consent.DataCommitted"), "{committed}");

	let receipt = datacoop_test_utils::temp_dir("coop-member-story").join("receipt.json");
	std::fs::write(
		&receipt,
		br#"{"purpose":"academic research","categories":["heart rate","sleep"]}"#,
	)
	.expect("receipt");
	let given = coop_ok(
		&url,
		&[
			"--suri",
			"//Eve",
			"consent",
			"give",
			"--coop",
			"0",
			"--buyer",
			FERDIE,
			"--purpose",
			"0",
			"--categories",
			"2,1",
			"--receipt",
			receipt.to_str().expect("path"),
		],
	);
	assert!(given.contains("Consent.ConsentGiven"), "{given}");

	let list: serde_json::Value =
		serde_json::from_str(&coop_ok(&url, &["--json", "--suri", "//Eve", "consent", "list"]))
			.expect("JSON");
	assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
	assert_eq!(list[0]["consent"], 0);
	let pool = |category: &str| -> serde_json::Value {
		serde_json::from_str(&coop_ok(
			&url,
			&[
				"--json", "consent", "pool", "--coop", "0", "--buyer", FERDIE, "--purpose", "0",
				"--category", category,
			],
		))
		.expect("JSON")
	};
	assert_eq!(pool("1")["pool"], 1);
	assert_eq!(pool("3")["pool"], 0);

	let withdrawn = coop_ok(&url, &["--suri", "//Eve", "consent", "withdraw", "0"]);
	assert!(withdrawn.contains("Consent.ConsentWithdrawn"), "{withdrawn}");
	assert_eq!(pool("1")["pool"], 0);

	// Refusals: one line, non-zero exit.
	let Outcome { success, stderr, .. } =
		coop(&url, &["--suri", "//Eve", "consent", "withdraw", "0"]);
	assert!(!success && stderr.starts_with("Error:") && stderr.contains("NotLive"), "{stderr}");
	assert_eq!(stderr.lines().count(), 1, "{stderr}");
	let Outcome { success, stderr, .. } = coop(&url, &["consent", "withdraw", "0"]);
	assert!(!success && stderr.contains("--suri"), "{stderr}");
	let Outcome { success, stderr, .. } = coop(
		&url,
		&[
			"--suri", "//Eve", "commit", "--coop", "0", "--category", "1", "--root", "0x12",
			"--items", "1", "--bytes", "1",
		],
	);
	assert!(!success && stderr.contains("32 bytes"), "{stderr}");
	assert_eq!(coop_ok(&url, &["offers"]), "no offers");

	let left = coop_ok(&url, &["--suri", "//Eve", "leave", "0"]);
	assert!(left.contains("Coops.MemberLeft"), "{left}");
}
