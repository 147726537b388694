//! Attacks on the co-op pallets, played with real signed extrinsics on state built from the
//! genesis presets. Each was possible before the pallets were hardened; each is now refused with
//! a named error and changes nothing else. Every test ends with every pallet's `try_state`.

mod common;

use common::{decide, new_test_ext, run_to, signed_by, submit, try_state_all};
use datacoop_primitives::coop::CoopMembership;
use datacoop_runtime::{
	currency::UNIT, AccountId, Balances, Coops, Executive, Governance, Runtime, RuntimeCall, System,
};
use frame_support::{traits::fungible::Inspect, weights::Weight};
use pallet_governance::VoteChoice;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{DispatchError, ModuleError};

/// A fresh account nobody knows, funded with `tokens` by Ferdie.
fn sybil(i: u32, tokens: u128) -> sr25519::Pair {
	let pair = sr25519::Pair::from_string(&format!("//Sybil{i}"), None).expect("seed");
	let dest: AccountId = pair.public().into();
	submit(
		Ferdie,
		RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: dest.into(),
			value: tokens * UNIT,
		}),
	);
	pair
}

fn account(pair: &sr25519::Pair) -> AccountId {
	pair.public().into()
}

/// `call` signed by `pair` with its next nonce, applied as the node would.
fn apply_by(pair: &sr25519::Pair, call: RuntimeCall) -> Result<(), DispatchError> {
	let nonce = System::account_nonce(account(pair));
	Executive::apply_extrinsic(signed_by(call.clone(), pair, nonce))
		.unwrap_or_else(|e| panic!("submitting {call:?}: invalid {e:?}"))
}

/// The name of the pallet error `result` carries.
fn error_name(result: Result<(), DispatchError>) -> &'static str {
	match result {
		Err(DispatchError::Module(ModuleError { message: Some(name), .. })) => name,
		other => panic!("expected a pallet error, got {other:?}"),
	}
}

fn propose(coop: u32, calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Governance(pallet_governance::Call::propose {
		coop,
		calls: calls
			.into_iter()
			.map(Box::new)
			.collect::<Vec<_>>()
			.try_into()
			.expect("few calls"),
	})
}

fn vote(proposal: u32, choice: VoteChoice) -> RuntimeCall {
	RuntimeCall::Governance(pallet_governance::Call::vote { proposal, choice })
}

/// `close` with the bound a client passes: the calls' declared weight, as the proposal keeps it.
fn close(proposal: u32) -> RuntimeCall {
	let weight_bound = Governance::proposal(proposal).expect("open").call_weight;
	RuntimeCall::Governance(pallet_governance::Call::close { proposal, weight_bound })
}

fn spend(to: AccountId, amount: u128) -> RuntimeCall {
	RuntimeCall::Coops(pallet_coops::Call::spend { to, amount })
}

fn treasury(coop: u32) -> u128 {
	Balances::balance(&Coops::coop_account(coop))
}

/// The capture of an open co-op: five fresh accounts join the demo co-op (four members), and
/// used to propose a spend of the treasury to themselves, vote it through and close it in the
/// same block. Now they cannot propose or vote until mature (10 blocks under the demo bylaws),
/// and the members, who see them join, expel them before they are.
#[test]
fn sybils_joining_an_open_coop_cannot_take_it_over() {
	new_test_ext("development").execute_with(|| {
		submit(
			Ferdie,
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: Coops::coop_account(0).into(),
				value: 100 * UNIT,
			}),
		);
		let sybils: Vec<_> = (0..5).map(|i| sybil(i, 1)).collect();
		for s in &sybils {
			assert_eq!(
				apply_by(s, RuntimeCall::Coops(pallet_coops::Call::join { coop: 0 })),
				Ok(())
			);
		}
		assert_eq!(Coops::member_count(0), 9);

		// Step one of the capture, proposing, is refused.
		let grab = spend(account(&sybils[0]), 100 * UNIT);
		assert_eq!(error_name(apply_by(&sybils[0], propose(0, vec![grab.clone()]))), "NotMature");
		// They cannot vote on what the members propose either, nor count in its electorate.
		let id = pallet_governance::NextProposalId::<Runtime>::get();
		submit(Alice, propose(0, vec![spend(Bob.to_account_id(), UNIT)]));
		assert_eq!(Governance::proposal(id).expect("open").tally.electorate, 4);
		assert_eq!(error_name(apply_by(&sybils[1], vote(id, VoteChoice::Aye))), "NotEligible");

		// The members answer within the maturity: they expel all five (more than three quarters
		// of the four who may vote), one proposal each, at most two open per member.
		let proposers = [Bob, Bob, Charlie, Charlie, Dave];
		let mut ids = Vec::new();
		for (s, proposer) in sybils.iter().zip(proposers) {
			ids.push(pallet_governance::NextProposalId::<Runtime>::get());
			let expel = RuntimeCall::Coops(pallet_coops::Call::expel { member: account(s) });
			submit(proposer, propose(0, vec![expel]));
		}
		for id in &ids {
			for member in [Alice, Bob, Charlie, Dave] {
				submit(member, vote(*id, VoteChoice::Aye));
			}
		}
		// Certain, yet not before the minimum voting time (5 blocks) that lets everyone see it.
		assert_eq!(error_name(common::apply(Eve, close(ids[0]))), "TooEarly");
		let last = Governance::proposal(ids[4]).expect("open").early_close_from;
		assert!(last < System::block_number() + 10, "before the sybils mature");
		run_to(last);
		for id in ids {
			submit(Eve, close(id));
		}
		for s in &sybils {
			assert!(!Coops::is_member(0, &account(s)));
		}
		assert_eq!(Coops::member_count(0), 4);
		assert_eq!(treasury(0), 100 * UNIT);
		try_state_all();
	});
}

/// Once mature, accounts that outnumber the members still cannot decide in the block their
/// last aye lands: the members get the minimum voting time to see the proposal.
#[test]
fn mature_newcomers_cannot_close_in_the_block_they_vote() {
	new_test_ext("development").execute_with(|| {
		let sybils: Vec<_> = (0..5).map(|i| sybil(i, 1)).collect();
		for s in &sybils {
			assert_eq!(
				apply_by(s, RuntimeCall::Coops(pallet_coops::Call::join { coop: 0 })),
				Ok(())
			);
		}
		run_to(System::block_number() + 10);
		let id = pallet_governance::NextProposalId::<Runtime>::get();
		assert_eq!(apply_by(&sybils[0], propose(0, vec![spend(account(&sybils[0]), 1)])), Ok(()));
		assert_eq!(Governance::proposal(id).expect("open").tally.electorate, 9);
		for s in &sybils {
			assert_eq!(apply_by(s, vote(id, VoteChoice::Aye)), Ok(()));
		}
		assert_eq!(error_name(apply_by(&sybils[1], close(id))), "TooEarly");
		assert!(Governance::proposal(id).is_some());
		try_state_all();
	});
}

/// The capture of the federation's validator set: on `local_federation` each co-op had one
/// member and an open door, so one fresh account per co-op could join, register its own
/// validator and deregister the founder's. Now the door is closed (admission by vote), and
/// even an admitted newcomer cannot act alone.
#[test]
fn fresh_accounts_cannot_capture_the_local_federation() {
	new_test_ext("local_federation").execute_with(|| {
		let validators_before = pallet_session::Validators::<Runtime>::get();
		let founders = [Alice, Bob, Charlie, Dave];
		for (coop, founder) in (0u32..).zip(founders) {
			let s = sybil(coop, 1);
			let join = RuntimeCall::Coops(pallet_coops::Call::join { coop });
			assert_eq!(error_name(apply_by(&s, join)), "NotOpen");
			let register = RuntimeCall::Federation(pallet_federation::Call::register_validator {
				validator: account(&s),
			});
			assert_eq!(
				error_name(apply_by(&s, propose(coop, vec![register.clone()]))),
				"NotMember"
			);
			let deregister =
				RuntimeCall::Federation(pallet_federation::Call::deregister_validator {
					validator: founder.to_account_id(),
				});
			assert_eq!(error_name(apply_by(&s, propose(coop, vec![deregister]))), "NotMember");
			// Applying is allowed; only the founder's vote admits.
			assert_eq!(
				apply_by(&s, RuntimeCall::Coops(pallet_coops::Call::apply { coop })),
				Ok(())
			);
			assert!(!Coops::is_member(coop, &account(&s)));
		}

		// Co-op 0 admits its applicant; the newcomer must wait out the maturity, and then one
		// aye against the founder's nay is a tie, which never carries.
		let newcomer = sr25519::Pair::from_string("//Sybil0", None).expect("seed");
		decide(
			0,
			Alice,
			RuntimeCall::Coops(pallet_coops::Call::admit { applicant: account(&newcomer) }),
			&[Alice],
		);
		assert!(Coops::is_member(0, &account(&newcomer)));
		let register = RuntimeCall::Federation(pallet_federation::Call::register_validator {
			validator: account(&newcomer),
		});
		assert_eq!(
			error_name(apply_by(&newcomer, propose(0, vec![register.clone()]))),
			"NotMature"
		);
		run_to(System::block_number() + 10);
		let id = pallet_governance::NextProposalId::<Runtime>::get();
		assert_eq!(apply_by(&newcomer, propose(0, vec![register])), Ok(()));
		let open = Governance::proposal(id).expect("open");
		// A federation decision needs the amendment threshold of the co-op's bylaws.
		assert_eq!(
			open.threshold,
			datacoop_runtime::genesis_config_presets::validator_coop_bylaws_params()
				.amendment_approval
		);
		assert_eq!(apply_by(&newcomer, vote(id, VoteChoice::Aye)), Ok(()));
		assert_eq!(error_name(apply_by(&newcomer, close(id))), "TooEarly");
		submit(Alice, vote(id, VoteChoice::Nay));
		run_to(open.ends_at);
		submit(Eve, close(id));
		assert_eq!(
			Governance::closed_proposal(id).expect("closed").outcome,
			pallet_governance::Outcome::Rejected
		);
		run_to(System::block_number() + 21);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), validators_before);
		try_state_all();
	});
}

/// One member used to fill all 16 open-proposal slots of a co-op, so that nobody could even
/// propose to expel them. Now a member has at most two open at once.
#[test]
fn one_member_cannot_jam_the_coops_proposals() {
	new_test_ext("development").execute_with(|| {
		for _ in 0..2 {
			submit(Dave, propose(0, vec![spend(Dave.to_account_id(), 1)]));
		}
		assert_eq!(
			error_name(common::apply(Dave, propose(0, vec![spend(Dave.to_account_id(), 1)]))),
			"TooManyOpenByMember"
		);
		// The others still propose, for instance to expel the jammer.
		submit(
			Alice,
			propose(
				0,
				vec![RuntimeCall::Coops(pallet_coops::Call::expel {
					member: Dave.to_account_id(),
				})],
			),
		);
		assert_eq!(Governance::open_proposals(0).len(), 3);
		try_state_all();
	});
}

/// A proposal whose calls declare more weight than one extrinsic may carry could never be
/// closed: it kept its slot and its deposit forever. Now it is refused when proposed.
#[test]
fn a_proposal_nobody_could_close_is_refused() {
	new_test_ext("development").execute_with(|| {
		let heavy = RuntimeCall::Governance(pallet_governance::Call::as_coop_account {
			call: Box::new(RuntimeCall::Revive(pallet_revive::Call::call {
				dest: Default::default(),
				value: 0,
				weight_limit: Weight::from_parts(u64::MAX / 4, u64::MAX / 4),
				storage_deposit_limit: 0,
				data: Vec::new(),
			})),
		});
		let before = Balances::reserved_balance(Alice.to_account_id());
		assert_eq!(error_name(common::apply(Alice, propose(0, vec![heavy]))), "ProposalTooHeavy");
		assert!(Governance::open_proposals(0).is_empty());
		assert_eq!(Balances::reserved_balance(Alice.to_account_id()), before);
		try_state_all();
	});
}

/// An applicant who joined once the door opened used to be admitted a second time by their
/// pending application: the member count inflated and a deposit orphaned.
#[test]
fn an_applicant_who_joined_is_not_admitted_again() {
	new_test_ext("development").execute_with(|| {
		let coop = pallet_coops::NextCoopId::<Runtime>::get();
		let mut params = datacoop_runtime::genesis_config_presets::demo_bylaws_params();
		params.admission = datacoop_primitives::coop::AdmissionPolicy::Vote;
		submit(
			Alice,
			RuntimeCall::Coops(pallet_coops::Call::found {
				members: vec![Bob.to_account_id(), Charlie.to_account_id()].try_into().unwrap(),
				document: datacoop_primitives::coop::DocumentRef::truncate_from(vec![1; 32]),
				params: params.clone(),
			}),
		);
		submit(Eve, RuntimeCall::Coops(pallet_coops::Call::apply { coop }));
		params.admission = datacoop_primitives::coop::AdmissionPolicy::Open;
		decide(
			coop,
			Alice,
			RuntimeCall::Bylaws(pallet_bylaws::Call::amend {
				document: datacoop_primitives::coop::DocumentRef::truncate_from(vec![2; 32]),
				params,
			}),
			&[Alice, Bob, Charlie],
		);
		submit(Eve, RuntimeCall::Coops(pallet_coops::Call::join { coop }));
		assert_eq!(Coops::member_count(coop), 4);
		let held = Balances::reserved_balance(Eve.to_account_id());
		assert_eq!(held, datacoop_runtime::coop_configs::MemberDeposit::get());

		let admit = decide(
			coop,
			Bob,
			RuntimeCall::Coops(pallet_coops::Call::admit { applicant: Eve.to_account_id() }),
			&[Alice, Bob, Charlie],
		);
		assert_eq!(
			Governance::closed_proposal(admit).expect("closed").outcome,
			pallet_governance::Outcome::Approved { dispatched: 1, failed: 1 }
		);
		assert_eq!(Coops::member_count(coop), 4);
		assert_eq!(Balances::reserved_balance(Eve.to_account_id()), held);
		try_state_all();
	});
}

/// A co-op's treasury used to pay out through `as_coop_account` with `revive.call { value }`:
/// a contract call's threshold, and no `TreasurySpent` to show for it. Now value from the
/// treasury goes only by `coops.spend`.
#[test]
fn the_treasury_pays_no_value_through_a_contract_call() {
	new_test_ext("development").execute_with(|| {
		let paying = |value, storage_deposit_limit| {
			RuntimeCall::Governance(pallet_governance::Call::as_coop_account {
				call: Box::new(RuntimeCall::Revive(pallet_revive::Call::call {
					dest: Default::default(),
					value,
					weight_limit: Weight::from_parts(1_000_000_000, 100_000),
					storage_deposit_limit,
					data: Vec::new(),
				})),
			})
		};
		assert_eq!(
			error_name(common::apply(Alice, propose(0, vec![paying(UNIT, 0)]))),
			"CallOutOfScope"
		);
		// Nor by storage deposits beyond what changing an access contract's terms takes.
		assert_eq!(
			error_name(common::apply(Alice, propose(0, vec![paying(0, 100 * UNIT)]))),
			"CallOutOfScope"
		);
		assert_eq!(common::apply(Alice, propose(0, vec![paying(0, UNIT)])), Ok(()));
		try_state_all();
	});
}

/// Expiry slots were shared by every co-op and bounded per block: about 336 consents, from any
/// member of any co-op, used to make everyone's expiries in a 21-block window fail
/// (`ExpiryCongested`) or end earlier than asked. Now a flood only delays when the chain marks
/// expiries, a page of 16 at a time: nobody's consent is refused, and none covers anything past
/// the block its member asked for.
#[test]
fn a_flood_of_expiries_refuses_no_honest_consent() {
	use datacoop_runtime::Consent;
	use pallet_consent::{ConsentState, Grantee};
	new_test_ext("development").execute_with(|| {
		let end = 30;
		let give = |buyer: u8, expires| {
			RuntimeCall::Consent(pallet_consent::Call::give {
				coop: 0,
				grantee: Grantee::Buyer(AccountId::new([buyer; 32])),
				purpose: 0,
				categories: vec![0],
				expires: Some(expires),
				receipt: sp_core::H256::repeat_byte(1),
			})
		};
		// Alice and Bob fill four pages of block 30, each to as many buyers as they may.
		for flooder in [Alice, Bob] {
			for buyer in 0..32u8 {
				submit(flooder, give(buyer, end));
			}
		}
		// Charlie's consent to his buyer ends exactly when he asked.
		let id = pallet_consent::NextConsentId::<Runtime>::get(Charlie.to_account_id());
		submit(Charlie, give(200, end));
		let record = |who: AccountId| Consent::consent(who, id).expect("given");
		assert_eq!(record(Charlie.to_account_id()).terms.expires, Some(end));
		try_state_all();

		run_to(end);
		let buyer = Grantee::Buyer(AccountId::new([200; 32]));
		assert!(!Consent::consent_covers(&Charlie.to_account_id(), 0, &buyer, 0, 0, end));
		// Two pages a block: the flood's four are marked by block 31, Charlie's fifth at 32.
		run_to(end + 1);
		assert_eq!(record(Charlie.to_account_id()).state, ConsentState::Given);
		try_state_all();
		run_to(end + 2);
		assert_eq!(record(Charlie.to_account_id()).state, ConsentState::Expired { at: end });
		assert!(pallet_consent::Expiries::<Runtime>::iter().next().is_none());
		assert!(pallet_consent::ExpiryOverflow::<Runtime>::iter().next().is_none());
		try_state_all();
	});
}

/// Federation motions used to count the vote of a co-op that had left (and keep it in the
/// electorate), and to take votes after their end, so a motion could carry long after it
/// lapsed. Now leaving takes a co-op's vote and its seat in the electorate with it, and a vote
/// after the end is refused (`VotingOver`): the motion lapses.
#[test]
fn a_federation_motion_counts_only_present_coops_and_ends_on_time() {
	use pallet_federation::{Members, MotionVotes, Motions, NextMotionId};
	new_test_ext("local_federation").execute_with(|| {
		let federation = |call| RuntimeCall::Federation(call);
		let motion = NextMotionId::<Runtime>::get();
		decide(
			0,
			Alice,
			federation(pallet_federation::Call::propose_removal { target: 3 }),
			&[Alice],
		);
		for (coop, member) in [(0, Alice), (1, Bob)] {
			decide(
				coop,
				member,
				federation(pallet_federation::Call::vote { motion, aye: true }),
				&[member],
			);
		}
		let open = Motions::<Runtime>::get(motion).expect("open");
		assert_eq!((open.ayes, open.electorate), (2, 4), "two of four: not yet more than half");

		// Co-op 1 leaves: its aye and its seat go with it.
		decide(1, Bob, federation(pallet_federation::Call::leave {}), &[Bob]);
		let open = Motions::<Runtime>::get(motion).expect("open");
		assert_eq!((open.ayes, open.electorate), (1, 3));
		assert!(MotionVotes::<Runtime>::get(motion, 1).is_none());
		try_state_all();

		// After its end, co-op 2's aye (a carried decision of its members) changes nothing.
		run_to(open.ends_at + 1);
		let late = decide(
			2,
			Charlie,
			federation(pallet_federation::Call::vote { motion, aye: true }),
			&[Charlie],
		);
		let refused = System::events().into_iter().find_map(|record| match record.event {
			datacoop_runtime::RuntimeEvent::Governance(
				pallet_governance::Event::CallDispatched { proposal, result, .. },
			) if proposal == late => Some(result),
			_ => None,
		});
		// Events keep the error's index, not its name.
		let index = |e: DispatchError| match e {
			DispatchError::Module(ModuleError { index, error, .. }) => (index, error),
			other => panic!("expected a pallet error, got {other:?}"),
		};
		let voting_over: DispatchError = pallet_federation::Error::<Runtime>::VotingOver.into();
		let refused = refused.expect("the decision was dispatched").expect_err("refused");
		assert_eq!(index(refused), index(voting_over));
		let still = Motions::<Runtime>::get(motion).expect("not enacted");
		assert_eq!(still.ayes, 1);
		assert!(MotionVotes::<Runtime>::get(motion, 2).is_none());
		submit(Eve, federation(pallet_federation::Call::close { motion }));
		assert!(Motions::<Runtime>::get(motion).is_none(), "lapsed");
		assert!(Members::<Runtime>::contains_key(3), "co-op 3 is still a member");
		try_state_all();
	});
}

/// Co-ops outside the federation used to fill all 16 motion slots with applications, so the
/// members could not even propose to remove one of their own. Now applications hold at most 4
/// slots (`TooManyApplications`) and the members still propose.
#[test]
fn outsiders_cannot_fill_the_federations_motion_slots() {
	use pallet_federation::{Call as FederationCall, Event as FederationEvent, OpenMotions};
	new_test_ext("local_federation").execute_with(|| {
		let mut params = datacoop_runtime::genesis_config_presets::validator_coop_bylaws_params();
		params.membership_maturity = 0;
		// Eve founds three co-ops and Ferdie two, each with its founder as its only member.
		let mut outsiders = Vec::new();
		for founder in [Eve, Eve, Eve, Ferdie, Ferdie] {
			let coop = pallet_coops::NextCoopId::<Runtime>::get();
			submit(
				founder,
				RuntimeCall::Coops(pallet_coops::Call::found {
					members: Default::default(),
					document: b"ipfs://outsider".to_vec().try_into().expect("short"),
					params: params.clone(),
				}),
			);
			outsiders.push((coop, founder));
		}
		let apply = || RuntimeCall::Federation(FederationCall::apply {});
		let mut last = 0;
		for (coop, founder) in &outsiders {
			last = decide(*coop, *founder, apply(), &[*founder]);
		}
		assert_eq!(OpenMotions::<Runtime>::get(), 4, "four applications, no more");
		let refused = System::events().into_iter().find_map(|record| match record.event {
			datacoop_runtime::RuntimeEvent::Governance(
				pallet_governance::Event::CallDispatched { proposal, result, .. },
			) if proposal == last => Some(result),
			_ => None,
		});
		let index = |e: DispatchError| match e {
			DispatchError::Module(ModuleError { index, error, .. }) => (index, error),
			other => panic!("expected a pallet error, got {other:?}"),
		};
		let too_many: DispatchError = pallet_federation::Error::<Runtime>::TooManyApplications.into();
		let refused = refused.expect("the fifth decision was dispatched").expect_err("refused");
		assert_eq!(index(refused), index(too_many));

		// The member co-ops still propose: co-op 0 moves to remove co-op 3.
		let motion = pallet_federation::NextMotionId::<Runtime>::get();
		decide(0, Alice, RuntimeCall::Federation(FederationCall::propose_removal { target: 3 }), &[Alice]);
		assert!(System::events().iter().any(|record| matches!(
			record.event,
			datacoop_runtime::RuntimeEvent::Federation(FederationEvent::MotionOpened { motion: m, .. }) if m == motion
		)));
		assert_eq!(OpenMotions::<Runtime>::get(), 5);
		try_state_all();
	});
}
