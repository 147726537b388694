//! `coop`: the DataCoop command for members and buyers.
//!
//! It talks to any DataCoop node over JSON-RPC with subxt, reading the runtime's metadata, and
//! signs with sr25519 keys given as secret URIs or mnemonics, as polkadot.js and subkey take
//! them (`//Alice` on a dev chain). It never links the runtime: calls and storage are found by
//! name in the metadata.

pub mod contract;
pub mod fetch;

use std::str::FromStr;

use clap::{Args, Parser, Subcommand};
use serde_json::json;
use subxt::{
	dynamic::{self, At, Value},
	utils::AccountId32,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// What went wrong, in one line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// The input does not make sense.
	#[error("{0}")]
	Input(String),
	/// The node or the chain refused or failed.
	#[error("{0}")]
	Chain(String),
}

fn chain<E: std::fmt::Display>(e: E) -> Error {
	Error::Chain(e.to_string())
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
		datacoop_client::keys::signer(self.suri.as_deref(), self.keystore.as_deref())
			.map_err(|e| Error::Input(e.to_string()))
	}
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
	/// The signer's address and free balance.
	Account,
	/// Join an open co-op.
	Join {
		/// The co-op.
		coop: u32,
	},
	/// Leave a co-op (always possible).
	Leave {
		/// The co-op.
		coop: u32,
	},
	/// Consent: give, list, withdraw, pool sizes.
	#[command(subcommand)]
	Consent(ConsentCommand),
	/// Commit to the data of one category in your store: Merkle root, item count, byte size.
	Commit {
		/// The co-op.
		#[arg(long)]
		coop: u32,
		/// The data category code.
		#[arg(long)]
		category: u16,
		/// The Merkle root over salted item hashes, 32 bytes in hex.
		#[arg(long)]
		root: String,
		/// Number of items.
		#[arg(long)]
		items: u32,
		/// Total size in bytes.
		#[arg(long)]
		bytes: u64,
	},
	/// Access offers with their pools.
	Offers,
	/// Buy access through an offer.
	Buy {
		/// The offer.
		offer: u32,
		/// The most you agree to pay, in the smallest unit (the offer's price if left out).
		#[arg(long)]
		max_price: Option<u128>,
	},
	/// Your grants: what you bought, and until when.
	Grants,
	/// Fetch the data a grant covers from the contributing members' stores, into
	/// `<out>/<member>/<category>/<name>`, with a progress bar.
	Fetch {
		/// The grant (`coop grants` lists yours).
		grant: u64,
		/// The folder to write into.
		#[arg(long, default_value = "fetched")]
		out: std::path::PathBuf,
	},
	/// Access contracts: deploy one for an offer, read its terms, buy through it.
	#[command(subcommand)]
	Contract(ContractCommand),
	/// Your data store: `coop store <command>` runs `datacoop-store <command>` (init, import,
	/// list, read, delete, export, register, receipt, receipts, access-log, serve); see
	/// `coop store help`.
	#[command(disable_help_flag = true)]
	Store {
		/// The store command and its arguments.
		#[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
		args: Vec<String>,
	},
	/// Collect your royalties from an offer's pool.
	Claim {
		/// The offer.
		offer: u32,
	},
	/// Found a co-op whose bylaws are the document in `--bylaws` (the chain keeps its hash).
	Found(FoundArgs),
	/// Propose a decision to a co-op you are a member of.
	Propose {
		/// The co-op.
		coop: u32,
		#[command(subcommand)]
		what: Proposal,
	},
	/// Vote on a proposal: aye, nay or abstain.
	Vote {
		/// The proposal.
		proposal: u32,
		/// aye, nay or abstain.
		choice: String,
	},
	/// Close a proposal whose vote is over or whose outcome is certain; a carried proposal's
	/// calls are dispatched with the co-op's origin.
	Close {
		/// The proposal.
		proposal: u32,
		/// If the outcome is certain but the bylaws' minimum voting time has not passed, wait
		/// for it instead of being refused.
		#[arg(long)]
		wait: bool,
	},
	/// Open proposals (of one co-op with `--coop`).
	Proposals {
		/// Only this co-op's.
		#[arg(long)]
		coop: Option<u32>,
	},
	/// Every version of a co-op's bylaws.
	Bylaws {
		/// The co-op.
		coop: u32,
	},
}

/// A new co-op: its founding members and bylaws.
#[derive(Debug, Args)]
pub struct FoundArgs {
	/// Other founding members (SS58), comma separated.
	#[arg(long, value_delimiter = ',')]
	pub members: Vec<String>,
	#[command(flatten)]
	pub bylaws: BylawsArgs,
}

/// A bylaws document and the voting parameters it sets.
#[derive(Debug, Args)]
pub struct BylawsArgs {
	/// The bylaws document; the chain keeps its blake2-256 hash.
	#[arg(long)]
	pub bylaws: std::path::PathBuf,
	/// Share of members who must vote, percent.
	#[arg(long, default_value_t = 50)]
	pub quorum: u32,
	/// Share of ayes that carries an ordinary proposal, percent.
	#[arg(long, default_value_t = 50)]
	pub approval: u32,
	/// Share of ayes to amend the bylaws, percent.
	#[arg(long, default_value_t = 66)]
	pub amendment: u32,
	/// Share of ayes to expel a member, percent.
	#[arg(long, default_value_t = 75)]
	pub expulsion: u32,
	/// Blocks a vote stays open.
	#[arg(long, default_value_t = 20)]
	pub voting_period: u32,
	/// Blocks a vote stays open at least, however certain its outcome (at most the voting
	/// period).
	#[arg(long, default_value_t = 5)]
	pub min_voting_period: u32,
	/// Blocks a newcomer is a member before they may propose and vote.
	#[arg(long, default_value_t = 10)]
	pub maturity: u32,
	/// open, vote, or invitation:N (N vouches).
	#[arg(long, default_value = "open")]
	pub admission: String,
	/// The co-op's share of data sales, percent.
	#[arg(long, default_value_t = 10)]
	pub revenue_share: u32,
	/// Number of purpose codes the bylaws define.
	#[arg(long, default_value_t = 4)]
	pub purposes: u16,
	/// Number of data-category codes the bylaws define.
	#[arg(long, default_value_t = 6)]
	pub categories: u16,
}

/// What a proposal asks the co-op to do.
#[derive(Debug, Subcommand)]
pub enum Proposal {
	/// Publish an access offer.
	Offer {
		/// The purpose code.
		#[arg(long)]
		purpose: u16,
		/// The data category codes, comma separated.
		#[arg(long, value_delimiter = ',', required = true)]
		categories: Vec<u16>,
		/// Price per purchase, in the smallest unit.
		#[arg(long)]
		price: u128,
		/// Blocks of access per purchase.
		#[arg(long)]
		duration: u32,
		/// Fewest contributing members for a purchase to settle.
		#[arg(long, default_value_t = 1)]
		min_contributors: u32,
		/// The terms document; the chain keeps its hash.
		#[arg(long)]
		terms: Option<std::path::PathBuf>,
	},
	/// Pause, reopen or close an offer: paused, open or closed.
	OfferState {
		/// The offer.
		offer: u32,
		/// open, paused or closed.
		state: String,
	},
	/// Admit an applicant.
	Admit {
		/// The applicant (SS58).
		who: String,
	},
	/// Expel a member (needs the expulsion threshold).
	Expel {
		/// The member (SS58).
		who: String,
	},
	/// Change the price tiers and cap of an access contract the co-op owns.
	ContractTerms {
		/// The contract (0x and 40 hex digits).
		#[arg(long)]
		contract: String,
		/// A price tier, `PRICE:BLOCKS`; repeat for more tiers.
		#[arg(long = "tier", required = true)]
		tiers: Vec<contract::TierArg>,
		/// The most sales; no cap if left out.
		#[arg(long)]
		cap: Option<u32>,
	},
	/// Turn an access contract's allow-list on or off, adding or removing buyers.
	ContractAllowList {
		/// The contract (0x and 40 hex digits).
		#[arg(long)]
		contract: String,
		/// on or off.
		#[arg(long)]
		state: String,
		/// Buyers to add (SS58, comma separated).
		#[arg(long, value_delimiter = ',')]
		add: Vec<String>,
		/// Buyers to remove (SS58, comma separated).
		#[arg(long, value_delimiter = ',')]
		remove: Vec<String>,
	},
	/// Adopt a new version of the bylaws (needs the amendment threshold).
	Bylaws(BylawsArgs),
}

/// Access contract commands.
#[derive(Debug, Subcommand)]
pub enum ContractCommand {
	/// Deploy an access contract (the `access_offer.polkavm` that `scripts/build-contracts.sh`
	/// builds) selling an offer, owned by the co-op that published the offer.
	Deploy {
		/// The contract code (`.polkavm`).
		#[arg(long)]
		code: std::path::PathBuf,
		/// The owner co-op: only its votes change the terms.
		#[arg(long)]
		coop: u32,
		/// The market offer the contract sells.
		#[arg(long)]
		offer: u32,
		/// A price tier, `PRICE:BLOCKS` (price in the smallest unit, at least the offer's;
		/// blocks at most the offer's); repeat for more tiers.
		#[arg(long = "tier", required = true)]
		tiers: Vec<contract::TierArg>,
		/// The most sales the contract makes.
		#[arg(long)]
		cap: Option<u32>,
		/// Only these buyers (SS58, comma separated) may buy; anyone if left out.
		#[arg(long, value_delimiter = ',')]
		allow: Option<Vec<String>>,
		/// What the deployer gives the contract (smallest unit) for the grant deposits its
		/// sales hold: the contract, not the buyer, holds each one until its grant is pruned,
		/// when it comes back to the contract. The default, 1 DCOOP, covers 100 sales at once.
		#[arg(long, default_value_t = 1_000_000_000_000)]
		deposits: u128,
	},
	/// The terms a contract sells on.
	Terms {
		/// The contract (0x and 40 hex digits).
		contract: String,
	},
	/// Buy access through a contract, paying the tier's price; the grant is yours.
	Buy {
		/// The contract (0x and 40 hex digits).
		contract: String,
		/// The price tier (`coop contract terms` lists them).
		#[arg(long, default_value_t = 0)]
		tier: u32,
	},
}

/// Who a consent is for.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct GranteeArg {
	/// One buyer account (SS58).
	#[arg(long)]
	pub buyer: Option<String>,
	/// The buyers of one offer of the co-op.
	#[arg(long)]
	pub offer: Option<u32>,
}

/// Consent commands.
#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
	/// Give consent through a co-op.
	Give {
		/// The co-op.
		#[arg(long)]
		coop: u32,
		#[command(flatten)]
		grantee: GranteeArg,
		/// The purpose code.
		#[arg(long)]
		purpose: u16,
		/// The data category codes, comma separated.
		#[arg(long, value_delimiter = ',', required = true)]
		categories: Vec<u16>,
		/// The first block at which the consent no longer holds.
		#[arg(long)]
		expires: Option<u32>,
		/// The consent receipt your store keeps; the chain keeps its blake2-256 hash.
		#[arg(long)]
		receipt: Option<std::path::PathBuf>,
	},
	/// Your consents.
	List,
	/// Withdraw a consent, at once.
	Withdraw {
		/// The consent number.
		consent: u32,
	},
	/// Members with a live consent for a grantee, purpose and category.
	Pool {
		/// The co-op.
		#[arg(long)]
		coop: u32,
		#[command(flatten)]
		grantee: GranteeArg,
		/// The purpose code.
		#[arg(long)]
		purpose: u16,
		/// The category code.
		#[arg(long)]
		category: u16,
	},
}

/// What a command reports: a line for people, a value for scripts.
pub struct Report {
	/// For people.
	pub text: String,
	/// For scripts.
	pub json: serde_json::Value,
}

fn call(pallet: &str, name: &str, fields: Vec<(&str, Value)>) -> Value {
	Value::unnamed_variant(pallet, [Value::named_variant(name, fields)])
}

/// An offer's pool as JSON: amounts as decimal strings (they exceed JSON's safe integers).
fn pool_json(pool: &Value) -> serde_json::Value {
	let field = |name: &str| pool.at(name).and_then(|v| v.as_u128()).unwrap_or(0).to_string();
	json!({
		"contributors": pool.at("contributors").and_then(|v| v.as_u128()).unwrap_or(0),
		"total_weight": field("total_weight"),
		"paid": field("paid"),
		"to_treasury": field("to_treasury"),
		"received": field("received"),
		"claimed": field("claimed"),
	})
}

fn account(text: &str) -> Result<AccountId32, Error> {
	AccountId32::from_str(text).map_err(|_| Error::Input(format!("not an SS58 address: {text}")))
}

fn file_hash(path: &std::path::Path) -> Result<[u8; 32], Error> {
	let data = std::fs::read(path)
		.map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))?;
	Ok(sp_crypto_hashing::blake2_256(&data))
}

fn percent(value: u32) -> Result<Value, Error> {
	if value > 100 {
		return Err(Error::Input(format!("{value}% is more than 100%")));
	}
	Ok(Value::unnamed_composite([Value::u128(u128::from(value) * 10_000_000)]))
}

fn proposal_call(what: Proposal) -> Result<Value, Error> {
	Ok(match what {
		Proposal::Offer { purpose, categories, price, duration, min_contributors, terms } => {
			let terms = terms.map(|t| file_hash(&t)).transpose()?.unwrap_or([0; 32]);
			call(
				"Market",
				"publish_offer",
				vec![
					("purpose", Value::u128(purpose.into())),
					(
						"categories",
						Value::unnamed_composite(
							categories.iter().map(|c| Value::u128((*c).into())),
						),
					),
					("price", Value::u128(price)),
					("duration", Value::u128(duration.into())),
					("min_contributors", Value::u128(min_contributors.into())),
					("terms", Value::from_bytes(terms)),
				],
			)
		},
		Proposal::OfferState { offer, state } => {
			let state = match state.as_str() {
				"open" => "Open",
				"paused" => "Paused",
				"closed" => "Closed",
				other => {
					return Err(Error::Input(format!(
						"state is open, paused or closed, not {other}"
					)))
				},
			};
			call(
				"Market",
				"set_offer_state",
				vec![
					("offer", Value::u128(offer.into())),
					("state", Value::unnamed_variant(state, [])),
				],
			)
		},
		Proposal::Admit { who } => {
			call("Coops", "admit", vec![("applicant", Value::from_bytes(account(&who)?.0))])
		},
		Proposal::Expel { who } => {
			call("Coops", "expel", vec![("member", Value::from_bytes(account(&who)?.0))])
		},
		Proposal::ContractTerms { contract: address, tiers, cap } => contract::voted_call(
			contract::parse_address(&address)?,
			contract::set_terms_input(&tiers, cap)?,
		),
		Proposal::ContractAllowList { contract: address, state, add, remove } => {
			let enabled = match state.as_str() {
				"on" => true,
				"off" => false,
				other => return Err(Error::Input(format!("state is on or off, not {other}"))),
			};
			let accounts =
				|list: &[String]| list.iter().map(|a| account(a)).collect::<Result<Vec<_>, _>>();
			contract::voted_call(
				contract::parse_address(&address)?,
				contract::set_allow_list_input(enabled, &accounts(&add)?, &accounts(&remove)?),
			)
		},
		Proposal::Bylaws(args) => call(
			"Bylaws",
			"amend",
			vec![
				("document", Value::from_bytes(file_hash(&args.bylaws)?)),
				("params", bylaws_params(&args)?),
			],
		),
	})
}

/// The on-chain parameters `args` set.
fn bylaws_params(args: &BylawsArgs) -> Result<Value, Error> {
	let admission = match args.admission.split_once(':') {
		None if args.admission == "open" => Value::unnamed_variant("Open", []),
		None if args.admission == "vote" => Value::unnamed_variant("Vote", []),
		Some(("invitation", n)) => {
			let vouches: u32 = n.parse().map_err(|_| Error::Input(format!("not a number: {n}")))?;
			Value::named_variant("Invitation", [("vouches", Value::u128(vouches.into()))])
		},
		_ => return Err(Error::Input("admission is open, vote or invitation:N".into())),
	};
	Ok(Value::named_composite([
		("quorum", percent(args.quorum)?),
		("approval", percent(args.approval)?),
		("amendment_approval", percent(args.amendment)?),
		("expulsion_approval", percent(args.expulsion)?),
		("voting_period", Value::u128(args.voting_period.into())),
		("min_voting_period", Value::u128(args.min_voting_period.into())),
		("membership_maturity", Value::u128(args.maturity.into())),
		("admission", admission),
		("revenue_share", percent(args.revenue_share)?),
		("max_members", Value::unnamed_variant("None", [])),
		(
			"vocabulary",
			Value::named_composite([
				("purposes", Value::u128(args.purposes.into())),
				("categories", Value::u128(args.categories.into())),
			]),
		),
	]))
}

fn grantee(arg: &GranteeArg) -> Result<Value, Error> {
	match (&arg.buyer, arg.offer) {
		(Some(buyer), None) => {
			let account = AccountId32::from_str(buyer)
				.map_err(|_| Error::Input(format!("not an SS58 address: {buyer}")))?;
			Ok(Value::unnamed_variant("Buyer", [Value::from_bytes(account.0)]))
		},
		(None, Some(offer)) => Ok(Value::unnamed_variant("Offer", [Value::u128(offer.into())])),
		_ => Err(Error::Input("name either --buyer or --offer".into())),
	}
}

fn hex32(text: &str) -> Result<[u8; 32], Error> {
	let mut bytes = [0u8; 32];
	hex::decode_to_slice(text.trim_start_matches("0x"), &mut bytes)
		.map_err(|_| Error::Input(format!("not 32 bytes of hex: {text}")))?;
	Ok(bytes)
}

/// A connection to a node, with the signer if one was given.
pub struct Client {
	api: OnlineClient<PolkadotConfig>,
	signer: Option<Keypair>,
}

impl Client {
	/// Connect to `url`, signing with `signer` if given.
	pub async fn connect(url: &str, signer: Option<Keypair>) -> Result<Self, Error> {
		let api = OnlineClient::<PolkadotConfig>::from_insecure_url(url)
			.await
			.map_err(|e| Error::Chain(format!("cannot reach {url}: {e}")))?;
		Ok(Self { api, signer })
	}

	fn signer(&self) -> Result<&Keypair, Error> {
		self.signer
			.as_ref()
			.ok_or_else(|| Error::Input("this needs a signer: --suri or --keystore".into()))
	}

	fn me(&self) -> Result<AccountId32, Error> {
		Ok(AccountId32(self.signer()?.public_key().0))
	}

	/// Sign `call` and wait until it is finalized; report its events.
	async fn submit(&self, call: Value) -> Result<Report, Error> {
		let Value { value, .. } = call;
		let subxt::ext::scale_value::ValueDef::Variant(pallet) = value else {
			return Err(Error::Input("not a call".into()));
		};
		let Some(inner) = pallet.values.into_values().next() else {
			return Err(Error::Input("not a call".into()));
		};
		let subxt::ext::scale_value::ValueDef::Variant(function) = inner.value else {
			return Err(Error::Input("not a call".into()));
		};
		let fields: Vec<Value> = function.values.into_values().collect();
		let tx = dynamic::transaction(pallet.name.clone(), function.name.clone(), fields);
		let names = datacoop_client::chain::submit(&self.api, self.signer()?, &tx)
			.await
			.map_err(chain)?;
		Ok(Report {
			text: format!("{}.{} finalized: {}", pallet.name, function.name, names.join(", ")),
			json: json!({ "call": format!("{}.{}", pallet.name, function.name), "events": names }),
		})
	}

	async fn fetch(
		&self,
		pallet: &str,
		entry: &str,
		keys: Vec<Value>,
	) -> Result<Option<Value>, Error> {
		let at = self.api.at_current_block().await.map_err(chain)?;
		let value = at
			.storage()
			.try_fetch(dynamic::storage::<Vec<Value>, Value>(pallet, entry), keys)
			.await
			.map_err(chain)?;
		value.map(|v| v.decode().map_err(chain)).transpose()
	}

	/// Every entry of map `pallet.entry` under the key parts `prefix`: the `u32` key part at
	/// position `index` (the entry's own number), and the value.
	async fn entries(
		&self,
		pallet: &str,
		entry: &str,
		prefix: Vec<Value>,
		index: usize,
	) -> Result<Vec<(u32, Value)>, Error> {
		let at = self.api.at_current_block().await.map_err(chain)?;
		let address = dynamic::storage::<Vec<Value>, Value>(pallet, entry);
		let mut stream = at.storage().iter(address, prefix).await.map_err(chain)?;
		let mut found = Vec::new();
		while let Some(item) = stream.next().await {
			let item = item.map_err(chain)?;
			let id = item
				.key()
				.map_err(chain)?
				.part(index)
				.and_then(|p| p.decode_as::<u32>().ok().flatten())
				.unwrap_or_default();
			found.push((id, item.value().decode().map_err(chain)?));
		}
		found.sort_by_key(|(id, _)| *id);
		Ok(found)
	}

	/// The grants `buyer` holds, by number.
	async fn my_grants(
		&self,
		at: &datacoop_client::chain::AtBlock,
		buyer: &AccountId32,
	) -> Result<Vec<(u64, datacoop_client::chain::Grant)>, Error> {
		let mut mine = Vec::new();
		for (id, _) in self.entries("Market", "Grants", Vec::new(), 0).await? {
			let id = u64::from(id);
			if let Some(g) = datacoop_client::chain::grant(at, id).await.map_err(chain)? {
				if &g.buyer == buyer {
					mine.push((id, g));
				}
			}
		}
		Ok(mine)
	}

	/// Run `command`.
	pub async fn run(&self, command: Command) -> Result<Report, Error> {
		match command {
			Command::Account => {
				let me = self.me()?;
				let account =
					self.fetch("System", "Account", vec![Value::from_bytes(me.0)]).await?;
				let free =
					account.as_ref().and_then(|a| a.at("data")?.at("free")?.as_u128()).unwrap_or(0);
				let evm = contract::hex(&contract::address_of(&me));
				Ok(Report {
					text: format!(
						"{me}: {} DCOOP free; contract address {evm}",
						free as f64 / 1e12
					),
					json: json!({ "address": me.to_string(), "free": free.to_string(), "contract_address": evm }),
				})
			},
			Command::Join { coop } => {
				self.submit(call("Coops", "join", vec![("coop", Value::u128(coop.into()))]))
					.await
			},
			Command::Leave { coop } => {
				self.submit(call("Coops", "leave", vec![("coop", Value::u128(coop.into()))]))
					.await
			},
			Command::Consent(ConsentCommand::Give {
				coop,
				grantee: g,
				purpose,
				categories,
				expires,
				receipt,
			}) => {
				let receipt = match receipt {
					Some(path) => {
						sp_crypto_hashing::blake2_256(&std::fs::read(&path).map_err(|e| {
							Error::Input(format!("cannot read {}: {e}", path.display()))
						})?)
					},
					None => [0u8; 32],
				};
				let expires = match expires {
					Some(block) => Value::unnamed_variant("Some", [Value::u128(block.into())]),
					None => Value::unnamed_variant("None", []),
				};
				self.submit(call(
					"Consent",
					"give",
					vec![
						("coop", Value::u128(coop.into())),
						("grantee", grantee(&g)?),
						("purpose", Value::u128(purpose.into())),
						(
							"categories",
							Value::unnamed_composite(
								categories.iter().map(|c| Value::u128((*c).into())),
							),
						),
						("expires", expires),
						("receipt", Value::from_bytes(receipt)),
					],
				))
				.await
			},
			Command::Consent(ConsentCommand::Withdraw { consent }) => {
				self.submit(call(
					"Consent",
					"withdraw",
					vec![("consent", Value::u128(consent.into()))],
				))
				.await
			},
			Command::Consent(ConsentCommand::List) => {
				let me = self.me()?;
				let (mut lines, mut list) = (Vec::new(), Vec::new());
				for (id, record) in
					self.entries("Consent", "Consents", vec![Value::from_bytes(me.0)], 1).await?
				{
					lines.push(format!("#{id}: {record}"));
					list.push(
						json!({ "consent": id, "record": serde_json::to_value(&record).map_err(chain)? }),
					);
				}
				Ok(Report { text: lines.join("\n"), json: json!(list) })
			},
			Command::Consent(ConsentCommand::Pool { coop, grantee: g, purpose, category }) => {
				let at = self.api.at_current_block().await.map_err(chain)?;
				let size: u32 = at
					.runtime_apis()
					.call(dynamic::runtime_api_call::<_, u32>(
						"ConsentApi",
						"consent_pool_size",
						(coop, grantee(&g)?, purpose, category),
					))
					.await
					.map_err(chain)?;
				Ok(Report { text: format!("{size} members"), json: json!({ "pool": size }) })
			},
			Command::Commit { coop, category, root, items, bytes } => {
				self.submit(call(
					"Consent",
					"commit",
					vec![
						("coop", Value::u128(coop.into())),
						("category", Value::u128(category.into())),
						("root", Value::from_bytes(hex32(&root)?)),
						("items", Value::u128(items.into())),
						("bytes", Value::u128(bytes.into())),
					],
				))
				.await
			},
			Command::Offers => {
				let (mut lines, mut list) = (Vec::new(), Vec::new());
				for (id, offer) in self.entries("Market", "Offers", Vec::new(), 0).await? {
					let pool = self.fetch("Market", "Pools", vec![Value::u128(id.into())]).await?;
					let contributors =
						pool.as_ref().and_then(|p| p.at("contributors")?.as_u128()).unwrap_or(0);
					lines.push(format!("offer {id}: {offer}; {contributors} contributing members"));
					list.push(json!({
						"offer": id,
						"terms": serde_json::to_value(&offer).map_err(chain)?,
						"contributors": contributors,
						"pool": pool.as_ref().map(pool_json),
					}));
				}
				if lines.is_empty() {
					lines.push("no offers".into());
				}
				Ok(Report { text: lines.join("\n"), json: json!(list) })
			},
			Command::Buy { offer, max_price } => {
				let price = match max_price {
					Some(p) => p,
					None => self
						.fetch("Market", "Offers", vec![Value::u128(offer.into())])
						.await?
						.and_then(|o| o.at("price")?.as_u128())
						.ok_or_else(|| Error::Input(format!("no offer {offer}")))?,
				};
				let mut report = self
					.submit(call(
						"Market",
						"purchase",
						vec![
							("offer", Value::u128(offer.into())),
							("max_price", Value::u128(price)),
						],
					))
					.await?;
				let me = self.me()?;
				let at = self.api.at_current_block().await.map_err(chain)?;
				let mine = self.my_grants(&at, &me).await?;
				if let Some((grant, _)) = mine.iter().rev().find(|(_, g)| g.offer == offer) {
					report.text.push_str(&format!(
						"\ngrant {grant}: fetch the data with `coop fetch {grant}`"
					));
					report.json["grant"] = json!(grant);
				}
				Ok(report)
			},
			Command::Grants => {
				let me = self.me()?;
				let at = self.api.at_current_block().await.map_err(chain)?;
				let now = at.block_number();
				let (mut lines, mut list) = (Vec::new(), Vec::new());
				for (id, g) in self.my_grants(&at, &me).await? {
					let state = if now < g.expires { "valid" } else { "expired" };
					lines.push(format!(
						"grant {id}: offer {} of co-op {}, {state} until block {}",
						g.offer, g.coop, g.expires
					));
					list.push(json!({ "grant": id, "offer": g.offer, "coop": g.coop, "expires": g.expires, "valid": now < g.expires }));
				}
				if lines.is_empty() {
					lines.push("no grants".into());
				}
				Ok(Report { text: lines.join("\n"), json: json!(list) })
			},
			Command::Fetch { grant, out } => {
				crate::fetch::fetch(&self.api, self.signer()?, grant, &out).await
			},
			Command::Contract(ContractCommand::Deploy {
				code,
				coop,
				offer,
				tiers,
				cap,
				allow,
				deposits,
			}) => {
				let allow = allow
					.map(|list| list.iter().map(|a| account(a)).collect::<Result<Vec<_>, _>>())
					.transpose()?;
				self.deploy_contract(&code, coop, offer, &tiers, cap, allow, deposits).await
			},
			Command::Contract(ContractCommand::Terms { contract: address }) => {
				self.show_terms(contract::parse_address(&address)?).await
			},
			Command::Contract(ContractCommand::Buy { contract: address, tier }) => {
				self.buy_through_contract(contract::parse_address(&address)?, tier).await
			},
			Command::Store { .. } => {
				Err(Error::Input("`coop store` runs without a node connection".into()))
			},
			Command::Claim { offer } => {
				self.submit(call("Market", "claim", vec![("offer", Value::u128(offer.into()))]))
					.await
			},
			Command::Found(args) => {
				let members: Result<Vec<Value>, Error> =
					args.members.iter().map(|m| Ok(Value::from_bytes(account(m)?.0))).collect();
				self.submit(call(
					"Coops",
					"found",
					vec![
						("members", Value::unnamed_composite(members?)),
						("document", Value::from_bytes(file_hash(&args.bylaws.bylaws)?)),
						("params", bylaws_params(&args.bylaws)?),
					],
				))
				.await
			},
			Command::Propose { coop, what } => {
				self.submit(call(
					"Governance",
					"propose",
					vec![
						("coop", Value::u128(coop.into())),
						("calls", Value::unnamed_composite([proposal_call(what)?])),
					],
				))
				.await
			},
			Command::Vote { proposal, choice } => {
				let choice = match choice.as_str() {
					"aye" => "Aye",
					"nay" => "Nay",
					"abstain" => "Abstain",
					other => {
						return Err(Error::Input(format!("vote aye, nay or abstain, not {other}")))
					},
				};
				self.submit(call(
					"Governance",
					"vote",
					vec![
						("proposal", Value::u128(proposal.into())),
						("choice", Value::unnamed_variant(choice, [])),
					],
				))
				.await
			},
			Command::Close { proposal, wait } => {
				let open = self
					.fetch("Governance", "Proposals", vec![Value::u128(proposal.into())])
					.await?
					.ok_or_else(|| Error::Input(format!("no open proposal {proposal}")))?;
				let early = open.at("early_close_from").and_then(|v| v.as_u128()).unwrap_or(0);
				if wait {
					// The close is included in a later block than the one seen now.
					while u128::from(
						self.api.at_current_block().await.map_err(chain)?.block_number(),
					) + 1 < early
					{
						tokio::time::sleep(std::time::Duration::from_millis(500)).await;
					}
				}
				let weight = open
					.at("call_weight")
					.ok_or_else(|| Error::Chain("proposal without a weight".into()))?;
				let part = |name: &str| weight.at(name).and_then(|v| v.as_u128()).unwrap_or(0);
				self.submit(call(
					"Governance",
					"close",
					vec![
						("proposal", Value::u128(proposal.into())),
						(
							"weight_bound",
							Value::named_composite([
								("ref_time", Value::u128(part("ref_time"))),
								("proof_size", Value::u128(part("proof_size"))),
							]),
						),
					],
				))
				.await
			},
			Command::Proposals { coop } => {
				let (mut lines, mut list) = (Vec::new(), Vec::new());
				for (id, record) in self.entries("Governance", "Proposals", Vec::new(), 0).await? {
					let of = record.at("coop").and_then(|c| c.as_u128());
					if coop.is_some_and(|c| Some(u128::from(c)) != of) {
						continue;
					}
					let tally = record.at("tally").map(|t| t.to_string()).unwrap_or_default();
					lines
						.push(format!("proposal {id} (co-op {}): {tally}", of.unwrap_or_default()));
					list.push(
						json!({ "proposal": id, "record": serde_json::to_value(&record).map_err(chain)? }),
					);
				}
				if lines.is_empty() {
					lines.push("no open proposals".into());
				}
				Ok(Report { text: lines.join("\n"), json: json!(list) })
			},
			Command::Bylaws { coop } => {
				let (mut lines, mut list) = (Vec::new(), Vec::new());
				for (version, record) in
					self.entries("Bylaws", "Versions", vec![Value::u128(coop.into())], 1).await?
				{
					lines.push(format!("version {version}: {record}"));
					list.push(
						json!({ "version": version, "record": serde_json::to_value(&record).map_err(chain)? }),
					);
				}
				if lines.is_empty() {
					return Err(Error::Input(format!("no co-op {coop}")));
				}
				Ok(Report { text: lines.join("\n"), json: json!(list) })
			},
		}
	}
}
