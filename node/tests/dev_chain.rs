//! The real node, end to end: `--dev --tmp` authors and finalizes blocks, serves the standard
//! RPC methods and metrics, includes a transfer and a consent signed the way wallets sign them,
//! answers the consent runtime API and view function, and stops cleanly.

use std::time::Duration;

use datacoop_client::{
	chain::{self, Api},
	keys::{account, key_from_uri},
	runtime::{self, runtime_types::datacoop_primitives::consent::Grantee},
	Keypair,
};
use datacoop_test_utils::{rpc, Node};
use subxt::{
	ext::codec::Decode,
	rpcs::{rpc_params, RpcClient},
	utils::{MultiAddress, H256},
};

fn keypair(uri: &str) -> Keypair {
	key_from_uri(uri).expect("valid secret URI")
}

/// Free balance of `key`'s account at the best block, 0 if the account does not exist.
async fn free_balance(api: &Api, key: &Keypair) -> u128 {
	let at = api.at_current_block().await.expect("current block");
	chain::balance(&at, &account(key)).await.expect("storage is readable").free
}

/// The typed client (`client/`) generates its code from `client/metadata/datacoop.scale`: that
/// file must be exactly the metadata this runtime serves. `scripts/metadata.sh` runs this test
/// with `DATACOOP_WRITE_METADATA=1` to write it.
fn metadata_is_kept(option_hex: &str) {
	let bytes = hex::decode(option_hex).expect("the answer is hex");
	let served = <Option<Vec<u8>>>::decode(&mut &bytes[..])
		.expect("Option<OpaqueMetadata> decodes")
		.expect("V16 is offered");
	let kept = concat!(env!("CARGO_MANIFEST_DIR"), "/../client/metadata/datacoop.scale");
	if std::env::var_os("DATACOOP_WRITE_METADATA").is_some() {
		std::fs::write(kept, &served).expect("the metadata file is written");
		return;
	}
	let on_disk = std::fs::read(kept).expect("client/metadata/datacoop.scale exists");
	assert!(
		on_disk == served,
		"client/metadata/datacoop.scale is stale ({} bytes kept, {} served): run scripts/metadata.sh",
		on_disk.len(),
		served.len()
	);
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_chain_finalizes_serves_rpc_and_includes_a_wallet_signed_transfer() {
	let cache = datacoop_test_utils::temp_dir("dev-chain-wasm-cache");
	let mut node = Node::start(
		"dev",
		&["--dev", "--tmp", "--wasm-cache", cache.to_str().expect("UTF-8 temp path")],
	);
	node.wait_for_best(1, Duration::from_secs(600));
	let rpc = RpcClient::from_insecure_url(node.ws_url())
		.await
		.expect("the node serves WebSocket RPC");

	// The standard RPC methods every Substrate wallet and explorer calls.
	let chain: String = rpc.request("system_chain", rpc_params![]).await.expect("system_chain");
	assert_eq!(chain, "DataCoop Development");
	let metadata: String = rpc
		.request("state_getMetadata", rpc_params![])
		.await
		.expect("state_getMetadata");
	assert!(metadata.len() > 1000, "metadata is served");

	// Metadata V16 through the runtime API: `Some(OpaqueMetadata)` whose prefix is "meta" + 16.
	let v16: String = rpc
		.request("state_call", rpc_params!["Metadata_metadata_at_version", "0x10000000"])
		.await
		.expect("metadata_at_version");
	let v16 = v16.trim_start_matches("0x");
	assert_eq!(&v16[..2], "01", "V16 is offered");
	// After the Option byte comes a compact length (4 bytes for a large blob), then "meta", 16.
	assert!(v16.contains("6d65746110"), "the blob is V16 metadata");
	metadata_is_kept(v16);

	// Blocks are finalized by GRANDPA.
	node.wait_for_finalized(1, Duration::from_secs(120));

	// Prometheus metrics, as every Substrate node serves them.
	let metrics = rpc::http_get(node.prometheus_port, "/metrics");
	assert!(metrics.contains("substrate_block_height"), "metrics served:\n{metrics}");

	// A transfer signed with sr25519 and the standard transaction extensions, as wallets do.
	let api = chain::connect(&node.ws_url()).await.expect("the client connects");
	let alice = keypair("//Alice");
	let member = keypair("//DataCoopNodeTestMember");
	assert_eq!(free_balance(&api, &member).await, 0);

	let amount: u128 = 5_000_000_000_000; // 5 DCOOP
	let transfer = runtime::tx()
		.balances()
		.transfer_keep_alive(MultiAddress::Id(account(&member)), amount);
	let events = chain::submit(&api, &alice, &transfer)
		.await
		.expect("the transfer is included and finalized without error");
	assert!(events.iter().any(|e| e == "Balances.Transfer"), "{events:?}");
	assert_eq!(free_balance(&api, &member).await, amount);

	// A member of the demo co-op consents for a buyer; the pool size is then 1, through the
	// runtime API and through the view function, which agree.
	let eve = keypair("//Eve");
	let buyer = Grantee::Buyer(account(&eve));
	let pool_size = || async {
		let at = api.at_current_block().await.expect("current block");
		let call = runtime::runtime_apis().consent_api().consent_pool_size(0, buyer.clone(), 0, 1);
		let by_api = at.runtime_apis().call(call).await.expect("ConsentApi answers");
		let by_view =
			chain::pool_size(&at, 0, &buyer, 0, 1).await.expect("the view function answers");
		assert_eq!(by_api, by_view, "runtime API and view function agree");
		by_api
	};
	assert_eq!(pool_size().await, 0);
	let give = runtime::tx()
		.consent()
		.give(0, buyer.clone(), 0, vec![1, 2], None, H256([7u8; 32]));
	chain::submit(&api, &keypair("//Bob"), &give)
		.await
		.expect("the consent is included and finalized without error");
	assert_eq!(pool_size().await, 1);

	// An account with no funds cannot pay the fee: the pool refuses the transaction.
	let broke = keypair("//DataCoopNodeTestNobody");
	let error = match chain::submit(&api, &broke, &transfer).await {
		Err(error) => error.to_string(),
		Ok(_) => panic!("a transaction from an account without funds was included"),
	};
	assert!(
		error.to_lowercase().contains("payment") || error.to_lowercase().contains("invalid"),
		"refused for lack of funds: {error}"
	);

	// Finality keeps moving, and the node stops cleanly on SIGINT.
	let finalized = rpc::finalized_number(node.rpc_port()).expect("the node answers");
	assert!(finalized >= 2, "finalized {finalized}");
	let status = node.stop();
	assert!(status.success(), "clean exit on SIGINT, got {status}; log:\n{}", node.log());

	// `--wasm-cache` kept the compiled runtime for the next start.
	let kept = std::fs::read_dir(&cache).map(|d| d.count()).unwrap_or(0);
	assert!(kept > 0, "the compiled runtime is cached in {}", cache.display());
	let _ = std::fs::remove_dir_all(&cache);
}
