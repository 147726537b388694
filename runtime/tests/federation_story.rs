//! The federation on the `local_federation` preset with real signed extrinsics: a fifth co-op
//! applies and is voted in (each co-op's vote cast by its own governance), registers its
//! validator, whose operator sets session keys; the validator set follows within two sessions.
//! Then a co-op leaves and another is removed by vote, and their validators leave the set.

mod common;

use codec::Encode;
use common::{decide, new_test_ext, submit};
use datacoop_primitives::coop::{AdmissionPolicy, BylawsParams, DocumentRef, Vocabulary};
use datacoop_runtime::{
	opaque::SessionKeys, AccountId, AllPalletsWithSystem, BlockNumber, Runtime, RuntimeCall, System,
};
use frame_support::traits::{OnFinalize, OnInitialize};
use sp_core::{ed25519, proof_of_possession::ProofOfPossessionGenerator, sr25519, Pair};
use sp_keyring::{
	Ed25519Keyring,
	Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve},
};
use sp_runtime::Perbill;

fn run_to(n: BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		AllPalletsWithSystem::on_initialize(next);
		// GRANDPA enacts scheduled authority changes when a block is finalised (no inherents
		// here, so the other pallets' `on_finalize` would miss the timestamp).
		pallet_grandpa::Pallet::<Runtime>::on_finalize(next);
	}
}

/// Run through two session boundaries: a change planned now is then in force.
fn two_sessions() {
	let now = System::block_number();
	run_to(now + 2 * 10 + 1);
}

fn validators() -> Vec<AccountId> {
	let mut set = pallet_session::Validators::<Runtime>::get();
	set.sort();
	set
}

fn aura_has(who: Sr25519Keyring) -> bool {
	let key: sp_consensus_aura::sr25519::AuthorityId = who.public().into();
	pallet_aura::Authorities::<Runtime>::get().contains(&key)
}

fn federation(call: pallet_federation::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Federation(call)
}

/// Co-op `coop`, whose only member is `founder`, decides `call`.
fn coop_decides(coop: u32, founder: Sr25519Keyring, call: pallet_federation::Call<Runtime>) {
	decide(coop, founder, federation(call), &[founder]);
}

/// The session keys of `who`'s dev node and the proof that they belong to `who`'s account, as
/// `author_rotateKeysWithOwner` gives them.
fn session_keys(who: Sr25519Keyring, ed: Ed25519Keyring) -> (SessionKeys, Vec<u8>) {
	let owner = who.to_account_id().encode();
	let mut aura: sr25519::Pair = who.pair();
	let mut grandpa: ed25519::Pair = ed.pair();
	let proof =
		(aura.generate_proof_of_possession(&owner), grandpa.generate_proof_of_possession(&owner));
	(SessionKeys { aura: aura.public().into(), grandpa: grandpa.public().into() }, proof.encode())
}

#[test]
fn a_coop_joins_by_vote_leaves_and_is_removed_and_the_validator_set_follows() {
	new_test_ext("local_federation").execute_with(|| {
		assert_eq!(validators().len(), 4);

		// Eve founds a co-op (id 4), which applies to the federation.
		submit(
			Eve,
			RuntimeCall::Coops(pallet_coops::Call::found {
				members: Default::default(),
				document: DocumentRef::truncate_from(vec![5; 32]),
				params: BylawsParams {
					quorum: Perbill::from_percent(50),
					approval: Perbill::from_percent(50),
					amendment_approval: Perbill::from_percent(66),
					expulsion_approval: Perbill::from_percent(75),
					voting_period: 10,
					min_voting_period: 0,
					membership_maturity: 0,
					admission: AdmissionPolicy::Open,
					revenue_share: Perbill::from_percent(10),
					max_members: None,
					max_items_per_commitment: None,
					vocabulary: Vocabulary { purposes: 1, categories: 1 },
				},
			}),
		);
		coop_decides(4, Eve, pallet_federation::Call::apply {});
		let motion = pallet_federation::NextMotionId::<Runtime>::get() - 1;

		// Co-ops 0, 1 and 2 vote aye, each by its own members' decision: 3 of 4 carries.
		for (coop, founder) in [(0, Alice), (1, Bob)] {
			coop_decides(coop, founder, pallet_federation::Call::vote { motion, aye: true });
		}
		assert!(
			!pallet_federation::Members::<Runtime>::contains_key(4),
			"2 of 4 is not a majority"
		);
		coop_decides(2, Charlie, pallet_federation::Call::vote { motion, aye: true });
		assert!(pallet_federation::Members::<Runtime>::contains_key(4));

		// The co-op registers Eve's validator; its operator sets the node's session keys.
		coop_decides(
			4,
			Eve,
			pallet_federation::Call::register_validator { validator: Eve.to_account_id() },
		);
		let (keys, proof) = session_keys(Eve, Ed25519Keyring::Eve);
		submit(Eve, RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof }));
		assert!(!aura_has(Eve));
		two_sessions();
		assert!(validators().contains(&Eve.to_account_id()));
		assert!(aura_has(Eve), "Eve's node authors");
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 5);

		// Dave's co-op leaves; its validator goes at the next planned session.
		coop_decides(3, Dave, pallet_federation::Call::leave {});
		two_sessions();
		assert!(!validators().contains(&Dave.to_account_id()));
		assert!(!aura_has(Dave));

		// Co-ops 0, 1 and 4 remove co-op 2 by vote (3 of the 4 members at opening).
		coop_decides(0, Alice, pallet_federation::Call::propose_removal { target: 2 });
		let motion = pallet_federation::NextMotionId::<Runtime>::get() - 1;
		for (coop, founder) in [(0, Alice), (1, Bob), (4, Eve)] {
			coop_decides(coop, founder, pallet_federation::Call::vote { motion, aye: true });
		}
		assert!(!pallet_federation::Members::<Runtime>::contains_key(2));
		two_sessions();
		let mut expected = vec![Alice.to_account_id(), Bob.to_account_id(), Eve.to_account_id()];
		expected.sort();
		assert_eq!(validators(), expected);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 3);
	});
}
