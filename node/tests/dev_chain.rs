//! The real node, end to end: `--dev --tmp` authors and finalizes blocks, serves the standard
//! RPC methods and metrics, includes a transfer and a consent signed the way wallets sign them,
//! answers the consent runtime API and view function, and stops cleanly.

use std::{str::FromStr, time::Duration};

use datacoop_test_utils::{rpc, Node};
use subxt::ext::codec::{Decode, Encode};
use subxt::{
	dynamic,
	ext::scale_decode::DecodeAsType,
	rpcs::{rpc_params, RpcClient},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519, SecretUri};

/// Only the fields of `frame_system::AccountInfo` this test reads.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountInfo {
	data: AccountData,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountData {
	free: u128,
}

fn keypair(uri: &str) -> sr25519::Keypair {
	sr25519::Keypair::from_uri(&SecretUri::from_str(uri).expect("valid secret URI"))
		.expect("valid sr25519 key")
}

/// Free balance of `account` at the finalized head, 0 if the account does not exist.
async fn free_balance(api: &OnlineClient<PolkadotConfig>, account: &sr25519::Keypair) -> u128 {
	let at = api.at_current_block().await.expect("current block");
	let address = dynamic::storage::<([u8; 32],), AccountInfo>("System", "Account");
	let value = at
		.storage()
		.try_fetch(address, (account.public_key().0,))
		.await
		.expect("storage is readable");
	value.map(|v| v.decode().expect("AccountInfo decodes").data.free).unwrap_or(0)
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
	let api = OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url())
		.await
		.expect("subxt connects");
	let alice = keypair("//Alice");
	let member = keypair("//DataCoopNodeTestMember");
	assert_eq!(free_balance(&api, &member).await, 0);

	let amount: u128 = 5_000_000_000_000; // 5 DCOOP
	let transfer = dynamic::transaction(
		"Balances",
		"transfer_keep_alive",
		(member.public_key().to_address::<()>(), amount),
	);
	let events = api
		.at_current_block()
		.await
		.expect("current block")
		.transactions()
		.sign_and_submit_then_watch_default(&transfer, &alice)
		.await
		.expect("the node accepts the transaction")
		.wait_for_finalized_success()
		.await
		.expect("the transfer is included and finalized without error");
	let transferred = events
		.iter()
		.filter_map(Result::ok)
		.any(|e| e.pallet_name() == "Balances" && e.event_name() == "Transfer");
	assert!(transferred, "a Balances.Transfer event was emitted");
	assert_eq!(free_balance(&api, &member).await, amount);

	// A member of the demo co-op consents for a buyer; the pool size is then 1, through the
	// runtime API and the view function, both found by name in the metadata.
	let eve = keypair("//Eve");
	let buyer = || {
		dynamic::Value::unnamed_variant("Buyer", [dynamic::Value::from_bytes(eve.public_key().0)])
	};
	let pool_size = || async {
		let at = api.at_current_block().await.expect("current block");
		let by_api = at
			.runtime_apis()
			.call(dynamic::runtime_api_call::<_, u32>(
				"ConsentApi",
				"consent_pool_size",
				(0u32, buyer(), 0u16, 1u16),
			))
			.await
			.expect("ConsentApi answers");
		// The view function, called the way the runtime API defines it: query id, then the
		// SCALE-encoded arguments as a length-prefixed byte vector. (subxt 0.51's dynamic
		// `view_function_call` leaves the length prefix out, so the runtime cannot decode it.)
		let metadata = at.metadata();
		let query_id = *metadata
			.pallet_by_name("Consent")
			.and_then(|p| p.view_function_by_name("pool_size"))
			.expect("the view function is in the metadata")
			.query_id();
		let input = (0u32, 0u8, eve.public_key().0, 0u16, 1u16).encode();
		let raw = at
			.view_functions()
			.call_raw(Some(&(query_id, input).encode()))
			.await
			.expect("the view function answers");
		assert_eq!(raw.first(), Some(&0), "the view function succeeded: {raw:?}");
		let by_view = <Vec<u8>>::decode(&mut &raw[1..])
			.ok()
			.and_then(|bytes| u32::decode(&mut &bytes[..]).ok())
			.expect("the answer is a u32");
		assert_eq!(by_api, by_view, "runtime API and view function agree");
		by_api
	};
	assert_eq!(pool_size().await, 0);
	let give = dynamic::transaction(
		"Consent",
		"give",
		(
			0u32,
			buyer(),
			0u16,
			vec![1u16, 2u16],
			dynamic::Value::unnamed_variant("None", []),
			[7u8; 32],
		),
	);
	api.at_current_block()
		.await
		.expect("current block")
		.transactions()
		.sign_and_submit_then_watch_default(&give, &keypair("//Bob"))
		.await
		.expect("the node accepts the consent")
		.wait_for_finalized_success()
		.await
		.expect("the consent is included and finalized without error");
	assert_eq!(pool_size().await, 1);

	// An account with no funds cannot pay the fee: the pool refuses the transaction.
	let broke = keypair("//DataCoopNodeTestNobody");
	let refused = api
		.at_current_block()
		.await
		.expect("current block")
		.transactions()
		.sign_and_submit_then_watch_default(&transfer, &broke)
		.await;
	let error = match refused {
		Err(error) => error.to_string(),
		Ok(progress) => match progress.wait_for_finalized_success().await {
			Err(error) => error.to_string(),
			Ok(_) => panic!("a transaction from an account without funds was included"),
		},
	};
	assert!(
		error.to_lowercase().contains("payment") || error.to_lowercase().contains("invalid"),
		"refused for lack of funds: {error}"
	);

	// Finality keeps moving, and the node stops cleanly on SIGINT.
	let finalized = rpc::finalized_number(node.rpc_port).expect("the node answers");
	assert!(finalized >= 2, "finalized {finalized}");
	let status = node.stop();
	assert!(status.success(), "clean exit on SIGINT, got {status}; log:\n{}", node.log());

	// `--wasm-cache` kept the compiled runtime for the next start.
	let kept = std::fs::read_dir(&cache).map(|d| d.count()).unwrap_or(0);
	assert!(kept > 0, "the compiled runtime is cached in {}", cache.display());
	let _ = std::fs::remove_dir_all(&cache);
}
