//! `coop` against a real dev node, the access contract story: the demo co-op votes in an offer,
//! Bob and Charlie consent, and Alice deploys the `access_offer` contract (built by
//! `scripts/build-contracts.sh`) selling it with two price tiers to an allow-list of one: Ferdie.
//!
//! - Ferdie buys through the contract with a signed `Revive.call`: the grant is his, the co-op's
//!   treasury and the offer's pool are credited by the market, and the store-facing grant check
//!   works for him.
//! - Eve, off the allow-list, is refused, both by `coop` and by the chain when she signs the
//!   call anyway: she loses only the fee.
//! - A contract pricing below the co-op's offer cannot sell: the market refuses, the call
//!   reverts, no money moves.
//! - Only the co-op's vote changes the terms: Alice calling `set_terms` herself is refused;
//!   a carried proposal (`Governance.as_coop_account`) changes them.

use datacoop_test_utils::{accounts::FERDIE, coop, coop_ok, vote_in_offer, Node, Outcome};
use subxt::ext::codec::Encode;

const UNIT: u128 = 1_000_000_000_000;
const EVE: &str = "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw";
const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

/// The contract code `scripts/build-contracts.sh` put next to the node binary.
fn contract_code() -> String {
	let exe = std::env::current_exe().expect("test path");
	let target = exe.ancestors().nth(3).expect("target dir");
	let code = target.join("contracts").join("access_offer.polkavm");
	assert!(
		code.exists(),
		"build the contracts first: scripts/build-contracts.sh ({})",
		code.display()
	);
	code.to_string_lossy().into_owned()
}

/// The balance of `account` (SS58), read straight from the chain.
fn balance(url: &str, account: &str) -> datacoop_client::chain::Balance {
	let runtime = tokio::runtime::Runtime::new().expect("runtime");
	runtime.block_on(async {
		let api = datacoop_client::chain::connect(url).await.expect("node");
		let at = api.at_current_block().await.expect("block");
		let who = account.parse().expect("SS58");
		datacoop_client::chain::balance(&at, &who).await.expect("the balance reads")
	})
}

/// Free balance of `account` (SS58) and the offer 0 pool, read straight from the chain.
fn chain_state(url: &str, account: &str) -> (u128, serde_json::Value) {
	let offers: serde_json::Value =
		serde_json::from_str(&coop_ok(url, &["--json", "offers"])).expect("JSON");
	(balance(url, account).free, offers[0]["pool"].clone())
}

/// What `account` has reserved or on hold.
fn reserved(url: &str, account: &str) -> u128 {
	balance(url, account).reserved
}

/// Sign `Revive.call(contract, value, data)` with `suri` directly, skipping `coop`'s dry run:
/// what the chain itself does with the call. Returns the error, if any.
fn raw_call(
	url: &str,
	suri: &str,
	contract: &str,
	value: u128,
	data: Vec<u8>,
) -> Result<Vec<String>, String> {
	let contract = datacoop_cli::args::contract_address(contract).expect("address");
	let runtime = tokio::runtime::Runtime::new().expect("runtime");
	runtime.block_on(async {
		let api = datacoop_client::chain::connect(url).await.expect("node");
		let key = datacoop_client::keys::key_from_uri(suri).expect("key");
		let weight = datacoop_client::runtime::runtime_types::sp_weights::weight_v2::Weight {
			ref_time: 10_000_000_000,
			proof_size: 1024 * 1024,
		};
		let tx = datacoop_client::runtime::tx().revive().call(
			subxt::utils::H160(contract),
			value,
			weight,
			UNIT,
			data,
		);
		datacoop_client::chain::submit(&api, &key, &tx).await.map_err(|e| e.to_string())
	})
}

fn selector(name: &str) -> [u8; 4] {
	let hash = sp_crypto_hashing::blake2_256(name.as_bytes());
	[hash[0], hash[1], hash[2], hash[3]]
}

/// Alice deploys an access contract for offer 0, owned by co-op 0, with these price tiers and
/// extra arguments; its address.
fn deploy(url: &str, code: &str, tiers: &[String], extra: &[&str]) -> String {
	let mut args =
		vec!["--json", "--suri", "//Alice", "contract", "deploy", "--code", code, "--coop", "0"];
	args.extend(["--offer", "0"]);
	for tier in tiers {
		args.extend(["--tier", tier.as_str()]);
	}
	args.extend(extra);
	let deployed: serde_json::Value = serde_json::from_str(&coop_ok(url, &args)).expect("JSON");
	assert!(deployed["events"].to_string().contains("Revive.Instantiated"), "{deployed}");
	deployed["contract"].as_str().expect("contract address").to_string()
}

fn pool_field(pool: &serde_json::Value, field: &str) -> u128 {
	match &pool[field] {
		serde_json::Value::Number(n) => n.as_u64().expect("amount") as u128,
		serde_json::Value::String(s) => s.parse().expect("amount"),
		other => panic!("pool field {field}: {other}"),
	}
}

#[test]
fn buyers_pay_through_an_access_contract_and_the_market_keeps_the_rules() {
	let code = contract_code();
	let node = Node::dev();
	let url = &node.ws_url();

	// The offer: 5 tokens for up to 100 blocks, needing two contributors; Bob and Charlie opt in.
	vote_in_offer(url, (5 * UNIT, 100, 2), None);
	let root = "0x".to_string() + &"ab".repeat(32);
	for (member, items) in [("//Bob", "30"), ("//Charlie", "10")] {
		coop_ok(
			url,
			&[
				"--suri", member, "commit", "--coop", "0", "--category", "1", "--root", &root,
				"--items", items, "--bytes", "1000",
			],
		);
		coop_ok(
			url,
			&[
				"--suri", member, "consent", "give", "--coop", "0", "--offer", "0", "--purpose",
				"0", "--categories", "1",
			],
		);
	}

	// Alice deploys the contract for co-op 0: 6 tokens for 50 blocks or 8 for 100; Ferdie only.
	let tiers = [format!("{}:50", 6 * UNIT), format!("{}:100", 8 * UNIT)];
	let contract = deploy(url, &code, &tiers, &["--allow", FERDIE]);
	let terms = coop_ok(url, &["contract", "terms", &contract]);
	assert!(
		terms.contains("offer 0") && terms.contains("sold 0") && terms.contains("allow-list on"),
		"{terms}"
	);
	// The contract reads the market through the precompile: the offer is open, 2 of 2 members.
	assert!(terms.contains("market: offer open, 2 contributing members of 2 needed"), "{terms}");
	let treasury = datacoop_cli::commands::contract::coop_account(0).to_string();
	assert!(
		terms.contains(&datacoop_cli::commands::contract::hex(
			&datacoop_cli::commands::contract::address_of(&treasury.parse().expect("SS58"))
		)),
		"the co-op owns it: {terms}"
	);

	// Ferdie buys tier 1 with a signed Revive.call: the grant is his, the money is split.
	let (treasury_before, pool_before) = chain_state(url, &treasury);
	assert_eq!(pool_field(&pool_before, "paid"), 0);
	let (ferdie_before, _) = chain_state(url, FERDIE);
	let ferdie_reserved = reserved(url, FERDIE);
	let bought: serde_json::Value = serde_json::from_str(&coop_ok(
		url,
		&["--json", "--suri", "//Ferdie", "contract", "buy", &contract, "--tier", "1"],
	))
	.expect("JSON");
	let events = bought["events"].to_string();
	assert!(
		events.contains("Market.Purchased") && events.contains("Revive.ContractEmitted"),
		"{bought}"
	);
	assert_eq!(bought["grant"], 0, "{bought}");
	let grants = coop_ok(url, &["--suri", "//Ferdie", "grants"]);
	assert!(grants.starts_with("grant 0: offer 0 of co-op 0, valid"), "{grants}");
	let (treasury_after, pool) = chain_state(url, &treasury);
	assert_eq!(pool_field(&pool, "paid"), 8 * UNIT, "{pool}");
	assert_eq!(pool_field(&pool, "to_treasury"), 0, "nothing delivered, nothing paid: {pool}");
	assert_eq!(treasury_after, treasury_before, "{pool}");
	// It settles as any sale does: Ferdie acknowledges Bob's 30 items (of 40 in the pool),
	// Bob redeems 8 × 30/40 tokens, 10 % of it (the bylaws) to the co-op.
	let store = datacoop_store::p2p::PeerId::random().to_string();
	let signature = coop_ok(
		url,
		&[
			"--suri", "//Ferdie", "receipt", "0", "--member", BOB, "--store", &store, "--items",
			"30",
		],
	);
	let redeemed = coop_ok(
		url,
		&[
			"--suri", "//Bob", "redeem", "0", "--items", "30", "--store", &store, "--signature",
			&signature,
		],
	);
	assert!(redeemed.contains("Market.Redeemed"), "{redeemed}");
	let (treasury_after, pool) = chain_state(url, &treasury);
	assert_eq!(pool_field(&pool, "to_treasury"), 6 * UNIT / 10, "the bylaws' 10 %: {pool}");
	assert_eq!(pool_field(&pool, "received"), 6 * UNIT - 6 * UNIT / 10, "{pool}");
	assert_eq!(
		treasury_after - treasury_before,
		6 * UNIT / 10,
		"the co-op's share of what was delivered reached its treasury"
	);
	let (ferdie_after, _) = chain_state(url, FERDIE);
	let spent = ferdie_before - ferdie_after;
	assert!((8 * UNIT..8 * UNIT + UNIT / 10).contains(&spent), "the price and fees: {spent}");
	// The grant's deposit is held by the contract, from what Alice gave it, not by Ferdie.
	assert_eq!(reserved(url, FERDIE), ferdie_reserved, "nothing held on the buyer");
	assert!(coop_ok(url, &["contract", "terms", &contract]).contains("sold 1"));

	// Eve is not on the allow-list: coop refuses before signing, and the chain when she signs.
	let Outcome { success, stderr, .. } =
		coop(url, &["--suri", "//Eve", "contract", "buy", &contract, "--tier", "0"]);
	assert!(!success && stderr.contains("NotAllowed"), "{stderr}");
	let (eve_before, _) = chain_state(url, EVE);
	let refused = raw_call(url, "//Eve", &contract, 6 * UNIT, (selector("buy"), 0u32).encode());
	assert!(refused.as_ref().is_err_and(|e| e.contains("ContractReverted")), "{refused:?}");
	let (eve_after, pool_now) = chain_state(url, EVE);
	assert!(
		eve_before - eve_after < UNIT / 10,
		"Eve paid only the fee: {}",
		eve_before - eve_after
	);
	assert_eq!(pool_field(&pool_now, "paid"), 8 * UNIT, "no sale");

	// A contract cannot sell below the co-op's price: the market refuses and nothing moves.
	let cheap = deploy(url, &code, &[format!("{}:100", UNIT)], &[]);
	let Outcome { success, stderr, .. } =
		coop(url, &["--suri", "//Ferdie", "contract", "buy", &cheap]);
	assert!(!success && stderr.contains("MarketRefused"), "{stderr}");
	let (ferdie_before, _) = chain_state(url, FERDIE);
	let refused = raw_call(url, "//Ferdie", &cheap, UNIT, (selector("buy"), 0u32).encode());
	assert!(refused.as_ref().is_err_and(|e| e.contains("ContractReverted")), "{refused:?}");
	let (ferdie_after, pool_now) = chain_state(url, FERDIE);
	assert!(
		ferdie_before - ferdie_after < UNIT / 10,
		"only the fee: {}",
		ferdie_before - ferdie_after
	);
	assert_eq!(pool_field(&pool_now, "paid"), 8 * UNIT, "no sale below the offer's price");

	// Only the co-op changes the terms: Alice alone cannot, a carried proposal can.
	let set_terms = (selector("set_terms"), vec![([1u8; 32], 1u32)], None::<u32>).encode();
	let refused = raw_call(url, "//Alice", &contract, 0, set_terms);
	assert!(refused.as_ref().is_err_and(|e| e.contains("ContractReverted")), "{refused:?}");
	coop_ok(
		url,
		&[
			"--suri",
			"//Alice",
			"propose",
			"0",
			"contract-terms",
			"--contract",
			&contract,
			"--tier",
			&format!("{}:100", 7 * UNIT),
			"--cap",
			"5",
		],
	);
	for voter in ["//Alice", "//Bob", "//Charlie"] {
		coop_ok(url, &["--suri", voter, "vote", "1", "aye"]);
	}
	let closed = coop_ok(url, &["--suri", "//Charlie", "close", "1", "--wait"]);
	assert!(
		closed.contains("Governance.ActedAsCoop") && closed.contains("Revive.ContractEmitted"),
		"{closed}"
	);
	let terms: serde_json::Value =
		serde_json::from_str(&coop_ok(url, &["--json", "contract", "terms", &contract]))
			.expect("JSON");
	assert_eq!(
		terms["tiers"],
		serde_json::json!([{ "price": (7 * UNIT).to_string(), "blocks": 100 }]),
		"{terms}"
	);
	assert_eq!(
		(terms["cap"].clone(), terms["sold"].clone()),
		(serde_json::json!(5), serde_json::json!(1)),
		"{terms}"
	);
}
