//! A flood of a member's store over loopback: forged signatures, strangers' keys naming a
//! grant that does not exist, junk item ids of 10 kB, and a buyer of their own grant (Eve)
//! asking far faster than `serve --peer-rate` allows, from several peers at once, twice. The
//! store's disk and memory stay flat from one round to the next: refusals before the grant
//! check are logged within their rate limit and counted beyond it, nothing else is written for
//! them, and another buyer's `coop fetch` (Ferdie's), run during the flood, still gets the
//! member's data.

use std::time::{Duration, Instant};

use datacoop_client::keys::key_from_uri;
use datacoop_store::p2p::{
	self, AccessEntry, Multiaddr, PeerId, Request, Response, Want, STRANGER_BURST,
	STRANGER_LINES_PER_SEC,
};
use datacoop_test_utils::{
	accounts::BOB, coop_ok, member_store, ports, rpc, serve_store, temp_dir, vote_in_offer, Node,
};

/// Peers flooding at once, each its own connection and identity.
const PEERS: usize = 8;
/// Requests each peer sends in a round, all at once.
const PER_PEER: usize = 300;
/// The store's `--peer-rate`.
const PEER_RATE: u32 = 5;

/// The resident memory of process `pid`, in KiB.
fn rss_kib(pid: u32) -> u64 {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
	status
		.lines()
		.find_map(|l| l.strip_prefix("VmRSS:"))
		.and_then(|v| v.split_whitespace().next())
		.and_then(|v| v.parse().ok())
		.expect("VmRSS")
}

/// Bytes the store keeps on disk for requests: the access log (both parts) and the nonces.
fn request_bytes(dir: &std::path::Path) -> u64 {
	["access.log", "access.log.1", "nonces.log"]
		.iter()
		.map(|name| std::fs::metadata(dir.join(name)).map_or(0, |m| m.len()))
		.sum()
}

/// One round: `PEERS` peers each send `PER_PEER` requests, as fast as the store answers (a
/// connection's streams full all the time), a quarter of each kind.
/// Returns every refusal's reason and how many requests were served.
fn flood(store: &Multiaddr, peer: &PeerId, round: usize) -> (Vec<String>, usize) {
	let threads: Vec<_> = (0..PEERS)
		.map(|p| {
			let (store, peer) = (store.clone(), *peer);
			std::thread::spawn(move || {
				let ferdie = key_from_uri("//Ferdie").expect("key");
				// Eve holds grant 1 and floods with it; Ferdie's account is only claimed.
				let eve = key_from_uri("//Eve").expect("key");
				let stranger = key_from_uri(&format!("//Stranger{round}x{p}")).expect("key");
				let validity = Duration::from_secs(120);
				let requests: Vec<Request> = (0..PER_PEER)
					.map(|i| match i % 4 {
						0 => {
							let mut forged =
								Request::signed(&eve, &peer, 0, 1, Want::List, validity);
							forged.buyer = ferdie.public_key().0;
							forged
						},
						1 => Request::signed(&stranger, &peer, 9_999, 1, Want::List, validity),
						2 => Request::signed(
							&eve,
							&peer,
							1,
							1,
							Want::Item { id: "x".repeat(10_000) },
							validity,
						),
						_ => Request::signed(&eve, &peer, 1, 1, Want::List, validity),
					})
					.collect();
				tokio::runtime::Runtime::new().expect("runtime").block_on(async {
					let mut client = p2p::Client::new().expect("client");
					client.ask_all(&store, requests).await.expect("the store is reachable")
				})
			})
		})
		.collect();
	let (mut reasons, mut served) = (Vec::new(), 0);
	for thread in threads {
		for answer in thread.join().expect("a flooding peer") {
			match answer {
				Ok(Response::Refused { reason }) => reasons.push(reason),
				Ok(_) => served += 1,
				Err(e) => reasons.push(format!("failed: {e}")),
			}
		}
	}
	(reasons, served)
}

/// How many refusals of each kind (their first words), to explain a failure.
fn kinds(reasons: &[String]) -> String {
	let mut counts = std::collections::BTreeMap::new();
	for reason in reasons {
		*counts.entry(reason.chars().take(160).collect::<String>()).or_insert(0) += 1;
	}
	format!("{counts:?}")
}

#[test]
fn a_flood_leaves_the_store_flat_and_the_buyer_served() {
	let node = Node::dev();
	let url = node.ws_url();
	vote_in_offer(&url, (5_000_000_000_000, 200, 1), None);
	let root = temp_dir("coop-flood");
	let dir = root.join("bob");
	member_store(&url, "//Bob", &dir, &["time,bpm\n1,61\n"]);
	let rate = PEER_RATE.to_string();
	let metrics_port = ports::free_block(1);
	let metrics_at = format!("127.0.0.1:{metrics_port}");
	let (served, address) = serve_store(
		&url,
		"//Bob",
		&dir,
		&["--trusted-rpc", "--peer-rate", &rate, "--metrics", &metrics_at],
	);
	let bob: Multiaddr = address.parse().expect("a multiaddr");
	let bob_peer = p2p::peer_of(&bob).expect("peer id");
	for (buyer, grant) in [("//Ferdie", 0), ("//Eve", 1)] {
		let bought = coop_ok(&url, &["--suri", buyer, "buy", "0"]);
		assert!(bought.contains(&format!("grant {grant}")), "{bought}");
	}
	let deadline = Instant::now() + Duration::from_secs(60);
	let runtime = tokio::runtime::Runtime::new().expect("runtime");
	for (buyer, grant) in [("//Ferdie", 0), ("//Eve", 1)] {
		let key = key_from_uri(buyer).expect("key");
		loop {
			let list =
				Request::signed(&key, &bob_peer, grant, 1, Want::List, Duration::from_secs(60));
			let answer = runtime.block_on(async {
				p2p::Client::new().expect("client").ask(&bob, list).await.expect("answers")
			});
			if matches!(answer, Response::Items { .. }) {
				break;
			}
			assert!(Instant::now() < deadline, "the store never served grant {grant}: {answer:?}");
			std::thread::sleep(Duration::from_secs(1));
		}
	}

	// Round 1 warms the store up; round 2, the same load, must cost it nothing more to keep.
	let (reasons, _) = flood(&bob, &bob_peer, 1);
	for expected in
		["too many requests", "signature is not the buyer's", "no grant 9999", "not an item id"]
	{
		assert!(
			reasons.iter().any(|r| r.contains(expected)),
			"no {expected:?} refusal: {}",
			kinds(&reasons)
		);
	}
	let (memory, disk) = (rss_kib(served.id()), request_bytes(&dir));
	let logged = p2p::access_log(&dir).expect("log").len();
	let started = Instant::now();
	let out = root.join("fetched");
	let fetch = {
		let (url, out) = (url.clone(), out.clone());
		std::thread::spawn(move || {
			coop_ok(
				&url,
				&[
					"--suri",
					"//Ferdie",
					"--json",
					"fetch",
					"0",
					"--out",
					out.to_str().expect("path"),
				],
			)
		})
	};
	let (reasons, served_in_flood) = flood(&bob, &bob_peer, 2);
	let report: serde_json::Value =
		serde_json::from_str(&fetch.join().expect("fetch")).expect("JSON");
	let elapsed = started.elapsed().as_secs() + 1;
	assert_eq!(report["items"], 1, "the buyer is served during the flood: {report}");
	assert!(out.join(BOB).exists());

	let sent = PEERS * PER_PEER;
	let busy = reasons.iter().filter(|r| r.contains("too many requests")).count();
	assert!(busy > sent / 2, "{busy} of {sent} turned away at {PEER_RATE}/s");
	assert!(served_in_flood > 0, "Eve's requests within her rate are served");
	let log = p2p::access_log(&dir).expect("log");
	let new: Vec<&AccessEntry> = log.iter().skip(logged).collect();
	let strangers = new
		.iter()
		.filter(|e| {
			e.outcome == "refused"
				&& ["too many", "signature", "no grant", "not an item id"]
					.iter()
					.any(|r| e.detail.contains(r))
		})
		.count() as u64;
	let allowed = u64::from(STRANGER_BURST) + u64::from(STRANGER_LINES_PER_SEC) * elapsed;
	assert!(
		strangers <= allowed,
		"{strangers} strangers' lines in {elapsed} s (at most {allowed})"
	);
	assert!(new.iter().any(|e| e.outcome == "suppressed"), "the rest are counted");
	assert!(new.len() < sent / 2, "{} lines for {sent} requests", new.len());
	assert!(new.iter().all(|e| e.detail.len() <= 256 && e.want.len() <= 32));

	let grown_disk = request_bytes(&dir).saturating_sub(disk);
	let grown_memory = rss_kib(served.id()).saturating_sub(memory);
	eprintln!(
		"flood round 2: {sent} requests, {busy} turned away, {} lines logged ({grown_disk} bytes), \
		 memory {memory} KiB + {grown_memory} KiB",
		new.len()
	);
	// Unbounded, the round would have written a line of about 300 bytes per request.
	assert!(grown_disk < (sent as u64) * 300 / 4, "{grown_disk} bytes on disk for {sent}");
	assert!(grown_memory < 16 * 1024, "memory grew {grown_memory} KiB over a second round");

	// The store's metrics say the same, for Prometheus.
	let metrics = rpc::http_get(metrics_port, "/metrics");
	let value = |line_start: &str| -> f64 {
		metrics
			.lines()
			.find(|l| l.starts_with(line_start))
			.and_then(|l| l.rsplit(' ').next())
			.and_then(|v| v.parse().ok())
			.unwrap_or_else(|| panic!("no {line_start} in:\n{metrics}"))
	};
	assert!(
		value(r#"datacoop_store_requests_total{outcome="refused",reason="busy"}"#) >= busy as f64
	);
	assert!(
		value(r#"datacoop_store_requests_total{outcome="refused",reason="bad_signature"}"#) > 0.0
	);
	assert!(value(r#"datacoop_store_requests_total{outcome="served",reason="ok"}"#) > 0.0);
	assert!(value("datacoop_store_served_bytes_total") > 0.0, "Ferdie's item");
	assert!(value("datacoop_store_check_seconds_count") > 0.0);
	assert!(value(r#"datacoop_store_finalized{what="block"}"#) > 0.0);
	assert!(value(r#"datacoop_store_finalized{what="age_seconds"}"#) < 60.0);
	drop(served);
	let _ = std::fs::remove_dir_all(&root);
}
