//! Whether a request is served, and if not, why: the [`Refusal`].
//!
//! [`Checker::admit`] checks, in this order: the request's validity window (not expired, at most
//! [`MAX_VALIDITY_SECS`] ahead), its signature (the buyer's, for this store's peer id), the chain
//! ([`Checker::check`]: on **finalized** state the buyer holds the grant, it has not expired, its
//! offer includes the category, and this member's consent to the offer covered the category at
//! the purchase and still does), and last its nonce, which must be new. Nonces are kept on disk
//! until their request expires; only covered requests get that far, so nobody without a grant
//! makes the store write.
//!
//! The chain's verdicts are cached per (grant, buyer, category) and recomputed on each new
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
	protocol::{Request, MAX_VALIDITY_SECS},
};
use crate::{write_atomic, Error};

/// Most verdicts kept; beyond that the cache starts over.
const MAX_CACHED: usize = 4096;

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
	/// No item with this id in the category.
	#[error("no item {id} in category {category}")]
	NoItem {
		/// The item asked for.
		id: String,
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
}

/// `Ok` if the grant covers the member's data of the category, else why not.
pub type Verdict = Result<(), Refusal>;

type VerdictKey = (u64, [u8; 32], u16);

/// Whether `request` carries `buyer`'s signature of its payload for the store `store`.
fn signed_by_buyer(request: &Request, store: &PeerId) -> bool {
	let Ok(signature) = <[u8; 64]>::try_from(request.signature.as_slice()) else { return false };
	sr25519::verify(
		&sr25519::Signature(signature),
		request.payload(store),
		&sr25519::PublicKey(request.buyer),
	)
}

/// Nonces of requests not yet expired, kept on disk so a restart does not reopen a replay.
pub(super) struct Nonces {
	path: PathBuf,
	seen: HashMap<String, u64>,
}

impl Nonces {
	/// The nonces kept in `dir` (`nonces.json`), none if there are none yet.
	pub(super) fn open(dir: &Path) -> Self {
		let path = dir.join("nonces.json");
		let seen = std::fs::read(&path)
			.ok()
			.and_then(|b| serde_json::from_slice(&b).ok())
			.unwrap_or_default();
		Self { path, seen }
	}

	/// Record `request`'s nonce; false if it was already used.
	fn record(&mut self, request: &Request) -> Result<bool, Error> {
		let now = now_secs();
		self.seen.retain(|_, expires| *expires >= now);
		let key = format!("{}:{}", hex::encode(request.buyer), hex::encode(request.nonce));
		if self.seen.contains_key(&key) {
			return Ok(false);
		}
		self.seen.insert(key, request.expires_at);
		let bytes = serde_json::to_vec(&self.seen).map_err(|e| Error::Corrupt(e.to_string()))?;
		write_atomic(&self.path, &bytes)?;
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
		let now_ms = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
			.unwrap_or_default();
		stale(self.at.block_number(), self.produced_ms, self.received.elapsed(), now_ms, max_lag)
	}
}

/// Whether a verdict for `verdict`'s request may be cached: only when the requester is the
/// grant's buyer (the grant exists and is theirs), so that nobody without a grant of their own
/// fills the cache, which is re-read at every finalized block.
fn cacheable(verdict: &Verdict) -> bool {
	!matches!(
		verdict,
		Err(Refusal::NoGrant { .. }
			| Refusal::OtherBuyer { .. }
			| Refusal::ChainUnreadable(_)
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
	let by_timestamp = produced_ms.map(|ms| now_ms.saturating_sub(ms) / 1000).unwrap_or(u64::MAX);
	let age = by_timestamp.max(held.as_secs());
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
		});
		tokio::spawn(Arc::clone(&checker).follow(api));
		Ok(checker)
	}

	/// The finalized block the verdicts are for.
	pub fn block(&self) -> u64 {
		self.state.read().map(|s| s.at.block_number()).unwrap_or(0)
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

	async fn verdict(
		&self,
		at: &chain::AtBlock,
		(grant_id, buyer, category): VerdictKey,
	) -> Verdict {
		let number = at.block_number();
		let unreadable = |e: datacoop_client::Error| Refusal::ChainUnreadable(e.to_string());
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
		Ok(())
	}

	/// Whether `grant`, held by `buyer`, covers the member's data of `category` on the latest
	/// finalized block seen.
	pub async fn check(&self, grant: u64, buyer: [u8; 32], category: u16) -> Verdict {
		let key = (grant, buyer, category);
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
			let verdict = self.verdict(&at, key).await;
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

	/// The co-op of `grant` and the member's commitment (root, items) for `category` in it, on
	/// the latest finalized block seen: what a listing is signed under.
	pub async fn commitment(
		&self,
		grant: u64,
		category: u16,
	) -> Result<(u32, Option<([u8; 32], u32)>), Refusal> {
		let at = self.state.read().map_err(|_| Refusal::CheckerPoisoned)?.at.clone();
		let unreadable = |e: datacoop_client::Error| Refusal::ChainUnreadable(e.to_string());
		let coop = chain::grant(&at, grant)
			.await
			.map_err(unreadable)?
			.ok_or(Refusal::NoGrant { grant })?
			.coop;
		let commitment =
			chain::commitment(&at, coop, &self.member, category).await.map_err(unreadable)?;
		Ok((coop, commitment))
	}

	/// Whether `request`, sent to the store whose peer id is `store`, is served, in the order the
	/// module docs give; a fresh nonce is recorded in `nonces`.
	pub(super) async fn admit(
		&self,
		request: &Request,
		store: &PeerId,
		nonces: &Mutex<Nonces>,
	) -> Result<(), Refusal> {
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
		// The chain first: only a buyer the grant covers gets a nonce written to disk.
		self.check(request.grant, request.buyer, request.category).await?;
		let fresh = nonces
			.lock()
			.map_err(|_| Refusal::StorePoisoned)?
			.record(request)
			.map_err(|e| Refusal::NonceUnrecorded(e.to_string()))?;
		if !fresh {
			return Err(Refusal::Replayed);
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn only_a_grants_own_buyer_gets_a_verdict_cached() {
		assert!(cacheable(&Ok(())));
		assert!(cacheable(&Err(Refusal::NotConsented { offer: 0, category: 1 })));
		assert!(cacheable(&Err(Refusal::GrantExpired { grant: 0, expires: 9 })));
		assert!(!cacheable(&Err(Refusal::NoGrant { grant: 42 })));
		assert!(!cacheable(&Err(Refusal::OtherBuyer { grant: 0 })));
		assert!(!cacheable(&Err(Refusal::ChainUnreadable("gone".into()))));
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
