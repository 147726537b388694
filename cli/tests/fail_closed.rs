//! A store fails closed: when the node it follows stops (SIGSTOP), it serves nothing once its
//! finalized view is older than `serve --max-lag`, even to a buyer whose grant was good, and a
//! withdrawal made meanwhile through another node is never outrun: the store answers "chain not
//! followed since …" until it follows the chain again, and then refuses for the withdrawal.
//! When the node restarts, the store dials it again and follows it once it is back.

use std::time::Duration;

use datacoop_store::p2p::{self, Multiaddr, Request, Response, Want};
use datacoop_test_utils::{
	accounts::BOB, coop_ok, member_store, node, serve_store, vote_in_offer, Node,
};

/// The bound the store is started with: above the dev chain's usual finality lag (6 s blocks,
/// finalized a block or two behind), well below the test's patience.
const MAX_LAG_SECS: u64 = 30;

fn ask(address: &Multiaddr, request: Request) -> Response {
	let runtime = tokio::runtime::Runtime::new().expect("runtime");
	runtime.block_on(async {
		let mut client = p2p::Client::new().expect("client");
		client.ask(address, request).await.expect("the store answers")
	})
}

fn refusal(response: Response) -> String {
	match response {
		Response::Refused { reason } => reason,
		other => panic!("served {other:?}, expected a refusal"),
	}
}

#[test]
fn a_store_whose_node_stops_serves_nothing_and_never_outruns_a_withdrawal() {
	let validator = Node::dev();
	let url = validator.ws_url();
	// The node Bob's store follows: a full node of the same chain, synced from the validator.
	let spec = node::dev_spec();
	let cache = node::wasm_cache();
	let mut follower = Node::start(
		"follower",
		&[
			"--chain",
			spec.to_str().expect("path"),
			"--tmp",
			"--wasm-cache",
			cache.to_str().expect("path"),
			"--unsafe-force-node-key-generation",
			"--bootnodes",
			&validator.p2p_address(),
		],
	);
	follower.wait_for_finalized(1, Duration::from_secs(300));

	let root = datacoop_test_utils::temp_dir("coop-fail-closed");
	vote_in_offer(&url, (5_000_000_000_000, 200, 1), None);
	let dir = root.join("bob");
	member_store(&url, "//Bob", &dir, &["time,bpm\n1,61\n"]);
	let max_lag = MAX_LAG_SECS.to_string();
	let (_served, address) =
		serve_store(&follower.ws_url(), "//Bob", &dir, &["--trusted-rpc", "--max-lag", &max_lag]);
	let bob: Multiaddr = address.parse().expect("a multiaddr");
	let bob_peer = p2p::peer_of(&bob).expect("peer id");

	// Ferdie buys; while the store follows its node, the grant is served.
	let bought = coop_ok(&url, &["--suri", "//Ferdie", "buy", "0"]);
	assert!(bought.contains("Market.Purchased"), "{bought}");
	let ferdie = datacoop_client::keys::key_from_uri("//Ferdie").expect("key");
	let list = || Request::signed(&ferdie, &bob_peer, 0, 1, Want::List, Duration::from_secs(60));
	let mut served = false;
	for _ in 0..60 {
		if let Response::Items { items, .. } = ask(&bob, list()) {
			assert_eq!(items.len(), 1);
			served = true;
			break;
		}
		std::thread::sleep(Duration::from_secs(1));
	}
	assert!(served, "the store serves the grant once its node has finalized the purchase");

	// The follower freezes. Bob withdraws through the validator, which finalizes it.
	follower.signal("-STOP");
	let withdrawn = coop_ok(&url, &["--suri", "//Bob", "consent", "withdraw", "0"]);
	assert!(withdrawn.contains("Consent.ConsentWithdrawn"), "{withdrawn}");
	// Until the bound passes, the store may still answer on its last view (which is why the
	// bound is the member's to set); past it, it serves nothing at all.
	std::thread::sleep(Duration::from_secs(MAX_LAG_SECS + 5));
	let reason = refusal(ask(&bob, list()));
	assert!(reason.contains("chain not followed since block"), "{reason}");
	let item = Request::signed(
		&ferdie,
		&bob_peer,
		0,
		1,
		Want::Item { id: "0".repeat(32) },
		Duration::from_secs(60),
	);
	assert!(refusal(ask(&bob, item)).contains("chain not followed"));
	// Ferdie's own fetch, through the validator, gets nothing from Bob's store either (and,
	// since Bob left the pool, does not even ask it).
	let out = root.join("fetched");
	let text = coop_ok(
		&url,
		&["--suri", "//Ferdie", "--json", "fetch", "0", "--out", out.to_str().expect("path")],
	);
	let report: serde_json::Value = serde_json::from_str(&text).expect("JSON");
	assert_eq!(report["items"], 0, "{report}");
	assert!(!out.join(BOB).exists());

	// The follower thaws and catches up: the store follows again, and refuses for the withdrawal.
	follower.signal("-CONT");
	let mut last = String::new();
	for _ in 0..120 {
		last = refusal(ask(&bob, list()));
		if !last.contains("chain not followed") {
			break;
		}
		std::thread::sleep(Duration::from_secs(1));
	}
	assert!(!last.contains("chain not followed"), "the store follows again: {last}");
	assert!(last.contains("consent"), "refused for the withdrawal: {last}");

	// The follower restarts (a fresh database, synced again from the validator): the store
	// serves nothing while it is down, dials it again, and follows once it is back.
	follower.stop();
	std::thread::sleep(Duration::from_secs(MAX_LAG_SECS + 5));
	let reason = refusal(ask(&bob, list()));
	assert!(reason.contains("chain not followed"), "{reason}");
	follower.restart();
	follower.wait_for_finalized(1, Duration::from_secs(300));
	for _ in 0..120 {
		last = refusal(ask(&bob, list()));
		if !last.contains("chain not followed") {
			break;
		}
		std::thread::sleep(Duration::from_secs(1));
	}
	assert!(last.contains("consent"), "the store follows the restarted node: {last}");
	let _ = std::fs::remove_dir_all(&root);
}
