//! The serving side: the store's network key, the swarm that listens for buyers within its
//! connection and rate limits, the answer to each request the checker admits, and the access
//! log where requests go.

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

use datacoop_client::{chain, keys, listings, receipts, Keypair};

use super::{
	checker::{Checker, Nonces, Refusal},
	log::{AccessEntry, AccessLog},
	metrics::Metrics,
	now_secs,
	protocol::{
		swarm, Access, BehaviourEvent, DeliveryReceipt, Listed, Request, Response, SignedListing,
		Want,
	},
};
use crate::{is_item_id, write_atomic, Error, Store};

/// How far the store goes ahead of what it can check, and how much it takes from the network.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
	/// Items served to a buyer ahead of their delivery receipts (at least 1).
	pub batch: u64,
	/// The oldest finalized view the store serves on: beyond it, nothing is served.
	pub max_lag: std::time::Duration,
	/// Requests a second one peer, and one signing account, may send (twice that at once);
	/// beyond, refused before any signature is checked or chain state read.
	pub peer_rate: u32,
	/// Incoming connections at once (each peer at most [`CONNECTIONS_PER_PEER`]).
	pub max_connections: u32,
}

impl Default for Limits {
	fn default() -> Self {
		Self {
			batch: 1,
			max_lag: std::time::Duration::from_secs(60),
			peer_rate: 50,
			max_connections: 128,
		}
	}
}

/// Connections one peer may hold at once.
pub const CONNECTIONS_PER_PEER: u32 = 2;
/// Connections being set up (Noise handshake) at once.
const PENDING_CONNECTIONS: u32 = 32;

/// The request rate, per peer id and, once a signature checks out, per signing account (peer
/// ids cost nothing to make; accounts that hold a grant or a consent do): token buckets
/// (governor's GCRA), forgotten once full again, so memory follows who is asking now.
struct Gate {
	per_second: u32,
	peers: governor::DefaultKeyedRateLimiter<PeerId>,
	accounts: governor::DefaultKeyedRateLimiter<[u8; 32]>,
}

impl Gate {
	fn new(per_second: u32) -> Self {
		let rate = std::num::NonZeroU32::new(per_second).unwrap_or(std::num::NonZeroU32::MIN);
		let burst = rate.saturating_mul(std::num::NonZeroU32::MIN.saturating_add(1));
		let quota = governor::Quota::per_second(rate).allow_burst(burst);
		Self {
			per_second: rate.get(),
			peers: governor::RateLimiter::keyed(quota),
			accounts: governor::RateLimiter::keyed(quota),
		}
	}

	fn pass(&self, peer: &PeerId) -> Result<(), Refusal> {
		self.peers
			.check_key(peer)
			.map_err(|_| Refusal::Busy { per_second: self.per_second })
	}

	fn pass_account(&self, account: &[u8; 32]) -> Result<(), Refusal> {
		self.accounts
			.check_key(account)
			.map_err(|_| Refusal::Busy { per_second: self.per_second })
	}

	/// Forget the peers and accounts whose buckets are full again.
	fn tidy(&self) {
		self.peers.retain_recent();
		self.peers.shrink_to_fit();
		self.accounts.retain_recent();
		self.accounts.shrink_to_fit();
	}
}

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
	Ok(key)
}

/// What the store delivered under one grant and what the buyer acknowledged.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Delivery {
	/// The grant's buyer (sr25519 public key), as the checker found it on chain.
	#[serde(default)]
	pub buyer: [u8; 32],
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

	/// Items served and not acknowledged.
	pub fn outstanding(&self) -> u64 {
		(self.served.len() as u64).saturating_sub(self.acknowledged())
	}
}

/// Deliveries per grant (`deliveries.json`), written whole on every change. Only requests the
/// checker admitted (a buyer the chain's grant covers) reach it.
struct Ledger {
	path: PathBuf,
	grants: BTreeMap<u64, Delivery>,
}

impl Ledger {
	/// The ledger in `dir`, empty if there is none yet. One that cannot be read is an error,
	/// never a fresh start: that would forget unredeemed receipts and what buyers still owe
	/// receipts for.
	fn open(dir: &Path) -> Result<Self, Error> {
		let path = dir.join("deliveries.json");
		let grants = match std::fs::read(&path) {
			Ok(bytes) => serde_json::from_slice(&bytes)
				.map_err(|e| Error::Corrupt(format!("{}: {e}", path.display())))?,
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
			Err(source) => return Err(Error::Io { path, source }),
		};
		Ok(Self { path, grants })
	}

	/// See [`Host::reserve`]: `batch` items a buyer may owe receipts for.
	fn reserve(
		&mut self,
		grant: u64,
		buyer: [u8; 32],
		id: &str,
		batch: u64,
	) -> Result<bool, Refusal> {
		let owed: u64 = self
			.grants
			.iter()
			.filter(|(g, d)| **g != grant && d.buyer == buyer)
			.map(|(_, d)| d.outstanding())
			.sum();
		let delivery = self.grants.entry(grant).or_default();
		delivery.buyer = buyer;
		if delivery.served.contains(id) {
			return Ok(false);
		}
		let (served, acknowledged) = (delivery.served.len() as u64, delivery.acknowledged());
		if owed.saturating_add(delivery.outstanding()) >= batch {
			return Err(Refusal::ReceiptNeeded { grant, served, acknowledged });
		}
		delivery.served.insert(id.to_string());
		self.save()?;
		Ok(true)
	}

	fn save(&self) -> Result<(), Refusal> {
		let bytes = serde_json::to_vec(&self.grants)
			.map_err(|e| Refusal::LedgerUnwritable(e.to_string()))?;
		write_atomic(&self.path, &bytes).map_err(|e| Refusal::LedgerUnwritable(e.to_string()))
	}
}

/// The deliveries ledger of the store in `dir`: per grant, the items served and the buyer's
/// latest receipt.
pub fn deliveries(dir: &Path) -> Result<BTreeMap<u64, Delivery>, Error> {
	Ok(Ledger::open(dir)?.grants)
}

/// What the host needs to answer requests.
struct Host {
	peer: PeerId,
	member: AccountId32,
	/// The member's key: signs listings (and, in the redeemer, redemptions).
	key: Keypair,
	genesis: [u8; 32],
	/// Items served ahead of the buyer's receipts.
	batch: u64,
	store: Arc<Mutex<Store>>,
	checker: Arc<Checker>,
	gate: Gate,
	log: AccessLog,
	metrics: Metrics,
	nonces: Mutex<Nonces>,
	ledger: Mutex<Ledger>,
	/// Grants whose receipt grew, for the redeemer.
	redeem: tokio::sync::mpsc::UnboundedSender<u64>,
}

impl Host {
	/// The answer to `request` from `peer`, once the access log has what it must.
	async fn answer(&self, peer: PeerId, request: Request) -> Response {
		let decided = match self.gate.pass(&peer) {
			Ok(()) => self.decide(&request).await,
			Err(busy) => Err(busy),
		};
		match &decided {
			Ok(_) => self.metrics.served(),
			Err(refusal) => self.metrics.refused(refusal),
		}
		let (response, detail, vouched) = match decided {
			Ok(response) => {
				let detail = match &response {
					Response::Items { items, .. } => format!("{} items listed", items.len()),
					Response::Item { id, .. } => format!("item {id}"),
					Response::Acknowledged { items } => format!("{items} items acknowledged"),
					Response::Refused { reason } => reason.clone(),
				};
				(response, detail, true)
			},
			Err(refusal) => {
				let reason = refusal.to_string();
				(Response::Refused { reason: reason.clone() }, reason, !refusal.before_grant())
			},
		};
		let entry = AccessEntry {
			at: now_secs(),
			peer: peer.to_string(),
			buyer: AccountId32(request.buyer).to_string(),
			grant: match request.access {
				Access::Grant(grant) => grant,
				Access::Shared { .. } => 0,
			},
			shared: match request.access {
				Access::Grant(_) => None,
				Access::Shared { coop, purpose } => Some((coop, purpose)),
			},
			category: request.category,
			want: match &request.want {
				Want::List => "list".into(),
				Want::Item { id } if is_item_id(id) => id.clone(),
				Want::Item { .. } => "not an item id".into(),
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
			under = %request.access,
			category = entry.category,
			want = %entry.want,
			outcome = %entry.outcome,
			detail = %entry.detail,
			"request"
		);
		if let Err(e) = self.log.record(entry, vouched) {
			tracing::error!(error = %e, "cannot write the access log: refusing");
			// Nothing is served that the log does not show.
			return Response::Refused { reason: Refusal::LogUnwritable(e.to_string()).to_string() };
		}
		response
	}

	/// Take `receipt`, carried by admitted `request` under `grant`, if it is the buyer's: the
	/// highest so far is kept and handed to the redeemer.
	fn take_receipt(
		&self,
		grant: u64,
		request: &Request,
		receipt: &DeliveryReceipt,
	) -> Result<(), Refusal> {
		let checked = receipt.to_receipt().ok_or(Refusal::BadReceipt)?;
		if !receipts::verify(
			&checked,
			&AccountId32(request.buyer),
			self.genesis,
			grant,
			&self.member,
			&self.peer.to_bytes(),
		) {
			return Err(Refusal::BadReceipt);
		}
		let mut ledger = self.ledger.lock().map_err(|_| Refusal::StorePoisoned)?;
		let delivery = ledger.grants.entry(grant).or_default();
		delivery.buyer = request.buyer;
		if receipt.items > delivery.acknowledged() {
			delivery.receipt = Some(receipt.clone());
			ledger.save()?;
			let _ = self.redeem.send(grant);
		}
		Ok(())
	}

	/// Reserve item `id` for delivery under `grant` to `buyer`: an item already served under it
	/// is served again; a new one only while fewer than `batch` items served to this buyer,
	/// under all their grants, are unacknowledged (a buyer who buys grant after grant and
	/// acknowledges none gets one batch in all, not one per grant).
	fn reserve(&self, grant: u64, buyer: [u8; 32], id: &str) -> Result<bool, Refusal> {
		self.ledger
			.lock()
			.map_err(|_| Refusal::StorePoisoned)?
			.reserve(grant, buyer, id, self.batch)
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

	/// What `request` gets if the checker admits it. Under a grant, items are served within
	/// one batch of the buyer's receipts; shared, there is nothing to settle: no receipts are
	/// taken, and every item the consent covers is served.
	async fn decide(&self, request: &Request) -> Result<Response, Refusal> {
		if matches!(&request.want, Want::Item { id } if !is_item_id(id)) {
			return Err(Refusal::BadItemId);
		}
		let started = std::time::Instant::now();
		let admitted = self
			.checker
			.admit(request, &self.peer, &self.nonces, |account| self.gate.pass_account(account))
			.await;
		self.metrics.checked(started.elapsed());
		let coop = admitted?;
		let grant = match request.access {
			Access::Grant(grant) => Some(grant),
			Access::Shared { .. } => None,
		};
		if let (Some(grant), Some(receipt)) = (grant, &request.receipt) {
			self.take_receipt(grant, request, receipt)?;
		}
		match (&request.want, grant) {
			(Want::Acknowledge, None) => Ok(Response::Acknowledged { items: 0 }),
			(Want::Acknowledge, Some(grant)) => {
				let ledger = self.ledger.lock().map_err(|_| Refusal::StorePoisoned)?;
				let items = ledger.grants.get(&grant).map_or(0, Delivery::acknowledged);
				Ok(Response::Acknowledged { items })
			},
			(Want::Item { .. }, None) => self.read(coop, request).await,
			(Want::Item { id }, Some(grant)) => {
				let reserved = self.reserve(grant, request.buyer, id)?;
				let answer = self.read(coop, request).await;
				if reserved && answer.is_err() {
					self.unreserve(grant, id);
				}
				answer
			},
			(Want::List, _) => {
				let answer = self.read(coop, request).await?;
				let Response::Items { items, .. } = answer else { return Ok(answer) };
				let listing = self.listing(coop, request).await;
				Ok(Response::Items { items, listing })
			},
		}
	}

	/// The member's signature on listing the items kept for `coop` in the request's category
	/// under their commitment on chain: the truth about what this store holds, which a buyer can report the
	/// commitment with when it declares more. Only under a root the store's own items add up
	/// to (which binds their count): after a delete or an import, until the member registers
	/// again, the store signs nothing, so an honest member's listing is never short. Nothing
	/// either when the chain cannot be read: the list itself is still served.
	async fn listing(&self, coop: u32, request: &Request) -> Option<SignedListing> {
		let commitment = match self.checker.commitment(coop, request.category).await {
			Ok(found) => found,
			Err(e) => {
				tracing::warn!(error = %e, under = %request.access, "no listing signed");
				return None;
			},
		};
		let (root, _) = commitment?;
		let local = self.store.lock().ok()?.commitment(coop, request.category).ok()?;
		if local.root != root {
			return None;
		}
		// The count from the same reading of the store as the root.
		let items = local.items;
		Some(listings::sign(&self.key, self.genesis, coop, request.category, root, items).into())
	}

	/// The list or the item `request` asks for, from the items kept for `coop` (its grant's).
	async fn read(&self, coop: u32, request: &Request) -> Result<Response, Refusal> {
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
				listing: None,
				items: store
					.kept_for(coop, request.category)
					.map(|i| Listed { id: i.id.clone(), name: i.name.clone(), size: i.size })
					.collect(),
			}),
			Want::Item { id } => {
				let info = store
					.kept_for(coop, request.category)
					.find(|i| &i.id == id)
					.cloned()
					.ok_or_else(|| Refusal::NoItem {
						id: id.clone(),
						coop,
						category: request.category,
					})?;
				let data = store.read(id).map_err(|e| Refusal::ItemUnreadable(e.to_string()))?;
				let proof = store.proof(id).map_err(|e| Refusal::ItemUnreadable(e.to_string()))?;
				self.metrics.bytes(data.len());
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
			let Some(receipt) = receipt.as_ref().and_then(DeliveryReceipt::to_receipt) else {
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
			let outcome = receipts::redeem(&api, &key, grant, &store, &receipt).await;
			let done = match outcome {
				Ok(events) => {
					tracing::info!(grant, items, events = ?events, "redeemed a delivery receipt");
					true
				},
				Err(e) => {
					// Final only if the chain says so: the receipt counted after all (the
					// transaction went through while its watch failed), or the grant is past
					// redeeming. A dropped transaction or a lost connection is tried again.
					let settled = match api.at_current_block().await {
						Ok(at) => {
							let me = keys::account(&key);
							let counted = chain::redemption(&at, grant, &me)
								.await
								.is_ok_and(|(redeemed, cap)| items.min(cap) <= redeemed);
							let closed = chain::escrow(&at, grant).await.is_ok_and(|e| {
								e.is_none_or(|(_, closes)| at.block_number() >= closes)
							});
							counted || closed
						},
						Err(_) => false,
					};
					tracing::warn!(grant, items, error = %e, settled, "a delivery receipt was not redeemed");
					if !settled {
						let again = host.redeem.clone();
						tokio::spawn(async move {
							tokio::time::sleep(std::time::Duration::from_secs(6)).await;
							let _ = again.send(grant);
						});
					}
					settled
				},
			};
			if done {
				host.mark_redeemed(grant, items);
			}
		}
	}
}

/// Where a store listens: for buyers (a libp2p address) and, if at all, for Prometheus.
#[derive(Clone, Debug)]
pub struct Listen {
	/// The buyers' address.
	pub p2p: Multiaddr,
	/// Where `/metrics` is served.
	pub metrics: Option<std::net::SocketAddr>,
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
	limits: Limits,
	Listen { p2p: listen, metrics: metrics_at }: Listen,
	ready: impl FnOnce(Vec<Multiaddr>) + Send,
) -> Result<(), Error> {
	let Limits { batch, max_lag, peer_rate, max_connections } = limits;
	let key = node_key(dir)?;
	let peer = key.public().to_peer_id();
	let connections = libp2p::connection_limits::ConnectionLimits::default()
		.with_max_established_incoming(Some(max_connections))
		.with_max_established_per_peer(Some(CONNECTIONS_PER_PEER))
		.with_max_pending_incoming(Some(PENDING_CONNECTIONS));
	let mut swarm = swarm(key, connections)?;
	swarm
		.listen_on(listen.clone())
		.map_err(|e| Error::Input(format!("cannot listen on {listen}: {e}")))?;
	let account = keys::account(&member);
	let checker = Checker::start(api.clone(), account, max_lag).await?;
	let registry = substrate_prometheus_endpoint::Registry::new();
	let metrics = Metrics::register(&registry, Arc::clone(&checker))
		.map_err(|e| Error::Corrupt(format!("metrics: {e}")))?;
	if let Some(at) = metrics_at {
		let mut exporter =
			tokio::spawn(substrate_prometheus_endpoint::init_prometheus(at, registry));
		// It only returns if it cannot listen: give it a moment to say so.
		if let Ok(ended) =
			tokio::time::timeout(std::time::Duration::from_millis(500), &mut exporter).await
		{
			let why = match ended {
				Ok(Err(e)) => e.to_string(),
				_ => "it stopped".into(),
			};
			return Err(Error::Input(format!("cannot serve metrics on {at}: {why}")));
		}
		tracing::info!(%at, "metrics at /metrics");
	}
	let (redeem, grants) = tokio::sync::mpsc::unbounded_channel();
	let host = Arc::new(Host {
		peer,
		member: account,
		key: member.clone(),
		genesis: receipts::genesis(&api),
		batch: batch.max(1),
		store,
		checker,
		gate: Gate::new(peer_rate),
		log: AccessLog::new(dir),
		metrics,
		nonces: Mutex::new(Nonces::open(dir)?),
		ledger: Mutex::new(Ledger::open(dir)?),
		redeem,
	});
	// Receipts taken before a restart and not yet redeemed, once the store has announced
	// itself (the same key signs both; the chain's nonce follows finalized blocks).
	let pending: Vec<u64> = host.ledger.lock().map_or_else(
		|_| Vec::new(),
		|ledger| {
			ledger
				.grants
				.iter()
				.filter(|(_, d)| d.acknowledged() > d.redeemed)
				.map(|(grant, _)| *grant)
				.collect()
		},
	);
	let later = host.redeem.clone();
	tokio::spawn(async move {
		tokio::time::sleep(std::time::Duration::from_secs(30)).await;
		for grant in pending {
			let _ = later.send(grant);
		}
	});
	tokio::spawn(redeemer(Arc::clone(&host), api, member, grants));
	let (answers, mut answered) = tokio::sync::mpsc::unbounded_channel();
	let mut ready = Some(ready);
	let mut tidy = tokio::time::interval(std::time::Duration::from_secs(30));
	loop {
		tokio::select! {
			_ = tidy.tick() => {
				host.gate.tidy();
				if let Err(e) = host.log.flush() {
					tracing::error!(error = %e, "cannot write the access log");
				}
			},
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

#[cfg(test)]
mod tests {
	use super::*;

	fn ledger(name: &str) -> Ledger {
		let dir =
			std::env::temp_dir().join(format!("datacoop-ledger-{name}-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		std::fs::create_dir_all(&dir).expect("dir");
		Ledger::open(&dir).expect("ledger")
	}

	fn receipt(items: u64) -> Option<DeliveryReceipt> {
		Some(DeliveryReceipt { items, signature: vec![0; 64] })
	}

	/// A buyer who buys grant after grant and never acknowledges gets one batch in all, not one
	/// per grant: otherwise each grant, refunded in full at its end since nothing was
	/// acknowledged, would hand over a free batch.
	#[test]
	fn unacknowledged_items_count_across_a_buyers_grants() {
		let mut ledger = ledger("across");
		let (buyer, other) = ([1; 32], [2; 32]);
		assert_eq!(ledger.reserve(0, buyer, "a", 2), Ok(true));
		assert_eq!(ledger.reserve(1, buyer, "b", 2), Ok(true));
		assert!(matches!(
			ledger.reserve(2, buyer, "c", 2),
			Err(Refusal::ReceiptNeeded { grant: 2, served: 0, acknowledged: 0 })
		));
		assert!(ledger.reserve(0, buyer, "c", 2).is_err());
		// What was served under a grant is served again under it, for free; not under another.
		assert_eq!(ledger.reserve(0, buyer, "a", 2), Ok(false));
		assert!(ledger.reserve(1, buyer, "a", 2).is_err());
		// Another buyer owes nothing.
		assert_eq!(ledger.reserve(3, other, "a", 2), Ok(true));
		// A receipt for grant 0 frees one more, under any grant.
		ledger.grants.get_mut(&0).expect("grant 0").receipt = receipt(1);
		assert_eq!(ledger.reserve(2, buyer, "c", 2), Ok(true));
		assert!(ledger.reserve(2, buyer, "d", 2).is_err());
	}

	/// The ledger survives a restart, and one that cannot be read stops the store instead of
	/// starting over (which would forget unredeemed receipts and what buyers owe).
	#[test]
	fn the_ledger_persists_and_fails_closed() {
		let mut first = ledger("persist");
		assert_eq!(first.reserve(0, [1; 32], "a", 1), Ok(true));
		let dir = first.path.parent().expect("dir").to_path_buf();
		let again = Ledger::open(&dir).expect("reopens");
		assert_eq!(again.grants.get(&0).map(|d| d.served.len()), Some(1));
		std::fs::write(&first.path, b"{ not json").expect("spoil");
		assert!(matches!(Ledger::open(&dir), Err(Error::Corrupt(_))));
		first.grants.clear();
	}
}
