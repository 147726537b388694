//! The serving side: the store's network key, the swarm that listens for buyers, the answer to
//! each request the checker admits, and the access log where every request goes.

use std::{
	collections::{BTreeMap, BTreeSet},
	path::{Path, PathBuf},
	sync::{Arc, Mutex},
};

use base64::{engine::general_purpose::STANDARD, Engine};
use futures::StreamExt;
use libp2p::{identity, request_response, swarm::SwarmEvent, Multiaddr, PeerId};
use serde::{Deserialize, Serialize};
use subxt::utils::AccountId32;

use datacoop_client::{
	chain, keys,
	receipts::{self, Receipt},
	Keypair,
};

use super::{
	checker::{Checker, Nonces, Refusal},
	now_secs,
	protocol::{swarm, BehaviourEvent, DeliveryReceipt, Listed, Request, Response, Want},
};
use crate::{write_atomic, Error, Store};

/// The store's network key (`p2p.key`, mode 0600), created on first use: its peer id is what
/// the chain's store address names.
pub fn node_key(dir: &Path) -> Result<identity::Keypair, Error> {
	let path = dir.join("p2p.key");
	if let Ok(bytes) = std::fs::read(&path) {
		return identity::Keypair::from_protobuf_encoding(&bytes)
			.map_err(|e| Error::Corrupt(format!("{}: {e}", path.display())));
	}
	let key = identity::Keypair::generate_ed25519();
	let bytes = key.to_protobuf_encoding().map_err(|e| Error::Corrupt(e.to_string()))?;
	write_atomic(&path, &bytes)?;
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
			.map_err(|source| Error::Io { path: path.clone(), source })?;
	}
	Ok(key)
}

/// One line of the access log.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessEntry {
	/// Unix time (seconds).
	pub at: u64,
	/// The peer that asked.
	pub peer: String,
	/// The account the request claims to be from.
	pub buyer: String,
	/// The grant it names.
	pub grant: u64,
	/// The category.
	pub category: u16,
	/// What was asked: `list` or the item id.
	pub want: String,
	/// `served` or `refused`.
	pub outcome: String,
	/// Why it was refused, or what was served.
	pub detail: String,
}

/// The access log of the store in `dir`.
pub fn access_log(dir: &Path) -> Result<Vec<AccessEntry>, Error> {
	let path = dir.join("access.log");
	let text = match std::fs::read_to_string(&path) {
		Ok(text) => text,
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
		Err(source) => return Err(Error::Io { path, source }),
	};
	// A line cut short by a crash is skipped, not fatal.
	Ok(text.lines().filter_map(|line| serde_json::from_str(line).ok()).collect())
}

fn append_log(dir: &Path, entry: &AccessEntry) -> Result<(), Error> {
	use std::io::Write;
	let path = dir.join("access.log");
	let mut line = serde_json::to_vec(entry).map_err(|e| Error::Corrupt(e.to_string()))?;
	line.push(b'\n');
	std::fs::OpenOptions::new()
		.create(true)
		.append(true)
		.open(&path)
		.and_then(|mut f| f.write_all(&line).and_then(|_| f.sync_data()))
		.map_err(|source| Error::Io { path, source })
}

/// What the store delivered under one grant and what the buyer acknowledged.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Delivery {
	/// Ids of the distinct items served.
	pub served: BTreeSet<String>,
	/// The buyer's latest (highest) receipt.
	pub receipt: Option<DeliveryReceipt>,
	/// Items of it redeemed on chain.
	pub redeemed: u64,
}

impl Delivery {
	/// Items the latest receipt acknowledges.
	pub fn acknowledged(&self) -> u64 {
		self.receipt.as_ref().map_or(0, |r| r.items)
	}
}

/// Deliveries per grant (`deliveries.json`), written whole on every change. Only requests the
/// checker admitted (a buyer the chain's grant covers) reach it.
struct Ledger {
	path: PathBuf,
	grants: BTreeMap<u64, Delivery>,
}

impl Ledger {
	fn open(dir: &Path) -> Self {
		let path = dir.join("deliveries.json");
		let grants = std::fs::read(&path)
			.ok()
			.and_then(|b| serde_json::from_slice(&b).ok())
			.unwrap_or_default();
		Self { path, grants }
	}

	fn save(&self) -> Result<(), Refusal> {
		let bytes = serde_json::to_vec(&self.grants)
			.map_err(|e| Refusal::LedgerUnwritable(e.to_string()))?;
		write_atomic(&self.path, &bytes).map_err(|e| Refusal::LedgerUnwritable(e.to_string()))
	}
}

/// The deliveries ledger of the store in `dir`: per grant, the items served and the buyer's
/// latest receipt.
pub fn deliveries(dir: &Path) -> BTreeMap<u64, Delivery> {
	Ledger::open(dir).grants
}

/// What the host needs to answer requests.
struct Host {
	dir: PathBuf,
	peer: PeerId,
	member: AccountId32,
	genesis: [u8; 32],
	/// Items served ahead of the buyer's receipts.
	batch: u64,
	store: Arc<Mutex<Store>>,
	checker: Arc<Checker>,
	nonces: Mutex<Nonces>,
	ledger: Mutex<Ledger>,
	/// Grants whose receipt grew, for the redeemer.
	redeem: tokio::sync::mpsc::UnboundedSender<u64>,
}

impl Host {
	/// The answer to `request` from `peer`, once it is in the access log.
	async fn answer(&self, peer: PeerId, request: Request) -> Response {
		let (response, detail) = match self.decide(&request).await {
			Ok(response) => {
				let detail = match &response {
					Response::Items { items } => format!("{} items listed", items.len()),
					Response::Item { id, .. } => format!("item {id}"),
					Response::Acknowledged { items } => format!("{items} items acknowledged"),
					Response::Refused { reason } => reason.clone(),
				};
				(response, detail)
			},
			Err(refusal) => {
				let reason = refusal.to_string();
				(Response::Refused { reason: reason.clone() }, reason)
			},
		};
		let entry = AccessEntry {
			at: now_secs(),
			peer: peer.to_string(),
			buyer: AccountId32(request.buyer).to_string(),
			grant: request.grant,
			category: request.category,
			want: match &request.want {
				Want::List => "list".into(),
				Want::Item { id } => id.clone(),
				Want::Acknowledge => "acknowledge".into(),
			},
			outcome: if matches!(response, Response::Refused { .. }) {
				"refused"
			} else {
				"served"
			}
			.into(),
			detail,
		};
		tracing::debug!(
			peer = %entry.peer,
			buyer = %entry.buyer,
			grant = entry.grant,
			category = entry.category,
			want = %entry.want,
			outcome = %entry.outcome,
			detail = %entry.detail,
			"request"
		);
		if let Err(e) = append_log(&self.dir, &entry) {
			tracing::error!(error = %e, "cannot write the access log: refusing");
			// Nothing is served that the log does not show.
			return Response::Refused { reason: Refusal::LogUnwritable(e.to_string()).to_string() };
		}
		response
	}

	/// Take `receipt`, carried by admitted `request`, if it is the buyer's: the highest so far
	/// is kept and handed to the redeemer.
	fn take_receipt(&self, request: &Request, receipt: &DeliveryReceipt) -> Result<(), Refusal> {
		let signature =
			<[u8; 64]>::try_from(receipt.signature.as_slice()).map_err(|_| Refusal::BadReceipt)?;
		let checked = Receipt { items: receipt.items, signature };
		if !receipts::verify(
			&checked,
			&AccountId32(request.buyer),
			self.genesis,
			request.grant,
			&self.member,
			&self.peer.to_bytes(),
		) {
			return Err(Refusal::BadReceipt);
		}
		let mut ledger = self.ledger.lock().map_err(|_| Refusal::StorePoisoned)?;
		let delivery = ledger.grants.entry(request.grant).or_default();
		if receipt.items > delivery.acknowledged() {
			delivery.receipt = Some(receipt.clone());
			ledger.save()?;
			let _ = self.redeem.send(request.grant);
		}
		Ok(())
	}

	/// Reserve item `id` for delivery under `grant`: an item already served is served again;
	/// a new one only while at most `batch` served items are unacknowledged.
	fn reserve(&self, grant: u64, id: &str) -> Result<bool, Refusal> {
		let mut ledger = self.ledger.lock().map_err(|_| Refusal::StorePoisoned)?;
		let delivery = ledger.grants.entry(grant).or_default();
		if delivery.served.contains(id) {
			return Ok(false);
		}
		let served = delivery.served.len() as u64;
		let acknowledged = delivery.acknowledged();
		if served >= acknowledged.saturating_add(self.batch) {
			return Err(Refusal::ReceiptNeeded { grant, served, acknowledged });
		}
		delivery.served.insert(id.to_string());
		ledger.save()?;
		Ok(true)
	}

	/// Record that receipts up to `items` under `grant` need no more redeeming.
	fn mark_redeemed(&self, grant: u64, items: u64) {
		if let Ok(mut ledger) = self.ledger.lock() {
			if let Some(delivery) = ledger.grants.get_mut(&grant) {
				delivery.redeemed = delivery.redeemed.max(items);
				let _ = ledger.save();
			}
		}
	}

	/// Undo [`Host::reserve`] for an item that could not be served.
	fn unreserve(&self, grant: u64, id: &str) {
		if let Ok(mut ledger) = self.ledger.lock() {
			if let Some(delivery) = ledger.grants.get_mut(&grant) {
				delivery.served.remove(id);
				let _ = ledger.save();
			}
		}
	}

	/// What `request` gets if the checker admits it.
	async fn decide(&self, request: &Request) -> Result<Response, Refusal> {
		self.checker.admit(request, &self.peer, &self.nonces).await?;
		if let Some(receipt) = &request.receipt {
			self.take_receipt(request, receipt)?;
		}
		match &request.want {
			Want::Acknowledge => {
				let ledger = self.ledger.lock().map_err(|_| Refusal::StorePoisoned)?;
				let items = ledger.grants.get(&request.grant).map_or(0, Delivery::acknowledged);
				return Ok(Response::Acknowledged { items });
			},
			Want::Item { id } => {
				let reserved = self.reserve(request.grant, id)?;
				let answer = self.read(request).await;
				if reserved && answer.is_err() {
					self.unreserve(request.grant, id);
				}
				answer
			},
			Want::List => self.read(request).await,
		}
	}

	/// The list or the item `request` asks for, from the store.
	async fn read(&self, request: &Request) -> Result<Response, Refusal> {
		let mut store = self.store.lock().map_err(|_| Refusal::StorePoisoned)?;
		// See what an `import` or `delete` beside this process changed: before each list, and
		// when an item asked for is not known yet.
		let known = match &request.want {
			Want::List | Want::Acknowledge => false,
			Want::Item { id } => store.items().any(|i| &i.id == id),
		};
		if !known {
			store.reload().map_err(|e| Refusal::ItemsUnreadable(e.to_string()))?;
		}
		match &request.want {
			Want::Acknowledge => Ok(Response::Acknowledged { items: 0 }),
			Want::List => Ok(Response::Items {
				items: store
					.items()
					.filter(|i| i.category == request.category)
					.map(|i| Listed { id: i.id.clone(), name: i.name.clone(), size: i.size })
					.collect(),
			}),
			Want::Item { id } => {
				let info = store
					.items()
					.find(|i| &i.id == id && i.category == request.category)
					.cloned()
					.ok_or_else(|| Refusal::NoItem {
						id: id.clone(),
						category: request.category,
					})?;
				let data = store.read(id).map_err(|e| Refusal::ItemUnreadable(e.to_string()))?;
				let proof = store.proof(id).map_err(|e| Refusal::ItemUnreadable(e.to_string()))?;
				Ok(Response::Item {
					id: info.id,
					name: info.name,
					data: STANDARD.encode(data),
					proof,
				})
			},
		}
	}
}

/// Redeem, one at a time, the latest receipt of each grant named on `grants` that grew
/// past what was redeemed (`market.redeem`, signed with the member's `key`). A receipt the
/// chain refuses (nothing more to count, the window closed) is not retried.
async fn redeemer(
	host: Arc<Host>,
	api: chain::Api,
	key: Keypair,
	mut grants: tokio::sync::mpsc::UnboundedReceiver<u64>,
) {
	let store = host.peer.to_bytes();
	while let Some(first) = grants.recv().await {
		let mut pending = BTreeSet::from([first]);
		while let Ok(next) = grants.try_recv() {
			pending.insert(next);
		}
		for grant in pending {
			let receipt = host.ledger.lock().ok().and_then(|ledger| {
				let delivery = ledger.grants.get(&grant)?;
				let receipt = delivery.receipt.clone()?;
				(receipt.items > delivery.redeemed).then_some(receipt)
			});
			let Some(receipt) = receipt else { continue };
			let Ok(signature) = <[u8; 64]>::try_from(receipt.signature.as_slice()) else {
				continue;
			};
			let items = receipt.items;
			// Nothing more would count (the cap is the weight the grant paid for): no fee.
			let counted = match api.at_current_block().await {
				Ok(at) => chain::redemption(&at, grant, &keys::account(&key)).await.ok(),
				Err(_) => None,
			};
			if let Some((redeemed, cap)) = counted {
				if items.min(cap) <= redeemed {
					tracing::debug!(grant, items, redeemed, cap, "nothing more to redeem");
					host.mark_redeemed(grant, items);
					continue;
				}
			}
			let outcome =
				receipts::redeem(&api, &key, grant, &store, &Receipt { items, signature }).await;
			let done = match outcome {
				Ok(events) => {
					tracing::info!(grant, items, events = ?events, "redeemed a delivery receipt");
					true
				},
				Err(datacoop_client::Error::Refused(why)) => {
					tracing::warn!(grant, items, %why, "the chain refused a delivery receipt");
					true
				},
				Err(e) => {
					tracing::warn!(grant, items, error = %e, "cannot redeem yet");
					false
				},
			};
			if done {
				host.mark_redeemed(grant, items);
			}
		}
	}
}

/// Serve `store` to buyers on `listen` for the member whose key is `member`, checking grants
/// and consents against the chain behind `api`, serving at most `batch` items ahead of each
/// buyer's delivery receipts and redeeming those receipts on chain. Calls `ready` with the
/// addresses it listens on (each ending in `/p2p/<peer id>`) once listening, then runs until
/// the task is dropped.
pub async fn serve(
	store: Arc<Mutex<Store>>,
	dir: &Path,
	api: chain::Api,
	member: Keypair,
	batch: u64,
	listen: Multiaddr,
	ready: impl FnOnce(Vec<Multiaddr>) + Send,
) -> Result<(), Error> {
	let key = node_key(dir)?;
	let peer = key.public().to_peer_id();
	let mut swarm = swarm(key)?;
	swarm
		.listen_on(listen.clone())
		.map_err(|e| Error::Input(format!("cannot listen on {listen}: {e}")))?;
	let account = keys::account(&member);
	let checker = Checker::start(api.clone(), account.clone()).await?;
	let (redeem, grants) = tokio::sync::mpsc::unbounded_channel();
	let host = Arc::new(Host {
		dir: dir.to_path_buf(),
		peer,
		member: account,
		genesis: receipts::genesis(&api),
		batch: batch.max(1),
		store,
		checker,
		nonces: Mutex::new(Nonces::open(dir)),
		ledger: Mutex::new(Ledger::open(dir)),
		redeem,
	});
	// Receipts taken before a restart and not yet redeemed.
	if let Ok(ledger) = host.ledger.lock() {
		for (grant, delivery) in &ledger.grants {
			if delivery.acknowledged() > delivery.redeemed {
				let _ = host.redeem.send(*grant);
			}
		}
	}
	tokio::spawn(redeemer(Arc::clone(&host), api, member, grants));
	let (answers, mut answered) = tokio::sync::mpsc::unbounded_channel();
	let mut ready = Some(ready);
	loop {
		tokio::select! {
			event = swarm.select_next_some() => match event {
				SwarmEvent::NewListenAddr { address, .. } => {
					tracing::info!(%address, "listening for buyers");
					if let Some(ready) = ready.take() {
						ready(vec![address.with_p2p(peer).unwrap_or_else(|a| a)]);
					}
				},
				SwarmEvent::Behaviour(BehaviourEvent::Fetch(request_response::Event::Message {
					peer: from,
					message: request_response::Message::Request { request, channel, .. },
					..
				})) => {
					let host = Arc::clone(&host);
					let answers = answers.clone();
					tokio::spawn(async move {
						let response = host.answer(from, request).await;
						let _ = answers.send((channel, response));
					});
				},
				_ => {},
			},
			Some((channel, response)) = answered.recv() => {
				let _ = swarm.behaviour_mut().fetch.send_response(channel, response);
			},
		}
	}
}
