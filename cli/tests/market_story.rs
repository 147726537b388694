//! `coop` against a real dev node, the market story: Alice proposes an offer to the demo co-op,
//! members vote it in and anyone closes; Bob and Charlie commit data and opt in; Ferdie buys
//! into escrow; Ferdie signs a delivery receipt for Bob's items, Bob redeems it and is paid for
//! them, and redeeming it again (or a receipt Bob signs himself) is refused.

use datacoop_test_utils::{coop, coop_ok, Node, Outcome};

#[test]
fn an_offer_is_voted_in_bought_and_paid_out() {
	let node = Node::dev();
	let url = &node.ws_url();
	let terms = datacoop_test_utils::temp_dir("coop-market-story").join("terms.md");
	std::fs::write(&terms, "Academic research on heart rate, 100 blocks of access.")
		.expect("terms");

	let proposed = coop_ok(
		url,
		&[
			"--suri",
			"//Alice",
			"propose",
			"0",
			"offer",
			"--purpose",
			"0",
			"--categories",
			"1",
			"--price",
			"5000000000000",
			"--duration",
			"100",
			"--min-contributors",
			"2",
			"--terms",
			terms.to_str().expect("path"),
		],
	);
	assert!(proposed.contains("Governance.Proposed"), "{proposed}");
	assert!(coop_ok(url, &["proposals", "--coop", "0"]).starts_with("proposal 0 (co-op 0)"));
	for voter in ["//Alice", "//Bob", "//Charlie"] {
		assert!(coop_ok(url, &["--suri", voter, "vote", "0", "aye"]).contains("Governance.Voted"));
	}
	let closed = coop_ok(url, &["--suri", "//Charlie", "close", "0", "--wait"]);
	assert!(closed.contains("Market.OfferPublished"), "{closed}");
	assert_eq!(coop_ok(url, &["proposals"]), "no open proposals");

	let root = "0x".to_string() + &"cd".repeat(32);
	for (member, items) in [("//Bob", "30"), ("//Charlie", "10")] {
		coop_ok(
			url,
			&[
				"--suri", member, "commit", "--coop", "0", "--category", "1", "--root", &root,
				"--items", items, "--bytes", "1000",
			],
		);
		let given = coop_ok(
			url,
			&[
				"--suri", member, "consent", "give", "--coop", "0", "--offer", "0", "--purpose",
				"0", "--categories", "1",
			],
		);
		assert!(given.contains("Market.WeightChanged"), "{given}");
	}
	let offers: serde_json::Value =
		serde_json::from_str(&coop_ok(url, &["--json", "offers"])).expect("JSON");
	assert_eq!(offers[0]["contributors"], 2, "{offers}");

	let bought = coop_ok(url, &["--suri", "//Ferdie", "buy", "0"]);
	assert!(bought.contains("Market.Purchased"), "{bought}");
	// Nothing was delivered yet: no royalties from the pool, everything waits in escrow.
	let Outcome { success, stderr, .. } = coop(url, &["--suri", "//Bob", "claim", "0"]);
	assert!(!success && stderr.contains("NothingToClaim"), "{stderr}");

	// Bob's store (any peer id) delivered his 30 items; Ferdie's client acknowledges them.
	let store = datacoop_store::p2p::PeerId::random().to_string();
	let bob = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
	let receipt = |signer: &str, items: &str| {
		coop_ok(
			url,
			&[
				"--suri", signer, "receipt", "0", "--member", bob, "--store", &store, "--items",
				items,
			],
		)
	};
	let redeem = |signature: &str, items: &str| {
		coop(
			url,
			&[
				"--suri", "//Bob", "redeem", "0", "--items", items, "--store", &store,
				"--signature", signature,
			],
		)
	};
	let forged = redeem(&receipt("//Bob", "30"), "30");
	assert!(!forged.success && forged.stderr.contains("BadReceipt"), "{}", forged.stderr);
	let signature = receipt("//Ferdie", "30");
	let redeemed = redeem(&signature, "30");
	assert!(redeemed.success, "{}", redeemed.stderr);
	assert!(
		redeemed.stdout.contains("Market.Redeemed")
			&& redeemed.stdout.contains("30 of at most 30 items redeemed"),
		"{}",
		redeemed.stdout
	);
	let again = redeem(&signature, "30");
	assert!(!again.success && again.stderr.contains("NothingToRedeem"), "{}", again.stderr);
	// 5 DCOOP × 30/40 to Bob's pool share, 10 % of it to the co-op.
	let offers: serde_json::Value =
		serde_json::from_str(&coop_ok(url, &["--json", "offers"])).expect("JSON");
	assert_eq!(offers[0]["pool"]["claimed"], "3375000000000", "{offers}");
	assert_eq!(offers[0]["pool"]["to_treasury"], "375000000000", "{offers}");
	let bylaws = coop_ok(url, &["bylaws", "0"]);
	assert!(bylaws.starts_with("version 1:"), "{bylaws}");
}
