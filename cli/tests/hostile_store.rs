//! A malicious store against a buyer's `coop fetch`: Bob's address on chain leads to a store
//! that speaks the protocol itself and names things to escape the buyer's folder: ids that are
//! paths (`../../…`, absolute, dotted), and, for items that really prove against Bob's
//! commitment, names such as `../../../escape.txt`, an absolute path, a right-to-left override,
//! and a 1,000-character name. The buyer keeps the proven items, each under a plain name of at
//! most 100 ASCII characters inside `--out/<member>/<category>/`, refuses the ids, and nothing
//! lands anywhere else.

use std::{path::Path, time::Duration};

use base64::{engine::general_purpose::STANDARD, Engine};
use datacoop_client::{chain, keys::key_from_uri};
use datacoop_store::{
	p2p::{self, Listed, Response, Want},
	Store,
};
use datacoop_test_utils::{
	accounts::BOB, coop_ok, member_store, temp_dir, vote_in_offer, Node, STORE_PASSPHRASE,
};
use libp2p::{futures::StreamExt, request_response, swarm::SwarmEvent, Multiaddr};

/// What the hostile store calls the `n`th real item.
fn hostile_name(n: usize, escape: &Path) -> String {
	match n {
		0 => "../../../escape.txt".into(),
		1 => escape.to_str().expect("path").into(),
		_ => format!("\u{202e}txt.exe{}", "x".repeat(1_000)),
	}
}

/// Serve Bob's items from `dir` on loopback as a hostile store would; returns the address it
/// listens on. Runs until the test ends.
fn hostile_store(dir: &Path, escape: &Path) -> Multiaddr {
	let store = Store::open(dir, Some(STORE_PASSPHRASE)).expect("Bob's store opens");
	let items: Vec<_> = store.kept_for(0, 1).cloned().collect();
	let key = p2p::node_key(dir).expect("a network key");
	let peer = key.public().to_peer_id();
	let (tx, rx) = std::sync::mpsc::channel();
	let escape = escape.to_path_buf();
	std::thread::spawn(move || {
		tokio::runtime::Runtime::new().expect("runtime").block_on(async move {
			let limits = libp2p::connection_limits::ConnectionLimits::default();
			let mut swarm = p2p::swarm(key, limits).expect("swarm");
			swarm.listen_on("/ip4/127.0.0.1/tcp/0".parse().expect("addr")).expect("listens");
			loop {
				match swarm.select_next_some().await {
					SwarmEvent::NewListenAddr { address, .. } => {
						let _ = tx.send(address.with_p2p(peer).expect("our own peer"));
					},
					SwarmEvent::Behaviour(p2p::BehaviourEvent::Fetch(
						request_response::Event::Message {
							message: request_response::Message::Request { request, channel, .. },
							..
						},
					)) => {
						let answer = match request.want {
							Want::List => {
								let mut listed: Vec<Listed> =
									["../../etc/passwd", "/etc/shadow", ".."]
										.iter()
										.map(|id| Listed {
											id: id.to_string(),
											name: "x".into(),
											size: 1,
										})
										.collect();
								listed.extend(items.iter().enumerate().map(|(n, item)| Listed {
									id: item.id.clone(),
									name: hostile_name(n, &escape),
									size: item.size,
								}));
								Response::Items { items: listed, listing: None }
							},
							Want::Item { id } => match items.iter().position(|i| i.id == id) {
								Some(n) => Response::Item {
									name: hostile_name(n, &escape),
									data: STANDARD.encode(store.read(&id).expect("reads")),
									proof: store.proof(&id).expect("proves"),
									id,
								},
								None => Response::Refused { reason: "no such item".into() },
							},
							Want::Acknowledge => Response::Acknowledged {
								items: request.receipt.map_or(0, |r| r.items),
							},
						};
						let _ = swarm.behaviour_mut().fetch.send_response(channel, answer);
					},
					_ => {},
				}
			}
		});
	});
	rx.recv_timeout(Duration::from_secs(30)).expect("the hostile store listens")
}

/// Every file under `dir`, however deep.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
	let mut found = Vec::new();
	for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
		let path = entry.path();
		if path.is_dir() {
			found.extend(files_under(&path));
		} else {
			found.push(path);
		}
	}
	found
}

#[test]
fn a_hostile_store_writes_nothing_outside_the_buyers_folder() {
	let node = Node::dev();
	let url = node.ws_url();
	vote_in_offer(&url, (5_000_000_000_000, 200, 1), None);
	let root = temp_dir("coop-hostile-store");
	let dir = root.join("bob");
	member_store(&url, "//Bob", &dir, &["time,bpm\n1,61\n", "steps\n9000\n", "sleep\n7h\n"]);
	let escape = root.join("absolute-escape.txt");
	let address = hostile_store(&dir, &escape);
	tokio::runtime::Runtime::new().expect("runtime").block_on(async {
		let api = chain::connect(&url).await.expect("node");
		let bob = key_from_uri("//Bob").expect("key");
		chain::announce(&api, &bob, &address.to_string()).await.expect("announced");
	});
	let bought = coop_ok(&url, &["--suri", "//Ferdie", "buy", "0"]);
	assert!(bought.contains("Market.Purchased"), "{bought}");

	// Written as named, `../../../escape.txt` would land in `root/buyer`, beside `--out`, and the
	// absolute name at `root/absolute-escape.txt`.
	let out = root.join("buyer").join("fetched");
	let text = coop_ok(
		&url,
		&["--suri", "//Ferdie", "--json", "fetch", "0", "--out", out.to_str().expect("path")],
	);
	let report: serde_json::Value = serde_json::from_str(&text).expect("JSON");
	assert_eq!(report["items"], 3, "the items that prove are kept: {report}");
	let refused = report["members"][0]["refused"].to_string();
	assert_eq!(refused.matches("an item id of no store's form").count(), 3, "{refused}");

	let written = files_under(&root.join("buyer"));
	assert_eq!(written.len(), 3, "{written:?}");
	let folder = out.join(BOB).join("1");
	for file in &written {
		assert_eq!(file.parent(), Some(folder.as_path()), "{}", file.display());
		let name = file.file_name().and_then(|n| n.to_str()).expect("an ASCII name");
		let (prefix, rest) = name.split_once('-').expect("id prefix");
		assert!(prefix.len() == 8 && prefix.bytes().all(|b| b.is_ascii_hexdigit()), "{name}");
		assert!(rest.len() <= 100 && !rest.starts_with('.'), "{name}");
		assert!(rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)), "{name}");
	}
	for outside in
		[escape.clone(), root.join("escape.txt"), root.parent().expect("temp").join("escape.txt")]
	{
		assert!(!outside.exists(), "{} was written", outside.display());
	}
	let _ = std::fs::remove_dir_all(&root);
}
