//! The chain as the store and `coop` see it: connecting, signing and submitting calls until they
//! are finalized, and the reads both share (grants, offers, pool members, store addresses, a
//! member's history), all through the code generated in [`crate::runtime`].

use subxt::{
	dynamic::Value,
	ext::codec::{Decode, Encode},
	transactions::Payload,
	utils::{AccountId32, H256},
	OnlineClient, OnlineClientAtBlock, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

use crate::{
	keys::account,
	runtime::{self, runtime_types::datacoop_primitives::consent::Grantee},
	Error,
};

/// A connection to a node.
pub type Api = OnlineClient<PolkadotConfig>;
/// The chain at one block.
pub type AtBlock = OnlineClientAtBlock<PolkadotConfig>;

fn failed(e: impl std::fmt::Display) -> Error {
	Error::Chain(e.to_string())
}

/// What `address` holds under `keys` at `at`, decoded as the runtime defines it; `None` where
/// nothing is stored.
pub async fn read<Addr: subxt::storage::Address>(
	at: &AtBlock,
	address: Addr,
	keys: Addr::KeyParts,
) -> Result<Option<Addr::Value>, Error> {
	let found = at.storage().try_fetch(address, keys).await.map_err(failed)?;
	found.map(|value| value.decode().map_err(failed)).transpose()
}

/// Every entry of map `address` under the key parts `prefix` at `at`, in key order: its key
/// parts and its value decoded as the runtime defines it.
pub async fn entries<Addr, Prefix>(
	at: &AtBlock,
	address: Addr,
	prefix: Prefix,
) -> Result<Vec<(Addr::KeyParts, Addr::Value)>, Error>
where
	Addr: subxt::storage::Address,
	Prefix: subxt::storage::PrefixOf<Addr::KeyParts>,
{
	entries_as(at, address, prefix).await
}

/// [`entries`], with each value decoded as `V` (a dynamic [`Value`] to show it as it is).
pub async fn entries_as<Addr, Prefix, V>(
	at: &AtBlock,
	address: Addr,
	prefix: Prefix,
) -> Result<Vec<(Addr::KeyParts, V)>, Error>
where
	Addr: subxt::storage::Address,
	Prefix: subxt::storage::PrefixOf<Addr::KeyParts>,
	V: subxt::ext::scale_decode::DecodeAsType,
{
	let mut stream = at.storage().iter(address, prefix).await.map_err(failed)?;
	let mut found = Vec::new();
	while let Some(entry) = stream.next().await {
		let entry = entry.map_err(failed)?;
		let key = entry.key().map_err(failed)?.decode().map_err(failed)?;
		found.push((key, entry.value().decode_as::<V>().map_err(failed)?));
	}
	Ok(found)
}

/// Connect to the node at `url`.
pub async fn connect(url: &str) -> Result<Api, Error> {
	Api::from_insecure_url(url)
		.await
		.map_err(|e| Error::Chain(format!("cannot reach {url}: {e}")))
}

/// Connect to the node at `url` for as long as the process runs: when the connection drops (the
/// node restarts, the network blips) it is dialled again, backing off up to
/// [`RECONNECT_MAX_DELAY`], and subscriptions report the gap so their owner subscribes again.
/// The first connection must succeed within 30 s. For a long-running follower such as the store's
/// `serve --trusted-rpc`; one-shot commands use [`connect`].
pub async fn connect_following(url: &str) -> Result<Api, Error> {
	use subxt::rpcs::client::{reconnecting_rpc_client::ExponentialBackoff, ReconnectingRpcClient};
	let unreachable = |e: &dyn std::fmt::Display| Error::Chain(format!("cannot reach {url}: {e}"));
	let build = ReconnectingRpcClient::builder()
		.retry_policy(ExponentialBackoff::from_millis(100).max_delay(RECONNECT_MAX_DELAY))
		.build(url);
	// The policy redials for ever; the first connection gets a bound.
	let rpc = tokio::time::timeout(FIRST_DIAL, build)
		.await
		.map_err(|_| unreachable(&format!("no answer within {} s", FIRST_DIAL.as_secs())))?
		.map_err(|e| unreachable(&e))?;
	Api::from_rpc_client(subxt::rpcs::RpcClient::new(rpc))
		.await
		.map_err(|e| unreachable(&e))
}

/// The longest wait between two redials of [`connect_following`].
pub const RECONNECT_MAX_DELAY: std::time::Duration = std::time::Duration::from_secs(5);
/// How long [`connect_following`] tries to make its first connection.
const FIRST_DIAL: std::time::Duration = std::time::Duration::from_secs(30);

/// Follow the chain of `chain_spec` (the raw JSON `datacoop-node export-chain-spec --raw`
/// writes) with an embedded light client (smoldot), which trusts no node: it syncs headers
/// from the chain's genesis, takes finality only from GRANDPA justifications signed by the
/// chain's own authorities, checks every storage value it is given against the state root of
/// its block by its Merkle proof, and runs runtime calls itself on proven state. It dials
/// `bootnodes` (`/ip4/…/tcp/…/p2p/<peer id>`, plain TCP or WebSocket) besides the spec's own.
/// Storage reads, subscriptions and view functions then work as over [`connect`]; a node that
/// answers with forged data is dropped by the light client, never believed.
pub async fn connect_light(chain_spec: &str, bootnodes: &[String]) -> Result<Api, Error> {
	let invalid = |e: &dyn std::fmt::Display| Error::Input(format!("not a chain spec: {e}"));
	let mut spec: serde_json::Value = serde_json::from_str(chain_spec).map_err(|e| invalid(&e))?;
	let Some(fields) = spec.as_object_mut() else {
		return Err(invalid(&"not a JSON object"));
	};
	if fields.get("genesis").is_none_or(|genesis| genesis.get("raw").is_none()) {
		return Err(invalid(&"no raw genesis (export it with `export-chain-spec --raw`)"));
	}
	let mut known: Vec<serde_json::Value> = match fields.get("bootNodes") {
		None | Some(serde_json::Value::Null) => Vec::new(),
		Some(serde_json::Value::Array(nodes)) => nodes.clone(),
		Some(_) => return Err(invalid(&"`bootNodes` is not a list")),
	};
	known.extend(bootnodes.iter().cloned().map(serde_json::Value::String));
	if known.is_empty() {
		return Err(Error::Input(
			"the light client needs a node to dial: the chain spec names none, give --bootnode"
				.into(),
		));
	}
	fields.insert("bootNodes".into(), serde_json::Value::Array(known));
	let (_client, rpc) = subxt::lightclient::LightClient::relay_chain(spec.to_string())
		.map_err(|e| Error::Chain(format!("the light client does not start: {e}")))?;
	// `_client` may go: the RPC's background task holds the light client and runs it.
	Api::from_rpc_client(rpc)
		.await
		.map_err(|e| Error::Chain(format!("the light client cannot follow the chain: {e}")))
}

/// When the block `at` was produced: its `Timestamp.Now`, Unix milliseconds.
pub async fn produced_ms(at: &AtBlock) -> Result<u64, Error> {
	read(at, runtime::storage().timestamp().now(), ())
		.await?
		.ok_or_else(|| Error::Chain(format!("block {} has no timestamp", at.block_number())))
}

/// Events a user does not need to see after a call: fees and the system's own.
fn noise(name: &str) -> bool {
	name.starts_with("System.")
		|| name.starts_with("TransactionPayment.")
		|| ["Balances.Withdraw", "Balances.Deposit", "Balances.BurnedDebt"].contains(&name)
}

/// Sign `call` with `key`, submit it and wait until it is finalized; returns the names of the
/// events it caused (`Pallet.Event`), without the fee and system ones. A call the chain refuses
/// is [`Error::Refused`] with the module error's name.
pub async fn submit(api: &Api, key: &Keypair, call: &impl Payload) -> Result<Vec<String>, Error> {
	// One submission at a time per process, each until finalized: a store that redeems
	// receipts while it announces its address (the same key) would otherwise sign both with
	// the same nonce, and one of them would be refused as outdated.
	static SUBMITTING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
	let _turn = SUBMITTING.lock().await;
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
		.map_err(|e| Error::Refused(e.to_string()))?;
	Ok(events
		.iter()
		.filter_map(Result::ok)
		.map(|e| format!("{}.{}", e.pallet_name(), e.event_name()))
		.filter(|name| !noise(name))
		.collect())
}

/// Register a commitment for `category` in `coop` (`consent.commit`), signed with `key`: the
/// Merkle `root` over the member's items of that category, their number and their total size.
pub async fn register(
	api: &Api,
	key: &Keypair,
	coop: u32,
	category: u16,
	(root, items, bytes): ([u8; 32], u32, u64),
) -> Result<Vec<String>, Error> {
	let call = runtime::tx().consent().commit(coop, category, H256(root), items, bytes);
	submit(api, key, &call).await
}

/// Register where the store of `key`'s account can be reached (`consent.set_store_address`),
/// unless the chain already says so.
pub async fn announce(api: &Api, key: &Keypair, address: &str) -> Result<Vec<String>, Error> {
	let at = api.at_current_block().await.map_err(failed)?;
	if store_address(&at, &account(key)).await?.as_deref() == Some(address) {
		return Ok(Vec::new());
	}
	let bytes = runtime::runtime_types::bounded_collections::bounded_vec::BoundedVec(
		address.as_bytes().to_vec(),
	);
	submit(api, key, &runtime::tx().consent().set_store_address(bytes)).await
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
	let Some(record) = read(at, runtime::storage().market().grants(), (id,)).await? else {
		return Ok(None);
	};
	Ok(Some(Grant {
		buyer: record.buyer,
		offer: record.offer,
		coop: record.coop,
		expires: record.expires.into(),
	}))
}

/// The grants `buyer` holds, by number, valid or expired. This walks every grant on chain: what
/// an index of grants by owner will replace.
pub async fn grants_of(at: &AtBlock, buyer: &AccountId32) -> Result<Vec<(u64, Grant)>, Error> {
	let all = entries(at, runtime::storage().market().grants(), ()).await?;
	let mut mine: Vec<_> = all
		.into_iter()
		.filter(|(_, record)| &record.buyer == buyer)
		.map(|((id,), record)| {
			let grant = Grant {
				buyer: record.buyer,
				offer: record.offer,
				coop: record.coop,
				expires: record.expires.into(),
			};
			(id, grant)
		})
		.collect();
	mine.sort_by_key(|(id, _)| *id);
	Ok(mine)
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
	let Some(record) = read(at, runtime::storage().market().offers(), (id,)).await? else {
		return Ok(None);
	};
	Ok(Some(Offer { coop: record.coop, purpose: record.purpose, categories: record.categories.0 }))
}

/// Call view function `pallet.name` with the SCALE-encoded `input` and decode its answer.
///
/// The runtime API takes the query id and the arguments as a length-prefixed byte vector;
/// subxt 0.51 leaves the length prefix out of its own view function calls, so the call is made
/// raw here, with the names the generated code uses.
async fn view<R: Decode>(
	at: &AtBlock,
	pallet: &str,
	name: &str,
	input: Vec<u8>,
) -> Result<R, Error> {
	let metadata = at.metadata();
	let query_id = *metadata
		.pallet_by_name(pallet)
		.and_then(|p| p.view_function_by_name(name))
		.ok_or_else(|| Error::Chain(format!("the chain has no {pallet}.{name} view function")))?
		.query_id();
	let raw = at
		.view_functions()
		.call_raw(Some(&(query_id, input).encode()))
		.await
		.map_err(failed)?;
	match raw.split_first() {
		Some((0, rest)) => <Vec<u8>>::decode(&mut &rest[..])
			.ok()
			.and_then(|bytes| R::decode(&mut &bytes[..]).ok())
			.ok_or_else(|| Error::Chain(format!("{pallet}.{name} answered something unexpected"))),
		_ => Err(Error::Chain(format!("{pallet}.{name} failed: {raw:?}"))),
	}
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
	let number =
		u32::try_from(number).map_err(|_| Error::Chain("block number beyond u32".into()))?;
	view(at, "Market", "grant_covers", (grant, member.0, category, number).encode()).await
}

/// Whether `member`'s live consent in `coop`, given to `buyer` directly (`Grantee::Buyer`, no
/// market and no payment: a member sharing with their doctor, or a study), covers `purpose`
/// and `category` at block `number` (the consent pallet's view function `covers`).
pub async fn shared_covers(
	at: &AtBlock,
	member: &AccountId32,
	coop: u32,
	buyer: &AccountId32,
	(purpose, category): (u16, u16),
	number: u64,
) -> Result<bool, Error> {
	let number =
		u32::try_from(number).map_err(|_| Error::Chain("block number beyond u32".into()))?;
	let grantee = Grantee::Buyer(*buyer);
	view(at, "Consent", "covers", (member.0, coop, grantee, purpose, category, number).encode())
		.await
}

/// Under grant `grant`: the items `member` redeemed so far, and the most that can count (their
/// weight when the grant was bought), by the market's view function `redemption`.
pub async fn redemption(
	at: &AtBlock,
	grant: u64,
	member: &AccountId32,
) -> Result<(u64, u64), Error> {
	view(at, "Market", "redemption", (grant, member.0).encode()).await
}

/// What grant `grant` still holds in escrow and the first block its redemption window is
/// closed (the market's view function `escrow`); `None` for a grant settled at purchase or gone.
pub async fn escrow(at: &AtBlock, grant: u64) -> Result<Option<(u128, u64)>, Error> {
	let found: Option<((u128, u32), u32)> = view(at, "Market", "escrow", grant.encode()).await?;
	Ok(found.map(|((held, _share), closes)| (held, u64::from(closes))))
}

/// Members with a live consent in `coop` for `grantee`, `purpose` and `category` (the consent
/// pallet's view function `pool_size`, which `ConsentApi.consent_pool_size` also answers).
pub async fn pool_size(
	at: &AtBlock,
	coop: u32,
	grantee: &Grantee<AccountId32>,
	purpose: u16,
	category: u16,
) -> Result<u32, Error> {
	view(at, "Consent", "pool_size", (coop, grantee, purpose, category).encode()).await
}

/// The members with a place in the pool of offer `offer`, and their weights: everyone a buyer
/// of it may ask.
pub async fn contributors(at: &AtBlock, offer: u32) -> Result<Vec<(AccountId32, u128)>, Error> {
	let positions = entries(at, runtime::storage().market().positions(), (offer,)).await?;
	Ok(positions
		.into_iter()
		.map(|((_, member), p)| (member, p.weight.into()))
		.collect())
}

/// `member`'s commitment to their data of `category` in `coop` at `at`: the root (bound to the
/// count, see `datacoop_store::merkle`) and the number of items.
pub async fn commitment(
	at: &AtBlock,
	coop: u32,
	member: &AccountId32,
	category: u16,
) -> Result<Option<([u8; 32], u32)>, Error> {
	let address = runtime::storage().consent().commitments();
	let found = read(at, address, (coop, *member, category)).await?;
	Ok(found.map(|c| (c.root.0, c.items)))
}

/// Where `member`'s store can be reached, if they registered it.
pub async fn store_address(at: &AtBlock, member: &AccountId32) -> Result<Option<String>, Error> {
	let address = runtime::storage().consent().store_addresses();
	let Some(record) = read(at, address, (*member,)).await? else { return Ok(None) };
	String::from_utf8(record.address.0)
		.map(Some)
		.map_err(|_| Error::Chain("a store address that is not text".into()))
}

/// Everything the chain keeps about `member`'s data and consents, as JSON: every consent with
/// every version of it, every commitment, and the store address. What `export` adds to the
/// member's archive.
pub async fn history(at: &AtBlock, member: &AccountId32) -> Result<serde_json::Value, Error> {
	let json = |v: Value| serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
	let mut consents = Vec::new();
	let mut records = at
		.storage()
		.iter(runtime::storage().consent().consents(), (*member,))
		.await
		.map_err(failed)?;
	while let Some(entry) = records.next().await {
		let entry = entry.map_err(failed)?;
		let (_, id) = entry.key().map_err(failed)?.decode().map_err(failed)?;
		let record = entry.value().decode().map_err(failed)?;
		let receipt = format!("0x{}", hex::encode(record.terms.receipt.0));
		let mut versions = Vec::new();
		let mut changes = at
			.storage()
			.iter(runtime::storage().consent().history(), (*member, id))
			.await
			.map_err(failed)?;
		while let Some(change) = changes.next().await {
			let change = change.map_err(failed)?;
			let (_, _, version) = change.key().map_err(failed)?.decode().map_err(failed)?;
			let terms = change.value().decode_as::<Value>().map_err(failed)?;
			versions.push((version, json(terms)));
		}
		versions.sort_by_key(|(n, _)| *n);
		consents.push(serde_json::json!({
			"consent": id,
			"receipt": receipt,
			"record": json(entry.value().decode_as::<Value>().map_err(failed)?),
			"versions": versions
				.into_iter()
				.map(|(n, v)| serde_json::json!({ "version": n, "terms": v }))
				.collect::<Vec<_>>(),
		}));
	}
	consents.sort_by_key(|c| c["consent"].as_u64());
	// Commitments are keyed by co-op first: walk them all and keep the member's.
	let mut commitments = Vec::new();
	let mut all = at
		.storage()
		.iter(runtime::storage().consent().commitments(), ())
		.await
		.map_err(failed)?;
	while let Some(entry) = all.next().await {
		let entry = entry.map_err(failed)?;
		let (coop, who, category) = entry.key().map_err(failed)?.decode().map_err(failed)?;
		if &who == member {
			let commitment = json(entry.value().decode_as::<Value>().map_err(failed)?);
			commitments.push(
				serde_json::json!({ "coop": coop, "category": category, "commitment": commitment }),
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

/// What an account holds: spendable, and reserved or on hold (deposits).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Balance {
	/// Free to spend (less any freeze).
	pub free: u128,
	/// Reserved or on hold: the deposits behind what the account keeps on chain.
	pub reserved: u128,
}

/// The balance of `who` at `at`; zero for an account the chain does not know.
pub async fn balance(at: &AtBlock, who: &AccountId32) -> Result<Balance, Error> {
	let address = runtime::storage().system().account();
	let Some(info) = read(at, address, (*who,)).await? else {
		return Ok(Balance::default());
	};
	Ok(Balance { free: info.data.free, reserved: info.data.reserved })
}
