//! Whether a request is served, and if not, why: the [`Refusal`].
//!
//! [`Checker::admit`] checks, in this order: the request's validity window (not expired, at most
//! [`MAX_VALIDITY_SECS`] ahead), its signature (the buyer's, for this store's peer id), the chain
//! ([`Checker::check`]: on **finalized** state the buyer holds the grant, it has not expired, its
//! offer includes the category, and this member's consent to the offer covered the category at
//! the purchase and still does; or, for a shared request, the member's live consent given to the
//! requester's own account in the co-op covers the purpose and the category), and last its
//! nonce, which must be new. An admitted request is served only the items the member keeps for
//! the grant's co-op (or the consent's). Nonces are kept on disk
//! until their request expires; only covered requests get that far, so nobody without a grant
//! makes the store write.
//!
//! The chain's verdicts are cached per (grant or consent, buyer, category) and recomputed on each new
//! finalized block in the background, so a request costs no RPC round trip once its key is
//! known, and a withdrawal takes effect at the first finalized block that carries it.

use std::{
	collections::HashMap,
	path::{Path, PathBuf},
	sync::{Arc, Mutex, RwLock},
	time::{Duration, Instant},
};

use futures::FutureExt;
use libp2p::PeerId;
use subxt::utils::AccountId32;
use subxt_signer::sr25519;

use datacoop_client::chain;

use super::{
	now_secs,
	protocol::{Access, Request, MAX_VALIDITY_SECS},
};
use crate::{write_atomic, Error};

/// Most verdicts kept; beyond that the cache starts over.
const MAX_CACHED: usize = 4096;
/// Chain reads at once for requests whose verdict is not cached (anyone can make one, naming a
/// grant or a consent that does not exist): the rest wait their turn, up to [`READ_WAIT`].
const MAX_UNCACHED_READS: usize = 32;
/// How long a request waits for a chain read before it is refused as busy.
const READ_WAIT: Duration = Duration::from_secs(5);

/// Why a request is not served. Its text is what [`super::Response::Refused`] carries and what
/// the access log records.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
	/// The request's expiry has passed.
	#[error("the request has expired")]
	Expired,
	/// The request's expiry is more than [`MAX_VALIDITY_SECS`] ahead.
	#[error("a request may be valid for at most {max} s", max = MAX_VALIDITY_SECS)]
	TooLong,
	/// The signature is not the buyer's over this store's [`Request::payload`].
	#[error("the signature is not the buyer's for this store")]
	BadSignature,
	/// The chain could not be read.
	#[error("cannot check the chain: {0}")]
	ChainUnreadable(String),
	/// Too many chain reads for requests not in the cache are in flight: try again.
	#[error("the store is busy checking the chain: try again")]
	ChainBusy,
	/// The store's finalized view is older than its bound (`serve --max-lag`): it does not
	/// know what members withdrew since, so it serves nothing until it follows the chain again.
	#[error("chain not followed since block {block}, finalized {age} s ago (more than {max} s)")]
	ChainNotFollowed {
		/// The last finalized block the store saw.
		block: u64,
		/// How old that view is, in seconds: the longer of its block's timestamp against the
		/// store's clock and how long the store has held it.
		age: u64,
		/// The bound.
		max: u64,
	},
	/// No such grant on the finalized chain.
	#[error("there is no grant {grant} on the finalized chain")]
	NoGrant {
		/// The grant asked under.
		grant: u64,
	},
	/// The grant belongs to another account than the request's buyer.
	#[error("grant {grant} was bought by another account")]
	OtherBuyer {
		/// The grant asked under.
		grant: u64,
	},
	/// The grant has expired.
	#[error("grant {grant} expired at block {expires}")]
	GrantExpired {
		/// The grant asked under.
		grant: u64,
		/// The block it expired at.
		expires: u64,
	},
	/// The grant's offer is no longer on chain.
	#[error("offer {offer} is gone")]
	OfferGone {
		/// The grant's offer.
		offer: u32,
	},
	/// The grant's offer does not include the category.
	#[error("offer {offer} does not include category {category}")]
	NotOffered {
		/// The grant's offer.
		offer: u32,
		/// The category asked for.
		category: u16,
	},
	/// This member's consent to the offer does not cover the category (or no longer does).
	#[error("the member's consent does not cover offer {offer} for category {category}")]
	NotConsented {
		/// The grant's offer.
		offer: u32,
		/// The category asked for.
		category: u16,
	},
	/// The member has no live consent given to the requester directly in the co-op for the
	/// purpose that covers the category.
	#[error(
		"the member shares nothing with this account in co-op {coop} for purpose {purpose} and \
		 category {category}"
	)]
	NotShared {
		/// The co-op asked in.
		coop: u32,
		/// The purpose asked for.
		purpose: u16,
		/// The category asked for.
		category: u16,
	},
	/// The request's nonce was used before.
	#[error("replayed request: this nonce was already used")]
	Replayed,
	/// The verdict cache's lock was poisoned by a panic.
	#[error("the checker is poisoned")]
	CheckerPoisoned,
	/// The store's or the nonces' lock was poisoned by a panic.
	#[error("the store is poisoned")]
	StorePoisoned,
	/// The nonce could not be written to disk.
	#[error("the store cannot record the nonce: {0}")]
	NonceUnrecorded(String),
	/// The store could not reload its items.
	#[error("the store cannot read its items: {0}")]
	ItemsUnreadable(String),
	/// No item with this id kept for the grant's co-op in the category.
	#[error("no item {id} of co-op {coop} in category {category}")]
	NoItem {
		/// The item asked for.
		id: String,
		/// The grant's co-op.
		coop: u32,
		/// The category asked for.
		category: u16,
	},
	/// The item could not be read.
	#[error("{0}")]
	ItemUnreadable(String),
	/// The access log could not be written, so nothing is served.
	#[error("the store cannot write its access log: {0}")]
	LogUnwritable(String),
	/// The delivery receipt is not the grant buyer's for this member, store and chain.
	#[error("the delivery receipt is not the buyer's for this member, store and chain")]
	BadReceipt,
	/// The buyer has not acknowledged enough of what was served to get more.
	#[error(
		"{served} items served under grant {grant}, {acknowledged} acknowledged: send a receipt \
		 for what you verified to get more"
	)]
	ReceiptNeeded {
		/// The grant asked under.
		grant: u64,
		/// Distinct items served under it.
		served: u64,
		/// Items the buyer's latest receipt acknowledges.
		acknowledged: u64,
	},
	/// The deliveries ledger could not be written, so nothing is served.
	#[error("the store cannot record the delivery: {0}")]
	LedgerUnwritable(String),
	/// The peer, or the signing account, sent more requests than `serve --peer-rate` allows.
	#[error("too many requests: at most {per_second} a second from one peer or account")]
	Busy {
		/// The bound.
		per_second: u32,
	},
	/// The item id asked for is not of the form this store gives out.
	#[error("not an item id of this store (32 lowercase hex digits)")]
	BadItemId,
}

impl Refusal {
	/// The refusal's kind, a fixed word: the `reason` label of the store's metrics.
	pub fn kind(&self) -> &'static str {
		match self {
			Refusal::Expired => "expired",
			Refusal::TooLong => "too_long",
			Refusal::BadSignature => "bad_signature",
			Refusal::ChainUnreadable(_) => "chain_unreadable",
			Refusal::ChainBusy => "chain_busy",
			Refusal::ChainNotFollowed { .. } => "chain_not_followed",
			Refusal::NoGrant { .. } => "no_grant",
			Refusal::OtherBuyer { .. } => "other_buyer",
			Refusal::GrantExpired { .. } => "grant_expired",
			Refusal::OfferGone { .. } => "offer_gone",
			Refusal::NotOffered { .. } => "not_offered",
			Refusal::NotConsented { .. } => "not_consented",
			Refusal::NotShared { .. } => "not_shared",
			Refusal::Replayed => "replayed",
			Refusal::CheckerPoisoned | Refusal::StorePoisoned => "poisoned",
			Refusal::NonceUnrecorded(_) => "nonce_unrecorded",
			Refusal::ItemsUnreadable(_) | Refusal::ItemUnreadable(_) => "item_unreadable",
			Refusal::NoItem { .. } => "no_item",
			Refusal::LogUnwritable(_) => "log_unwritable",
			Refusal::BadReceipt => "bad_receipt",
			Refusal::ReceiptNeeded { .. } => "receipt_needed",
			Refusal::LedgerUnwritable(_) => "ledger_unwritable",
			Refusal::Busy { .. } => "busy",
			Refusal::BadItemId => "bad_item_id",
		}
	}

	/// Whether this refusal came before the store knew the requester holds the grant they name
	/// (a stranger can provoke it at will): such refusals are logged within a rate limit only,
	/// and never make the store write anything else.
	pub fn before_grant(&self) -> bool {
		matches!(
			self,
			Refusal::Expired
				| Refusal::TooLong
				| Refusal::BadSignature
				| Refusal::BadItemId
				| Refusal::Busy { .. }
				| Refusal::CheckerPoisoned
		) || !cacheable(&Err(self.clone()))
	}
}

/// `Ok` with the grant's co-op if the grant covers the member's data of the category kept for
/// that co-op, else why not.
pub type Verdict = Result<u32, Refusal>;

type VerdictKey = (Access, [u8; 32], u16);

/// Whether `request` carries `buyer`'s signature of its payload for the store `store`.
fn signed_by_buyer(request: &Request, store: &PeerId) -> bool {
	let Ok(signature) = <[u8; 64]>::try_from(request.signature.as_slice()) else { return false };
	sr25519::verify(
		&sr25519::Signature(signature),
		request.payload(store),
		&sr25519::PublicKey(request.buyer),
	)
}

/// Most journal lines beyond twice the live nonces before the journal is compacted.
const NONCE_SLACK: usize = 1024;

/// Nonces of requests not yet expired, kept on disk so a restart does not reopen a replay: an
/// append-only journal (`nonces.log`, a line `<buyer hex>:<nonce hex> <expires>` each). A
/// request's nonce costs one appended line, never a rewrite of them all; the journal is
/// compacted (rewritten atomically with the live nonces only) once it holds more than twice as
/// many lines as there were live nonces at its last compaction, plus [`NONCE_SLACK`]: each
/// compaction is paid for by as many appends, and memory holds at most what the journal does. Only requests the chain admitted
/// get here, each valid [`MAX_VALIDITY_SECS`] at most, so the live nonces are bounded by what
/// grant holders may ask in that time.
pub(super) struct Nonces {
	path: PathBuf,
	seen: HashMap<String, u64>,
	/// Lines in the journal, live or not.
	lines: usize,
	/// Live nonces at the last compaction.
	live: usize,
	journal: Option<std::fs::File>,
	/// An append failed part-way: the journal may end in a fragment, so it is compacted (which
	/// rewrites it whole) before the next append.
	broken: bool,
}

impl Nonces {
	/// The nonces kept in `dir`, none if there are none yet. A line cut short by a crash is
	/// skipped; the nonces of a store from before the journal (`nonces.json`) are taken over.
	pub(super) fn open(dir: &Path) -> Result<Self, Error> {
		let path = dir.join("nonces.log");
		let mut seen = HashMap::new();
		let mut lines = 0;
		match std::fs::read_to_string(&path) {
			Ok(text) => {
				for line in text.lines() {
					lines += 1;
					let Some((key, expires)) = line.split_once(' ') else { continue };
					if let Ok(expires) = expires.parse::<u64>() {
						seen.insert(key.to_string(), expires);
					}
				}
			},
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => {},
			Err(source) => return Err(Error::Io { path, source }),
		}
		let legacy = dir.join("nonces.json");
		let taken_over = std::fs::read(&legacy)
			.ok()
			.and_then(|b| serde_json::from_slice::<HashMap<String, u64>>(&b).ok());
		let mut nonces = Self { path, seen, lines, live: 0, journal: None, broken: false };
		if let Some(old) = &taken_over {
			nonces.seen.extend(old.iter().map(|(k, v)| (k.clone(), *v)));
		}
		nonces.compact()?;
		if taken_over.is_some() {
			std::fs::remove_file(&legacy).map_err(|source| Error::Io { path: legacy, source })?;
		}
		Ok(nonces)
	}

	/// Rewrite the journal with the live nonces only.
	fn compact(&mut self) -> Result<(), Error> {
		let now = now_secs();
		self.seen.retain(|_, expires| *expires >= now);
		let text: String =
			self.seen.iter().map(|(key, expires)| format!("{key} {expires}\n")).collect();
		self.journal = None;
		write_atomic(&self.path, text.as_bytes())?;
		self.lines = self.seen.len();
		self.live = self.seen.len();
		self.broken = false;
		Ok(())
	}

	/// Record `request`'s nonce; false if it was already used.
	fn record(&mut self, request: &Request) -> Result<bool, Error> {
		use std::io::Write;
		let key = format!("{}:{}", hex::encode(request.buyer), hex::encode(request.nonce));
		if self.seen.get(&key).is_some_and(|expires| *expires >= now_secs()) {
			return Ok(false);
		}
		if self.broken || self.lines >= self.live.saturating_mul(2).saturating_add(NONCE_SLACK) {
			self.compact()?;
		}
		let journal = match &mut self.journal {
			Some(journal) => journal,
			None => self.journal.insert(
				crate::append_private(&self.path)
					.map_err(|source| Error::Io { path: self.path.clone(), source })?,
			),
		};
		let appended = journal
			.write_all(format!("{key} {}\n", request.expires_at).as_bytes())
			.and_then(|_| journal.sync_data());
		if let Err(source) = appended {
			self.journal = None;
			self.broken = true;
			return Err(Error::Io { path: self.path.clone(), source });
		}
		self.seen.insert(key, request.expires_at);
		self.lines = self.lines.saturating_add(1);
		Ok(true)
	}
}

struct Snapshot {
	at: chain::AtBlock,
	/// When `at` was produced (its `Timestamp.Now`, Unix ms); `None` if it could not be read,
	/// which serves nothing.
	produced_ms: Option<u64>,
	/// When the store took `at` as its view, by its monotonic clock: a view that has not moved
	/// for longer than the bound is too old whatever the wall clock or the block says.
	received: Instant,
	verdicts: HashMap<VerdictKey, Verdict>,
}

impl Snapshot {
	async fn new(at: chain::AtBlock, verdicts: HashMap<VerdictKey, Verdict>) -> Self {
		let produced_ms = chain::produced_ms(&at).await.ok();
		Snapshot { at, produced_ms, received: Instant::now(), verdicts }
	}

	/// Why nothing is served on this view at `max_lag`, if it is too old.
	fn stale(&self, max_lag: Duration) -> Result<(), Refusal> {
		let at = self.at.block_number();
		stale(at, self.produced_ms, self.received.elapsed(), now_ms(), max_lag)
	}
}

/// The age in seconds, at `now_ms`, of a view produced at `produced_ms` and held for `held`: the
/// larger of the two (`u64::MAX` when its timestamp is unknown).
fn age(produced_ms: Option<u64>, held: Duration, now_ms: u64) -> u64 {
	let by_timestamp = produced_ms.map(|ms| now_ms.saturating_sub(ms) / 1000).unwrap_or(u64::MAX);
	by_timestamp.max(held.as_secs())
}

/// Unix time, in milliseconds.
fn now_ms() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
		.unwrap_or_default()
}

/// Whether a verdict for `verdict`'s request may be cached: only when the requester is the
/// grant's buyer (the grant exists and is theirs), or the member shares with them, so that
/// nobody without a grant or a consent of their own fills the cache, which is re-read at every
/// finalized block.
fn cacheable(verdict: &Verdict) -> bool {
	!matches!(
		verdict,
		Err(Refusal::NoGrant { .. }
			| Refusal::OtherBuyer { .. }
			| Refusal::NotShared { .. }
			| Refusal::ChainUnreadable(_)
			| Refusal::ChainBusy
			| Refusal::ChainNotFollowed { .. })
	)
}

/// Whether a view of block `block`, produced at `produced_ms` (its timestamp, Unix ms) and
/// taken `held` ago, is too old at `now_ms` for `max_lag`: why nothing is served then. Its age
/// is the larger of the two, so that neither a wall clock set back nor a node that stops
/// sending blocks keeps an old view alive. A view of unknown age is too old.
pub fn stale(
	block: u64,
	produced_ms: Option<u64>,
	held: Duration,
	now_ms: u64,
	max_lag: Duration,
) -> Result<(), Refusal> {
	let max = max_lag.as_secs();
	let age = age(produced_ms, held, now_ms);
	if age > max {
		return Err(Refusal::ChainNotFollowed { block, age, max });
	}
	Ok(())
}

/// Follows finalized blocks and answers whether a grant covers the member's data, from a cache
/// refreshed at every finalized block; nothing while its view is older than `max_lag`.
pub struct Checker {
	member: AccountId32,
	max_lag: Duration,
	state: RwLock<Snapshot>,
	/// Permits for uncached chain reads ([`MAX_UNCACHED_READS`]).
	reads: tokio::sync::Semaphore,
}

impl Checker {
	/// Start following the chain behind `api` for `member`, serving nothing while the latest
	/// finalized block seen is older than `max_lag`.
	pub async fn start(
		api: chain::Api,
		member: AccountId32,
		max_lag: Duration,
	) -> Result<Arc<Self>, Error> {
		let at = api.at_current_block().await.map_err(|e| Error::Chain(e.to_string()))?;
		let checker = Arc::new(Self {
			member,
			max_lag,
			state: RwLock::new(Snapshot::new(at, HashMap::new()).await),
			reads: tokio::sync::Semaphore::new(MAX_UNCACHED_READS),
		});
		tokio::spawn(Arc::clone(&checker).follow(api));
		Ok(checker)
	}

	/// The finalized block the verdicts are for.
	pub fn block(&self) -> u64 {
		self.state.read().map(|s| s.at.block_number()).unwrap_or(0)
	}

	/// The store's view: its finalized block, and how old that is in seconds (the longer of its
	/// timestamp's age and how long it has been held; `u64::MAX` when unknown), what
	/// `--max-lag` is held against.
	pub fn view(&self) -> (u64, u64) {
		let Ok(state) = self.state.read() else { return (0, u64::MAX) };
		(state.at.block_number(), age(state.produced_ms, state.received.elapsed(), now_ms()))
	}

	async fn follow(self: Arc<Self>, api: chain::Api) {
		loop {
			let mut blocks = match api.stream_blocks().await {
				Ok(blocks) => blocks,
				Err(e) => {
					tracing::warn!(error = %e, "cannot follow finalized blocks");
					tokio::time::sleep(Duration::from_secs(2)).await;
					continue;
				},
			};
			while let Some(block) = blocks.next().await {
				let Ok(mut block) = block else { break };
				// Behind? Go straight to the newest finalized block already announced: the
				// verdicts are for the chain as it is, not for every block on the way.
				let mut ended = false;
				while let Some(newer) = blocks.next().now_or_never() {
					match newer {
						Some(Ok(newer)) => block = newer,
						_ => {
							ended = true;
							break;
						},
					}
				}
				let Ok(at) = block.at().await else { continue };
				let keys: Vec<VerdictKey> = self
					.state
					.read()
					.map(|s| s.verdicts.keys().copied().collect())
					.unwrap_or_default();
				// Every cached key at once: over a light client each read is a round trip.
				let (checker, at_ref) = (&self, &at);
				let read = keys
					.iter()
					.map(|&key| async move { (key, checker.verdict(at_ref, key).await) });
				let verdicts: HashMap<_, _> = futures::future::join_all(read)
					.await
					.into_iter()
					.filter(|(_, verdict)| cacheable(verdict))
					.collect();
				let next = Snapshot::new(at, verdicts).await;
				if let Ok(mut state) = self.state.write() {
					if next.at.block_number() >= state.at.block_number() {
						*state = next;
					}
				}
				if ended {
					break;
				}
			}
		}
	}

	async fn verdict(&self, at: &chain::AtBlock, (access, buyer, category): VerdictKey) -> Verdict {
		let number = at.block_number();
		let unreadable = |e: datacoop_client::Error| Refusal::ChainUnreadable(e.to_string());
		let grant_id = match access {
			Access::Grant(grant) => grant,
			Access::Shared { coop, purpose } => {
				let buyer = AccountId32(buyer);
				let shares = chain::shared_covers(
					at,
					&self.member,
					coop,
					&buyer,
					(purpose, category),
					number,
				)
				.await
				.map_err(unreadable)?;
				return if shares {
					Ok(coop)
				} else {
					Err(Refusal::NotShared { coop, purpose, category })
				};
			},
		};
		let grant = chain::grant(at, grant_id)
			.await
			.map_err(unreadable)?
			.ok_or(Refusal::NoGrant { grant: grant_id })?;
		if grant.buyer.0 != buyer {
			return Err(Refusal::OtherBuyer { grant: grant_id });
		}
		if number >= grant.expires {
			return Err(Refusal::GrantExpired { grant: grant_id, expires: grant.expires });
		}
		let offer = chain::offer(at, grant.offer)
			.await
			.map_err(unreadable)?
			.ok_or(Refusal::OfferGone { offer: grant.offer })?;
		if !offer.categories.contains(&category) {
			return Err(Refusal::NotOffered { offer: grant.offer, category });
		}
		if !chain::grant_covers(at, grant_id, &self.member, category, number)
			.await
			.map_err(unreadable)?
		{
			return Err(Refusal::NotConsented { offer: grant.offer, category });
		}
		Ok(grant.coop)
	}

	/// Whether `access` (a grant held by `buyer`, or the member's consent to `buyer`) covers
	/// the member's data of `category` on the latest finalized block seen.
	pub async fn check(&self, access: Access, buyer: [u8; 32], category: u16) -> Verdict {
		let key = (access, buyer, category);
		// A read takes time: the view may move on, or go stale, before it returns. The verdict
		// stands only if the view it was read on is still the store's, and still fresh.
		for _ in 0..3 {
			let at = {
				let state = self.state.read().map_err(|_| Refusal::CheckerPoisoned)?;
				state.stale(self.max_lag)?;
				if let Some(verdict) = state.verdicts.get(&key) {
					return verdict.clone();
				}
				state.at.clone()
			};
			let verdict = {
				let _permit = tokio::time::timeout(READ_WAIT, self.reads.acquire())
					.await
					.map_err(|_| Refusal::ChainBusy)?
					.map_err(|_| Refusal::ChainBusy)?;
				self.verdict(&at, key).await
			};
			let mut state = self.state.write().map_err(|_| Refusal::CheckerPoisoned)?;
			state.stale(self.max_lag)?;
			if state.at.block_hash() != at.block_hash() {
				continue;
			}
			if cacheable(&verdict) {
				if state.verdicts.len() >= MAX_CACHED {
					state.verdicts.clear();
				}
				state.verdicts.insert(key, verdict.clone());
			}
			return verdict;
		}
		Err(Refusal::ChainUnreadable("the finalized view moved on during three reads".into()))
	}

	/// The member's commitment (root, items) in `coop` for `category`, on the latest finalized
	/// block seen: what a listing is signed under.
	pub async fn commitment(
		&self,
		coop: u32,
		category: u16,
	) -> Result<Option<([u8; 32], u32)>, Refusal> {
		let at = self.state.read().map_err(|_| Refusal::CheckerPoisoned)?.at.clone();
		chain::commitment(&at, coop, &self.member, category)
			.await
			.map_err(|e| Refusal::ChainUnreadable(e.to_string()))
	}

	/// Whether `request`, sent to the store whose peer id is `store`, is served, in the order the
	/// module docs give, and if so for which co-op (its grant's); `signed` is asked about the
	/// requester once their signature checks out (their own rate); a fresh nonce is recorded in
	/// `nonces`.
	pub(super) async fn admit(
		&self,
		request: &Request,
		store: &PeerId,
		nonces: &Mutex<Nonces>,
		signed: impl FnOnce(&[u8; 32]) -> Result<(), Refusal>,
	) -> Result<u32, Refusal> {
		let now = now_secs();
		if request.expires_at < now {
			return Err(Refusal::Expired);
		}
		if request.expires_at > now.saturating_add(MAX_VALIDITY_SECS) {
			return Err(Refusal::TooLong);
		}
		if !signed_by_buyer(request, store) {
			return Err(Refusal::BadSignature);
		}
		// The signer is who they say: their own limits apply from here.
		signed(&request.buyer)?;
		// The chain first: only a buyer the grant covers gets a nonce written to disk.
		let coop = self.check(request.access, request.buyer, request.category).await?;
		let fresh = nonces
			.lock()
			.map_err(|_| Refusal::StorePoisoned)?
			.record(request)
			.map_err(|e| Refusal::NonceUnrecorded(e.to_string()))?;
		if !fresh {
			return Err(Refusal::Replayed);
		}
		Ok(coop)
	}
}

#[cfg(test)]
mod tests {
	use std::io::Write;

	use super::*;

	fn request(nonce: u8, expires_at: u64) -> Request {
		Request {
			buyer: [1; 32],
			access: Access::Grant(0),
			category: 1,
			want: super::super::Want::List,
			nonce: [nonce; 16],
			expires_at,
			receipt: None,
			signature: Vec::new(),
		}
	}

	/// Nonces are appended, not rewritten whole per request; the journal is compacted once it
	/// is more than twice the live nonces plus the slack, so disk and memory stay bounded by
	/// what is live; a restart, a cut-short line or a store from before the journal loses no
	/// live nonce.
	#[test]
	fn nonces_are_a_bounded_journal_that_survives_a_restart() {
		let dir = std::env::temp_dir().join(format!("datacoop-nonces-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		std::fs::create_dir_all(&dir).unwrap();
		let later = now_secs() + 300;
		let legacy = HashMap::from([(
			format!("{}:{}", hex::encode([1u8; 32]), hex::encode([200u8; 16])),
			later,
		)]);
		std::fs::write(dir.join("nonces.json"), serde_json::to_vec(&legacy).unwrap()).unwrap();
		let mut nonces = Nonces::open(&dir).unwrap();
		assert!(!dir.join("nonces.json").exists(), "taken over");
		assert!(!nonces.record(&request(200, later)).unwrap(), "a legacy nonce still counts");
		assert!(nonces.record(&request(1, later)).unwrap());
		assert!(!nonces.record(&request(1, later)).unwrap(), "replayed");
		let path = dir.join("nonces.log");
		let size = std::fs::metadata(&path).unwrap().len();
		assert!(nonces.record(&request(2, later)).unwrap());
		let grown = std::fs::metadata(&path).unwrap().len() - size;
		assert!(grown < 120, "one line appended, not a rewrite: {grown} bytes");
		// A crash mid-line, then a restart: every whole line is kept.
		std::fs::OpenOptions::new()
			.append(true)
			.open(&path)
			.unwrap()
			.write_all(b"ab")
			.unwrap();
		let mut nonces = Nonces::open(&dir).unwrap();
		for n in [1, 2, 200] {
			assert!(!nonces.record(&request(n, later)).unwrap(), "nonce {n} survives");
		}
		// Expired nonces are dropped at compaction: the journal stays within twice the live
		// nonces plus the slack, however many requests come.
		let past = now_secs() - 1;
		for i in 0..5 * NONCE_SLACK {
			let mut r = request(0, past);
			r.nonce[..8].copy_from_slice(&(i as u64).to_le_bytes());
			assert!(nonces.record(&r).unwrap());
			assert!(nonces.lines <= 2 * 3 + NONCE_SLACK, "{} lines", nonces.lines);
			assert!(nonces.seen.len() <= nonces.lines);
		}
		let text = std::fs::read_to_string(&path).unwrap();
		assert!(text.lines().count() <= 2 * 3 + NONCE_SLACK);
		let _ = std::fs::remove_dir_all(&dir);
	}

	#[test]
	fn only_a_grants_own_buyer_gets_a_verdict_cached() {
		assert!(cacheable(&Ok(0)));
		assert!(cacheable(&Err(Refusal::NotConsented { offer: 0, category: 1 })));
		assert!(cacheable(&Err(Refusal::GrantExpired { grant: 0, expires: 9 })));
		assert!(!cacheable(&Err(Refusal::NoGrant { grant: 42 })));
		assert!(!cacheable(&Err(Refusal::OtherBuyer { grant: 0 })));
		assert!(!cacheable(&Err(Refusal::ChainUnreadable("gone".into()))));
		// Nobody the member shares nothing with fills the cache either.
		assert!(!cacheable(&Err(Refusal::NotShared { coop: 0, purpose: 0, category: 1 })));
		assert!(Refusal::NotShared { coop: 0, purpose: 0, category: 1 }.before_grant());
		assert!(!Refusal::NotConsented { offer: 0, category: 1 }.before_grant());
	}

	#[test]
	fn a_view_older_than_the_bound_or_of_unknown_age_serves_nothing() {
		let minute = Duration::from_secs(60);
		let just = Duration::from_secs(1);
		let produced = 1_000_000_000_000;
		assert_eq!(stale(7, Some(produced), just, produced + 60_999, minute), Ok(()));
		assert_eq!(
			stale(7, Some(produced), just, produced + 61_000, minute),
			Err(Refusal::ChainNotFollowed { block: 7, age: 61, max: 60 })
		);
		assert!(matches!(
			stale(7, None, just, produced, minute),
			Err(Refusal::ChainNotFollowed { age: u64::MAX, .. })
		));
		// A block stamped ahead of the store's clock is not an underflow; but a view held past
		// the bound is stale whatever the clocks say (a wall clock set back, a node that stops).
		assert_eq!(stale(7, Some(produced + 5_000), just, produced, minute), Ok(()));
		assert_eq!(
			stale(7, Some(produced + 5_000), Duration::from_secs(61), produced, minute),
			Err(Refusal::ChainNotFollowed { block: 7, age: 61, max: 60 })
		);
		let refused = stale(7, Some(produced), just, produced + 90_000, minute).unwrap_err();
		assert_eq!(
			refused.to_string(),
			"chain not followed since block 7, finalized 90 s ago (more than 60 s)"
		);
	}
}
