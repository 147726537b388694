//! The serving side: the store's network key, the swarm that listens for buyers, the answer to
//! each request the checker admits, and the access log where every request goes.

use std::{
	path::{Path, PathBuf},
	sync::{Arc, Mutex},
};

use base64::{engine::general_purpose::STANDARD, Engine};
use futures::StreamExt;
use libp2p::{identity, request_response, swarm::SwarmEvent, Multiaddr, PeerId};
use serde::{Deserialize, Serialize};
use subxt::utils::AccountId32;

use datacoop_client::chain;

use super::{
	checker::{Checker, Nonces, Refusal},
	now_secs,
	protocol::{swarm, BehaviourEvent, Listed, Request, Response, Want},
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

/// What the host needs to answer requests.
struct Host {
	dir: PathBuf,
	peer: PeerId,
	store: Arc<Mutex<Store>>,
	checker: Arc<Checker>,
	nonces: Mutex<Nonces>,
}

impl Host {
	/// The answer to `request` from `peer`, once it is in the access log.
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

	/// What `request` gets if the checker admits it.
	async fn decide(&self, request: &Request) -> Result<Response, Refusal> {
		self.checker.admit(request, &self.peer, &self.nonces).await?;
		let mut store = self.store.lock().map_err(|_| Refusal::StorePoisoned)?;
		// See what an `import` or `delete` beside this process changed: before each list, and
		// when an item asked for is not known yet.
		let known = match &request.want {
			Want::List => false,
			Want::Item { id } => store.items().any(|i| &i.id == id),
		};
		if !known {
			store.reload().map_err(|e| Refusal::ItemsUnreadable(e.to_string()))?;
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
