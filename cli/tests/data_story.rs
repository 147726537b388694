//! The whole data story on real processes: a dev node, three member stores served over libp2p
//! by `coop store serve`, and a buyer using `coop fetch`.
//!
//! Bob and Charlie import data, register its commitment and consent to an offer; Alice imports
//! and registers too but does not consent. Ferdie buys and fetches exactly Bob's and Charlie's
//! data, acknowledging each verified item with a signed receipt; the stores redeem the receipts
//! and Bob and Charlie are paid for exactly what they delivered. Forged, replayed, expired and
//! unpaid requests are refused by the stores, and so is a request for Alice's data; a buyer
//! who stops acknowledging gets one item more and no further, and forged or cross-grant
//! receipts do not count. Charlie withdraws: the next fetch gets nothing of his. Bob inflates
//! his commitment's count: the chain refuses a count above the bylaws' cap, and for one within
//! it the buyer keeps nothing of his and names his store, and reports the commitment with the
//! listing Bob's own store signed (fewer items than declared): it stops counting; once Bob
//! deletes an item, his store signs no listing until he registers again. Bob's store
//! is killed with kill -9 in the middle of an import, and once restarted serves all its data,
//! intact.

use std::{
	path::{Path, PathBuf},
	process::Stdio,
	time::{Duration, Instant},
};

use datacoop_store::p2p::{self, Access, Multiaddr, Request, Response, Want};
use datacoop_test_utils::{
	accounts::{BOB, CHARLIE, DAVE},
	command, coop, coop_ok, serve_store, store, vote_in_offer, Guarded, Node,
};

/// A running `coop store serve`, killed when dropped, and the address it announced to buyers.
struct Served {
	process: Guarded,
	address: Multiaddr,
}

/// How a store follows the chain: `--trusted-rpc` (the node at `--url`), or a light client
/// from the dev chain spec that dials `node`.
fn follow(node: Option<&Node>) -> Vec<String> {
	match node {
		None => vec!["--trusted-rpc".into()],
		Some(node) => vec![
			"--chain-spec".into(),
			datacoop_test_utils::node::dev_spec().to_str().expect("path").into(),
			"--bootnode".into(),
			node.p2p_address(),
		],
	}
}

fn serve(url: &str, suri: &str, dir: &Path, follow: &[String]) -> Served {
	let mut args: Vec<&str> = follow.iter().map(String::as_str).collect();
	// One item ahead of the buyer's receipts: the tightest the protocol allows.
	args.extend(["--batch", "1"]);
	let (process, address) = serve_store(url, suri, dir, &args);
	Served { process, address: address.parse().expect("a multiaddr") }
}

/// Write `files` (name, content) into a new folder; returns their paths.
fn files(root: &Path, who: &str, files: &[(&str, Vec<u8>)]) -> Vec<PathBuf> {
	let folder = root.join(format!("{who}-files"));
	std::fs::create_dir_all(&folder).expect("folder");
	files
		.iter()
		.map(|(name, content)| {
			let path = folder.join(name);
			std::fs::write(&path, content).expect("file");
			path
		})
		.collect()
}

/// Every fetched file under `out/<member>`: (name without the id prefix, content), sorted.
fn fetched(out: &Path, member: &str) -> Vec<(String, Vec<u8>)> {
	let mut found = Vec::new();
	let Ok(categories) = std::fs::read_dir(out.join(member)) else { return found };
	for category in categories.map(|e| e.expect("entry").path()) {
		for file in std::fs::read_dir(&category)
			.expect("category folder")
			.map(|e| e.expect("entry").path())
		{
			let name = file.file_name().and_then(|n| n.to_str()).expect("name");
			let name = name.split_once('-').map(|(_, n)| n).unwrap_or(name).to_string();
			found.push((name, std::fs::read(&file).expect("fetched file")));
		}
	}
	found.sort();
	found
}

fn fetch(url: &str, out: &Path) -> serde_json::Value {
	let _ = std::fs::remove_dir_all(out);
	let text = coop_ok(
		url,
		&["--suri", "//Ferdie", "--json", "fetch", "0", "--out", out.to_str().expect("path")],
	);
	serde_json::from_str(&text).expect("JSON")
}

/// `coop <args>` signed by a member whose store signs with the same key (its redemptions): a
/// transaction that meets one of the store's in the pool is tried again.
fn bob_signs(url: &str, args: &[&str]) -> String {
	for _ in 0..5 {
		let outcome = coop(url, args);
		if outcome.success {
			return outcome.stdout;
		}
		assert!(
			outcome.stderr.contains("priority") || outcome.stderr.contains("utdated"),
			"coop {args:?}: {}",
			outcome.stderr
		);
		std::thread::sleep(Duration::from_secs(6));
	}
	panic!("coop {args:?} never went through");
}

/// What `coop fetch`'s JSON report says of `member`'s store.
fn member_report(report: &serde_json::Value, member: &str) -> serde_json::Value {
	report["members"]
		.as_array()
		.expect("members")
		.iter()
		.find(|m| m["member"] == member)
		.cloned()
		.unwrap_or_else(|| panic!("{member}'s store was asked: {report}"))
}

fn ask(address: &Multiaddr, request: Request) -> Response {
	let runtime = tokio::runtime::Runtime::new().expect("runtime");
	runtime.block_on(async {
		let mut client = p2p::Client::new().expect("client");
		client.ask(address, request).await.expect("the store answers")
	})
}

fn refused(response: Response, because: &str) {
	match response {
		Response::Refused { reason } => {
			assert!(reason.contains(because), "refused for {reason:?}, not {because:?}")
		},
		other => panic!("served {other:?}, expected a refusal ({because})"),
	}
}

#[test]
fn buyers_get_exactly_the_consenting_members_data() {
	let node = Node::dev();
	let url = node.ws_url();
	let root = datacoop_test_utils::temp_dir("coop-data-story");

	// The co-op publishes an offer of category 1 for purpose 0.
	let terms = root.join("terms.md");
	std::fs::write(&terms, "Heart-rate research, 200 blocks of access.").expect("terms");
	vote_in_offer(&url, (5_000_000_000_000, 200, 1), Some(&terms));

	// Three members set up their stores at once: import, register, serve; Bob and Charlie consent.
	// Bob's store checks the chain with a light client; Alice's and Charlie's believe the node.
	let bob_follows = follow(Some(&node));
	let data = |who: &str| -> Vec<(&'static str, Vec<u8>)> {
		vec![
			(
				"heart.csv",
				format!("time,bpm\n1,{}\n2,{}\n", who.len() + 60, who.len() + 61).into_bytes(),
			),
			("sleep.json", format!("{{\"who\":\"{who}\",\"hours\":7}}").into_bytes()),
		]
	};
	let setups: Vec<_> =
		[("//Alice", "alice", false), ("//Bob", "bob", true), ("//Charlie", "charlie", true)]
			.into_iter()
			.map(|(suri, who, consents)| {
				let (url, root) = (url.clone(), root.clone());
				let content = data(who);
				let follows = if who == "bob" { bob_follows.clone() } else { follow(None) };
				std::thread::spawn(move || {
					let dir = root.join(who);
					store(&dir, &["init"]);
					let paths = files(&root, who, &content);
					let mut import = vec!["import", "--coop", "0", "--category", "1"];
					import.extend(paths.iter().map(|p| p.to_str().expect("path")));
					store(&dir, &import);
					// Category 2 is not in the offer: never served under it.
					let other = files(
						&root,
						&format!("{who}-other"),
						&[("diary.txt", b"private".to_vec())],
					);
					let other = other[0].to_str().expect("path");
					store(&dir, &["import", "--coop", "0", "--category", "2", other]);
					// Nor is what they keep for another co-op under the same category.
					let elsewhere = files(
						&root,
						&format!("{who}-elsewhere"),
						&[("other-coop.csv", b"kept for co-op 1".to_vec())],
					);
					let elsewhere = elsewhere[0].to_str().expect("path");
					store(&dir, &["import", "--coop", "1", "--category", "1", elsewhere]);
					let registered = coop_ok(
						&url,
						&[
							"--suri",
							suri,
							"store",
							"--dir",
							dir.to_str().expect("path"),
							"register",
							"--coop",
							"0",
							"--category",
							"1",
						],
					);
					assert!(registered.contains("Consent.DataCommitted"), "{registered}");
					if consents {
						let receipt = root.join(format!("{who}-receipt.json"));
						std::fs::write(
							&receipt,
							format!("{{\"purpose\":0,\"offer\":0,\"member\":\"{who}\"}}"),
						)
						.expect("receipt");
						store(&dir, &["receipt", receipt.to_str().expect("path")]);
						let given = coop_ok(
							&url,
							&[
								"--suri",
								suri,
								"consent",
								"give",
								"--coop",
								"0",
								"--offer",
								"0",
								"--purpose",
								"0",
								"--categories",
								"1",
								"--receipt",
								receipt.to_str().expect("path"),
							],
						);
						assert!(given.contains("Consent.ConsentGiven"), "{given}");
					}
					serve(&url, suri, &dir, &follows)
				})
			})
			.collect();
	let mut served: Vec<Served> = setups.into_iter().map(|s| s.join().expect("setup")).collect();
	let (alice, bob) = (served[0].address.clone(), served[1].address.clone());
	assert_eq!(served.len(), 3);

	// Ferdie buys and fetches: Bob's and Charlie's category-1 data, nothing of Alice's.
	let bought = coop_ok(&url, &["--suri", "//Ferdie", "buy", "0"]);
	assert!(bought.contains("Market.Purchased") && bought.contains("grant 0"), "{bought}");
	let out = root.join("fetched");
	let report = fetch(&url, &out);
	assert_eq!(report["items"], 4, "{report}");
	let mut expected_bob =
		data("bob").into_iter().map(|(n, c)| (n.to_string(), c)).collect::<Vec<_>>();
	expected_bob.sort();
	let mut expected_charlie =
		data("charlie").into_iter().map(|(n, c)| (n.to_string(), c)).collect::<Vec<_>>();
	expected_charlie.sort();
	assert_eq!(fetched(&out, BOB), expected_bob);
	assert_eq!(fetched(&out, CHARLIE), expected_charlie);
	assert_eq!(
		std::fs::read_dir(&out).expect("out").count(),
		2,
		"only the consenting members' folders"
	);

	// The stores refuse what the chain does not allow.
	let ferdie = datacoop_client::keys::key_from_uri("//Ferdie").expect("key");
	let eve = datacoop_client::keys::key_from_uri("//Eve").expect("key");
	let bob_peer = p2p::peer_of(&bob).expect("peer id");
	let valid = || Request::signed(&ferdie, &bob_peer, 0, 1, Want::List, Duration::from_secs(60));
	// Forged: Eve signs a request that claims to be Ferdie's.
	let mut forged = valid();
	forged.sign(&eve, &bob_peer);
	forged.buyer = ferdie.public_key().0;
	refused(ask(&bob, forged), "signature");
	// Tampered after signing: another category.
	let mut tampered = valid();
	tampered.category = 2;
	refused(ask(&bob, tampered), "signature");
	// Replayed: the same signed request twice.
	let once = valid();
	assert!(
		matches!(ask(&bob, once.clone()), Response::Items { ref items, .. } if items.len() == 2)
	);
	refused(ask(&bob, once), "replayed");
	// What Bob keeps for co-op 1 under category 1 is no item of co-op 0's grant.
	let items: serde_json::Value =
		serde_json::from_str(&store(&root.join("bob"), &["--json", "list"])).expect("JSON");
	let elsewhere = items
		.as_array()
		.expect("items")
		.iter()
		.find(|i| i["coop"] == 1)
		.and_then(|i| i["id"].as_str())
		.expect("the co-op 1 item")
		.to_string();
	refused(
		ask(
			&bob,
			Request::signed(
				&ferdie,
				&bob_peer,
				0,
				1,
				Want::Item { id: elsewhere },
				Duration::from_secs(60),
			),
		),
		"of co-op 0",
	);

	// Expired, though properly signed.
	let mut expired = valid();
	expired.expires_at = expired.expires_at.saturating_sub(3600);
	expired.sign(&ferdie, &bob_peer);
	refused(ask(&bob, expired), "expired");
	// Signed for another store.
	let alice_peer = p2p::peer_of(&alice).expect("peer id");
	refused(
		ask(&bob, Request::signed(&ferdie, &alice_peer, 0, 1, Want::List, Duration::from_secs(60))),
		"signature",
	);
	// Unpaid: Eve holds no grant; grant 7 does not exist.
	refused(
		ask(&bob, Request::signed(&eve, &bob_peer, 0, 1, Want::List, Duration::from_secs(60))),
		"another account",
	);
	refused(
		ask(&bob, Request::signed(&ferdie, &bob_peer, 7, 1, Want::List, Duration::from_secs(60))),
		"no grant 7",
	);
	// A category outside the offer, and a member who did not consent.
	refused(
		ask(&bob, Request::signed(&ferdie, &bob_peer, 0, 2, Want::List, Duration::from_secs(60))),
		"does not include category 2",
	);
	refused(
		ask(
			&alice,
			Request::signed(&ferdie, &alice_peer, 0, 1, Want::List, Duration::from_secs(60)),
		),
		"consent does not cover",
	);

	// Bob's access log shows what was served and what was refused, and why.
	let log: serde_json::Value =
		serde_json::from_str(&store(&root.join("bob"), &["--json", "access-log"])).expect("JSON");
	let log = log.as_array().expect("entries");
	assert!(log.iter().any(|e| e["outcome"] == "served" && e["want"] != "list"), "{log:?}");
	assert!(log.iter().any(|e| e["outcome"] == "refused"
		&& e["detail"].as_str().is_some_and(|d| d.contains("replayed"))));

	// The receipt Bob kept matches his consent on chain.
	let receipts = coop_ok(
		&url,
		&[
			"--suri",
			"//Bob",
			"--json",
			"store",
			"--dir",
			root.join("bob").to_str().expect("path"),
			"receipts",
			"--chain-check",
		],
	);
	let receipts: serde_json::Value = serde_json::from_str(&receipts).expect("JSON");
	assert_eq!(receipts[0]["consents"], serde_json::json!([0]), "{receipts}");

	// The stores redeemed the receipts Ferdie's fetch handed them: 5 DCOOP over 4 items, 2
	// delivered by each, 10 % of it to the co-op.
	let deadline = Instant::now() + Duration::from_secs(90);
	loop {
		let offers: serde_json::Value =
			serde_json::from_str(&coop_ok(&url, &["--json", "offers"])).expect("JSON");
		if offers[0]["pool"]["claimed"] == "4500000000000" {
			assert_eq!(offers[0]["pool"]["to_treasury"], "500000000000", "{offers}");
			break;
		}
		assert!(Instant::now() < deadline, "the stores redeem what was delivered: {offers}");
		std::thread::sleep(Duration::from_secs(2));
	}

	// Bob shares his category-1 data with his doctor, Dave, directly: a consent to Dave's
	// account, no offer, no grant, no payment. Dave fetches it, proven against Bob's
	// commitment; Eve, whom Bob shares nothing with, is refused; once Bob withdraws, so is Dave.
	let shared = bob_signs(
		&url,
		&[
			"--suri", "//Bob", "consent", "give", "--coop", "0", "--buyer", DAVE, "--purpose", "0",
			"--categories", "1",
		],
	);
	assert!(shared.contains("Consent.ConsentGiven"), "{shared}");
	let doctor = root.join("fetched-by-the-doctor");
	let fetch_shared = |suri: &str| {
		let _ = std::fs::remove_dir_all(&doctor);
		coop(
			&url,
			&[
				"--suri",
				suri,
				"--json",
				"fetch-shared",
				"--member",
				BOB,
				"--coop",
				"0",
				"--purpose",
				"0",
				"--category",
				"1",
				"--out",
				doctor.to_str().expect("path"),
			],
		)
	};
	let deadline = Instant::now() + Duration::from_secs(30);
	loop {
		let report: serde_json::Value =
			serde_json::from_str(&fetch_shared("//Dave").ok("coop fetch-shared")).expect("JSON");
		if report["items"] == 2 {
			break;
		}
		assert!(Instant::now() < deadline, "Bob's store serves what he shares: {report}");
		std::thread::sleep(Duration::from_secs(1));
	}
	assert_eq!(fetched(&doctor, BOB), expected_bob, "his co-op 0 items, nothing else");
	let eve_fetch = fetch_shared("//Eve");
	assert!(!eve_fetch.success && eve_fetch.stderr.contains("shares nothing"), "{eve_fetch:?}");
	let dave = datacoop_client::keys::key_from_uri("//Dave").expect("key");
	let shared_list = |key: &datacoop_client::Keypair| {
		let access = Access::Shared { coop: 0, purpose: 0 };
		Request::under(key, &bob_peer, access, 1, Want::List, Duration::from_secs(60))
	};
	refused(ask(&bob, shared_list(&eve)), "shares nothing with this account");
	assert!(
		matches!(ask(&bob, shared_list(&dave)), Response::Items { ref items, .. } if items.len() == 2)
	);
	let consents: serde_json::Value =
		serde_json::from_str(&coop_ok(&url, &["--suri", "//Bob", "--json", "consent", "list"]))
			.expect("JSON");
	// His newest: the one to Dave.
	let direct = consents
		.as_array()
		.expect("consents")
		.iter()
		.filter_map(|c| c["consent"].as_u64())
		.max()
		.expect("the consent to Dave")
		.to_string();
	assert!(bob_signs(&url, &["--suri", "//Bob", "consent", "withdraw", &direct])
		.contains("Consent.ConsentWithdrawn"));
	let deadline = Instant::now() + Duration::from_secs(30);
	loop {
		match ask(&bob, shared_list(&dave)) {
			Response::Refused { reason } if reason.contains("shares nothing") => break,
			other => {
				assert!(Instant::now() < deadline, "still shared after withdrawal: {other:?}")
			},
		}
		std::thread::sleep(Duration::from_secs(1));
	}

	// A buyer who stops acknowledging (grant 1, a second purchase) gets one item more and no
	// further; a receipt Eve signs, or Ferdie's for another grant, does not count.
	let bought = coop_ok(&url, &["--suri", "//Ferdie", "buy", "0"]);
	assert!(bought.contains("grant 1"), "{bought}");
	// The store sees the grant once it follows the block that finalized it.
	let deadline = Instant::now() + Duration::from_secs(30);
	let ids: Vec<String> = loop {
		let list = Request::signed(&ferdie, &bob_peer, 1, 1, Want::List, Duration::from_secs(60));
		match ask(&bob, list) {
			Response::Items { items, .. } => break items.into_iter().map(|i| i.id).collect(),
			Response::Refused { reason } if reason.contains("no grant 1") => {
				assert!(Instant::now() < deadline, "the store never saw grant 1");
				std::thread::sleep(Duration::from_secs(1));
			},
			other => panic!("no list: {other:?}"),
		}
	};
	assert_eq!(ids.len(), 2);
	let item = |id: &str, receipt: Option<p2p::DeliveryReceipt>| {
		Request::signed(
			&ferdie,
			&bob_peer,
			1,
			1,
			Want::Item { id: id.to_string() },
			Duration::from_secs(60),
		)
		.with_receipt(receipt)
	};
	let genesis = tokio::runtime::Runtime::new().expect("runtime").block_on(async {
		datacoop_client::receipts::genesis(
			&datacoop_client::chain::connect(&url).await.expect("node"),
		)
	});
	let bob_account: datacoop_client::AccountId32 = BOB.parse().expect("SS58");
	let sign = |key: &datacoop_client::Keypair, grant: u64, items: u64| {
		Some(p2p::DeliveryReceipt::from(datacoop_client::receipts::sign(
			key,
			genesis,
			grant,
			&bob_account,
			&bob_peer.to_bytes(),
			items,
		)))
	};
	assert!(matches!(ask(&bob, item(&ids[0], None)), Response::Item { .. }));
	refused(ask(&bob, item(&ids[1], None)), "send a receipt");
	refused(ask(&bob, item(&ids[1], sign(&eve, 1, 1))), "receipt is not the buyer's");
	refused(ask(&bob, item(&ids[1], sign(&ferdie, 0, 1))), "receipt is not the buyer's");
	// The item already served is served again without one.
	assert!(matches!(ask(&bob, item(&ids[0], None)), Response::Item { .. }));
	assert!(matches!(ask(&bob, item(&ids[1], sign(&ferdie, 1, 1))), Response::Item { .. }));
	// What one grant leaves unacknowledged counts against the buyer's other grants (the store's
	// unit tests show it); Ferdie hands over his last receipt for grant 1.
	let ack = Request::signed(&ferdie, &bob_peer, 1, 1, Want::Acknowledge, Duration::from_secs(60))
		.with_receipt(sign(&ferdie, 1, 2));
	assert!(matches!(ask(&bob, ack), Response::Acknowledged { items: 2 }));

	// Charlie withdraws; once that is final, the next fetch gets nothing of his.
	assert!(coop_ok(&url, &["--suri", "//Charlie", "consent", "withdraw", "0"])
		.contains("Consent.ConsentWithdrawn"));
	// The store follows finalized blocks; give it the block that carries the withdrawal.
	std::thread::sleep(Duration::from_secs(3));
	let report = fetch(&url, &out);
	assert!(fetched(&out, CHARLIE).is_empty(), "{report}");
	assert_eq!(fetched(&out, BOB), expected_bob);
	// He is out of the pool, so the buyer no longer asks him; his store, asked anyway, refuses.
	let charlie = served[2].address.clone();
	let charlie_peer = p2p::peer_of(&charlie).expect("peer id");
	refused(
		ask(
			&charlie,
			Request::signed(&ferdie, &charlie_peer, 0, 1, Want::List, Duration::from_secs(60)),
		),
		"consent does not cover",
	);

	// Bob's store is killed mid-import and restarted: everything it lists reads back whole, and
	// the buyer gets all of it.
	let bob_dir = root.join("bob");
	let big: Vec<(String, Vec<u8>)> = (0..12)
		.map(|i| (format!("trace-{i}.bin"), vec![i as u8; 3 * 1024 * 1024]))
		.collect();
	let big_paths = files(
		&root,
		"bob-big",
		&big.iter().map(|(n, c)| (n.as_str(), c.clone())).collect::<Vec<_>>(),
	);
	let mut import = command("coop");
	import
		.arg("store")
		.arg("--dir")
		.arg(&bob_dir)
		.args(["import", "--coop", "0", "--category", "1"])
		.args(&big_paths);
	let mut importing = import.stdout(Stdio::null()).spawn().expect("import starts");
	std::thread::sleep(Duration::from_millis(150));
	let _ = importing.kill();
	let _ = importing.wait();
	served[1].process.signal("-9");
	let _ = served[1].process.child().wait();
	served[1] = serve(&url, "//Bob", &bob_dir, &bob_follows);
	let listed: serde_json::Value =
		serde_json::from_str(&store(&bob_dir, &["--json", "list"])).expect("JSON");
	let listed = listed.as_array().expect("items").clone();
	for item in &listed {
		let id = item["id"].as_str().expect("id");
		let content = command("coop")
			.arg("store")
			.arg("--dir")
			.arg(&bob_dir)
			.args(["read", id])
			.output()
			.expect("read");
		assert!(content.status.success(), "item {id} reads back");
		let name = item["name"].as_str().expect("name");
		let original = data("bob")
			.into_iter()
			.map(|(n, c)| (n.to_string(), c))
			.chain(big.iter().cloned())
			.chain([("diary.txt".to_string(), b"private".to_vec())])
			.chain([("other-coop.csv".to_string(), b"kept for co-op 1".to_vec())])
			.find(|(n, _)| n == name)
			.map(|(_, c)| c)
			.expect("a file Bob imported");
		assert_eq!(content.stdout, original, "{name} is whole");
	}
	let of_coop_0 = |i: &&serde_json::Value| i["coop"] == 0 && i["category"] == 1;
	let in_category_1 = listed.iter().filter(of_coop_0).count();

	// Bob inflates his commitment: his real root, 4,294,967,295 items, is refused by the
	// chain (the demo bylaws let one commitment count 10,000 items at most); 10,000 is taken,
	// and the buyer, who checks every item against root and count on chain, keeps none of his
	// and names his store.
	let commitment: serde_json::Value = serde_json::from_str(&store(
		&bob_dir,
		&["--json", "commitment", "--coop", "0", "--category", "1"],
	))
	.expect("JSON");
	let root_hex = commitment["root"].as_str().expect("root").to_string();
	let commit = |items: &str| {
		coop(
			&url,
			&[
				"--suri", "//Bob", "commit", "--coop", "0", "--category", "1", "--root", &root_hex,
				"--items", items, "--bytes", "1",
			],
		)
	};
	let refused_commit = commit("4294967295");
	assert!(
		!refused_commit.success && refused_commit.stderr.contains("TooManyItems"),
		"{}",
		refused_commit.stderr
	);
	let inflated = commit("10000").ok("coop commit --items 10000");
	assert!(inflated.contains("Consent.DataCommitted"), "{inflated}");
	let cheat_out = root.join("fetched-from-a-cheat");
	let report = fetch(&url, &cheat_out);
	assert!(fetched(&cheat_out, BOB).is_empty(), "nothing of an inflated commitment: {report}");
	let bob_report = member_report(&report, BOB);
	let refusals = bob_report["refused"].to_string();
	assert!(
		refusals.contains("commitment on chain says 10000")
			&& refusals.contains(bob_peer.to_string().as_str()),
		"{bob_report}"
	);
	assert!(refusals.contains("the commitment on chain is for 10000"), "{bob_report}");

	// Bob's own store signed what it lists under that root: fewer items than he declared.
	// Ferdie reports the commitment with that listing: it stops counting and its deposit is
	// Ferdie's. A report that was made up is refused before it costs a fee.
	let short = bob_report["short_listings"].as_array().expect("short listings");
	assert_eq!(short.len(), 1, "{bob_report}");
	let evidence = &short[0];
	assert_eq!(evidence["committed"], 10000, "{evidence}");
	assert_eq!(evidence["listed"], in_category_1, "{evidence}");
	assert_eq!(evidence["root"], root_hex, "{evidence}");
	let report_args = |listed: &str, signature: &str| {
		coop(
			&url,
			&[
				"--suri", "//Ferdie", "report-commitment", "--member", BOB, "--coop", "0",
				"--category", "1", "--root", &root_hex, "--listed", listed, "--signature",
				signature,
			],
		)
	};
	let signature = evidence["signature"].as_str().expect("signature");
	let made_up = report_args(&(in_category_1 + 1).to_string(), signature);
	assert!(
		!made_up.success && made_up.stderr.contains("is not") && made_up.stderr.contains("listing"),
		"{}",
		made_up.stderr
	);
	let listed_count = in_category_1.to_string();
	let reported = report_args(&listed_count, signature).ok("coop report-commitment");
	assert!(reported.contains("Consent.CommitmentReported"), "{reported}");
	assert!(
		evidence["report"]
			.as_str()
			.is_some_and(|r| r.starts_with("coop report-commitment")),
		"{evidence}"
	);

	// Bob registers what he holds (after the interrupted import, too): all of it is served.
	let registered = coop_ok(
		&url,
		&[
			"--suri",
			"//Bob",
			"store",
			"--dir",
			bob_dir.to_str().expect("path"),
			"register",
			"--coop",
			"0",
			"--category",
			"1",
		],
	);
	assert!(registered.contains("Consent.DataCommitted"), "{registered}");
	// Under his honest commitment, the same listing is nothing to report.
	let stale = report_args(&listed_count, signature);
	assert!(!stale.success && stale.stderr.contains("nothing to report"), "{}", stale.stderr);
	let deadline = Instant::now() + Duration::from_secs(30);
	loop {
		let report = fetch(&url, &out);
		if fetched(&out, BOB).len() == in_category_1 {
			break;
		}
		assert!(
			Instant::now() < deadline,
			"Bob's restarted store serves all {in_category_1} items: {report}"
		);
		std::thread::sleep(Duration::from_secs(2));
	}

	// Bob deletes an item and has not registered again yet: his store's items no longer add up
	// to the committed root, so it signs no listing, and nobody can report him for the gap.
	let first = listed.iter().find(of_coop_0).expect("an item of category 1");
	store(&bob_dir, &["delete", first["id"].as_str().expect("id")]);
	let report = fetch(&url, &out);
	let bob_report = member_report(&report, BOB);
	assert_eq!(bob_report["short_listings"], serde_json::json!([]), "{bob_report}");
	assert!(bob_report["refused"].to_string().contains("signed no listing"), "{bob_report}");
	drop(served);
	let _ = std::fs::remove_dir_all(&root);
}
