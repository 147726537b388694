//! `coop`: the DataCoop command for members, buyers and operators.
//!
//! It talks to any DataCoop node over JSON-RPC through the typed chain client
//! (`datacoop-client`, generated from the runtime's metadata) and signs with sr25519 keys given
//! as secret URIs, mnemonics or wallet keystore files (`//Alice` on a dev chain).
//!
//! One file per area under [`commands`], each with its clap arguments and its `run`, as subxt's
//! own CLI is laid out; [`args`] parses the values commands take (addresses, hashes, shares,
//! choices), so bad input is refused before anything is signed.

pub mod args;
pub mod commands;

use clap::{Parser, Subcommand};
use datacoop_client::{
	chain::{self, Api, AtBlock},
	keys, AccountId32, Keypair,
};
use serde_json::json;
use subxt::transactions::Payload;

use commands::{account, bylaws, consent, contract, coops, fetch, governance, market, store};

/// What went wrong, in one line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// The input does not make sense.
	#[error("{0}")]
	Input(String),
	/// The node or the chain refused or failed.
	#[error(transparent)]
	Chain(#[from] datacoop_client::Error),
	/// A member's store refused or failed.
	#[error(transparent)]
	Store(#[from] datacoop_store::Error),
}

impl Error {
	/// The chain answered something `coop` cannot use.
	pub(crate) fn chain(e: impl std::fmt::Display) -> Self {
		Self::Chain(datacoop_client::Error::Chain(e.to_string()))
	}
}

/// The DataCoop command for members and buyers.
#[derive(Debug, Parser)]
#[command(name = "coop", version, about)]
pub struct Cli {
	/// The node to talk to [default: `COOP_URL`, else ws://127.0.0.1:9944].
	#[arg(long, global = true)]
	pub url: Option<String>,
	/// The signer: a secret URI or mnemonic (`//Alice`, `"word word ... //derivation"`)
	/// [default: `COOP_SURI`].
	#[arg(long, global = true)]
	pub suri: Option<String>,
	/// The signer from a keystore file, JSON as polkadot.js, Talisman and SubWallet export it
	/// [default: `COOP_KEYSTORE`]; the password comes from `COOP_PASSWORD` or the prompt.
	#[arg(long, global = true)]
	pub keystore: Option<std::path::PathBuf>,
	/// Print JSON instead of text.
	#[arg(long, global = true)]
	pub json: bool,
	#[command(subcommand)]
	pub command: Command,
}

impl Cli {
	/// The node URL: `--url`, else `COOP_URL`, else the local node.
	pub fn node_url(&self) -> String {
		self.url
			.clone()
			.or_else(|| std::env::var("COOP_URL").ok())
			.unwrap_or_else(|| "ws://127.0.0.1:9944".into())
	}

	/// The signer: `--suri` or `--keystore`, else `COOP_SURI` or `COOP_KEYSTORE`.
	pub fn signer(&self) -> Result<Option<Keypair>, Error> {
		Ok(keys::signer(self.suri.as_deref(), self.keystore.as_deref())?)
	}
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
	/// The signer's address and free balance.
	Account,
	/// Join an open co-op.
	Join(coops::Join),
	/// Leave a co-op (always possible).
	Leave(coops::Leave),
	/// Found a co-op whose bylaws are the document in `--bylaws` (the chain keeps its hash).
	Found(coops::Found),
	/// Consent: give, list, withdraw, pool sizes.
	#[command(subcommand)]
	Consent(consent::Command),
	/// Commit to the data of one category in your store: Merkle root, item count, byte size.
	Commit(consent::Commit),
	/// Report a commitment its member's own store lists fewer items under (you get its
	/// deposit); `coop fetch` prints the command.
	ReportCommitment(consent::ReportCommitment),
	/// Access offers with their pools.
	Offers,
	/// Buy access through an offer.
	Buy(market::Buy),
	/// Your grants: what you bought, and until when.
	Grants,
	/// Fetch the data a grant covers from the contributing members' stores, into
	/// `<out>/<member>/<category>/<name>`, with a progress bar.
	Fetch(fetch::Fetch),
	/// Fetch what a member shares with you directly (their consent given to your account,
	/// `consent give --buyer`): free, no grant, into `<out>/<member>/<category>/<name>`.
	FetchShared(fetch::FetchShared),
	/// As a buyer, sign a delivery receipt for a member's store (`coop fetch` does this itself).
	Receipt(market::SignReceipt),
	/// As a member, redeem a buyer's delivery receipt: be paid for the items it acknowledges.
	Redeem(market::Redeem),
	/// Collect royalties earned by sales from before settlement by delivery.
	Claim(market::Claim),
	/// Access contracts: deploy one for an offer, read its terms, buy through it.
	#[command(subcommand)]
	Contract(contract::Command),
	/// Propose a decision to a co-op you are a member of.
	Propose(governance::Propose),
	/// Vote on a proposal: aye, nay or abstain.
	Vote(governance::Vote),
	/// Close a proposal whose vote is over or whose outcome is certain; a carried proposal's
	/// calls are dispatched with the co-op's origin.
	Close(governance::Close),
	/// Open proposals (of one co-op with `--coop`).
	Proposals(governance::Proposals),
	/// Every version of a co-op's bylaws.
	Bylaws(bylaws::Versions),
	/// Your data store: `coop store <command>` runs `datacoop-store <command>` (init, import,
	/// list, read, delete, export, register, receipt, receipts, access-log, serve); see
	/// `coop store help`.
	#[command(disable_help_flag = true)]
	Store(store::Store),
}

/// What a command reports: a line for people, a value for scripts.
pub struct Report {
	/// For people.
	pub text: String,
	/// For scripts.
	pub json: serde_json::Value,
}

impl Report {
	/// A list, one line per entry, or `empty` when there is none.
	pub(crate) fn list(lines: Vec<String>, json: Vec<serde_json::Value>, empty: &str) -> Self {
		let text = if lines.is_empty() { empty.to_string() } else { lines.join("\n") };
		Self { text, json: json!(json) }
	}
}

/// A connection to a node, with the signer if one was given.
pub struct Client {
	api: Api,
	signer: Option<Keypair>,
}

impl Client {
	/// Connect to `url`, signing with `signer` if given.
	pub async fn connect(url: &str, signer: Option<Keypair>) -> Result<Self, Error> {
		Ok(Self { api: chain::connect(url).await?, signer })
	}

	/// The node connection.
	pub fn api(&self) -> &Api {
		&self.api
	}

	/// The signer, or why a command that signs cannot run.
	pub fn signer(&self) -> Result<&Keypair, Error> {
		self.signer
			.as_ref()
			.ok_or_else(|| Error::Input("this needs a signer: --suri or --keystore".into()))
	}

	/// The signer's account.
	pub fn me(&self) -> Result<AccountId32, Error> {
		Ok(keys::account(self.signer()?))
	}

	/// The chain at the best block.
	pub async fn at(&self) -> Result<AtBlock, Error> {
		self.api.at_current_block().await.map_err(Error::chain)
	}

	/// Sign `call` and wait until it is finalized; report its events.
	pub async fn submit(&self, call: impl Payload) -> Result<Report, Error> {
		let name = format!("{}.{}", call.pallet_name(), call.call_name());
		let events = chain::submit(&self.api, self.signer()?, &call).await?;
		Ok(Report {
			text: format!("{name} finalized: {}", events.join(", ")),
			json: json!({ "call": name, "events": events }),
		})
	}

	/// Run `command`.
	pub async fn run(&self, command: Command) -> Result<Report, Error> {
		match command {
			Command::Account => account::run(self).await,
			Command::Join(args) => args.run(self).await,
			Command::Leave(args) => args.run(self).await,
			Command::Found(args) => args.run(self).await,
			Command::Consent(command) => command.run(self).await,
			Command::Commit(args) => args.run(self).await,
			Command::ReportCommitment(args) => args.run(self).await,
			Command::Offers => market::offers(self).await,
			Command::Buy(args) => args.run(self).await,
			Command::Grants => market::grants(self).await,
			Command::Fetch(args) => args.run(self).await,
			Command::FetchShared(args) => args.run(self).await,
			Command::Receipt(args) => args.run(self).await,
			Command::Redeem(args) => args.run(self).await,
			Command::Claim(args) => args.run(self).await,
			Command::Contract(command) => command.run(self).await,
			Command::Propose(args) => args.run(self).await,
			Command::Vote(args) => args.run(self).await,
			Command::Close(args) => args.run(self).await,
			Command::Proposals(args) => args.run(self).await,
			Command::Bylaws(args) => args.run(self).await,
			Command::Store(_) => {
				Err(Error::Input("`coop store` runs without a node connection".into()))
			},
		}
	}
}

/// The blake2-256 hash of the file at `path`: how the chain refers to documents.
pub(crate) fn file_hash(path: &std::path::Path) -> Result<[u8; 32], Error> {
	let data = std::fs::read(path)
		.map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))?;
	Ok(sp_crypto_hashing::blake2_256(&data))
}

/// A chain value as JSON, for `--json` output.
pub(crate) fn json_of(value: &impl serde::Serialize) -> Result<serde_json::Value, Error> {
	serde_json::to_value(value).map_err(Error::chain)
}

/// Logs on standard error, filtered by `RUST_LOG` (`RUST_LOG=debug coop fetch 0` shows every
/// request to a store); by default only DataCoop's own warnings.
pub fn logging() {
	use tracing_subscriber::EnvFilter;
	let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
		EnvFilter::new("off,datacoop_cli=warn,datacoop_client=warn,datacoop_store=warn")
	});
	let _ = tracing_subscriber::fmt()
		.with_env_filter(filter)
		.with_writer(std::io::stderr)
		.try_init();
}

#[cfg(test)]
mod tests {
	use clap::{CommandFactory, Parser};

	use super::*;

	fn refused(args: &[&str]) -> String {
		let argv = std::iter::once("coop").chain(args.iter().copied());
		match Cli::try_parse_from(argv) {
			Ok(cli) => panic!("{args:?} parsed: {cli:?}"),
			Err(e) => e.to_string(),
		}
	}

	#[test]
	fn the_command_line_is_well_formed() {
		Cli::command().debug_assert();
	}

	#[test]
	fn bad_values_are_refused_before_anything_is_signed() {
		assert!(refused(&["vote", "0", "maybe"]).contains("aye"));
		assert!(refused(&["propose", "0", "offer-state", "0", "shut"]).contains("paused"));
		assert!(refused(&["found", "--bylaws", "b.md", "--quorum", "101"]).contains("100%"));
		assert!(refused(&["found", "--bylaws", "b.md", "--admission", "lottery"])
			.contains("invitation:N"));
		assert!(refused(&["found", "--bylaws", "b.md", "--members", "5nope"]).contains("SS58"));
		let commit =
			["commit", "--coop", "0", "--category", "1", "--items", "1", "--bytes", "1", "--root"];
		assert!(refused(&[&commit[..], &["0x12"]].concat()).contains("32 bytes"));
		assert!(refused(&["contract", "terms", "0x1234"]).contains("40 hex digits"));
		assert!(refused(&["consent", "pool", "--coop", "0", "--purpose", "0", "--category", "1"])
			.contains("--buyer"));
	}

	#[test]
	fn store_commands_inherit_coops_chain_arguments_without_the_environment() {
		let cli = Cli::try_parse_from([
			"coop", "--url", "ws://10.0.0.1:9944", "--suri", "//Bob", "store", "--dir", "s",
			"register", "--coop", "0", "--category", "1",
		])
		.expect("parses");
		let Command::Store(args) = cli.command else { panic!("a store command") };
		let inherited =
			store::Inherited { url: cli.url, suri: cli.suri, keystore: None, json: false };
		let mut store_cli = args.parse(inherited).expect("the store parses it");
		let chain = store_cli.command.chain_mut().expect("register talks to the chain");
		assert_eq!(chain.url.as_deref(), Some("ws://10.0.0.1:9944"));
		assert_eq!(chain.suri.as_deref(), Some("//Bob"));
	}
}
