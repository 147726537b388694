//! The store's host on the network, and the buyer's side of it.
//!
//! Buyers connect over libp2p (TCP, Noise, Yamux, identify) and ask on [`PROTOCOL`] with a
//! [`Request`] signed by their on-chain sr25519 key. The request names the store's peer id (so it
//! cannot be replayed at another store), a grant, a category, what they want (the list, or one
//! item), a random nonce and an expiry at most [`MAX_VALIDITY_SECS`] ahead.
//!
//! The store serves only if, in this order: the request has not expired, its signature is the
//! buyer's, on **finalized** chain state the buyer holds grant `grant`, it has not expired, its
//! offer includes the category, and this member's consent to the offer covered the category at
//! the purchase and still does (`Market.grant_covers`), and its nonce was never seen (nonces are
//! kept on disk until their request expires; only covered requests get that far, so nobody
//! without a grant makes the store write). Otherwise it answers [`Response::Refused`] with the reason.
//! Every request, served or refused, goes into the access log (`access.log`, JSON lines).
//!
//! Chain state is followed by a subscription to finalized blocks: verdicts are cached per
//! (grant, buyer, category) and recomputed on each new finalized block in the background, so a
//! request costs no RPC round trip once its key is known, and a withdrawal takes effect at the
//! first finalized block that carries it.

use std::{
	collections::HashMap,
	path::{Path, PathBuf},
	sync::{Arc, Mutex, RwLock},
	time::{Duration, SystemTime, UNIX_EPOCH},
};

use base64::{engine::general_purpose::STANDARD, Engine};
use futures::{AsyncReadExt, AsyncWriteExt, StreamExt};
use libp2p::{
	identify, identity, noise,
	request_response::{self, ProtocolSupport},
	swarm::{NetworkBehaviour, SwarmEvent},
	tcp, yamux, StreamProtocol, Swarm,
};
pub use libp2p::{Multiaddr, PeerId};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use subxt::utils::AccountId32;
use subxt_signer::sr25519::{self, Keypair};

use datacoop_client::chain;

use crate::{write_atomic, Error, Store};

/// The request-response protocol buyers and stores speak.
pub const PROTOCOL: &str = "/datacoop/fetch/1";
/// The longest a signed request may stay valid: what bounds the nonces a store keeps.
pub const MAX_VALIDITY_SECS: u64 = 300;
/// Most verdicts kept; beyond that the cache starts over.
const MAX_CACHED: usize = 4096;
const MAX_REQUEST_BYTES: u64 = 64 * 1024;
const MAX_RESPONSE_BYTES: u64 = 256 * 1024 * 1024;

fn now_secs() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

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
}

/// A buyer's request, signed with their on-chain key.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Request {
	/// The buyer's account (sr25519 public key).
	pub buyer: [u8; 32],
	/// The grant they hold.
	pub grant: u64,
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
}

impl Request {
	/// What the buyer signs: everything in the request, and the store's peer id.
	pub fn payload(&self, store: &PeerId) -> Vec<u8> {
		let mut out = PROTOCOL.as_bytes().to_vec();
		let store = store.to_bytes();
		out.extend((store.len() as u32).to_le_bytes());
		out.extend(store);
		out.extend(self.buyer);
		out.extend(self.grant.to_le_bytes());
		out.extend(self.category.to_le_bytes());
		match &self.want {
			Want::List => out.push(0),
			Want::Item { id } => {
				out.push(1);
				out.extend((id.len() as u32).to_le_bytes());
				out.extend(id.as_bytes());
			},
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
		let mut nonce = [0u8; 16];
		rand::rngs::OsRng.fill_bytes(&mut nonce);
		let mut request = Self {
			buyer: key.public_key().0,
			grant,
			category,
			want,
			nonce,
			expires_at: now_secs().saturating_add(validity.as_secs()),
			signature: Vec::new(),
		};
		request.sign(key, store);
		request
	}

	/// Sign (again) with `key`, for the store `store`.
	pub fn sign(&mut self, key: &Keypair, store: &PeerId) {
		self.signature = key.sign(&self.payload(store)).0.to_vec();
	}

	fn signature_is_valid(&self, store: &PeerId) -> bool {
		let Ok(signature) = <[u8; 64]>::try_from(self.signature.as_slice()) else { return false };
		sr25519::verify(
			&sr25519::Signature(signature),
			self.payload(store),
			&sr25519::PublicKey(self.buyer),
		)
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

/// A store's answer.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Response {
	/// Nothing is served, for this reason.
	Refused {
		/// Why.
		reason: String,
	},
	/// The items of the category.
	Items {
		/// The items.
		items: Vec<Listed>,
	},
	/// One item.
	Item {
		/// Its id.
		id: String,
		/// Its name.
		name: String,
		/// Its content, base64.
		data: String,
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

/// The protocols a store and a buyer run.
#[derive(NetworkBehaviour)]
pub struct Behaviour {
	fetch: request_response::Behaviour<JsonCodec>,
	identify: identify::Behaviour,
}

fn swarm(key: identity::Keypair) -> Result<Swarm<Behaviour>, Error> {
	let net = |e: &dyn std::fmt::Display| Error::Input(format!("libp2p: {e}"));
	Ok(libp2p::SwarmBuilder::with_existing_identity(key)
		.with_tokio()
		.with_tcp(tcp::Config::default(), noise::Config::new, yamux::Config::default)
		.map_err(|e| net(&e))?
		.with_behaviour(|key| Behaviour {
			fetch: request_response::Behaviour::with_codec(
				JsonCodec,
				[(StreamProtocol::new(PROTOCOL), ProtocolSupport::Full)],
				request_response::Config::default().with_request_timeout(Duration::from_secs(60)),
			),
			identify: identify::Behaviour::new(identify::Config::new(
				"/datacoop/1".into(),
				key.public(),
			)),
		})
		.map_err(|e| net(&e))?
		.with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(30)))
		.build())
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

/// Nonces of requests not yet expired, kept on disk so a restart does not reopen a replay.
struct Nonces {
	path: PathBuf,
	seen: HashMap<String, u64>,
}

impl Nonces {
	fn open(dir: &Path) -> Self {
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
		let key = format!("{}:{}", hex::encode(&request.buyer), hex::encode(&request.nonce));
		if self.seen.contains_key(&key) {
			return Ok(false);
		}
		self.seen.insert(key, request.expires_at);
		let bytes = serde_json::to_vec(&self.seen).map_err(|e| Error::Corrupt(e.to_string()))?;
		write_atomic(&self.path, &bytes)?;
		Ok(true)
	}
}

type VerdictKey = (u64, [u8; 32], u16);
/// `Ok` if the grant covers the member's data of the category, else why not.
pub type Verdict = Result<(), String>;

struct Snapshot {
	at: chain::AtBlock,
	verdicts: HashMap<VerdictKey, Verdict>,
}

/// Follows finalized blocks and answers whether a grant covers the member's data, from a cache
/// refreshed at every finalized block.
pub struct Checker {
	member: AccountId32,
	state: RwLock<Snapshot>,
}

impl Checker {
	/// Start following the chain behind `api` for `member`.
	pub async fn start(api: chain::Api, member: AccountId32) -> Result<Arc<Self>, Error> {
		let at = api.at_current_block().await.map_err(|e| Error::Chain(e.to_string()))?;
		let checker = Arc::new(Self {
			member,
			state: RwLock::new(Snapshot { at, verdicts: HashMap::new() }),
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
					eprintln!("datacoop-store: cannot follow finalized blocks: {e}");
					tokio::time::sleep(Duration::from_secs(2)).await;
					continue;
				},
			};
			while let Some(block) = blocks.next().await {
				let Ok(block) = block else { break };
				let Ok(at) = block.at().await else { continue };
				let keys: Vec<VerdictKey> = self
					.state
					.read()
					.map(|s| s.verdicts.keys().copied().collect())
					.unwrap_or_default();
				let mut verdicts = HashMap::with_capacity(keys.len());
				for key in keys {
					verdicts.insert(key, self.verdict(&at, key).await);
				}
				if let Ok(mut state) = self.state.write() {
					if at.block_number() >= state.at.block_number() {
						*state = Snapshot { at, verdicts };
					}
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
		let refused = |e: datacoop_client::Error| format!("cannot check the chain: {e}");
		let grant = chain::grant(at, grant_id)
			.await
			.map_err(refused)?
			.ok_or_else(|| format!("there is no grant {grant_id} on the finalized chain"))?;
		if grant.buyer.0 != buyer {
			return Err(format!("grant {grant_id} was bought by another account"));
		}
		if number >= grant.expires {
			return Err(format!("grant {grant_id} expired at block {}", grant.expires));
		}
		let offer = chain::offer(at, grant.offer)
			.await
			.map_err(refused)?
			.ok_or_else(|| format!("offer {} is gone", grant.offer))?;
		if !offer.categories.contains(&category) {
			return Err(format!("offer {} does not include category {category}", grant.offer));
		}
		if !chain::grant_covers(at, grant_id, &self.member, category, number)
			.await
			.map_err(refused)?
		{
			return Err(format!(
				"the member's consent does not cover offer {} for category {category}",
				grant.offer
			));
		}
		Ok(())
	}

	/// Whether `grant`, held by `buyer`, covers the member's data of `category` on the latest
	/// finalized block seen.
	pub async fn check(&self, grant: u64, buyer: [u8; 32], category: u16) -> Verdict {
		let key = (grant, buyer, category);
		let at = {
			let state = self.state.read().map_err(|_| "the checker is poisoned".to_string())?;
			if let Some(verdict) = state.verdicts.get(&key) {
				return verdict.clone();
			}
			state.at.clone()
		};
		let verdict = self.verdict(&at, key).await;
		if let Ok(mut state) = self.state.write() {
			if state.at.block_hash() == at.block_hash() {
				if state.verdicts.len() >= MAX_CACHED {
					state.verdicts.clear();
				}
				state.verdicts.insert(key, verdict.clone());
			}
		}
		verdict
	}
}

/// What the host needs to answer requests.
struct Host {
	dir: PathBuf,
	peer: PeerId,
	store: Arc<Mutex<Store>>,
	checker: Arc<Checker>,
	nonces: Mutex<Nonces>,
}

impl Host {
	async fn answer(&self, peer: PeerId, request: Request) -> Response {
		let (response, detail) = match self.decide(&request).await {
			Ok(response) => {
				let detail = match &response {
					Response::Items { items } => format!("{} items listed", items.len()),
					Response::Item { id, .. } => format!("item {id}"),
					Response::Refused { reason } => reason.clone(),
				};
				(response, detail)
			},
			Err(reason) => (Response::Refused { reason: reason.clone() }, reason),
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
			},
			outcome: if matches!(response, Response::Refused { .. }) {
				"refused"
			} else {
				"served"
			}
			.into(),
			detail,
		};
		if let Err(e) = append_log(&self.dir, &entry) {
			// Nothing is served that the log does not show.
			return Response::Refused {
				reason: format!("the store cannot write its access log: {e}"),
			};
		}
		response
	}

	async fn decide(&self, request: &Request) -> Result<Response, String> {
		let now = now_secs();
		if request.expires_at < now {
			return Err("the request has expired".into());
		}
		if request.expires_at > now.saturating_add(MAX_VALIDITY_SECS) {
			return Err(format!("a request may be valid for at most {MAX_VALIDITY_SECS} s"));
		}
		if !request.signature_is_valid(&self.peer) {
			return Err("the signature is not the buyer's for this store".into());
		}
		// The chain first: only a buyer the grant covers gets a nonce written to disk.
		self.checker.check(request.grant, request.buyer, request.category).await?;
		let fresh = self
			.nonces
			.lock()
			.map_err(|_| "the store is poisoned".to_string())?
			.record(request)
			.map_err(|e| format!("the store cannot record the nonce: {e}"))?;
		if !fresh {
			return Err("replayed request: this nonce was already used".into());
		}
		let mut store = self.store.lock().map_err(|_| "the store is poisoned".to_string())?;
		// See what an `import` or `delete` beside this process changed: before each list, and
		// when an item asked for is not known yet.
		let known = match &request.want {
			Want::List => false,
			Want::Item { id } => store.items().any(|i| &i.id == id),
		};
		if !known {
			store.reload().map_err(|e| format!("the store cannot read its items: {e}"))?;
		}
		match &request.want {
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
					.ok_or_else(|| format!("no item {id} in category {}", request.category))?;
				let data = store.read(id).map_err(|e| e.to_string())?;
				Ok(Response::Item { id: info.id, name: info.name, data: STANDARD.encode(data) })
			},
		}
	}
}

/// Serve `store` to buyers on `listen` for `member`, checking grants and consents against the
/// chain behind `api`. Calls `ready` with the addresses it listens on (each ending in
/// `/p2p/<peer id>`) once listening, then runs until the task is dropped.
pub async fn serve(
	store: Arc<Mutex<Store>>,
	dir: &Path,
	api: chain::Api,
	member: AccountId32,
	listen: Multiaddr,
	ready: impl FnOnce(Vec<Multiaddr>) + Send,
) -> Result<(), Error> {
	let key = node_key(dir)?;
	let peer = key.public().to_peer_id();
	let mut swarm = swarm(key)?;
	swarm
		.listen_on(listen.clone())
		.map_err(|e| Error::Input(format!("cannot listen on {listen}: {e}")))?;
	let checker = Checker::start(api, member).await?;
	let host = Arc::new(Host {
		dir: dir.to_path_buf(),
		peer,
		store,
		checker,
		nonces: Mutex::new(Nonces::open(dir)),
	});
	let (answers, mut answered) = tokio::sync::mpsc::unbounded_channel();
	let mut ready = Some(ready);
	loop {
		tokio::select! {
			event = swarm.select_next_some() => match event {
				SwarmEvent::NewListenAddr { address, .. } => {
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

/// A buyer's connection to stores.
pub struct Client {
	swarm: Swarm<Behaviour>,
}

impl Client {
	/// A client with a fresh network identity.
	pub fn new() -> Result<Self, Error> {
		Ok(Self { swarm: swarm(identity::Keypair::generate_ed25519())? })
	}

	/// Send `request` to the store at `address` (ending in `/p2p/<peer id>`) and wait for its
	/// answer.
	pub async fn ask(&mut self, address: &Multiaddr, request: Request) -> Result<Response, Error> {
		let peer = peer_of(address)?;
		self.swarm.add_peer_address(peer, address.clone());
		let id = self.swarm.behaviour_mut().fetch.send_request(&peer, request);
		loop {
			match self.swarm.select_next_some().await {
				SwarmEvent::Behaviour(BehaviourEvent::Fetch(
					request_response::Event::Message {
						message: request_response::Message::Response { request_id, response },
						..
					},
				)) if request_id == id => return Ok(response),
				SwarmEvent::Behaviour(BehaviourEvent::Fetch(
					request_response::Event::OutboundFailure { request_id, error, .. },
				)) if request_id == id => return Err(Error::Input(format!("store {peer}: {error}"))),
				_ => {},
			}
		}
	}
}

/// The peer id at the end of a store address.
pub fn peer_of(address: &Multiaddr) -> Result<PeerId, Error> {
	match address.iter().last() {
		Some(libp2p::multiaddr::Protocol::P2p(peer)) => Ok(peer),
		_ => Err(Error::Input(format!("{address} does not end in /p2p/<peer id>"))),
	}
}
