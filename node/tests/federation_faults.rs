//! Fault tests of the federation on loopback, through `scripts/federation.sh`: four validators,
//! then one crashed (kill -9) and restarted from its database, then two stopped (finality waits
//! while blocks go on; what was submitted meanwhile is finalized once one comes back), then a
//! fifth co-op voted in whose fresh node starts authoring within two sessions.

use std::{str::FromStr, time::Duration};

use datacoop_test_utils::{rpc, Federation};
use subxt::{
	dynamic::{self, Value},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

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
	Keypair::from_uri(&SecretUri::from_str(uri).expect("valid URI")).expect("valid key")
}

fn call(pallet: &str, name: &str, fields: Vec<(&str, Value)>) -> Value {
	Value::unnamed_variant(pallet, [Value::named_variant(name, fields)])
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
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(fed.ws_url(0))
		.await
		.expect("client");
	let eve = keypair("//Eve").public_key().0;
	let consent = dynamic::transaction(
		"Consent",
		"give",
		(
			1u32,
			Value::unnamed_variant("Buyer", [Value::from_bytes(eve)]),
			0u16,
			vec![1u16],
			Value::unnamed_variant("None", []),
			[9u8; 32],
		),
	);
	let params = Value::named_composite([
		("validators_per_coop", Value::u128(2)),
		("max_validators", Value::u128(16)),
	]);
	let vote = dynamic::transaction(
		"Utility",
		"batch_all",
		(Value::unnamed_composite([
			call(
				"Governance",
				"propose",
				vec![
					("coop", Value::u128(0)),
					(
						"calls",
						Value::unnamed_composite([call(
							"Federation",
							"propose_params",
							vec![("params", params)],
						)]),
					),
				],
			),
			call(
				"Governance",
				"vote",
				vec![("proposal", Value::u128(0)), ("choice", Value::unnamed_variant("Aye", []))],
			),
		]),),
	);
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
	let bob = keypair("//Bob").public_key().0;
	let consent = at
		.storage()
		.try_fetch(dynamic::storage::<([u8; 32], u32), Value>("Consent", "Consents"), (bob, 0u32))
		.await
		.expect("storage readable");
	assert!(consent.is_some(), "the consent given during the outage is finalized");
	let alice_id = keypair("//Alice").public_key().0;
	let voted = at
		.storage()
		.try_fetch(
			dynamic::storage::<(u32, [u8; 32]), Value>("Governance", "Votes"),
			(0u32, alice_id),
		)
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
