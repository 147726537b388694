//! The whole co-op story with real signed extrinsics on the `development` preset: found a co-op,
//! admit a member by vote, amend the bylaws with the amendment threshold, expel a member with the
//! expulsion threshold, leave, and join under the amended (open) bylaws.

mod common;

use common::{decide, new_test_ext, signed, submit};
use datacoop_primitives::coop::{AdmissionPolicy, BylawsParams, CoopMembership, DocumentRef};
use datacoop_runtime::{
	currency::UNIT, Balances, BlockNumber, Bylaws, Coops, Executive, Governance, Runtime,
	RuntimeCall, RuntimeEvent, System,
};
use pallet_governance::Outcome;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::Perbill;

fn params(admission: AdmissionPolicy) -> BylawsParams<BlockNumber> {
	BylawsParams {
		quorum: Perbill::from_percent(50),
		approval: Perbill::from_percent(50),
		amendment_approval: Perbill::from_percent(66),
		expulsion_approval: Perbill::from_percent(70),
		voting_period: 100,
		min_voting_period: 0,
		membership_maturity: 0,
		admission,
		revenue_share: Perbill::from_percent(10),
		max_members: None,
		max_items_per_commitment: None,
		vocabulary: datacoop_primitives::coop::Vocabulary { purposes: 8, categories: 32 },
	}
}

fn document(text: &[u8]) -> DocumentRef {
	DocumentRef::truncate_from(sp_io::hashing::blake2_256(text).to_vec())
}

fn outcome(id: u32) -> Outcome {
	Governance::closed_proposal(id).expect("closed").outcome
}

#[test]
fn found_admit_amend_expel_leave_join() {
	new_test_ext("development").execute_with(|| {
		let coop = pallet_coops::NextCoopId::<Runtime>::get();
		let member = |k: Sr25519Keyring| Coops::is_member(coop, &k.to_account_id());
		let held_before = Balances::reserved_balance(Alice.to_account_id());

		// Alice founds a co-op that admits by vote, with Bob and Charlie.
		submit(
			Alice,
			RuntimeCall::Coops(pallet_coops::Call::found {
				members: vec![Bob.to_account_id(), Charlie.to_account_id()].try_into().unwrap(),
				document: document(b"bylaws v1"),
				params: params(AdmissionPolicy::Vote),
			}),
		);
		assert_eq!(Coops::member_count(coop), 3);
		assert_eq!(Bylaws::current_bylaws(coop).unwrap().0, 1);

		// Dave applies and is admitted by a vote of Alice and Bob (2 of 3: carried early).
		submit(Dave, RuntimeCall::Coops(pallet_coops::Call::apply { coop }));
		let admit = decide(
			coop,
			Alice,
			RuntimeCall::Coops(pallet_coops::Call::admit { applicant: Dave.to_account_id() }),
			&[Alice, Bob],
		);
		assert_eq!(outcome(admit), Outcome::Approved { dispatched: 1, failed: 0 });
		assert!(member(Dave));

		// Amending to an open door needs more than 66%: three of four.
		let amend = decide(
			coop,
			Bob,
			RuntimeCall::Bylaws(pallet_bylaws::Call::amend {
				document: document(b"bylaws v2"),
				params: params(AdmissionPolicy::Open),
			}),
			&[Alice, Bob, Charlie],
		);
		assert_eq!(outcome(amend), Outcome::Approved { dispatched: 1, failed: 0 });
		let (version, record) = Bylaws::current_bylaws(coop).unwrap();
		assert_eq!((version, record.enacted_by), (2, Some(amend)));
		assert_eq!(Bylaws::bylaws_version(coop, 1).unwrap().document, document(b"bylaws v1"));

		// Expelling Charlie needs more than 70%: Alice, Bob and Dave, three of four.
		let expel = decide(
			coop,
			Alice,
			RuntimeCall::Coops(pallet_coops::Call::expel { member: Charlie.to_account_id() }),
			&[Alice, Bob, Dave],
		);
		assert_eq!(outcome(expel), Outcome::Approved { dispatched: 1, failed: 0 });
		assert!(!member(Charlie));

		// Bob leaves on his own; nobody's vote is needed.
		submit(Bob, RuntimeCall::Coops(pallet_coops::Call::leave { coop }));
		assert!(!member(Bob));
		assert_eq!(Coops::member_count(coop), 2);

		// Under the amended bylaws, Eve joins directly.
		submit(Eve, RuntimeCall::Coops(pallet_coops::Call::join { coop }));
		assert!(member(Eve));
		assert_eq!(Coops::member_count(coop), 3);

		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Coops(pallet_coops::Event::MemberExpelled { .. })
		)));
		// Deposits: the founder still holds the founding deposit and the deposits of the
		// founding members who remain (Alice); Bob's and Charlie's came back when they went.
		let held = Balances::reserved_balance(Alice.to_account_id()) - held_before;
		assert_eq!(
			held,
			datacoop_runtime::coop_configs::FoundingDeposit::get()
				+ datacoop_runtime::coop_configs::MemberDeposit::get()
		);
	});
}

#[test]
fn a_coop_cannot_reach_outside_its_scope() {
	new_test_ext("development").execute_with(|| {
		let coop = pallet_coops::NextCoopId::<Runtime>::get();
		submit(
			Alice,
			RuntimeCall::Coops(pallet_coops::Call::found {
				members: vec![Bob.to_account_id()].try_into().unwrap(),
				document: document(b"bylaws"),
				params: params(AdmissionPolicy::Open),
			}),
		);
		// Alice proposes `call` to the co-op, signed as a wallet would.
		let propose = |call: RuntimeCall| {
			let nonce = System::account_nonce(Alice.to_account_id());
			let calls = vec![Box::new(call)].try_into().unwrap();
			Executive::apply_extrinsic(signed(
				RuntimeCall::Governance(pallet_governance::Call::propose { coop, calls }),
				Alice,
				nonce,
			))
		};
		let out_of_scope = |outcome: &sp_runtime::ApplyExtrinsicResult| {
			matches!(outcome, Ok(Err(sp_runtime::DispatchError::Module(ref e))) if e.message == Some("CallOutOfScope"))
		};
		let transfer = || {
			RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
				dest: Alice.to_account_id().into(),
				value: UNIT,
			})
		};
		// A proposal to move a member's own balance is refused at once.
		let outcome = propose(transfer());
		assert!(out_of_scope(&outcome), "got {outcome:?}");
		// Nor can the co-op spend from its own account outside `coops.spend`: from its
		// account it may only call contracts.
		let as_coop = |call: RuntimeCall| {
			RuntimeCall::Governance(pallet_governance::Call::as_coop_account { call: Box::new(call) })
		};
		let outcome = propose(as_coop(transfer()));
		assert!(out_of_scope(&outcome), "got {outcome:?}");
		let contract_call = RuntimeCall::Revive(pallet_revive::Call::call {
			dest: Default::default(),
			value: 0,
			weight_limit: Default::default(),
			storage_deposit_limit: 0,
			data: vec![],
		});
		let outcome = propose(as_coop(contract_call));
		assert!(matches!(outcome, Ok(Ok(_))), "calling a contract as the co-op may be proposed: {outcome:?}");
	});
}
