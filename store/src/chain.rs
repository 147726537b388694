//! The chain as the store and `coop` see it, through subxt and the runtime's metadata (calls and
//! storage found by name; nothing links the runtime): keys, signing and submitting calls, and
//! reading grants, offers, consents, commitments and store addresses at a block.

use std::str::FromStr;

use subxt::{
	dynamic::{self, At, Value},
	ext::codec::{Decode, Encode},
	transactions::Payload,
	utils::AccountId32,
	OnlineClient, OnlineClientAtBlock, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

use crate::{Commitment, Error};

/// A connection to a node.
pub type Api = OnlineClient<PolkadotConfig>;
/// The chain at one block.
pub type AtBlock = OnlineClientAtBlock<PolkadotConfig>;

fn failed(e: impl std::fmt::Display) -> Error {
	Error::Chain(e.to_string())
}

/// Connect to the node at `url`.
pub async fn connect(url: &str) -> Result<Api, Error> {
	Api::from_insecure_url(url)
		.await
		.map_err(|e| Error::Chain(format!("cannot reach {url}: {e}")))
}

/// An sr25519 key from a secret URI or mnemonic, as polkadot.js and subkey take them
/// (`//Alice`, `"word ... word//derivation///password"`).
pub fn key_from_uri(suri: &str) -> Result<Keypair, Error> {
	let uri =
		SecretUri::from_str(suri).map_err(|e| Error::Input(format!("bad secret URI: {e}")))?;
	Keypair::from_uri(&uri).map_err(|e| Error::Input(format!("bad secret URI: {e}")))
}

/// An sr25519 key from a keystore file as polkadot.js, Talisman and SubWallet export it (JSON,
/// scrypt and xsalsa20-poly1305), opened with `password`.
pub fn key_from_keystore(path: &std::path::Path, password: &str) -> Result<Keypair, Error> {
	let json = std::fs::read_to_string(path)
		.map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
	subxt_signer::polkadot_js_compat::decrypt_json(&json, password).map_err(|e| {
		Error::Input(format!("{}: cannot open the keystore file: {e}", path.display()))
	})
}

/// The account of `key`.
pub fn account(key: &Keypair) -> AccountId32 {
	AccountId32(key.public_key().0)
}

/// Sign `call` with `key`, submit it and wait until it is finalized; returns the names of the
/// events it caused (`Pallet.Event`), without the fee and system ones.
pub async fn submit(api: &Api, key: &Keypair, call: &impl Payload) -> Result<Vec<String>, Error> {
	let events = api
		.at_current_block()
		.await
		.map_err(failed)?
		.transactions()
		.sign_and_submit_then_watch_default(call, key)
		.await
		.map_err(failed)?
		.wait_for_finalized_success()
		.await
		.map_err(failed)?;
	Ok(events
		.iter()
		.filter_map(Result::ok)
		.map(|e| format!("{}.{}", e.pallet_name(), e.event_name()))
		.filter(|n| {
			!n.starts_with("System.")
				&& !n.starts_with("TransactionPayment.")
				&& !["Balances.Withdraw", "Balances.Deposit", "Balances.BurnedDebt"]
					.contains(&n.as_str())
		})
		.collect())
}

/// Register `commitment` for `category` in `coop` (`consent.commit`), signed with `key`.
pub async fn register(
	api: &Api,
	key: &Keypair,
	coop: u32,
	category: u16,
	commitment: Commitment,
) -> Result<Vec<String>, Error> {
	let tx = dynamic::transaction(
		"Consent",
		"commit",
		(
			Value::u128(coop.into()),
			Value::u128(category.into()),
			Value::from_bytes(commitment.root),
			Value::u128(commitment.items.into()),
			Value::u128(commitment.bytes.into()),
		),
	);
	submit(api, key, &tx).await
}

/// Register where the store of `key`'s account can be reached (`consent.set_store_address`),
/// unless the chain already says so.
pub async fn announce(api: &Api, key: &Keypair, address: &str) -> Result<Vec<String>, Error> {
	let at = api.at_current_block().await.map_err(failed)?;
	if store_address(&at, &account(key)).await?.as_deref() == Some(address) {
		return Ok(Vec::new());
	}
	let tx = dynamic::transaction(
		"Consent",
		"set_store_address",
		(Value::from_bytes(address.as_bytes()),),
	);
	submit(api, key, &tx).await
}

async fn fetch(
	at: &AtBlock,
	pallet: &str,
	entry: &str,
	keys: Vec<Value>,
) -> Result<Option<Value>, Error> {
	let value = at
		.storage()
		.try_fetch(dynamic::storage::<Vec<Value>, Value>(pallet, entry), keys)
		.await
		.map_err(failed)?;
	value.map(|v| v.decode().map_err(failed)).transpose()
}

/// Every entry of map `pallet.entry` under the key parts `prefix`, with its full key decoded
/// part by part by `key`.
async fn entries<K>(
	at: &AtBlock,
	pallet: &str,
	entry: &str,
	prefix: Vec<Value>,
	key: impl Fn(&subxt::storage::StorageKey<'_, Vec<Value>>) -> Option<K>,
) -> Result<Vec<(K, Value)>, Error> {
	let address = dynamic::storage::<Vec<Value>, Value>(pallet, entry);
	let mut stream = at.storage().iter(address, prefix).await.map_err(failed)?;
	let mut found = Vec::new();
	while let Some(item) = stream.next().await {
		let item = item.map_err(failed)?;
		let Some(k) = key(&item.key().map_err(failed)?) else { continue };
		found.push((k, item.value().decode().map_err(failed)?));
	}
	Ok(found)
}

/// Every number inside `value`, in order: how a byte array or an account id decodes.
fn numbers(value: &Value, out: &mut Vec<u128>) {
	use subxt::ext::scale_value::{Composite, Primitive, ValueDef};
	match &value.value {
		ValueDef::Primitive(Primitive::U128(n)) => out.push(*n),
		ValueDef::Composite(Composite::Named(fields)) => {
			fields.iter().for_each(|(_, v)| numbers(v, out))
		},
		ValueDef::Composite(Composite::Unnamed(fields)) => {
			fields.iter().for_each(|v| numbers(v, out))
		},
		_ => {},
	}
}

/// The 32 bytes of an account id or hash inside `value`.
pub fn bytes32(value: &Value) -> Option<[u8; 32]> {
	let mut all = Vec::new();
	numbers(value, &mut all);
	let bytes: Vec<u8> = all.into_iter().map(u8::try_from).collect::<Result<_, _>>().ok()?;
	bytes.try_into().ok()
}

fn field_u64(value: &Value, name: &str) -> Option<u64> {
	value.at(name)?.as_u128().and_then(|n| u64::try_from(n).ok())
}

/// An access grant as a store checks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
	/// Who bought it.
	pub buyer: AccountId32,
	/// The offer.
	pub offer: u32,
	/// The offer's co-op.
	pub coop: u32,
	/// First block without access.
	pub expires: u64,
}

/// Grant `id` at `at`, if it exists.
pub async fn grant(at: &AtBlock, id: u64) -> Result<Option<Grant>, Error> {
	let Some(record) = fetch(at, "Market", "Grants", vec![Value::u128(id.into())]).await? else {
		return Ok(None);
	};
	let parsed = (|| {
		Some(Grant {
			buyer: AccountId32(bytes32(record.at("buyer")?)?),
			offer: u32::try_from(field_u64(&record, "offer")?).ok()?,
			coop: u32::try_from(field_u64(&record, "coop")?).ok()?,
			expires: field_u64(&record, "expires")?,
		})
	})();
	parsed
		.map(Some)
		.ok_or_else(|| Error::Chain(format!("grant {id} does not decode: {record}")))
}

/// An offer's terms as buyers and stores read them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
	/// The co-op.
	pub coop: u32,
	/// The purpose code.
	pub purpose: u16,
	/// The category codes.
	pub categories: Vec<u16>,
}

/// Offer `id` at `at`, if it exists.
pub async fn offer(at: &AtBlock, id: u32) -> Result<Option<Offer>, Error> {
	let Some(record) = fetch(at, "Market", "Offers", vec![Value::u128(id.into())]).await? else {
		return Ok(None);
	};
	let parsed = (|| {
		let mut codes = Vec::new();
		numbers(record.at("categories")?, &mut codes);
		Some(Offer {
			coop: u32::try_from(field_u64(&record, "coop")?).ok()?,
			purpose: u16::try_from(field_u64(&record, "purpose")?).ok()?,
			categories: codes.into_iter().map(u16::try_from).collect::<Result<_, _>>().ok()?,
		})
	})();
	parsed
		.map(Some)
		.ok_or_else(|| Error::Chain(format!("offer {id} does not decode: {record}")))
}

/// Whether grant `grant` covers `member`'s data of `category` at block `number`: the grant has
/// not expired, its offer includes the category, and the member's consent to the offer covered
/// it at the purchase and still does (the market's view function `grant_covers`).
pub async fn grant_covers(
	at: &AtBlock,
	grant: u64,
	member: &AccountId32,
	category: u16,
	number: u64,
) -> Result<bool, Error> {
	let metadata = at.metadata();
	let query_id = *metadata
		.pallet_by_name("Market")
		.and_then(|p| p.view_function_by_name("grant_covers"))
		.ok_or_else(|| Error::Chain("the chain has no Market.grant_covers view function".into()))?
		.query_id();
	let number =
		u32::try_from(number).map_err(|_| Error::Chain("block number beyond u32".into()))?;
	// The runtime API takes the query id and the SCALE-encoded arguments as a byte vector.
	let input = (grant, member.0, category, number).encode();
	let raw = at
		.view_functions()
		.call_raw(Some(&(query_id, input).encode()))
		.await
		.map_err(failed)?;
	match raw.split_first() {
		Some((0, rest)) => <Vec<u8>>::decode(&mut &rest[..])
			.ok()
			.and_then(|bytes| bool::decode(&mut &bytes[..]).ok())
			.ok_or_else(|| {
				Error::Chain("Market.grant_covers answered something else than a bool".into())
			}),
		_ => Err(Error::Chain(format!("Market.grant_covers failed: {raw:?}"))),
	}
}

/// The members with a place in the pool of offer `offer`: everyone a buyer of it may ask.
pub async fn contributors(at: &AtBlock, offer: u32) -> Result<Vec<(AccountId32, u128)>, Error> {
	let found = entries(at, "Market", "Positions", vec![Value::u128(offer.into())], |key| {
		key.part(1).and_then(|p| p.decode_as::<AccountId32>().ok().flatten())
	})
	.await?;
	Ok(found
		.into_iter()
		.map(|(member, position)| {
			let weight = position.at("weight").and_then(|w| w.as_u128()).unwrap_or(0);
			(member, weight)
		})
		.collect())
}

/// Where `member`'s store can be reached, if they registered it.
pub async fn store_address(at: &AtBlock, member: &AccountId32) -> Result<Option<String>, Error> {
	let Some(record) =
		fetch(at, "Consent", "StoreAddresses", vec![Value::from_bytes(member.0)]).await?
	else {
		return Ok(None);
	};
	let mut bytes = Vec::new();
	numbers(record.at("address").unwrap_or(&record), &mut bytes);
	let text: Vec<u8> = bytes.into_iter().filter_map(|b| u8::try_from(b).ok()).collect();
	String::from_utf8(text)
		.map(Some)
		.map_err(|_| Error::Chain("a store address that is not text".into()))
}

/// Everything the chain keeps about `member`'s data and consents, as JSON: every consent with
/// every version of it, every commitment, and the store address. What `export` adds to the
/// member's archive.
pub async fn history(at: &AtBlock, member: &AccountId32) -> Result<serde_json::Value, Error> {
	let to_json = |v: &Value| serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
	let mut consents = Vec::new();
	let records = entries(at, "Consent", "Consents", vec![Value::from_bytes(member.0)], |key| {
		key.part(1).and_then(|p| p.decode_as::<u32>().ok().flatten())
	})
	.await?;
	for (id, record) in records {
		let versions = entries(
			at,
			"Consent",
			"History",
			vec![Value::from_bytes(member.0), Value::u128(id.into())],
			|key| key.part(2).and_then(|p| p.decode_as::<u32>().ok().flatten()),
		)
		.await?;
		let mut versions: Vec<_> = versions.iter().map(|(n, v)| (*n, to_json(v))).collect();
		versions.sort_by_key(|(n, _)| *n);
		let receipt = record.at("terms").and_then(|t| t.at("receipt")).and_then(bytes32);
		consents.push(serde_json::json!({
			"consent": id,
			"receipt": receipt.map(|r| format!("0x{}", crate::hex(&r))),
			"record": to_json(&record),
			"versions": versions.into_iter().map(|(n, v)| serde_json::json!({ "version": n, "terms": v })).collect::<Vec<_>>(),
		}));
	}
	consents.sort_by_key(|c| c["consent"].as_u64());
	let mut commitments = Vec::new();
	for (key, record) in entries(at, "Consent", "Commitments", Vec::new(), |key| {
		let coop = key.part(0)?.decode_as::<u32>().ok().flatten()?;
		let who = key.part(1)?.decode_as::<AccountId32>().ok().flatten()?;
		let category = key.part(2)?.decode_as::<u16>().ok().flatten()?;
		Some((coop, who, category))
	})
	.await?
	{
		if &key.1 == member {
			commitments.push(
				serde_json::json!({ "coop": key.0, "category": key.2, "commitment": to_json(&record) }),
			);
		}
	}
	Ok(serde_json::json!({
		"member": member.to_string(),
		"block": at.block_number(),
		"block_hash": format!("{:?}", at.block_hash()),
		"consents": consents,
		"commitments": commitments,
		"store_address": store_address(at, member).await?,
	}))
}

/// The signer the user named: a secret URI or mnemonic (`suri`, else `COOP_SURI`), or a keystore
/// file (`keystore`, else `COOP_KEYSTORE`) opened with `COOP_PASSWORD` or a password typed at the
/// prompt. `None` if neither is given.
pub fn signer(
	suri: Option<&str>,
	keystore: Option<&std::path::Path>,
) -> Result<Option<Keypair>, Error> {
	let suri = suri.map(str::to_string).or_else(|| std::env::var("COOP_SURI").ok());
	let keystore = keystore
		.map(std::path::Path::to_path_buf)
		.or_else(|| std::env::var_os("COOP_KEYSTORE").map(Into::into));
	match (suri, keystore) {
		(Some(_), Some(_)) => {
			Err(Error::Input("give either a secret URI or a keystore file, not both".into()))
		},
		(Some(suri), None) => key_from_uri(&suri).map(Some),
		(None, Some(path)) => {
			let password = match std::env::var("COOP_PASSWORD") {
				Ok(password) => password,
				Err(_) => rpassword::prompt_password(format!("password for {}: ", path.display()))
					.map_err(|source| Error::Io { path: path.clone(), source })?,
			};
			key_from_keystore(&path, &password).map(Some)
		},
		(None, None) => Ok(None),
	}
}
