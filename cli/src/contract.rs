//! Access contracts (`access_offer`, ink! 6 on pallet-revive): deploy one for an offer, read its
//! terms, buy through it, and the calls a co-op votes on to change its terms.
//!
//! Every call is dry-run first through the runtime's `ReviveApi`, so a refusal is reported by
//! name (`NotAllowed`, `MarketRefused`, ...) before anything is signed, and the weight and
//! storage deposit limits of the real transaction come from the dry run.

use std::path::Path;

use codec::{Decode, Encode};
use serde_json::json;
use subxt::{dynamic::Value, utils::AccountId32};

use crate::{chain, Client, Error, Report};

/// 18-decimal contract units per native unit.
pub const NATIVE_TO_ETH: u128 = 1_000_000;

/// The market precompile, which contracts buy through.
pub const MARKET_PRECOMPILE: [u8; 20] = {
	let mut a = [0u8; 20];
	a[16] = 0xdc;
	a[17] = 0x01;
	a
};

/// Refusals of `access_offer`, in the order of its `Error` enum.
const CONTRACT_ERRORS: [&str; 7] = [
	"NotOwner", "NoSuchTier", "WrongPayment", "NotAllowed", "SoldOut", "BadTerms", "MarketRefused",
];

/// Weight limit of a contract call a co-op votes on (it cannot be dry-run as the co-op's
/// account before the vote ends): 20 ms and 1 MiB of proof, far above what `set_terms` uses.
const VOTED_CALL_WEIGHT: (u64, u64) = (20_000_000_000, 1024 * 1024);
/// Storage deposit limit of a voted contract call: 1 token.
const VOTED_CALL_DEPOSIT: u128 = 1_000_000_000_000;

/// A price tier as given on the command line: `PRICE:BLOCKS`, price in the smallest unit.
#[derive(Clone, Debug)]
pub struct TierArg {
	/// Price in the smallest native unit.
	pub price: u128,
	/// Access in blocks.
	pub blocks: u32,
}

impl std::str::FromStr for TierArg {
	type Err = String;
	fn from_str(s: &str) -> Result<Self, Self::Err> {
		let (price, blocks) = s.split_once(':').ok_or("a tier is PRICE:BLOCKS")?;
		Ok(Self {
			price: price.parse().map_err(|_| format!("not a price: {price}"))?,
			blocks: blocks.parse().map_err(|_| format!("not a number of blocks: {blocks}"))?,
		})
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

#[derive(Decode, Debug, Clone, Copy)]
struct Weight {
	#[codec(compact)]
	ref_time: u64,
	#[codec(compact)]
	proof_size: u64,
}

#[derive(Decode, Debug)]
enum StorageDeposit {
	Refund(#[allow(dead_code)] u128),
	Charge(u128),
}

#[derive(Decode, Debug)]
struct ExecReturn {
	flags: u32,
	data: Vec<u8>,
}

/// What a dry run tells: the weight and deposit the real call needs, and its outcome.
struct DryRun {
	weight: Weight,
	deposit: u128,
	/// The contract's return data, or why the chain refused.
	outcome: Result<ExecReturn, String>,
}

impl DryRun {
	/// The real transaction's weight and storage deposit limits: the dry run's plus a tenth.
	fn limits(&self) -> (Value, Value) {
		let margin = |x: u64| x.saturating_add(x / 10);
		let weight = Value::named_composite([
			("ref_time", Value::u128(margin(self.weight.ref_time).into())),
			("proof_size", Value::u128(margin(self.weight.proof_size).into())),
		]);
		(weight, Value::u128(self.deposit.saturating_add(self.deposit / 10)))
	}
}

const REVERT: u32 = 1;

fn u256_le(value: u128) -> [u8; 32] {
	let mut out = [0u8; 32];
	out[..16].copy_from_slice(&value.to_le_bytes());
	out
}

fn from_u256_le(bytes: &[u8; 32]) -> Option<u128> {
	let (low, high) = bytes.split_at(16);
	high.iter()
		.all(|b| *b == 0)
		.then(|| u128::from_le_bytes(low.try_into().unwrap_or_default()))
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

/// A contract address from `0x` and 40 hex digits.
pub fn parse_address(text: &str) -> Result<[u8; 20], Error> {
	let mut address = [0u8; 20];
	hex::decode_to_slice(text.strip_prefix("0x").unwrap_or(text), &mut address).map_err(|_| {
		Error::Input(format!("not a contract address (0x and 40 hex digits): {text}"))
	})?;
	Ok(address)
}

fn encoded_tiers(tiers: &[TierArg]) -> Result<Vec<([u8; 32], u32)>, Error> {
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
pub fn set_terms_input(tiers: &[TierArg], cap: Option<u32>) -> Result<Vec<u8>, Error> {
	Ok((selector("set_terms"), encoded_tiers(tiers)?, cap).encode())
}

/// Input of `set_allow_list(enabled, add, remove)`.
pub fn set_allow_list_input(enabled: bool, add: &[AccountId32], remove: &[AccountId32]) -> Vec<u8> {
	let add: Vec<[u8; 20]> = add.iter().map(address_of).collect();
	let remove: Vec<[u8; 20]> = remove.iter().map(address_of).collect();
	(selector("set_allow_list"), enabled, add, remove).encode()
}

/// `Revive.call` of `input` on `contract` with the fixed limits of a voted call, wrapped in
/// `Governance.as_coop_account`: what a co-op proposal carries to act as the contract's owner.
pub fn voted_call(contract: [u8; 20], input: Vec<u8>) -> Value {
	let inner = crate::call(
		"Revive",
		"call",
		vec![
			("dest", Value::from_bytes(contract)),
			("value", Value::u128(0)),
			(
				"weight_limit",
				Value::named_composite([
					("ref_time", Value::u128(VOTED_CALL_WEIGHT.0.into())),
					("proof_size", Value::u128(VOTED_CALL_WEIGHT.1.into())),
				]),
			),
			("storage_deposit_limit", Value::u128(VOTED_CALL_DEPOSIT)),
			("data", Value::from_bytes(input)),
		],
	);
	crate::call("Governance", "as_coop_account", vec![("call", inner)])
}

impl Client {
	/// Why the chain refused, by name where the metadata knows it.
	fn dispatch_error(metadata: &subxt::Metadata, bytes: &[u8]) -> String {
		match bytes {
			[3, pallet, error, ..] => metadata
				.pallet_by_error_index(*pallet)
				.and_then(|p| {
					p.error_variant_by_index(*error).map(|v| format!("{}.{}", p.name(), v.name))
				})
				.unwrap_or_else(|| format!("error {error} of pallet {pallet}")),
			[kind, ..] => format!("dispatch error of kind {kind}"),
			[] => "unknown dispatch error".into(),
		}
	}

	fn dry_run_result(
		metadata: &subxt::Metadata,
		mut bytes: &[u8],
		instantiate: bool,
	) -> Result<(DryRun, Option<[u8; 20]>), Error> {
		let input = &mut bytes;
		let bad = |e: codec::Error| Error::Chain(format!("cannot decode the dry run: {e}"));
		let _consumed = Weight::decode(input).map_err(bad)?;
		let weight = Weight::decode(input).map_err(bad)?;
		let _deposit = StorageDeposit::decode(input).map_err(bad)?;
		let deposit = match StorageDeposit::decode(input).map_err(bad)? {
			StorageDeposit::Charge(amount) => amount,
			StorageDeposit::Refund(_) => 0,
		};
		let _gas = u128::decode(input).map_err(bad)?;
		let (outcome, address) = match u8::decode(input).map_err(bad)? {
			0 => {
				let exec = ExecReturn::decode(input).map_err(bad)?;
				let address =
					if instantiate { Some(<[u8; 20]>::decode(input).map_err(bad)?) } else { None };
				(Ok(exec), address)
			},
			_ => (Err(Self::dispatch_error(metadata, input)), None),
		};
		Ok((DryRun { weight, deposit, outcome }, address))
	}

	/// Dry-run a call of `contract` with `input`, from `origin`, sending `value` native units.
	async fn dry_call(
		&self,
		origin: &AccountId32,
		contract: [u8; 20],
		value: u128,
		input: &[u8],
	) -> Result<DryRun, Error> {
		let at = self.api.at_current_block().await.map_err(chain)?;
		let args = (origin.0, contract, value, None::<()>, None::<u128>, input.to_vec()).encode();
		let raw = at.runtime_apis().call_raw("ReviveApi_call", Some(&args)).await.map_err(chain)?;
		Self::dry_run_result(at.metadata_ref(), &raw, false).map(|(run, _)| run)
	}

	/// What a message returned: its SCALE-encoded value, or the contract's refusal by name.
	fn message_value(run: &DryRun) -> Result<Vec<u8>, Error> {
		let exec = run
			.outcome
			.as_ref()
			.map_err(|e| Error::Chain(format!("the chain refused: {e}")))?;
		match exec.data.split_first() {
			Some((0, value)) => Ok(value.to_vec()),
			_ if exec.flags & REVERT != 0 => Err(Error::Chain("the contract reverted".into())),
			// An address without code "answers" with nothing.
			_ => Err(Error::Chain("no access_offer contract answers at this address".into())),
		}
	}

	/// A message returning `Result<T, Error>`: its value, or the contract's error by name.
	fn message_result(run: &DryRun) -> Result<Vec<u8>, Error> {
		let value = Self::message_value(run)?;
		match value.split_first() {
			Some((0, ok)) => Ok(ok.to_vec()),
			Some((1, [index, ..])) => Err(Error::Chain(format!(
				"the contract refused: {}",
				CONTRACT_ERRORS.get(usize::from(*index)).copied().unwrap_or("unknown error")
			))),
			_ => Err(Error::Chain("the contract answered something unexpected".into())),
		}
	}

	/// Sign `Revive.call` of `input` on `contract` with the dry run's limits (plus a tenth).
	async fn submit_call(
		&self,
		contract: [u8; 20],
		value: u128,
		input: Vec<u8>,
		run: &DryRun,
	) -> Result<Report, Error> {
		let (weight_limit, storage_deposit_limit) = run.limits();
		self.submit(crate::call(
			"Revive",
			"call",
			vec![
				("dest", Value::from_bytes(contract)),
				("value", Value::u128(value)),
				("weight_limit", weight_limit),
				("storage_deposit_limit", storage_deposit_limit),
				("data", Value::from_bytes(input)),
			],
		))
		.await
	}

	/// The terms `contract` reports.
	pub async fn contract_terms(&self, contract: [u8; 20]) -> Result<Terms, Error> {
		let anyone = AccountId32([0u8; 32]);
		let origin = self.signer.as_ref().map(|k| AccountId32(k.public_key().0)).unwrap_or(anyone);
		let run = self.dry_call(&origin, contract, 0, &selector("terms")).await?;
		let value = Self::message_value(&run)?;
		Terms::decode(&mut &value[..])
			.map_err(|e| Error::Chain(format!("not an access_offer contract: {e}")))
	}

	/// Deploy `code` as an access contract for `offer`, owned by co-op `coop`, giving it
	/// `deposits` for the grant deposits its sales hold.
	#[allow(clippy::too_many_arguments)]
	pub async fn deploy_contract(
		&self,
		code: &Path,
		coop: u32,
		offer: u32,
		tiers: &[TierArg],
		cap: Option<u32>,
		allow: Option<Vec<AccountId32>>,
		deposits: u128,
	) -> Result<Report, Error> {
		let code = std::fs::read(code)
			.map_err(|e| Error::Input(format!("cannot read {}: {e}", code.display())))?;
		let owner = address_of(&coop_account(coop));
		let allowed: Option<Vec<[u8; 20]>> =
			allow.map(|list| list.iter().map(address_of).collect());
		let input = (selector("new"), owner, offer, encoded_tiers(tiers)?, cap, allowed).encode();
		let me = self.me()?;
		let nanos = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map(|d| d.as_nanos())
			.unwrap_or(0);
		let salt = sp_crypto_hashing::blake2_256(&(me.0, nanos, std::process::id()).encode());

		let at = self.api.at_current_block().await.map_err(chain)?;
		// ReviveApi_instantiate(origin, value, weight_limit, deposit_limit, Code::Upload(code), data, salt)
		let args = (
			me.0,
			deposits,
			None::<()>,
			None::<u128>,
			0u8,
			code.clone(),
			input.clone(),
			Some(salt),
		)
			.encode();
		let raw = at
			.runtime_apis()
			.call_raw("ReviveApi_instantiate", Some(&args))
			.await
			.map_err(chain)?;
		let (run, address) = Self::dry_run_result(at.metadata_ref(), &raw, true)?;
		Self::message_result(&run)?;
		let address = address.ok_or_else(|| Error::Chain("the dry run gave no address".into()))?;
		let (weight_limit, storage_deposit_limit) = run.limits();
		let mut report = self
			.submit(crate::call(
				"Revive",
				"instantiate_with_code",
				vec![
					("value", Value::u128(deposits)),
					("weight_limit", weight_limit),
					("storage_deposit_limit", storage_deposit_limit),
					("code", Value::from_bytes(code)),
					("data", Value::from_bytes(input)),
					("salt", Value::unnamed_variant("Some", [Value::from_bytes(salt)])),
				],
			))
			.await?;
		let terms = self.contract_terms(address).await?;
		report.text.push_str(&format!(
			"\ncontract {} sells offer {} for co-op {coop}: buy with `coop contract buy {} --tier N`",
			hex(&address),
			terms.offer,
			hex(&address)
		));
		report.json["contract"] = json!(hex(&address));
		Ok(report)
	}

	/// Buy through `contract` with tier `tier`: dry-run, then sign with the tier's price.
	pub async fn buy_through_contract(
		&self,
		contract: [u8; 20],
		tier: u32,
	) -> Result<Report, Error> {
		let terms = self.contract_terms(contract).await?;
		let (price, _) = terms.tiers.get(tier as usize).ok_or_else(|| {
			Error::Input(format!(
				"the contract has {} tiers; there is no tier {tier}",
				terms.tiers.len()
			))
		})?;
		let price = from_u256_le(price)
			.map(|p| p / NATIVE_TO_ETH)
			.ok_or_else(|| Error::Chain("tier price beyond 128 bits".into()))?;
		let me = self.me()?;
		let input = (selector("buy"), tier).encode();
		let run = self.dry_call(&me, contract, price, &input).await?;
		let grant = u64::decode(&mut &Self::message_result(&run)?[..]).map_err(chain)?;
		let mut report = self.submit_call(contract, price, input, &run).await?;
		// The dry run's grant number, unless another purchase came first: ask the chain.
		let at = self.api.at_current_block().await.map_err(chain)?;
		let bought = self
			.my_grants(&at, &me)
			.await?
			.into_iter()
			.rev()
			.find(|(_, g)| g.offer == terms.offer)
			.map(|(id, _)| id)
			.unwrap_or(grant);
		report
			.text
			.push_str(&format!("\ngrant {bought}: fetch the data with `coop fetch {bought}`"));
		report.json["grant"] = json!(bought);
		report.json["price"] = json!(price.to_string());
		Ok(report)
	}

	/// The offer as the market keeps it, read by the contract through the precompile:
	/// (state, contributing members, members needed), `None` if there is no such offer.
	pub async fn contract_market(
		&self,
		contract: [u8; 20],
	) -> Result<Option<(u32, u32, u32)>, Error> {
		let run = self.dry_call(&AccountId32([0u8; 32]), contract, 0, &selector("market")).await?;
		let value = Self::message_value(&run)?;
		type View = Option<(u32, [u8; 32], u32, u32, u32)>;
		let view = View::decode(&mut &value[..])
			.map_err(|e| Error::Chain(format!("not an access_offer contract: {e}")))?;
		Ok(view.map(|(state, _, _, contributors, needed)| (state, contributors, needed)))
	}

	/// Report `contract`'s terms, and the offer's state in the market.
	pub async fn show_terms(&self, contract: [u8; 20]) -> Result<Report, Error> {
		let terms = self.contract_terms(contract).await?;
		let market = self.contract_market(contract).await?;
		let state =
			|s: u32| ["open", "paused", "closed"].get(s as usize).copied().unwrap_or("unknown");
		let market_line = match market {
			Some((s, contributors, needed)) => format!(
				"market: offer {}, {contributors} contributing members of {needed} needed",
				state(s)
			),
			None => "market: no such offer".to_string(),
		};
		let tiers: Vec<serde_json::Value> = terms
			.tiers
			.iter()
			.map(|(price, blocks)| {
				let price = from_u256_le(price)
					.map(|p| (p / NATIVE_TO_ETH).to_string())
					.unwrap_or_default();
				json!({ "price": price, "blocks": blocks })
			})
			.collect();
		let lines: Vec<String> = tiers
			.iter()
			.enumerate()
			.map(|(i, t)| {
				format!(
					"  tier {i}: {} for {} blocks",
					t["price"].as_str().unwrap_or(""),
					t["blocks"]
				)
			})
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
				"tiers": tiers,
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
}
