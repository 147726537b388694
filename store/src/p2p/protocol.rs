//! What travels on the wire: the protocol's name and limits, the signed [`Request`], the
//! [`Response`], the length-prefixed JSON codec, and the libp2p stack both sides run.
//!
//! Nothing here decides whether a request is served: that is the checker's (`checker.rs`).

use std::time::Duration;

use datacoop_client::{listings::Listing, receipts::Receipt, AccountId32};
use futures::{AsyncReadExt, AsyncWriteExt};
use libp2p::{
	identify, identity, noise,
	request_response::{self, ProtocolSupport},
	swarm::NetworkBehaviour,
	tcp, yamux, PeerId, StreamProtocol, Swarm,
};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use subxt_signer::sr25519::Keypair;

use super::now_secs;
use crate::{merkle::Proof, Error};

/// The request-response protocol buyers and stores speak.
pub const PROTOCOL: &str = "/datacoop/fetch/4";
/// The longest a signed request may stay valid: what bounds the nonces a store keeps.
pub const MAX_VALIDITY_SECS: u64 = 300;
/// Largest request a store reads.
const MAX_REQUEST_BYTES: u64 = 64 * 1024;
/// Largest response a buyer reads.
const MAX_RESPONSE_BYTES: u64 = 256 * 1024 * 1024;

/// What a buyer asks for.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Want {
	/// The items of the category.
	List,
	/// One item's content.
	Item {
		/// The item's id.
		id: String,
	},
	/// Nothing: the request only hands over its [`Request::receipt`] (the buyer's last one,
	/// after the last item).
	Acknowledge,
}

/// A buyer's delivery receipt: `items` items of this store's member verified under the
/// request's grant so far (cumulative over every category), signed by the grant's buyer over
/// `datacoop_client::receipts::payload` for this store's peer id and chain. The store keeps the
/// latest, redeems it on chain, and serves the next items only while the buyer has
/// acknowledged all but at most one batch of what it was served.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeliveryReceipt {
	/// Items acknowledged, cumulative.
	pub items: u64,
	/// The buyer's sr25519 signature (64 bytes).
	pub signature: Vec<u8>,
}

impl From<Receipt> for DeliveryReceipt {
	fn from(receipt: Receipt) -> Self {
		Self { items: receipt.items, signature: receipt.signature.to_vec() }
	}
}

impl DeliveryReceipt {
	/// The receipt to check (`datacoop_client::receipts::verify`); `None` when the signature is
	/// not 64 bytes.
	pub fn to_receipt(&self) -> Option<Receipt> {
		let signature = self.signature.as_slice().try_into().ok()?;
		Some(Receipt { items: self.items, signature })
	}
}

/// What a request asks under.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Access {
	/// A grant the buyer bought on the market: paid for, settled by delivery receipts.
	Grant(u64),
	/// The member's consent given to the buyer's own account (`Grantee::Buyer`) in `coop` for
	/// `purpose`: what a member shares, free, with their doctor or a study. No grant, no
	/// payment, no receipts; served while that consent covers the category.
	Shared {
		/// The co-op the consent is given in (and whose items are served).
		coop: u32,
		/// The purpose it is for.
		purpose: u16,
	},
}

impl std::fmt::Display for Access {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Access::Grant(grant) => write!(f, "grant {grant}"),
			Access::Shared { coop, purpose } => {
				write!(f, "shared in co-op {coop} for purpose {purpose}")
			},
		}
	}
}

/// A buyer's request, signed with their on-chain key.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Request {
	/// The buyer's account (sr25519 public key).
	pub buyer: [u8; 32],
	/// What they ask under: a grant they hold, or the member's consent to them.
	pub access: Access,
	/// The data category.
	pub category: u16,
	/// What they want.
	pub want: Want,
	/// Random, never reused.
	pub nonce: [u8; 16],
	/// Unix time (seconds) after which the request is void.
	pub expires_at: u64,
	/// sr25519 signature of [`Request::payload`] by `buyer`.
	pub signature: Vec<u8>,
	/// The buyer's latest delivery receipt for this store's member under the grant, if any (a
	/// shared request has none). Not part of the payload: it carries its own signature.
	#[serde(default)]
	pub receipt: Option<DeliveryReceipt>,
}

impl Request {
	/// What the buyer signs: everything in the request, and the store's peer id.
	pub fn payload(&self, store: &PeerId) -> Vec<u8> {
		let mut out = PROTOCOL.as_bytes().to_vec();
		let store = store.to_bytes();
		out.extend((store.len() as u32).to_le_bytes());
		out.extend(store);
		out.extend(self.buyer);
		match self.access {
			Access::Grant(grant) => {
				out.push(0);
				out.extend(grant.to_le_bytes());
			},
			Access::Shared { coop, purpose } => {
				out.push(1);
				out.extend(coop.to_le_bytes());
				out.extend(purpose.to_le_bytes());
			},
		}
		out.extend(self.category.to_le_bytes());
		match &self.want {
			Want::List => out.push(0),
			Want::Item { id } => {
				out.push(1);
				out.extend((id.len() as u32).to_le_bytes());
				out.extend(id.as_bytes());
			},
			Want::Acknowledge => out.push(2),
		}
		out.extend(self.nonce);
		out.extend(self.expires_at.to_le_bytes());
		out
	}

	/// A request for `want` under `grant`, to the store `store`, signed by `key`, valid for
	/// `validity`.
	pub fn signed(
		key: &Keypair,
		store: &PeerId,
		grant: u64,
		category: u16,
		want: Want,
		validity: Duration,
	) -> Self {
		Self::under(key, store, Access::Grant(grant), category, want, validity)
	}

	/// A request for `want` under `access`, to the store `store`, signed by `key`, valid for
	/// `validity`.
	pub fn under(
		key: &Keypair,
		store: &PeerId,
		access: Access,
		category: u16,
		want: Want,
		validity: Duration,
	) -> Self {
		let mut nonce = [0u8; 16];
		rand::rngs::OsRng.fill_bytes(&mut nonce);
		let mut request = Self {
			buyer: key.public_key().0,
			access,
			category,
			want,
			nonce,
			expires_at: now_secs().saturating_add(validity.as_secs()),
			signature: Vec::new(),
			receipt: None,
		};
		request.sign(key, store);
		request
	}

	/// This request carrying `receipt`.
	pub fn with_receipt(self, receipt: Option<DeliveryReceipt>) -> Self {
		Self { receipt, ..self }
	}

	/// Sign (again) with `key`, for the store `store`.
	pub fn sign(&mut self, key: &Keypair, store: &PeerId) {
		self.signature = key.sign(&self.payload(store)).0.to_vec();
	}
}

/// An item as a buyer sees it listed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Listed {
	/// The item's id.
	pub id: String,
	/// Its name.
	pub name: String,
	/// Its size in bytes.
	pub size: u64,
}

/// The store's signed listing of a category, sent with every list: "under the member's
/// commitment on chain whose root is `root`, this store lists `items` items", signed by the
/// member over `datacoop_client::listings::payload` (with the grant's co-op, the member, the
/// request's category and this chain's genesis hash). A buyer who sees fewer items than the
/// commitment declares can report the commitment with it (`coop report-commitment`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SignedListing {
	/// The root of the commitment on chain the store listed under.
	pub root: [u8; 32],
	/// Items listed.
	pub items: u32,
	/// The member's sr25519 signature (64 bytes).
	pub signature: Vec<u8>,
}

impl From<Listing> for SignedListing {
	fn from(listing: Listing) -> Self {
		Self { root: listing.root, items: listing.items, signature: listing.signature.to_vec() }
	}
}

impl SignedListing {
	/// The listing to check (`datacoop_client::listings::verify`), as the store of `member`
	/// answering for `category` of `coop` signed it; `None` when the signature is not 64 bytes.
	pub fn to_listing(&self, coop: u32, member: &AccountId32, category: u16) -> Option<Listing> {
		let signature = self.signature.as_slice().try_into().ok()?;
		Some(Listing {
			coop,
			member: *member,
			category,
			root: self.root,
			items: self.items,
			signature,
		})
	}
}

/// A store's answer.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Response {
	/// Nothing is served, for this reason (a [`super::Refusal`]'s text).
	Refused {
		/// Why.
		reason: String,
	},
	/// The items of the category.
	Items {
		/// The items.
		items: Vec<Listed>,
		/// The member's signature on how many, under the commitment on chain (none when the
		/// member has no commitment for the category).
		#[serde(default)]
		listing: Option<SignedListing>,
	},
	/// One item.
	Item {
		/// Its id.
		id: String,
		/// Its name.
		name: String,
		/// Its content, base64.
		data: String,
		/// Its place in the category's commitment, to check against the chain.
		proof: Proof,
	},
	/// The receipt was taken: the store holds the buyer's acknowledgment of `items` items.
	Acknowledged {
		/// Items acknowledged so far.
		items: u64,
	},
}

/// Length-prefixed JSON over a libp2p stream.
#[derive(Clone, Default)]
pub struct JsonCodec;

async fn read_json<T: for<'de> Deserialize<'de>, R: futures::AsyncRead + Unpin + Send>(
	io: &mut R,
	limit: u64,
) -> std::io::Result<T> {
	let mut len = [0u8; 8];
	io.read_exact(&mut len).await?;
	let len = u64::from_be_bytes(len);
	if len > limit {
		return Err(std::io::Error::new(
			std::io::ErrorKind::InvalidData,
			format!("message of {len} bytes"),
		));
	}
	let mut buf = vec![0u8; len as usize];
	io.read_exact(&mut buf).await?;
	serde_json::from_slice(&buf)
		.map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

async fn write_json<T: Serialize, W: futures::AsyncWrite + Unpin + Send>(
	io: &mut W,
	value: &T,
) -> std::io::Result<()> {
	let bytes = serde_json::to_vec(value)
		.map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
	io.write_all(&(bytes.len() as u64).to_be_bytes()).await?;
	io.write_all(&bytes).await?;
	io.close().await
}

#[async_trait::async_trait]
impl request_response::Codec for JsonCodec {
	type Protocol = StreamProtocol;
	type Request = Request;
	type Response = Response;

	async fn read_request<T>(&mut self, _: &StreamProtocol, io: &mut T) -> std::io::Result<Request>
	where
		T: futures::AsyncRead + Unpin + Send,
	{
		read_json(io, MAX_REQUEST_BYTES).await
	}

	async fn read_response<T>(
		&mut self,
		_: &StreamProtocol,
		io: &mut T,
	) -> std::io::Result<Response>
	where
		T: futures::AsyncRead + Unpin + Send,
	{
		read_json(io, MAX_RESPONSE_BYTES).await
	}

	async fn write_request<T>(
		&mut self,
		_: &StreamProtocol,
		io: &mut T,
		req: Request,
	) -> std::io::Result<()>
	where
		T: futures::AsyncWrite + Unpin + Send,
	{
		write_json(io, &req).await
	}

	async fn write_response<T>(
		&mut self,
		_: &StreamProtocol,
		io: &mut T,
		res: Response,
	) -> std::io::Result<()>
	where
		T: futures::AsyncWrite + Unpin + Send,
	{
		write_json(io, &res).await
	}
}

/// Streams (requests in flight) one connection may carry at once; a store drops those beyond.
pub const STREAMS_PER_CONNECTION: usize = 16;

/// The protocols a store and a buyer run, within connection limits.
#[derive(NetworkBehaviour)]
pub struct Behaviour {
	/// The request-response protocol itself ([`PROTOCOL`]).
	pub fetch: request_response::Behaviour<JsonCodec>,
	identify: identify::Behaviour,
	limits: libp2p::connection_limits::Behaviour,
}

/// The libp2p stack of both sides (TCP, Noise, Yamux; [`PROTOCOL`] and identify) under `key`.
pub fn swarm(
	key: identity::Keypair,
	limits: libp2p::connection_limits::ConnectionLimits,
) -> Result<Swarm<Behaviour>, Error> {
	let net = |e: &dyn std::fmt::Display| Error::Input(format!("libp2p: {e}"));
	Ok(libp2p::SwarmBuilder::with_existing_identity(key)
		.with_tokio()
		.with_tcp(tcp::Config::default(), noise::Config::new, yamux::Config::default)
		.map_err(|e| net(&e))?
		.with_behaviour(|key| Behaviour {
			fetch: request_response::Behaviour::with_codec(
				JsonCodec,
				[(StreamProtocol::new(PROTOCOL), ProtocolSupport::Full)],
				request_response::Config::default()
					.with_request_timeout(Duration::from_secs(60))
					.with_max_concurrent_streams(STREAMS_PER_CONNECTION),
			),
			identify: identify::Behaviour::new(identify::Config::new(
				"/datacoop/1".into(),
				key.public(),
			)),
			limits: libp2p::connection_limits::Behaviour::new(limits),
		})
		.map_err(|e| net(&e))?
		.with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(30)))
		.build())
}
