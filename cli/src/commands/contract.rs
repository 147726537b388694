//! `coop contract`: access contracts (`access_offer`, ink! 6 on pallet-revive). Deploy one for
//! an offer, read its terms, buy through it; and the calls a co-op votes on to change its terms.
//!
//! Every call is dry-run first through the runtime's `ReviveApi`, so a refusal is reported by
//! name (`NotAllowed`, `MarketRefused`, ...) before anything is signed, and the weight and
//! storage deposit limits of the real transaction come from the dry run.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use codec::{Decode, Encode};
use datacoop_client::{
	runtime::{
		self,
		runtime_types::{
			datacoop_runtime::RuntimeCall,
			pallet_governance::pallet::Call as GovernanceCall,
			pallet_revive::pallet::Call as ReviveCall,
			pallet_revive_types::runtime_api::types::contract::{
				CodeV1, ExecReturnValueV1, StorageDepositV1,
			},
			sp_runtime::DispatchError,
			sp_weights::weight_v2::Weight,
		},
	},
	AccountId32,
};
use serde_json::json;
use subxt::utils::H160;

use super::market::latest_grant;
use crate::{args, args::Tier, Client, Error, Report};

/// 18-decimal contract units per native unit.
pub const NATIVE_TO_ETH: u128 = 1_000_000;

/// Refusals of `access_offer`, in the order of its `Error` enum.
const CONTRACT_ERRORS: [&str; 7] = [
	"NotOwner", "NoSuchTier", "WrongPayment", "NotAllowed", "SoldOut", "BadTerms", "MarketRefused",
];

/// Weight limit of a contract call a co-op votes on (it cannot be dry-run as the co-op's
/// account before the vote ends): 20 ms and 1 MiB of proof, far above what `set_terms` uses.
const VOTED_CALL_WEIGHT: Weight = Weight { ref_time: 20_000_000_000, proof_size: 1024 * 1024 };
/// Storage deposit limit of a voted contract call: 1 token.
const VOTED_CALL_DEPOSIT: u128 = 1_000_000_000_000;
/// The `REVERT` flag of a contract's return.
const REVERT: u32 = 1;

/// Access contract commands.
#[derive(Debug, Subcommand)]
pub enum Command {
	/// Deploy an access contract (the `access_offer.polkavm` that `scripts/build-contracts.sh`
	/// builds) selling an offer, owned by the co-op that published the offer.
	Deploy(Deploy),
	/// The terms a contract sells on.
	Terms {
		/// The contract (0x and 40 hex digits).
		#[arg(value_parser = args::contract_address)]
		contract: [u8; 20],
	},
	/// Buy access through a contract, paying the tier's price; the grant is yours.
	Buy {
		/// The contract (0x and 40 hex digits).
		#[arg(value_parser = args::contract_address)]
		contract: [u8; 20],
		/// The price tier (`coop contract terms` lists them).
		#[arg(long, default_value_t = 0)]
		tier: u32,
	},
}

impl Command {
	/// Run the contract command.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		match self {
			Self::Deploy(deploy) => deploy.run(client).await,
			Self::Terms { contract } => show_terms(client, contract).await,
			Self::Buy { contract, tier } => buy(client, contract, tier).await,
		}
	}
}

/// A contract's terms as it reports them.
#[derive(Decode, Debug)]
pub struct Terms {
	/// The owner co-op's account, as a contract address.
	pub owner: [u8; 20],
	/// The market offer.
	pub offer: u32,
	/// (price in 18-decimal units, little-endian; blocks).
	pub tiers: Vec<([u8; 32], u32)>,
	/// Most sales.
	pub cap: Option<u32>,
	/// Sales so far.
	pub sold: u32,
	/// Whether the allow-list is on.
	pub allow_list: bool,
}

/// What a dry run tells: the weight and deposit the real call needs, and its outcome.
struct DryRun {
	weight: Weight,
	deposit: u128,
	/// The contract's return, or why the chain refused.
	outcome: Result<ExecReturnValueV1, String>,
}

impl DryRun {
	fn new(
		metadata: &subxt::Metadata,
		weight: Weight,
		deposit: StorageDepositV1<u128>,
		outcome: Result<ExecReturnValueV1, DispatchError>,
	) -> Self {
		let deposit = match deposit {
			StorageDepositV1::Charge(amount) => amount,
			StorageDepositV1::Refund(_) => 0,
		};
		Self { weight, deposit, outcome: outcome.map_err(|e| dispatch_error(metadata, &e)) }
	}

	/// The real transaction's weight and storage deposit limits: the dry run's plus a tenth.
	fn limits(&self) -> (Weight, u128) {
		let margin = |x: u64| x.saturating_add(x / 10);
		let weight = Weight {
			ref_time: margin(self.weight.ref_time),
			proof_size: margin(self.weight.proof_size),
		};
		(weight, self.deposit.saturating_add(self.deposit / 10))
	}

	/// What a message returned: its SCALE-encoded value, or the contract's refusal by name.
	fn value(&self) -> Result<Vec<u8>, Error> {
		let exec = self
			.outcome
			.as_ref()
			.map_err(|e| Error::Input(format!("the chain refused: {e}")))?;
		match exec.data.split_first() {
			Some((0, value)) => Ok(value.to_vec()),
			_ if exec.flags.bits & REVERT != 0 => Err(Error::Input("the contract reverted".into())),
			// An address without code "answers" with nothing.
			_ => Err(Error::Input("no access_offer contract answers at this address".into())),
		}
	}

	/// A message returning `Result<T, Error>`: its value, or the contract's error by name.
	fn result(&self) -> Result<Vec<u8>, Error> {
		let value = self.value()?;
		match value.split_first() {
			Some((0, ok)) => Ok(ok.to_vec()),
			Some((1, [index, ..])) => Err(Error::Input(format!(
				"the contract refused: {}",
				CONTRACT_ERRORS.get(usize::from(*index)).copied().unwrap_or("unknown error")
			))),
			_ => Err(Error::chain("the contract answered something unexpected")),
		}
	}
}

/// Why the chain refused, by name where the metadata knows it.
fn dispatch_error(metadata: &subxt::Metadata, error: &DispatchError) -> String {
	match error {
		DispatchError::Module(module) => metadata
			.pallet_by_error_index(module.index)
			.and_then(|p| {
				p.error_variant_by_index(module.error[0])
					.map(|v| format!("{}.{}", p.name(), v.name))
			})
			.unwrap_or_else(|| format!("error {:?} of pallet {}", module.error, module.index)),
		other => format!("{other:?}"),
	}
}

fn u256_le(value: u128) -> [u8; 32] {
	let mut out = [0u8; 32];
	out[..16].copy_from_slice(&value.to_le_bytes());
	out
}

fn from_u256_le(bytes: &[u8; 32]) -> Option<u128> {
	let (low, high) = bytes.split_at(16);
	let low: [u8; 16] = low.try_into().ok()?;
	high.iter().all(|b| *b == 0).then(|| u128::from_le_bytes(low))
}

/// The first four bytes of the BLAKE2b-256 hash of `name`: how ink! names a message.
fn selector(name: &str) -> [u8; 4] {
	let hash = sp_crypto_hashing::blake2_256(name.as_bytes());
	[hash[0], hash[1], hash[2], hash[3]]
}

/// The contract address of an account (`pallet-revive`'s `AccountId32Mapper`).
pub fn address_of(account: &AccountId32) -> [u8; 20] {
	let hash = sp_crypto_hashing::keccak_256(&account.0);
	let mut out = [0u8; 20];
	out.copy_from_slice(&hash[12..]);
	out
}

/// The account of co-op `coop` (its treasury): `PalletId(*b"dc/coops")`'s sub-account.
pub fn coop_account(coop: u32) -> AccountId32 {
	let mut bytes = [0u8; 32];
	let encoded = (*b"modl", *b"dc/coops", coop).encode();
	bytes[..encoded.len()].copy_from_slice(&encoded);
	AccountId32(bytes)
}

/// `0x`-prefixed hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

fn encoded_tiers(tiers: &[Tier]) -> Result<Vec<([u8; 32], u32)>, Error> {
	if tiers.is_empty() {
		return Err(Error::Input("name at least one --tier PRICE:BLOCKS".into()));
	}
	tiers
		.iter()
		.map(|t| {
			let price = t
				.price
				.checked_mul(NATIVE_TO_ETH)
				.ok_or_else(|| Error::Input("price too large".into()))?;
			Ok((u256_le(price), t.blocks))
		})
		.collect()
}

/// Input of `set_terms(tiers, cap)`.
pub fn set_terms_input(tiers: &[Tier], cap: Option<u32>) -> Result<Vec<u8>, Error> {
	Ok((selector("set_terms"), encoded_tiers(tiers)?, cap).encode())
}

/// Input of `set_allow_list(enabled, add, remove)`.
pub fn set_allow_list_input(enabled: bool, add: &[AccountId32], remove: &[AccountId32]) -> Vec<u8> {
	let add: Vec<[u8; 20]> = add.iter().map(address_of).collect();
	let remove: Vec<[u8; 20]> = remove.iter().map(address_of).collect();
	(selector("set_allow_list"), enabled, add, remove).encode()
}

/// `revive.call` of `input` on `contract` with the fixed limits of a voted call, wrapped in
/// `governance.as_coop_account`: what a co-op proposal carries to act as the contract's owner.
pub fn voted_call(contract: [u8; 20], input: Vec<u8>) -> RuntimeCall {
	let call = RuntimeCall::Revive(ReviveCall::call {
		dest: H160(contract),
		value: 0,
		weight_limit: VOTED_CALL_WEIGHT,
		storage_deposit_limit: VOTED_CALL_DEPOSIT,
		data: input,
	});
	RuntimeCall::Governance(GovernanceCall::as_coop_account { call: Box::new(call) })
}

/// Dry-run a call of `contract` with `input`, from `origin`, sending `value` native units.
async fn dry_call(
	client: &Client,
	origin: AccountId32,
	contract: [u8; 20],
	value: u128,
	input: Vec<u8>,
) -> Result<DryRun, Error> {
	let api =
		runtime::runtime_apis()
			.revive_api()
			.call(origin, H160(contract), value, None, None, input);
	let at = client.at().await?;
	let result = at.runtime_apis().call(api).await.map_err(Error::chain)?;
	Ok(DryRun::new(
		at.metadata_ref(),
		result.weight_required,
		result.max_storage_deposit,
		result.result,
	))
}

/// Sign `revive.call` of `input` on `contract` with the dry run's limits (plus a tenth).
async fn submit_call(
	client: &Client,
	contract: [u8; 20],
	value: u128,
	input: Vec<u8>,
	run: &DryRun,
) -> Result<Report, Error> {
	let (weight, deposit) = run.limits();
	client
		.submit(runtime::tx().revive().call(H160(contract), value, weight, deposit, input))
		.await
}

/// The terms `contract` reports.
pub async fn terms(client: &Client, contract: [u8; 20]) -> Result<Terms, Error> {
	let origin = client.me().unwrap_or(AccountId32([0u8; 32]));
	let run = dry_call(client, origin, contract, 0, selector("terms").to_vec()).await?;
	let value = run.value()?;
	Terms::decode(&mut &value[..])
		.map_err(|e| Error::Input(format!("not an access_offer contract: {e}")))
}

/// Deploy an access contract for an offer.
#[derive(Debug, Args)]
pub struct Deploy {
	/// The contract code (`.polkavm`).
	#[arg(long)]
	pub code: PathBuf,
	/// The owner co-op: only its votes change the terms.
	#[arg(long)]
	pub coop: u32,
	/// The market offer the contract sells.
	#[arg(long)]
	pub offer: u32,
	/// A price tier, `PRICE:BLOCKS` (price in the smallest unit, at least the offer's; blocks
	/// at most the offer's); repeat for more tiers.
	#[arg(long = "tier", required = true)]
	pub tiers: Vec<Tier>,
	/// The most sales the contract makes.
	#[arg(long)]
	pub cap: Option<u32>,
	/// Only these buyers (SS58, comma separated) may buy; anyone if left out.
	#[arg(long, value_delimiter = ',', value_parser = args::ss58)]
	pub allow: Option<Vec<AccountId32>>,
	/// What the deployer gives the contract (smallest unit) for the grant deposits its sales
	/// hold: the contract, not the buyer, holds each one until its grant is pruned, when it
	/// comes back to the contract. The default, 1 DCOOP, covers 100 sales at once.
	#[arg(long, default_value_t = 1_000_000_000_000)]
	pub deposits: u128,
}

impl Deploy {
	/// Dry-run the instantiation, then sign `revive.instantiate_with_code` with its limits.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let code = std::fs::read(&self.code)
			.map_err(|e| Error::Input(format!("cannot read {}: {e}", self.code.display())))?;
		let owner = address_of(&coop_account(self.coop));
		let allowed: Option<Vec<[u8; 20]>> =
			self.allow.map(|list| list.iter().map(address_of).collect());
		let input =
			(selector("new"), owner, self.offer, encoded_tiers(&self.tiers)?, self.cap, allowed)
				.encode();
		let me = client.me()?;
		let nanos = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map(|d| d.as_nanos())
			.unwrap_or(0);
		let salt = sp_crypto_hashing::blake2_256(&(me.0, nanos, std::process::id()).encode());

		let api = runtime::runtime_apis().revive_api().instantiate(
			me,
			self.deposits,
			None,
			None,
			CodeV1::Upload(code.clone()),
			input.clone(),
			Some(salt),
		);
		let at = client.at().await?;
		let result = at.runtime_apis().call(api).await.map_err(Error::chain)?;
		let (outcome, address) = match result.result {
			Ok(ok) => (Ok(ok.result), Some(ok.addr.0)),
			Err(e) => (Err(e), None),
		};
		let run = DryRun::new(
			at.metadata_ref(),
			result.weight_required,
			result.max_storage_deposit,
			outcome,
		);
		run.result()?;
		let address = address.ok_or_else(|| Error::chain("the dry run gave no address"))?;
		let (weight, deposit) = run.limits();
		let call = runtime::tx().revive().instantiate_with_code(
			self.deposits,
			weight,
			deposit,
			code,
			input,
			Some(salt),
		);
		let mut report = client.submit(call).await?;
		let terms = terms(client, address).await?;
		report.text.push_str(&format!(
			"\ncontract {} sells offer {} for co-op {}: buy with `coop contract buy {} --tier N`",
			hex(&address),
			terms.offer,
			self.coop,
			hex(&address)
		));
		report.json["contract"] = json!(hex(&address));
		Ok(report)
	}
}

/// Buy through `contract` with tier `tier`: dry-run, then sign with the tier's price.
async fn buy(client: &Client, contract: [u8; 20], tier: u32) -> Result<Report, Error> {
	let terms = terms(client, contract).await?;
	let (price, _) = terms.tiers.get(tier as usize).ok_or_else(|| {
		Error::Input(format!(
			"the contract has {} tiers; there is no tier {tier}",
			terms.tiers.len()
		))
	})?;
	let price = from_u256_le(price)
		.map(|p| p / NATIVE_TO_ETH)
		.ok_or_else(|| Error::chain("tier price beyond 128 bits"))?;
	let input = (selector("buy"), tier).encode();
	let run = dry_call(client, client.me()?, contract, price, input.clone()).await?;
	let grant = u64::decode(&mut &run.result()?[..]).map_err(Error::chain)?;
	let mut report = submit_call(client, contract, price, input, &run).await?;
	// The dry run's grant number, unless another purchase came first: ask the chain.
	let bought = latest_grant(client, terms.offer).await?.unwrap_or(grant);
	report
		.text
		.push_str(&format!("\ngrant {bought}: fetch the data with `coop fetch {bought}`"));
	report.json["grant"] = json!(bought);
	report.json["price"] = json!(price.to_string());
	Ok(report)
}

/// The offer as the market keeps it, read by the contract through the precompile:
/// (state, contributing members, members needed), `None` if there is no such offer.
async fn market(client: &Client, contract: [u8; 20]) -> Result<Option<(u32, u32, u32)>, Error> {
	let anyone = AccountId32([0u8; 32]);
	let run = dry_call(client, anyone, contract, 0, selector("market").to_vec()).await?;
	let value = run.value()?;
	type View = Option<(u32, [u8; 32], u32, u32, u32)>;
	let view = View::decode(&mut &value[..])
		.map_err(|e| Error::Input(format!("not an access_offer contract: {e}")))?;
	Ok(view.map(|(state, _, _, contributors, needed)| (state, contributors, needed)))
}

/// Report `contract`'s terms, and the offer's state in the market.
async fn show_terms(client: &Client, contract: [u8; 20]) -> Result<Report, Error> {
	let terms = terms(client, contract).await?;
	let market = market(client, contract).await?;
	let state = |s: u32| ["open", "paused", "closed"].get(s as usize).copied().unwrap_or("unknown");
	let market_line = match market {
		Some((s, contributors, needed)) => format!(
			"market: offer {}, {contributors} contributing members of {needed} needed",
			state(s)
		),
		None => "market: no such offer".to_string(),
	};
	let tiers: Vec<(String, u32)> = terms
		.tiers
		.iter()
		.map(|(price, blocks)| {
			let price =
				from_u256_le(price).map(|p| (p / NATIVE_TO_ETH).to_string()).unwrap_or_default();
			(price, *blocks)
		})
		.collect();
	let lines: Vec<String> = tiers
		.iter()
		.enumerate()
		.map(|(i, (price, blocks))| format!("  tier {i}: {price} for {blocks} blocks"))
		.collect();
	let cap = terms.cap.map_or("no cap".to_string(), |c| format!("cap {c}"));
	let allow = if terms.allow_list { "allow-list on" } else { "anyone may buy" };
	Ok(Report {
		text: format!(
			"offer {}, owner {}, sold {}, {cap}, {allow}\n{}\n{market_line}",
			terms.offer,
			hex(&terms.owner),
			terms.sold,
			lines.join("\n")
		),
		json: json!({
			"offer": terms.offer,
			"owner": hex(&terms.owner),
			"tiers": tiers
				.iter()
				.map(|(price, blocks)| json!({ "price": price, "blocks": blocks }))
				.collect::<Vec<_>>(),
			"cap": terms.cap,
			"sold": terms.sold,
			"allow_list": terms.allow_list,
			"market": market.map(|(s, contributors, needed)| json!({
				"state": state(s),
				"contributors": contributors,
				"min_contributors": needed,
			})),
		}),
	})
}
