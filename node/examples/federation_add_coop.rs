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

use datacoop_client::{
	chain::{connect, read, Api},
	keys::key_from_uri,
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			datacoop_primitives::coop::{AdmissionPolicy, BylawsParams, Vocabulary},
			datacoop_runtime::{opaque::SessionKeys, RuntimeCall},
			pallet_federation::pallet::Call as FederationCall,
			pallet_governance::types::VoteChoice,
			sp_arithmetic::per_things::Perbill,
			sp_consensus_aura::sr25519::app_sr25519,
			sp_consensus_grandpa::app,
			sp_weights::weight_v2::Weight,
		},
	},
	Keypair,
};
use subxt::rpcs::{rpc_params, RpcClient};

type Error = Box<dyn std::error::Error>;

fn perbill(percent: u32) -> Perbill {
	Perbill(percent * 10_000_000)
}

/// Sign `calls` as one `utility.batch_all` by `signer` and wait until it is finalized.
async fn submit(api: &Api, signer: &Keypair, calls: Vec<RuntimeCall>) -> Result<(), Error> {
	datacoop_client::chain::submit(api, signer, &runtime::tx().utility().batch_all(calls)).await?;
	Ok(())
}

/// Propose `inner` to `coop`, vote aye and close: the decision of a one-member co-op.
async fn decision(api: &Api, coop: u32, inner: RuntimeCall) -> Result<Vec<RuntimeCall>, Error> {
	use runtime::runtime_types::pallet_governance::pallet::Call as Governance;
	let at = api.at_current_block().await?;
	let proposal = read(&at, runtime::storage().governance().next_proposal_id(), ())
		.await?
		.unwrap_or(0);
	let weight_bound = Weight { ref_time: 50_000_000_000, proof_size: 1_000_000 };
	Ok(vec![
		RuntimeCall::Governance(Governance::propose {
			coop,
			calls: Box::new(BoundedVec(vec![inner])),
		}),
		RuntimeCall::Governance(Governance::vote { proposal, choice: VoteChoice::Aye }),
		RuntimeCall::Governance(Governance::close { proposal, weight_bound }),
	])
}

#[tokio::main]
async fn main() -> Result<(), Error> {
	let mut args = std::env::args().skip(1);
	let (Some(federation_url), Some(node_url)) = (args.next(), args.next()) else {
		return Err("usage: federation_add_coop <federation RPC URL> <new node RPC URL>".into());
	};
	let api = connect(&federation_url).await?;
	let eve = key_from_uri("//Eve")?;

	// Eve founds co-op `coop`, which applies to the federation.
	let at = api.at_current_block().await?;
	let coop = read(&at, runtime::storage().coops().next_coop_id(), ()).await?.unwrap_or(0);
	let motion = read(&at, runtime::storage().federation().next_motion_id(), ())
		.await?
		.unwrap_or(0);
	let params = BylawsParams {
		quorum: perbill(50),
		approval: perbill(50),
		amendment_approval: perbill(66),
		expulsion_approval: perbill(75),
		voting_period: 20,
		// As the preset's validator co-ops: early close at once (one voter), a newcomer waits
		// ten blocks, and nobody joins without the members' vote.
		min_voting_period: 0,
		membership_maturity: 10,
		admission: AdmissionPolicy::Vote,
		revenue_share: perbill(10),
		max_members: None,
		max_items_per_commitment: None,
		vocabulary: Vocabulary { purposes: 4, categories: 6 },
	};
	let mut calls =
		vec![RuntimeCall::Coops(runtime::runtime_types::pallet_coops::pallet::Call::found {
			members: BoundedVec(Vec::new()),
			document: BoundedVec(vec![5u8; 32]),
			params,
		})];
	calls.extend(decision(&api, coop, RuntimeCall::Federation(FederationCall::apply)).await?);
	submit(&api, &eve, calls).await?;
	println!("co-op {coop} founded by Eve applied to the federation (motion {motion})");

	// Co-ops 0, 1 and 2 vote aye, each by its own decision.
	for (member, founder) in [(0u32, "//Alice"), (1, "//Bob"), (2, "//Charlie")] {
		let vote = RuntimeCall::Federation(FederationCall::vote { motion, aye: true });
		let calls = decision(&api, member, vote).await?;
		submit(&api, &key_from_uri(founder)?, calls).await?;
		println!("co-op {member} voted aye");
	}

	// Eve's node generates session keys for her account; the co-op registers her validator and
	// she sets the keys.
	let node = RpcClient::from_insecure_url(&node_url).await?;
	let generated: serde_json::Value = node
		.request(
			"author_rotateKeysWithOwner",
			rpc_params![format!("0x{}", hex::encode(eve.public_key().0))],
		)
		.await?;
	let unhex = |field: &str| -> Result<Vec<u8>, Error> {
		let text = generated[field].as_str().ok_or_else(|| format!("no {field} in the answer"))?;
		Ok(hex::decode(text.trim_start_matches("0x"))?)
	};
	let (keys, proof) = (unhex("keys")?, unhex("proof")?);
	let key = |range: std::ops::Range<usize>| -> Result<[u8; 32], Error> {
		Ok(keys.get(range).ok_or("short keys")?.try_into()?)
	};
	let session_keys =
		SessionKeys { aura: app_sr25519::Public(key(0..32)?), grandpa: app::Public(key(32..64)?) };
	let register = RuntimeCall::Federation(FederationCall::register_validator {
		validator: datacoop_client::keys::account(&eve),
	});
	let mut calls = decision(&api, coop, register).await?;
	calls.push(RuntimeCall::Session(
		runtime::runtime_types::pallet_session::pallet::Call::set_keys {
			keys: session_keys,
			proof,
		},
	));
	submit(&api, &eve, calls).await?;
	println!("co-op {coop} registered Eve's validator; her session keys are set");
	Ok(())
}
