//! `datacoop-store`: a member's data store on the command line. Errors end in one `Error:` line
//! and exit 1.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use datacoop_store::{Error, Store};

/// A member's personal data store: encrypted at rest, crash-safe, committed to on chain.
#[derive(Parser)]
#[command(name = "datacoop-store", version, about)]
struct Cli {
	/// The store's folder.
	#[arg(long, default_value = "datacoop-store")]
	dir: PathBuf,
	/// Print JSON instead of text.
	#[arg(long, global = true)]
	json: bool,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Create a store with a fresh member key.
	Init,
	/// Import files (CSV, JSON, any blob) into a data category.
	Import {
		/// The data category code.
		#[arg(long)]
		category: u16,
		/// The files.
		#[arg(required = true)]
		files: Vec<PathBuf>,
	},
	/// The items: id, category, name, size.
	List,
	/// Print an item's content.
	Read {
		/// The item.
		id: String,
	},
	/// Delete an item for good (its key goes first: crypto-shredding).
	Delete {
		/// The item.
		id: String,
	},
	/// Write every item in the clear, with a manifest, into a folder.
	Export {
		/// The folder.
		dest: PathBuf,
	},
	/// The commitment to a category: Merkle root, items, bytes (register it with `coop commit`).
	Commitment {
		/// The data category code.
		#[arg(long)]
		category: u16,
	},
	/// Register a category's commitment on chain (`consent.commit`), signed with your key.
	Register {
		/// The co-op you are a member of.
		#[arg(long)]
		coop: u32,
		/// The data category code.
		#[arg(long)]
		category: u16,
		/// The node to talk to.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		url: String,
		/// Your secret URI or mnemonic [default: `COOP_SURI`].
		#[arg(long)]
		suri: Option<String>,
	},
	/// Serve the member's JSON-RPC API on a loopback address, protected by the token in
	/// `<dir>/api.token`, until interrupted.
	Serve {
		/// Where to listen (loopback only).
		#[arg(long, default_value = "127.0.0.1:9955")]
		listen: std::net::SocketAddr,
	},
}

fn run(cli: Cli) -> Result<String, Error> {
	let json = cli.json;
	Ok(match cli.command {
		Command::Init => {
			Store::init(&cli.dir)?;
			format!("store created in {}", cli.dir.display())
		},
		Command::Import { category, files } => {
			let mut store = Store::open(&cli.dir)?;
			let mut imported = Vec::new();
			for file in files {
				let data = std::fs::read(&file).map_err(|source| Error::Io { path: file.clone(), source })?;
				let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("item").to_string();
				imported.push(store.import(category, &name, &data)?);
			}
			if json {
				serde_json::json!(imported).to_string()
			} else {
				imported.iter().map(|i| format!("{} {} ({} bytes)", i.id, i.name, i.size)).collect::<Vec<_>>().join("\n")
			}
		},
		Command::List => {
			let store = Store::open(&cli.dir)?;
			let items: Vec<_> = store.items().collect();
			if json {
				serde_json::json!(items).to_string()
			} else if items.is_empty() {
				"no items".into()
			} else {
				items
					.iter()
					.map(|i| format!("{} category {} {} ({} bytes)", i.id, i.category, i.name, i.size))
					.collect::<Vec<_>>()
					.join("\n")
			}
		},
		Command::Read { id } => {
			let data = Store::open(&cli.dir)?.read(&id)?;
			use std::io::Write;
			let mut out = std::io::stdout().lock();
			out.write_all(&data)
				.and_then(|_| out.flush())
				.map_err(|source| Error::Io { path: "stdout".into(), source })?;
			return Ok(String::new());
		},
		Command::Delete { id } => {
			Store::open(&cli.dir)?.delete(&id)?;
			format!("{id} deleted")
		},
		Command::Export { dest } => {
			let n = Store::open(&cli.dir)?.export(&dest)?;
			format!("{n} items exported to {}", dest.display())
		},
		Command::Register { coop, category, url, suri } => {
			let suri = suri
				.or_else(|| std::env::var("COOP_SURI").ok())
				.ok_or_else(|| Error::Corrupt("this needs your key: --suri".into()))?;
			let commitment = Store::open(&cli.dir)?.commitment(category)?;
			let runtime = tokio::runtime::Runtime::new()
				.map_err(|source| Error::Io { path: "runtime".into(), source })?;
			let events = runtime.block_on(datacoop_store::chain::register(&url, &suri, coop, category, commitment))?;
			format!("registered {} items, {} bytes: {}", commitment.items, commitment.bytes, events.join(", "))
		},
		Command::Serve { listen } => {
			let store = Store::open(&cli.dir)?;
			let runtime = tokio::runtime::Runtime::new()
				.map_err(|source| Error::Io { path: "runtime".into(), source })?;
			runtime.block_on(async {
				let (handle, addr) = datacoop_store::api::serve(store, &cli.dir, listen).await?;
				println!("member API on http://{addr} (token in {})", cli.dir.join("api.token").display());
				tokio::select! {
					_ = handle.clone().stopped() => {},
					_ = tokio::signal::ctrl_c() => { let _ = handle.stop(); },
				}
				Ok::<_, Error>(())
			})?;
			return Ok(String::new());
		},
		Command::Commitment { category } => {
			let c = Store::open(&cli.dir)?.commitment(category)?;
			let root: String = c.root.iter().map(|b| format!("{b:02x}")).collect();
			if json {
				serde_json::json!({ "root": format!("0x{root}"), "items": c.items, "bytes": c.bytes }).to_string()
			} else {
				format!("root 0x{root} items {} bytes {}", c.items, c.bytes)
			}
		},
	})
}

fn main() {
	match run(Cli::parse()) {
		Ok(text) if text.is_empty() => {},
		Ok(text) => println!("{text}"),
		Err(e) => {
			eprintln!("Error: {e}");
			std::process::exit(1);
		},
	}
}
