//! Fault tests of the federation on loopback, through `scripts/federation.sh`: four validators,
//! then one crashed (kill -9) and restarted from its database, then two stopped (finality waits
//! while blocks go on; what was submitted meanwhile is finalized once one comes back), then a
//! fifth co-op voted in whose fresh node starts authoring within two sessions.

use std::time::Duration;

use datacoop_client::{
	chain::{self, read},
	keys::{account, key_from_uri},
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			datacoop_primitives::consent::Grantee,
			datacoop_runtime::RuntimeCall,
			pallet_federation::{pallet::Call as FederationCall, types::FederationParams},
			pallet_governance::{pallet::Call as GovernanceCall, types::VoteChoice},
		},
	},
	Keypair,
};
use datacoop_test_utils::{rpc, Federation};
use subxt::utils::H256;

/// Finalized block of the node on `port`, 0 while it does not answer.
fn finalized_number(port: u16) -> u64 {
	rpc::finalized_number(port).unwrap_or(0)
}

/// Best block of the node on `port`, 0 while it does not answer.
fn best_number(port: u16) -> u64 {
	rpc::best_number(port).unwrap_or(0)
}

/// Wait up to `secs` until `check` holds, with the validators' logs if it never does.
fn until(fed: &Federation, what: &str, secs: u64, check: impl FnMut() -> bool) {
	rpc::until(what, Duration::from_secs(secs), check, || fed.logs());
}

fn keypair(uri: &str) -> Keypair {
	key_from_uri(uri).expect("valid secret URI")
}

/// Lines of `log` that record a block this node authored.
fn authored(log: &str) -> usize {
	log.lines().filter(|l| l.contains("Pre-sealed block")).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_federation_survives_failures_and_grows_by_vote() {
	let fed = Federation::new("faults", 3);
	fed.run(&["up"]);
	fed.wait_rpc(0);
	let alice = fed.rpc_port(0);

	// One of four crashes: blocks and finality go on with three.
	let finalized = finalized_number(alice);
	fed.run(&["kill", "dave", "-9"]);
	let height_at_crash = best_number(alice);
	until(&fed, "finality goes on with three of four", 120, || {
		finalized_number(alice) >= finalized + 3
	});

	// Restarted from its base path, it resumes from its own database, catches up and authors.
	let authored_before = authored(&fed.log("dave"));
	fed.run(&["restart", "dave"]);
	fed.wait_rpc(3);
	let dave = fed.rpc_port(3);
	let resumed_at = best_number(dave);
	assert!(
		resumed_at + 3 >= height_at_crash && resumed_at > 0,
		"dave resumed at {resumed_at}, crashed at {height_at_crash}: no resync from zero"
	);
	until(&fed, "dave catches up", 120, || finalized_number(dave) + 1 >= finalized_number(alice));
	until(&fed, "dave authors again", 180, || authored(&fed.log("dave")) > authored_before);

	// Two of four stop: blocks go on, finality waits.
	fed.run(&["kill", "charlie"]);
	fed.run(&["kill", "dave"]);
	tokio::time::sleep(Duration::from_secs(12)).await;
	let (stalled_at, best_before) = (finalized_number(alice), best_number(alice));

	// Meanwhile Bob consents through his co-op and Alice votes in hers.
	let api = chain::connect(&fed.ws_url(0)).await.expect("client");
	let eve = account(&keypair("//Eve"));
	let consent =
		runtime::tx()
			.consent()
			.give(1, Grantee::Buyer(eve), 0, vec![1], None, H256([9u8; 32]));
	let params = FederationParams { validators_per_coop: 2, max_validators: 16 };
	let propose = RuntimeCall::Governance(GovernanceCall::propose {
		coop: 0,
		calls: Box::new(BoundedVec(vec![RuntimeCall::Federation(
			FederationCall::propose_params { params },
		)])),
	});
	let vote =
		RuntimeCall::Governance(GovernanceCall::vote { proposal: 0, choice: VoteChoice::Aye });
	let vote = runtime::tx().utility().batch_all(vec![propose, vote]);
	let at = api.at_current_block().await.expect("block");
	at.transactions()
		.sign_and_submit_default(&consent, &keypair("//Bob"))
		.await
		.expect("consent accepted");
	at.transactions()
		.sign_and_submit_default(&vote, &keypair("//Alice"))
		.await
		.expect("vote accepted");
	until(&fed, "blocks go on with two of four", 120, || best_number(alice) >= best_before + 3);
	let best_in_outage = best_number(alice);
	assert!(
		finalized_number(alice) <= stalled_at + 1,
		"finality waits for more than two thirds: finalized {} after {stalled_at}",
		finalized_number(alice)
	);

	// One comes back: finality resumes past everything authored in the outage, and the consent
	// and the vote are in finalized state.
	fed.run(&["restart", "charlie"]);
	until(&fed, "finality resumes", 180, || finalized_number(alice) >= best_in_outage);
	let at = api.at_current_block().await.expect("finalized block");
	let bob = account(&keypair("//Bob"));
	let consent = read(&at, runtime::storage().consent().consents(), (bob, 0))
		.await
		.expect("storage readable");
	assert!(consent.is_some(), "the consent given during the outage is finalized");
	let alice_id = account(&keypair("//Alice"));
	let voted = read(&at, runtime::storage().governance().votes(), (0, alice_id))
		.await
		.expect("storage readable");
	assert!(voted.is_some(), "the vote cast during the outage is finalized");

	// A fifth co-op is voted in; its fresh node sets keys and authors within two sessions.
	fed.run(&["restart", "dave"]);
	let out = fed.run(&["add-coop"]);
	assert!(out.contains("eve's node authors blocks"), "{out}");
	let status = fed.run(&["status"]);
	assert!(status.lines().any(|l| l.starts_with("eve")), "{status}");
}
