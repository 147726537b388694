//! Genesis state built from the runtime's own presets, and transactions signed as wallets sign.

#![allow(dead_code)]

use codec::Encode;
use datacoop_runtime::{
	genesis_config_presets, Address, Executive, Governance, Runtime, RuntimeCall,
	RuntimeGenesisConfig, SignedPayload, System, TxExtension, UncheckedExtrinsic,
};
use pallet_governance::VoteChoice;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_keyring::Sr25519Keyring::Eve;
use sp_runtime::{generic::Era, BuildStorage};

/// Merge a genesis JSON patch into a full config, as the node does with a preset.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// Test externalities holding the genesis state of preset `name`.
pub fn new_test_ext(name: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&name.to_string())
		.unwrap_or_else(|| panic!("preset {name} exists"));
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializes");
	merge(&mut config, serde_json::from_slice(&patch).expect("preset is JSON"));
	let config: RuntimeGenesisConfig =
		serde_json::from_value(config).expect("preset fits the genesis config");
	let mut ext: sp_io::TestExternalities = config.build_storage().expect("genesis builds").into();
	ext.execute_with(|| frame_system::Pallet::<Runtime>::set_block_number(1));
	ext
}

/// The transaction extensions a wallet attaches for `nonce`, immortal, no tip.
pub fn tx_extension(nonce: u32) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// `call` signed by `signer` with sr25519 over the standard signed payload.
pub fn signed(call: RuntimeCall, signer: Sr25519Keyring, nonce: u32) -> UncheckedExtrinsic {
	signed_by(call, &signer.pair(), nonce)
}

/// `call` signed by any sr25519 key pair.
pub fn signed_by(call: RuntimeCall, signer: &sr25519::Pair, nonce: u32) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("payload builds");
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let account: datacoop_runtime::AccountId = signer.public().into();
	UncheckedExtrinsic::new_signed(call, Address::Id(account), signature.into(), extension)
}

/// Sign `call` as `who` with their next nonce and apply it as the node would; the transaction
/// must be valid, and the dispatch result is returned.
pub fn apply(who: Sr25519Keyring, call: RuntimeCall) -> Result<(), sp_runtime::DispatchError> {
	let nonce = System::account_nonce(who.to_account_id());
	let outcome = Executive::apply_extrinsic(signed(call.clone(), who, nonce));
	outcome.unwrap_or_else(|e| panic!("{who:?} submitting {call:?}: invalid {e:?}"))
}

/// As [`apply`]; the call must succeed.
pub fn submit(who: Sr25519Keyring, call: RuntimeCall) {
	if let Err(e) = apply(who, call.clone()) {
		panic!("{who:?} submitting {call:?}: {e:?}");
	}
}

/// `proposer` proposes `call` to `coop`, `voters` vote aye, and anyone closes; returns the id.
pub fn decide(
	coop: u32,
	proposer: Sr25519Keyring,
	call: RuntimeCall,
	voters: &[Sr25519Keyring],
) -> u32 {
	let id = pallet_governance::NextProposalId::<Runtime>::get();
	submit(
		proposer,
		RuntimeCall::Governance(pallet_governance::Call::propose {
			coop,
			calls: vec![Box::new(call)].try_into().unwrap(),
		}),
	);
	for voter in voters {
		submit(
			*voter,
			RuntimeCall::Governance(pallet_governance::Call::vote {
				proposal: id,
				choice: VoteChoice::Aye,
			}),
		);
	}
	// However certain, a proposal closes early only after the bylaws' minimum voting time.
	let open = Governance::proposal(id).expect("open");
	run_to(open.early_close_from);
	// The bound a client passes: the calls' declared weight, as the proposal recorded it.
	let weight_bound = open.call_weight;
	submit(
		Eve,
		RuntimeCall::Governance(pallet_governance::Call::close { proposal: id, weight_bound }),
	);
	id
}

/// Run blocks up to `n`, with every pallet's `on_initialize`, as the node would between
/// transactions.
pub fn run_to(n: datacoop_runtime::BlockNumber) {
	use frame_support::traits::OnInitialize;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		datacoop_runtime::AllPalletsWithSystem::on_initialize(next);
	}
}

/// Every co-op pallet's invariants (`try_state`) on the state as it is.
pub fn try_state_all() {
	use datacoop_runtime::{Bylaws, Consent, Coops, Federation, Market};
	let checks: [(&str, fn() -> Result<(), sp_runtime::TryRuntimeError>); 6] = [
		("coops", Coops::do_try_state),
		("bylaws", Bylaws::do_try_state),
		("governance", Governance::do_try_state),
		("consent", Consent::do_try_state),
		("market", Market::do_try_state),
		("federation", Federation::do_try_state),
	];
	for (pallet, check) in checks {
		check().unwrap_or_else(|e| panic!("{pallet} invariants broken: {e:?}"));
	}
}
