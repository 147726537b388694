//! The store's host on the network, and the buyer's side of it.
//!
//! Buyers connect over libp2p (TCP, Noise, Yamux, identify) and ask on [`PROTOCOL`] with a
//! [`Request`] signed by their on-chain sr25519 key. The request names the store's peer id (so it
//! cannot be replayed at another store), what it asks under ([`Access`]: a grant, or the
//! member's consent given to the requester directly), a category, what they want (the list, or one
//! item, or nothing but a receipt), a random nonce and an expiry at most [`MAX_VALIDITY_SECS`]
//! ahead. The store answers a [`Response`]: the items listed, one item, the receipt taken, or
//! [`Response::Refused`] with the reason (a
//! [`Refusal`]'s text). Every request of a grant's buyer, served or refused, goes into the
//! access log (`access.log`, JSON lines); those refused before the grant was known, within a
//! rate limit (see `log.rs`). Connections, streams and each peer's request rate are bounded
//! before anything is checked ([`Limits`]).
//!
//! The store serves only if, in this order: the request has not expired, its signature is the
//! buyer's, on **finalized** chain state the buyer holds the grant it names, it has not expired,
//! its offer includes the category, and this member's consent to the offer covered the category
//! at the purchase and still does (`Market.grant_covers`) — or, for [`Access::Shared`], the
//! member's live consent to the requester's own account covers the purpose and the category
//! (`Consent.covers`) — and its nonce was never seen (nonces are
//! kept on disk until their request expires; only covered requests get that far, so nobody
//! without a grant makes the store write).
//!
//! **Delivery receipts.** A request may carry the buyer's latest [`DeliveryReceipt`]: "n
//! verified items of this member under this grant", signed by the grant's buyer for this
//! store's peer id and this chain (`datacoop_client::receipts`). The store keeps the highest
//! per grant in `deliveries.json` with the ids it served, serves a new item only while fewer
//! than one batch (`serve --batch`, default 1) of what it served to that buyer, under all their
//! grants, is unacknowledged (an item already served under a grant is served again for free),
//! and redeems the latest receipt on chain (`market.redeem`) in the background, one
//! transaction at a time, retrying until the chain counts it or the grant's redemption window
//! closes. A buyer who stops acknowledging stops receiving; the store risks one batch per buyer
//! account. [`Want::Acknowledge`]
//! hands over the last receipt without asking for anything.
//!
//! **Signed listings.** Every list carries a [`SignedListing`]: the member's signature on how
//! many items the store lists under the member's commitment on chain (its root), for the
//! grant's co-op and this chain (`datacoop_client::listings`). The store says what it holds;
//! when that is fewer items than the commitment declares, the buyer can report the commitment
//! with the listing (`consent.report_commitment`): it stops counting, and its deposit goes to
//! the reporter. A member who deletes items should register again before a buyer lists.
//!
//! Chain state is followed by a subscription to finalized blocks: verdicts are cached per
//! (grant, buyer, category) and recomputed on each new finalized block in the background, so a
//! request costs no RPC round trip once its key is known, and a withdrawal takes effect at the
//! first finalized block that carries it.
//!
//! # Parts
//!
//! As in rust-libp2p's `file-sharing` example, the wire sits apart from the logic that decides:
//!
//! - `protocol.rs`: the wire. [`Request`] and its signing payload, [`Response`], [`Want`],
//!   [`Listed`], the length-prefixed JSON [`JsonCodec`] and its size limits, and the libp2p
//!   [`Behaviour`] both sides run.
//! - `checker.rs`: whether a request is served. [`Checker`] follows finalized blocks and caches
//!   the chain's [`Verdict`]s; it admits a request (validity window, signature, grant, nonce) or
//!   gives the [`Refusal`].
//! - `host.rs`: the serving side. [`serve`] listens with the store's [`node_key`], hands each
//!   request to the checker, answers from the [`Store`](crate::Store) within its [`Limits`].
//! - `log.rs`: the bounded, rotated [`access_log`].
//! - `metrics.rs`: the [`Metrics`] `serve --metrics` exports for Prometheus.
//! - `client.rs`: the asking side. A buyer's [`Client`] sends a request to a store's address and
//!   waits for the answer; [`peer_of`] reads the peer id off the address.

mod checker;
mod client;
mod host;
mod log;
mod metrics;
mod protocol;

use std::time::{SystemTime, UNIX_EPOCH};

pub use checker::{Checker, Refusal, Verdict};
pub use client::{peer_of, Client};
pub use host::{deliveries, node_key, serve, Delivery, Limits, Listen, CONNECTIONS_PER_PEER};
pub use libp2p::{Multiaddr, PeerId};
pub use log::{access_log, AccessEntry, MAX_LOG_BYTES, STRANGER_BURST, STRANGER_LINES_PER_SEC};
pub use metrics::Metrics;
pub use protocol::{
	swarm, Access, Behaviour, BehaviourEvent, DeliveryReceipt, JsonCodec, Listed, Request,
	Response, SignedListing, Want, MAX_VALIDITY_SECS, PROTOCOL, STREAMS_PER_CONNECTION,
};

/// Unix time, in seconds.
fn now_secs() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}
