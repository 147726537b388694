//! Brings a fifth co-op into a running local federation, with signed transactions as wallets
//! send them: Eve founds a co-op, which applies to the federation; co-ops 0, 1 and 2 vote it in,
//! each by a decision of its own members; it registers Eve's validator account; and the session
//! keys freshly generated on Eve's node (`author_rotateKeysWithOwner`) are set on chain with
//! their proof of possession. Each co-op decision is one `utility.batch_all` of propose, vote and
//! close by the co-op's only member.
//!
//! ```text
//! cargo run -p datacoop-node --example federation_add_coop -- <federation RPC URL> <new node RPC URL>
//! ```
//! `scripts/federation.sh add-coop` starts Eve's node and runs this.

use std::str::FromStr;

use subxt::{
	dynamic::{self, Value},
	rpcs::{rpc_params, RpcClient},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

type Error = Box<dyn std::error::Error>;

fn keypair(uri: &str) -> Result<Keypair, Error> {
	Ok(Keypair::from_uri(&SecretUri::from_str(uri)?)?)
}

fn call(pallet: &str, name: &str, fields: Vec<(&str, Value)>) -> Value {
	Value::unnamed_variant(pallet, [Value::named_variant(name, fields)])
}

fn perbill(percent: u32) -> Value {
	Value::unnamed_composite([Value::u128(u128::from(percent) * 10_000_000)])
}

async fn read_u32(
	api: &OnlineClient<PolkadotConfig>,
	pallet: &str,
	entry: &str,
) -> Result<u32, Error> {
	let at = api.at_current_block().await?;
	let value = at.storage().try_fetch(dynamic::storage::<(), u32>(pallet, entry), ()).await?;
	Ok(match value {
		Some(v) => v.decode()?,
		None => 0,
	})
}

/// Sign `calls` as one `utility.batch_all` by `signer` and wait until it is finalized.
async fn submit(
	api: &OnlineClient<PolkadotConfig>,
	signer: &Keypair,
	calls: Vec<Value>,
) -> Result<(), Error> {
	let tx = dynamic::transaction("Utility", "batch_all", (Value::unnamed_composite(calls),));
	api.at_current_block()
		.await?
		.transactions()
		.sign_and_submit_then_watch_default(&tx, signer)
		.await?
		.wait_for_finalized_success()
		.await?;
	Ok(())
}

/// Propose `inner` to `coop`, vote aye and close: the decision of a one-member co-op.
async fn decision(
	api: &OnlineClient<PolkadotConfig>,
	coop: u32,
	inner: Value,
) -> Result<Vec<Value>, Error> {
	let proposal = read_u32(api, "Governance", "NextProposalId").await?;
	let weight_bound = Value::named_composite([
		("ref_time", Value::u128(50_000_000_000)),
		("proof_size", Value::u128(1_000_000)),
	]);
	Ok(vec![
		call(
			"Governance",
			"propose",
			vec![("coop", Value::u128(coop.into())), ("calls", Value::unnamed_composite([inner]))],
		),
		call(
			"Governance",
			"vote",
			vec![
				("proposal", Value::u128(proposal.into())),
				("choice", Value::unnamed_variant("Aye", [])),
			],
		),
		call(
			"Governance",
			"close",
			vec![("proposal", Value::u128(proposal.into())), ("weight_bound", weight_bound)],
		),
	])
}

#[tokio::main]
async fn main() -> Result<(), Error> {
	let mut args = std::env::args().skip(1);
	let (Some(federation_url), Some(node_url)) = (args.next(), args.next()) else {
		return Err("usage: federation_add_coop <federation RPC URL> <new node RPC URL>".into());
	};
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(&federation_url).await?;
	let eve = keypair("//Eve")?;

	// Eve founds co-op `coop`, which applies to the federation.
	let coop = read_u32(&api, "Coops", "NextCoopId").await?;
	let motion = read_u32(&api, "Federation", "NextMotionId").await?;
	let bylaws = Value::named_composite([
		("quorum", perbill(50)),
		("approval", perbill(50)),
		("amendment_approval", perbill(66)),
		("expulsion_approval", perbill(75)),
		("voting_period", Value::u128(20)),
		// As the preset's validator co-ops: early close at once (one voter), a newcomer waits
		// ten blocks, and nobody joins without the members' vote.
		("min_voting_period", Value::u128(0)),
		("membership_maturity", Value::u128(10)),
		("admission", Value::unnamed_variant("Vote", [])),
		("revenue_share", perbill(10)),
		("max_members", Value::unnamed_variant("None", [])),
		(
			"vocabulary",
			Value::named_composite([("purposes", Value::u128(4)), ("categories", Value::u128(6))]),
		),
	]);
	let mut calls = vec![call(
		"Coops",
		"found",
		vec![
			("members", Value::unnamed_composite([])),
			("document", Value::from_bytes([5u8; 32])),
			("params", bylaws),
		],
	)];
	calls.extend(decision(&api, coop, call("Federation", "apply", vec![])).await?);
	submit(&api, &eve, calls).await?;
	println!("co-op {coop} founded by Eve applied to the federation (motion {motion})");

	// Co-ops 0, 1 and 2 vote aye, each by its own decision.
	for (member, founder) in [(0u32, "//Alice"), (1, "//Bob"), (2, "//Charlie")] {
		let vote = call(
			"Federation",
			"vote",
			vec![("motion", Value::u128(motion.into())), ("aye", Value::bool(true))],
		);
		let calls = decision(&api, member, vote).await?;
		submit(&api, &keypair(founder)?, calls).await?;
		println!("co-op {member} voted aye");
	}

	// Eve's node generates session keys for her account; the co-op registers her validator and
	// she sets the keys.
	let node = RpcClient::from_insecure_url(&node_url).await?;
	let generated: serde_json::Value = node
		.request(
			"author_rotateKeysWithOwner",
			rpc_params![format!("0x{}", hex(&eve.public_key().0))],
		)
		.await?;
	let keys = unhex(generated["keys"].as_str().ok_or("no keys")?)?;
	let proof = unhex(generated["proof"].as_str().ok_or("no proof: the runtime must support it")?)?;
	let (aura, grandpa) =
		(keys.get(..32).ok_or("short keys")?, keys.get(32..64).ok_or("short keys")?);
	let register = call(
		"Federation",
		"register_validator",
		vec![("validator", Value::from_bytes(eve.public_key().0))],
	);
	let mut calls = decision(&api, coop, register).await?;
	calls.push(call(
		"Session",
		"set_keys",
		vec![
			(
				"keys",
				Value::named_composite([
					("aura", Value::from_bytes(aura)),
					("grandpa", Value::from_bytes(grandpa)),
				]),
			),
			("proof", Value::from_bytes(proof)),
		],
	));
	submit(&api, &eve, calls).await?;
	println!("co-op {coop} registered Eve's validator; her session keys are set");
	Ok(())
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Result<Vec<u8>, Error> {
	let text = text.trim_start_matches("0x");
	(0..text.len())
		.step_by(2)
		.map(|i| Ok(u8::from_str_radix(text.get(i..i + 2).ok_or("odd hex")?, 16)?))
		.collect()
}
