//! Fault tests of the federation on loopback, through `scripts/federation.sh`: four validators,
//! then one crashed (kill -9) and restarted from its database, then two stopped (finality waits
//! while blocks go on; what was submitted meanwhile is finalized once one comes back), then a
//! fifth co-op voted in whose fresh node starts authoring within two sessions.

mod common;

use std::{
	path::{Path, PathBuf},
	process::Command,
	str::FromStr,
	time::{Duration, Instant},
};

use common::{best_number, finalized_number};
use subxt::{
	dynamic::{self, Value},
	rpcs::RpcClient,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

struct Federation {
	dir: PathBuf,
	base: u16,
}

impl Federation {
	fn run(&self, args: &[&str]) -> String {
		let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/federation.sh");
		let examples = Path::new(common::NODE).parent().expect("target dir").join("examples");
		let out = Command::new("bash")
			.arg(script)
			.args(args)
			.env("NODE_BIN", common::NODE)
			.env("ADD_COOP_BIN", examples.join("federation_add_coop"))
			.env("FEDERATION_DIR", &self.dir)
			.env("P2P_BASE", self.base.to_string())
			.env("RPC_BASE", (self.base + 10).to_string())
			.env("PROM_BASE", (self.base + 20).to_string())
			.env("WAIT_FINALIZED", "3")
			.env("WAIT_TIMEOUT", "400")
			.output()
			.expect("the script runs");
		let text = format!(
			"{}{}",
			String::from_utf8_lossy(&out.stdout),
			String::from_utf8_lossy(&out.stderr)
		);
		assert!(out.status.success(), "federation.sh {args:?} failed:\n{text}\n{}", self.logs());
		text
	}

	fn rpc_url(&self, node: u16) -> String {
		format!("ws://127.0.0.1:{}", self.base + 10 + node)
	}

	async fn rpc(&self, node: u16) -> RpcClient {
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			if let Ok(client) = RpcClient::from_insecure_url(self.rpc_url(node)).await {
				return client;
			}
			assert!(Instant::now() < deadline, "node {node} RPC never came up:\n{}", self.logs());
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}

	fn log(&self, name: &str) -> String {
		std::fs::read_to_string(self.dir.join(name).join("node.log")).unwrap_or_default()
	}

	fn logs(&self) -> String {
		["alice", "bob", "charlie", "dave", "eve"]
			.iter()
			.map(|n| {
				let log = self.log(n);
				let tail: Vec<_> = log.lines().rev().take(12).collect();
				format!("--- {n}\n{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"))
			})
			.collect::<Vec<_>>()
			.join("\n")
	}

	/// Wait until `check` holds, polling every second.
	async fn until<F: std::future::Future<Output = bool>>(&self, what: &str, secs: u64, check: impl Fn() -> F) {
		let deadline = Instant::now() + Duration::from_secs(secs);
		while !check().await {
			assert!(Instant::now() < deadline, "{what} within {secs} s:\n{}", self.logs());
			tokio::time::sleep(Duration::from_secs(1)).await;
		}
	}
}

impl Drop for Federation {
	fn drop(&mut self) {
		let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/federation.sh");
		let _ = Command::new("bash")
			.arg(script)
			.args(["down", "--purge"])
			.env("NODE_BIN", common::NODE)
			.env("FEDERATION_DIR", &self.dir)
			.output();
	}
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
	let fed = Federation {
		dir: std::env::temp_dir().join(format!("datacoop-faults-{}", std::process::id())),
		base: 23_000 + (std::process::id() % 500) as u16 * 30,
	};
	fed.run(&["up"]);
	let alice = fed.rpc(0).await;

	// One of four crashes: blocks and finality go on with three.
	let finalized = finalized_number(&alice).await;
	fed.run(&["kill", "dave", "-9"]);
	let height_at_crash = best_number(&alice).await;
	fed.until("finality goes on with three of four", 120, || async {
		finalized_number(&alice).await >= finalized + 3
	})
	.await;

	// Restarted from its base path, it resumes from its own database, catches up and authors.
	let authored_before = authored(&fed.log("dave"));
	fed.run(&["restart", "dave"]);
	let dave = fed.rpc(3).await;
	let resumed_at = best_number(&dave).await;
	assert!(
		resumed_at + 3 >= height_at_crash && resumed_at > 0,
		"dave resumed at {resumed_at}, crashed at {height_at_crash}: no resync from zero"
	);
	fed.until("dave catches up", 120, || async {
		finalized_number(&dave).await + 1 >= finalized_number(&alice).await
	})
	.await;
	fed.until("dave authors again", 180, || async { authored(&fed.log("dave")) > authored_before })
		.await;

	// Two of four stop: blocks go on, finality waits.
	fed.run(&["kill", "charlie"]);
	fed.run(&["kill", "dave"]);
	tokio::time::sleep(Duration::from_secs(12)).await;
	let (stalled_at, best_before) = (finalized_number(&alice).await, best_number(&alice).await);

	// Meanwhile Bob consents through his co-op and Alice votes in hers.
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(fed.rpc_url(0)).await.expect("client");
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
			call("Governance", "propose", vec![
				("coop", Value::u128(0)),
				("calls", Value::unnamed_composite([call("Federation", "propose_params", vec![("params", params)])])),
			]),
			call("Governance", "vote", vec![
				("proposal", Value::u128(0)),
				("choice", Value::unnamed_variant("Aye", [])),
			]),
		]),),
	);
	let at = api.at_current_block().await.expect("block");
	at.transactions().sign_and_submit_default(&consent, &keypair("//Bob")).await.expect("consent accepted");
	at.transactions().sign_and_submit_default(&vote, &keypair("//Alice")).await.expect("vote accepted");
	fed.until("blocks go on with two of four", 120, || async {
		best_number(&alice).await >= best_before + 3
	})
	.await;
	let best_in_outage = best_number(&alice).await;
	assert!(
		finalized_number(&alice).await <= stalled_at + 1,
		"finality waits for more than two thirds: finalized {} after {stalled_at}",
		finalized_number(&alice).await
	);

	// One comes back: finality resumes past everything authored in the outage, and the consent
	// and the vote are in finalized state.
	fed.run(&["restart", "charlie"]);
	fed.until("finality resumes", 180, || async {
		finalized_number(&alice).await >= best_in_outage
	})
	.await;
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
		.try_fetch(dynamic::storage::<(u32, [u8; 32]), Value>("Governance", "Votes"), (0u32, alice_id))
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
