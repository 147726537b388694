//! The store's command line, shared by `datacoop-store` and `coop store`.

use std::{
	path::{Path, PathBuf},
	sync::{Arc, Mutex},
};

use clap::{Args, Parser, Subcommand};

use datacoop_client::{chain, keys};

use crate::{Error, Store};

/// A member's personal data store: encrypted at rest, crash-safe, committed to on chain, served
/// to buyers over libp2p only as the chain's grants and the member's consents allow.
#[derive(Debug, Parser)]
#[command(name = "datacoop-store", version, about)]
pub struct Cli {
	/// The store's folder.
	#[arg(long, global = true, default_value = "datacoop-store")]
	pub dir: PathBuf,
	/// Print JSON instead of text.
	#[arg(long, global = true)]
	pub json: bool,
	#[command(subcommand)]
	pub command: Command,
}

/// The chain and the member's key, for the commands that use them.
#[derive(Debug, Args, Clone)]
pub struct ChainArgs {
	/// The node to talk to [default: `COOP_URL`, else ws://127.0.0.1:9944].
	#[arg(long)]
	pub url: Option<String>,
	/// Your secret URI or mnemonic [default: `COOP_SURI`].
	#[arg(long)]
	pub suri: Option<String>,
	/// Your keystore file (JSON as polkadot.js exports it) [default: `COOP_KEYSTORE`];
	/// the password comes from `COOP_PASSWORD` or the prompt.
	#[arg(long)]
	pub keystore: Option<PathBuf>,
}

impl ChainArgs {
	fn url(&self) -> String {
		self.url
			.clone()
			.or_else(|| std::env::var("COOP_URL").ok())
			.unwrap_or_else(|| "ws://127.0.0.1:9944".into())
	}

	fn key(&self) -> Result<subxt_signer::sr25519::Keypair, Error> {
		keys::signer(self.suri.as_deref(), self.keystore.as_deref())?
			.ok_or_else(|| Error::Input("this needs your key: --suri or --keystore".into()))
	}

	/// What the chain keeps about the member ([`chain::history`]), on the current block.
	fn history(&self) -> Result<serde_json::Value, Error> {
		let key = self.key()?;
		Ok(runtime()?.block_on(async {
			let api = chain::connect(&self.url()).await?;
			let at = api
				.at_current_block()
				.await
				.map_err(|e| datacoop_client::Error::Chain(e.to_string()))?;
			chain::history(&at, &keys::account(&key)).await
		})?)
	}
}

/// The passphrase of the store in `dir` if its member key is wrapped: `COOP_STORE_PASSPHRASE`,
/// else typed at the prompt. `None` for a key from before wrapping.
fn passphrase(dir: &Path) -> Result<Option<String>, Error> {
	if !Store::is_wrapped(dir)? {
		return Ok(None);
	}
	if let Ok(passphrase) = std::env::var("COOP_STORE_PASSPHRASE") {
		return Ok(Some(passphrase));
	}
	let prompt = format!("passphrase of the store in {}: ", dir.display());
	rpassword::prompt_password(prompt).map(Some).map_err(|e| {
		Error::Passphrase(format!(
			"{} is wrapped under a passphrase: set COOP_STORE_PASSPHRASE or run it at a terminal \
			 ({e})",
			dir.display()
		))
	})
}

/// A new passphrase: `variable` if set, else typed twice at the prompt.
fn new_passphrase(variable: &str) -> Result<String, Error> {
	if let Ok(passphrase) = std::env::var(variable) {
		return Ok(passphrase);
	}
	let typed = |prompt: &str| {
		rpassword::prompt_password(prompt).map_err(|e| {
			Error::Passphrase(format!(
				"no passphrase: set {variable} or run it at a terminal ({e})"
			))
		})
	};
	let first = typed("new passphrase for the store: ")?;
	if typed("the same again: ")? != first {
		return Err(Error::Passphrase("the two passphrases differ".into()));
	}
	Ok(first)
}

/// The store in `dir`, opened with its passphrase.
fn open_store(dir: &Path) -> Result<Store, Error> {
	Store::open(dir, passphrase(dir)?.as_deref())
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
	/// Create a store with a fresh member key, wrapped under a passphrase
	/// (`COOP_STORE_PASSPHRASE`, else typed twice at the prompt): a copy of the folder alone
	/// decrypts nothing.
	Init,
	/// Set or change the passphrase the member key is wrapped under: the current one as every
	/// command takes it, the new one from `COOP_STORE_NEW_PASSPHRASE` or typed twice. Wraps a
	/// store from before passphrases.
	Passphrase,
	/// Replace the member key itself with a fresh one, wrapped under the current passphrase:
	/// every item key file and receipt is re-sealed under it (the items' data is not touched),
	/// so an old copy of `member.key` opens none of the current key files. Not while `serve`
	/// or another command has the store open.
	RotateKey,
	/// Import files (CSV, JSON, any blob) into a data category, kept for one co-op: only that
	/// co-op's grants are ever served them.
	Import {
		/// The co-op the files are kept for.
		#[arg(long)]
		coop: u32,
		/// The data category code.
		#[arg(long)]
		category: u16,
		/// The files.
		#[arg(required = true)]
		files: Vec<PathBuf>,
	},
	/// The items: id, co-op, category, name, size.
	List,
	/// Keep items for a co-op from now on: items imported before stores kept co-ops apart are
	/// served to nobody until assigned. Register both co-ops' commitments again afterwards.
	Assign {
		/// The co-op.
		#[arg(long)]
		coop: u32,
		/// The items.
		#[arg(required = true)]
		ids: Vec<String>,
	},
	/// Print an item's content.
	Read {
		/// The item.
		id: String,
	},
	/// Delete an item for good (its key goes first: crypto-shredding). With `--register`, the
	/// commitment of its co-op and category on chain is updated (or removed with the last item).
	Delete {
		/// The item.
		id: String,
		/// Update the commitment on chain.
		#[arg(long)]
		register: bool,
		#[command(flatten)]
		chain: ChainArgs,
	},
	/// Write every item in the clear, with a manifest, into a folder. With `--history`, also
	/// what the chain keeps about you (every consent and its versions, commitments, store
	/// address) in `chain.json`.
	Export {
		/// The folder.
		dest: PathBuf,
		/// Add your on-chain history.
		#[arg(long)]
		history: bool,
		#[command(flatten)]
		chain: ChainArgs,
	},
	/// The commitment to the items kept for a co-op in a category: Merkle root, items, bytes.
	Commitment {
		/// The co-op.
		#[arg(long)]
		coop: u32,
		/// The data category code.
		#[arg(long)]
		category: u16,
	},
	/// Register the commitment to the items kept for a co-op in a category on chain
	/// (`consent.commit`), signed with your key.
	Register {
		/// The co-op you are a member of.
		#[arg(long)]
		coop: u32,
		/// The data category code.
		#[arg(long)]
		category: u16,
		#[command(flatten)]
		chain: ChainArgs,
	},
	/// Keep a consent receipt (the document whose hash `coop consent give --receipt` puts on
	/// chain), sealed under the member key.
	Receipt {
		/// The receipt document.
		file: PathBuf,
	},
	/// The kept consent receipts, with the on-chain consents that carry each one's hash.
	Receipts {
		/// Match against the chain too.
		#[arg(long)]
		chain_check: bool,
		#[command(flatten)]
		chain: ChainArgs,
	},
	/// Every request buyers made to this store, served or refused, and why.
	AccessLog,
	/// Serve the member's JSON-RPC API on loopback (token in `<dir>/api.token`) and, with
	/// `--p2p`, buyers over libp2p, until interrupted. The store's address is registered on
	/// chain (`consent.set_store_address`) so buyers find it.
	Serve {
		/// Where the member API listens (loopback only).
		#[arg(long, default_value = "127.0.0.1:9955")]
		listen: std::net::SocketAddr,
		/// Where buyers connect (a libp2p multiaddr such as `/ip4/0.0.0.0/tcp/30555`).
		#[arg(long)]
		p2p: Option<libp2p::Multiaddr>,
		/// The address to register on chain, if not the one listened on (behind NAT, a DNS
		/// name); `/p2p/<peer id>` is added.
		#[arg(long, requires = "p2p")]
		public: Option<libp2p::Multiaddr>,
		/// Items served to a buyer (across all their grants) ahead of their delivery receipts:
		/// what the store risks if the buyer stops acknowledging. `coop fetch` sends a receipt
		/// with every request, so 1 costs it nothing.
		#[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
		batch: u64,
		/// Serve nothing while the latest finalized block the store has seen is older than
		/// this many seconds (by its timestamp, or by how long the store has held it, whichever
		/// is longer): the store cannot know what members withdrew since.
		#[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
		max_lag: u64,
		/// Requests a second one peer may send (twice that at once); more are refused unread
		/// and counted, not logged one by one.
		#[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
		peer_rate: u32,
		/// Incoming buyer connections at once (two per peer at most).
		#[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u32).range(1..))]
		max_connections: u32,
		/// Serve Prometheus metrics at `http://<ADDR>/metrics` (requests served and refused by
		/// reason, bytes served, check latency, the finalized view's block and age).
		#[arg(long, requires = "p2p")]
		metrics: Option<std::net::SocketAddr>,
		#[command(flatten)]
		follow: Follow,
		#[command(flatten)]
		chain: ChainArgs,
	},
}

/// How `serve` learns the chain state it decides on: checked by a light client, or believed
/// from a node the member runs. Serving buyers (`--p2p`) takes one of the two.
#[derive(Debug, Args, Clone)]
pub struct Follow {
	/// Check the chain with an embedded light client, from this raw chain spec
	/// (`datacoop-node export-chain-spec --chain <chain> --raw`): grants, consents and
	/// commitments come with storage proofs and GRANDPA finality it verifies itself, so no
	/// node can make the store serve what the chain does not allow.
	/// The light client dials the spec's nodes and `--bootnode`s, never `--url`.
	#[arg(long, requires = "p2p", conflicts_with = "url")]
	pub chain_spec: Option<PathBuf>,
	/// Believe the node at `--url` without checking: for a node the member runs themselves.
	#[arg(long, conflicts_with = "chain_spec", requires = "p2p")]
	pub trusted_rpc: bool,
	/// A node for the light client to dial (`/ip4/…/tcp/…/p2p/<peer id>`), besides the chain
	/// spec's boot nodes; repeatable.
	#[arg(long = "bootnode", requires = "chain_spec")]
	pub bootnodes: Vec<String>,
}

impl Follow {
	/// The chain, as the member chose to follow it.
	async fn connect(&self, args: &ChainArgs) -> Result<chain::Api, Error> {
		match &self.chain_spec {
			Some(path) => {
				let spec = std::fs::read_to_string(path).map_err(|e| {
					Error::Input(format!("cannot read the chain spec {}: {e}", path.display()))
				})?;
				tracing::info!(spec = %path.display(), "following the chain with a light client");
				if let Some(url) = &args.url {
					tracing::info!(%url, "not reading the chain from the node at --url");
				}
				Ok(chain::connect_light(&spec, &self.bootnodes).await?)
			},
			None if !self.trusted_rpc => Err(Error::Input(
				"serving buyers needs a chain the store can check: --chain-spec <raw chain spec> \
				 (a light client that verifies what it reads), or --trusted-rpc to believe the \
				 node at --url (one you run yourself)"
					.into(),
			)),
			None => {
				let url = args.url();
				tracing::warn!(%url, "believing the node without checking (--trusted-rpc)");
				Ok(chain::connect_following(&url).await?)
			},
		}
	}
}

impl Command {
	/// The chain arguments of a command that talks to the chain: where a caller (`coop store`)
	/// fills in its own `--url`, `--suri` and `--keystore` as defaults.
	pub fn chain_mut(&mut self) -> Option<&mut ChainArgs> {
		match self {
			Self::Delete { chain, .. }
			| Self::Export { chain, .. }
			| Self::Register { chain, .. }
			| Self::Receipts { chain, .. }
			| Self::Serve { chain, .. } => Some(chain),
			Self::Init
			| Self::Passphrase
			| Self::RotateKey
			| Self::Import { .. }
			| Self::List
			| Self::Assign { .. }
			| Self::Read { .. }
			| Self::Commitment { .. }
			| Self::Receipt { .. }
			| Self::AccessLog => None,
		}
	}
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
	tokio::runtime::Runtime::new().map_err(|source| Error::Io { path: "runtime".into(), source })
}

/// `entries` as a JSON array, or as text: one `line` each, or `empty` if there are none.
fn listing<T: serde::Serialize>(
	json: bool,
	entries: &[T],
	empty: &str,
	line: impl Fn(&T) -> String,
) -> String {
	if json {
		serde_json::json!(entries).to_string()
	} else if entries.is_empty() {
		empty.into()
	} else {
		entries.iter().map(line).collect::<Vec<_>>().join("\n")
	}
}

/// Run `cli`; returns what to print.
pub fn run(cli: Cli) -> Result<String, Error> {
	let json = cli.json;
	let dir = cli.dir;
	Ok(match cli.command {
		Command::Init => {
			Store::init(&dir, &new_passphrase("COOP_STORE_PASSPHRASE")?)?;
			format!(
				"store created in {}, its member key wrapped under your passphrase",
				dir.display()
			)
		},
		Command::Passphrase => {
			let old = passphrase(&dir)?;
			Store::set_passphrase(
				&dir,
				old.as_deref(),
				&new_passphrase("COOP_STORE_NEW_PASSPHRASE")?,
			)?;
			format!("the member key of {} is wrapped under the new passphrase", dir.display())
		},
		Command::RotateKey => {
			let current = passphrase(&dir)?.ok_or_else(|| {
				Error::Input("the member key is not wrapped yet: run `passphrase` first".into())
			})?;
			let mut store = Store::open(&dir, Some(&current))?;
			let resealed = store.rotate(&current)?;
			format!("a new member key: {resealed} item keys and receipts re-sealed under it")
		},
		Command::Import { coop, category, files } => {
			let mut store = open_store(&dir)?;
			let mut imported = Vec::new();
			for file in files {
				let data = std::fs::read(&file)
					.map_err(|source| Error::Io { path: file.clone(), source })?;
				let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("item").to_string();
				imported.push(store.import(coop, category, &name, &data)?);
			}
			if json {
				serde_json::json!(imported).to_string()
			} else {
				imported
					.iter()
					.map(|i| format!("{} {} ({} bytes)", i.id, i.name, i.size))
					.collect::<Vec<_>>()
					.join("\n")
			}
		},
		Command::List => {
			let store = open_store(&dir)?;
			let items: Vec<_> = store.items().collect();
			listing(json, &items, "no items", |i| {
				let coop = i.coop.map_or_else(|| "none (assign it)".into(), |c| c.to_string());
				format!(
					"{} co-op {coop} category {} {} ({} bytes)",
					i.id, i.category, i.name, i.size
				)
			})
		},
		Command::Assign { coop, ids } => {
			let mut store = open_store(&dir)?;
			let mut assigned = Vec::new();
			for id in &ids {
				assigned.push(store.assign(id, coop)?);
			}
			if json {
				serde_json::json!(assigned).to_string()
			} else {
				format!(
					"{} items kept for co-op {coop}: register its commitments again",
					assigned.len()
				)
			}
		},
		Command::Read { id } => {
			let data = open_store(&dir)?.read(&id)?;
			use std::io::Write;
			let mut out = std::io::stdout().lock();
			out.write_all(&data)
				.and_then(|_| out.flush())
				.map_err(|source| Error::Io { path: "stdout".into(), source })?;
			String::new()
		},
		Command::Delete { id, register, chain: args } => {
			let mut store = open_store(&dir)?;
			let kept = store.items().find(|i| i.id == id).map(|i| (i.coop, i.category));
			store.delete(&id)?;
			let mut text = format!("{id} deleted");
			if let (true, Some((Some(coop), category))) = (register, kept) {
				let key = args.key()?;
				let events = runtime()?.block_on(async {
					let api = chain::connect(&args.url()).await?;
					match store.commitment(coop, category) {
						Ok(c) if c.items > 0 => {
							chain::register(&api, &key, coop, category, (c.root, c.items, c.bytes))
								.await
						},
						_ => {
							let tx = datacoop_client::runtime::tx()
								.consent()
								.remove_commitment(coop, category);
							chain::submit(&api, &key, &tx).await
						},
					}
				})?;
				text.push_str(&format!("; commitment updated: {}", events.join(", ")));
			}
			text
		},
		Command::Export { dest, history, chain: args } => {
			let n = open_store(&dir)?.export(&dest)?;
			if history {
				let record = args.history()?;
				let bytes = serde_json::to_vec_pretty(&record)
					.map_err(|e| Error::Corrupt(e.to_string()))?;
				crate::write_atomic(&dest.join("chain.json"), &bytes)?;
				format!("{n} items and your on-chain history exported to {}", dest.display())
			} else {
				format!("{n} items exported to {}", dest.display())
			}
		},
		Command::Register { coop, category, chain: args } => {
			let key = args.key()?;
			let commitment = open_store(&dir)?.commitment(coop, category)?;
			let events = runtime()?.block_on(async {
				let api = chain::connect(&args.url()).await?;
				chain::register(
					&api,
					&key,
					coop,
					category,
					(commitment.root, commitment.items, commitment.bytes),
				)
				.await
			})?;
			format!(
				"registered {} items, {} bytes: {}",
				commitment.items,
				commitment.bytes,
				events.join(", ")
			)
		},
		Command::Commitment { coop, category } => {
			let c = open_store(&dir)?.commitment(coop, category)?;
			let root = format!("0x{}", hex::encode(c.root));
			if json {
				serde_json::json!({ "root": root, "items": c.items, "bytes": c.bytes }).to_string()
			} else {
				format!("root {root} items {} bytes {}", c.items, c.bytes)
			}
		},
		Command::Receipt { file } => {
			let document =
				std::fs::read(&file).map_err(|source| Error::Io { path: file.clone(), source })?;
			let hash = open_store(&dir)?.keep_receipt(&document)?;
			format!("receipt 0x{} kept", hex::encode(hash))
		},
		Command::Receipts { chain_check, chain: args } => {
			let store = open_store(&dir)?;
			let receipts = store.receipts()?;
			let consents = if chain_check {
				args.history()?["consents"].as_array().cloned().unwrap_or_default()
			} else {
				Vec::new()
			};
			let list: Vec<_> = receipts
				.iter()
				.map(|(hash, document)| {
					let hex = format!("0x{}", hex::encode(hash));
					let on_chain: Vec<_> = consents
						.iter()
						.filter(|c| c["receipt"] == serde_json::json!(hex))
						.filter_map(|c| c["consent"].as_u64())
						.collect();
					serde_json::json!({ "receipt": hex, "document": String::from_utf8_lossy(document), "consents": on_chain })
				})
				.collect();
			listing(json, &list, "no receipts", |r| {
				format!(
					"{} consents {}: {}",
					r["receipt"].as_str().unwrap_or(""),
					r["consents"],
					r["document"].as_str().unwrap_or("")
				)
			})
		},
		Command::AccessLog => {
			let log = crate::p2p::access_log(&dir)?;
			listing(json, &log, "no requests", |e| {
				let under = match e.shared {
					Some((coop, purpose)) => {
						format!("shared in co-op {coop} for purpose {purpose}")
					},
					None => format!("grant {}", e.grant),
				};
				format!(
					"{} {} {under} category {} {}: {} ({})",
					e.at, e.buyer, e.category, e.want, e.outcome, e.detail
				)
			})
		},
		Command::Serve {
			listen,
			p2p,
			public,
			batch,
			max_lag,
			peer_rate,
			max_connections,
			metrics,
			follow,
			chain: args,
		} => {
			let store = Arc::new(Mutex::new(open_store(&dir)?));
			let limits = crate::p2p::Limits {
				batch,
				max_lag: std::time::Duration::from_secs(max_lag),
				peer_rate,
				max_connections,
			};
			let listening = Listening { listen, p2p, public, limits, metrics };
			runtime()?.block_on(serve(store, &dir, listening, follow, args))?;
			String::new()
		},
	})
}

/// Where and how `serve` listens.
struct Listening {
	listen: std::net::SocketAddr,
	p2p: Option<libp2p::Multiaddr>,
	public: Option<libp2p::Multiaddr>,
	limits: crate::p2p::Limits,
	metrics: Option<std::net::SocketAddr>,
}

async fn serve(
	store: Arc<Mutex<Store>>,
	dir: &Path,
	Listening { listen, p2p, public, limits, metrics }: Listening,
	follow: Follow,
	args: ChainArgs,
) -> Result<(), Error> {
	let (handle, addr) = crate::api::serve(Arc::clone(&store), dir, listen).await?;
	println!("member API on http://{addr} (token in {})", dir.join("api.token").display());
	let Some(p2p) = p2p else {
		tokio::select! {
			_ = handle.clone().stopped() => {},
			_ = tokio::signal::ctrl_c() => { let _ = handle.stop(); },
		}
		return Ok(());
	};
	let key = args.key()?;
	let api = follow.connect(&args).await?;
	let (tx, rx) = tokio::sync::oneshot::channel();
	let at = crate::p2p::Listen { p2p, metrics };
	let host = crate::p2p::serve(store, dir, api.clone(), key.clone(), limits, at, move |addrs| {
		let _ = tx.send(addrs);
	});
	tokio::pin!(host);
	let listening = tokio::select! {
		addrs = rx => addrs.map_err(|_| Error::Input("the libp2p host stopped".into()))?,
		outcome = &mut host => return outcome,
	};
	let peer = crate::p2p::node_key(dir)?.public().to_peer_id();
	let announced = match public {
		Some(address) => address
			.with_p2p(peer)
			.map_err(|a| Error::Input(format!("{a} names another peer")))?,
		None => listening.first().cloned().ok_or_else(|| Error::Input("not listening".into()))?,
	};
	// A transaction of the same key still unfinalized (a redemption, a restart's leftover)
	// makes the first try outdated: try again once it is final.
	let mut attempt = 0;
	let events = loop {
		match chain::announce(&api, &key, &announced.to_string()).await {
			Ok(events) => break events,
			Err(e) if attempt < 5 => {
				attempt += 1;
				tracing::warn!(error = %e, attempt, "cannot announce the store yet");
				tokio::time::sleep(std::time::Duration::from_secs(6)).await;
			},
			Err(e) => return Err(e.into()),
		}
	};
	println!(
		"buyers reach this store at {announced}{}",
		if events.is_empty() { String::new() } else { format!(" ({})", events.join(", ")) }
	);
	tokio::select! {
		outcome = &mut host => outcome,
		_ = handle.clone().stopped() => Ok(()),
		_ = tokio::signal::ctrl_c() => { let _ = handle.stop(); Ok(()) },
	}
}
