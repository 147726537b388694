//! The light client on a real dev node: it follows the chain over libp2p from the raw chain
//! spec alone, its finalized reads agree with the node's, and it is refused a spec it cannot
//! check.

use std::time::Duration;

use datacoop_client::{chain, runtime};
use datacoop_test_utils::{node, rpc, Node};

#[tokio::test(flavor = "multi_thread")]
async fn the_light_client_reads_what_the_node_finalized() {
	let node = Node::dev();
	node.wait_for_finalized(2, Duration::from_secs(300));
	let spec = std::fs::read_to_string(node::dev_spec()).expect("the dev spec is exported");

	let light = tokio::time::timeout(
		Duration::from_secs(180),
		chain::connect_light(&spec, &[node.p2p_address()]),
	)
	.await
	.expect("the light client follows the chain within 180 s")
	.expect("the light client starts");
	let at = light.at_current_block().await.expect("a finalized block");
	assert!(at.block_number() >= 1, "finalized {}", at.block_number());
	let finalized = rpc::finalized_number(node.rpc_port()).expect("the node answers");
	assert!(at.block_number() <= finalized);

	// A proven storage read: Alice's account, as the node's own RPC reads it at that block.
	let alice = datacoop_client::keys::account(&subxt_signer::sr25519::dev::alice());
	let proven = chain::read(&at, runtime::storage().system().account(), (alice,))
		.await
		.expect("a proven read")
		.expect("Alice has an account on the dev chain");
	let direct = chain::connect(&node.ws_url())
		.await
		.expect("the node answers")
		.at_block(at.block_number())
		.await
		.expect("the node has the block");
	let told = chain::read(&direct, runtime::storage().system().account(), (alice,))
		.await
		.expect("a read")
		.expect("Alice has an account");
	assert!(proven.data.free > 0);
	assert_eq!(
		(proven.nonce, proven.data.free, proven.data.reserved),
		(told.nonce, told.data.free, told.data.reserved)
	);
}

#[tokio::test]
async fn a_spec_the_light_client_cannot_check_is_refused() {
	for (spec, why) in [
		("not json", "not a chain spec"),
		(r#"{"genesis":{"runtimeGenesis":{}}}"#, "no raw genesis"),
		(r#"{"genesis":{"raw":{"top":{}}}}"#, "needs a node to dial"),
		(r#"{"genesis":{"raw":{"top":{}}},"bootNodes":"/ip4/1.2.3.4"}"#, "not a list"),
	] {
		let error = chain::connect_light(spec, &[]).await.expect_err(spec).to_string();
		assert!(error.contains(why), "{spec}: {error}");
	}
}
