//! Tests of the co-ops pallet: founding, the three admission paths, leaving, expulsion,
//! treasury, deposits, and every refusal.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{InspectHold, Mutate},
};
use sp_runtime::{DispatchError, Perbill, TokenError};

fn params(admission: AdmissionPolicy) -> BylawsParams<u64> {
	BylawsParams {
		quorum: Perbill::from_percent(50),
		approval: Perbill::from_percent(50),
		amendment_approval: Perbill::from_percent(66),
		expulsion_approval: Perbill::from_percent(75),
		voting_period: 100,
		min_voting_period: 0,
		membership_maturity: 0,
		admission,
		revenue_share: Perbill::from_percent(10),
		max_members: None,
		vocabulary: datacoop_primitives::coop::Vocabulary { purposes: 8, categories: 32 },
	}
}

fn doc() -> DocumentRef {
	DocumentRef::truncate_from(vec![7; 32])
}

fn members(list: &[u64]) -> BoundedVec<u64, ConstU32<10>> {
	BoundedVec::truncate_from(list.to_vec())
}

/// Account 1 founds a co-op with members 2 and 3; returns its id.
fn found(admission: AdmissionPolicy) -> CoopId {
	let coop = NextCoopId::<Test>::get();
	assert_ok!(Coops::found(RuntimeOrigin::signed(1), members(&[2, 3]), doc(), params(admission)));
	coop
}

fn held(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::Membership.into(), &who)
		+ Balances::balance_on_hold(&HoldReason::CoopFounding.into(), &who)
}

#[test]
fn founding_creates_members_account_and_holds_deposits() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		System::assert_last_event(
			Event::CoopFounded { coop, founder: 1, account: Coops::account_of(coop), members: 3 }
				.into(),
		);
		assert_eq!(Coops::member_count(coop), 3);
		for (who, admission) in [(1, 0), (2, 1), (3, 2)] {
			assert_eq!(Coops::admission_of(coop, &who), Some(admission));
			assert_eq!(Members::<Test>::get(coop, who).unwrap().depositor, 1);
		}
		assert_eq!(Coops::next_admission(coop), 3);
		assert_eq!(held(1), FOUNDING_DEPOSIT + 3 * MEMBER_DEPOSIT);
		assert_eq!(held(2), 0);
	});
}

#[test]
fn founding_refusals_change_nothing() {
	build_and_execute(|| {
		assert_noop!(
			Coops::found(
				RuntimeOrigin::signed(1),
				members(&[2, 2]),
				doc(),
				params(AdmissionPolicy::Open)
			),
			Error::<Test>::DuplicateFoundingMember
		);
		assert_noop!(
			Coops::found(
				RuntimeOrigin::signed(1),
				members(&[1]),
				doc(),
				params(AdmissionPolicy::Open)
			),
			Error::<Test>::DuplicateFoundingMember
		);
		let mut small = params(AdmissionPolicy::Open);
		small.max_members = Some(2);
		assert_noop!(
			Coops::found(RuntimeOrigin::signed(1), members(&[2, 3]), doc(), small),
			Error::<Test>::CoopFull
		);
		let mut bad = params(AdmissionPolicy::Open);
		bad.quorum = Perbill::zero();
		assert_noop!(
			Coops::found(RuntimeOrigin::signed(1), members(&[2]), doc(), bad),
			DispatchError::Other("bad bylaws")
		);
		// Account 99 has no funds for the deposit.
		assert_noop!(
			Coops::found(
				RuntimeOrigin::signed(99),
				members(&[2]),
				doc(),
				params(AdmissionPolicy::Open)
			),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			Coops::found(
				RuntimeOrigin::none(),
				members(&[2]),
				doc(),
				params(AdmissionPolicy::Open)
			),
			DispatchError::BadOrigin
		);
		assert_eq!(NextCoopId::<Test>::get(), 0);
	});
}

#[test]
fn open_coop_is_joined_directly() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		System::assert_last_event(Event::MemberJoined { coop, who: 4 }.into());
		assert_eq!(Coops::admission_of(coop, &4), Some(3));
		assert_eq!(Coops::member_count(coop), 4);
		assert_eq!(held(4), MEMBER_DEPOSIT);
		assert_noop!(Coops::join(RuntimeOrigin::signed(4), coop), Error::<Test>::AlreadyMember);
		assert_noop!(Coops::apply(RuntimeOrigin::signed(5), coop), Error::<Test>::OpenCoop);
		assert_noop!(Coops::join(RuntimeOrigin::signed(4), 9), Error::<Test>::UnknownCoop);
		assert_noop!(Coops::join(RuntimeOrigin::signed(99), coop), TokenError::FundsUnavailable);
	});
}

#[test]
fn member_limit_of_the_bylaws_in_force_holds() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		let mut full = params(AdmissionPolicy::Open);
		full.max_members = Some(4);
		set_bylaws(coop, full);
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		assert_noop!(Coops::join(RuntimeOrigin::signed(5), coop), Error::<Test>::CoopFull);
	});
}

#[test]
fn vote_coop_admits_by_decision() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Vote);
		assert_noop!(Coops::join(RuntimeOrigin::signed(4), coop), Error::<Test>::NotOpen);
		assert_ok!(Coops::apply(RuntimeOrigin::signed(4), coop));
		System::assert_last_event(Event::Applied { coop, who: 4 }.into());
		assert_eq!(held(4), MEMBER_DEPOSIT);
		assert_noop!(Coops::apply(RuntimeOrigin::signed(4), coop), Error::<Test>::AlreadyApplied);
		assert_noop!(Coops::apply(RuntimeOrigin::signed(2), coop), Error::<Test>::AlreadyMember);

		// Only the co-op's decision admits.
		NextDecision::set(None);
		assert_noop!(Coops::admit(RuntimeOrigin::signed(2), 4), DispatchError::BadOrigin);
		assert_noop!(Coops::admit(RuntimeOrigin::root(), 4), DispatchError::BadOrigin);
		assert_noop!(
			Coops::admit(coop_origin(decision(coop, 5, 2, false)), 6),
			Error::<Test>::NoApplication
		);
		assert_ok!(Coops::admit(coop_origin(decision(coop, 5, 2, false)), 4));
		System::assert_last_event(
			Event::MemberAdmitted { coop, who: 4, by: AdmittedBy::Vote { proposal: 5 } }.into(),
		);
		assert!(Coops::is_member(coop, &4));
		assert!(!Applications::<Test>::contains_key(coop, 4));
		// The application deposit became the membership deposit.
		assert_eq!(held(4), MEMBER_DEPOSIT);
	});
}

#[test]
fn a_decision_of_another_coop_admits_only_there() {
	build_and_execute(|| {
		let a = found(AdmissionPolicy::Vote);
		let b = found(AdmissionPolicy::Vote);
		assert_ok!(Coops::apply(RuntimeOrigin::signed(4), a));
		assert_noop!(
			Coops::admit(coop_origin(decision(b, 1, 2, false)), 4),
			Error::<Test>::NoApplication
		);
		assert!(!Coops::is_member(a, &4));
	});
}

#[test]
fn applications_can_be_withdrawn_or_rejected() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Vote);
		assert_ok!(Coops::apply(RuntimeOrigin::signed(4), coop));
		assert_ok!(Coops::withdraw_application(RuntimeOrigin::signed(4), coop));
		System::assert_last_event(Event::ApplicationWithdrawn { coop, who: 4 }.into());
		assert_eq!(held(4), 0);
		assert_noop!(
			Coops::withdraw_application(RuntimeOrigin::signed(4), coop),
			Error::<Test>::NoApplication
		);

		assert_ok!(Coops::apply(RuntimeOrigin::signed(5), coop));
		assert_ok!(Coops::reject_application(coop_origin(decision(coop, 3, 1, false)), 5));
		System::assert_last_event(Event::ApplicationRejected { coop, who: 5, proposal: 3 }.into());
		assert_eq!(held(5), 0);
		assert!(!Coops::is_member(coop, &5));
	});
}

#[test]
fn invitation_coop_admits_after_enough_vouches() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Invitation { vouches: 2 });
		let other = found(AdmissionPolicy::Open);
		assert_ok!(Coops::join(RuntimeOrigin::signed(9), other));
		assert_noop!(Coops::vouch(RuntimeOrigin::signed(2), coop, 4), Error::<Test>::NoApplication);
		assert_ok!(Coops::apply(RuntimeOrigin::signed(4), coop));

		// Only members of this co-op vouch, once each.
		assert_noop!(Coops::vouch(RuntimeOrigin::signed(9), coop, 4), Error::<Test>::NotMember);
		assert_ok!(Coops::vouch(RuntimeOrigin::signed(2), coop, 4));
		System::assert_last_event(
			Event::Vouched { coop, applicant: 4, voucher: 2, vouches: 1 }.into(),
		);
		assert_noop!(
			Coops::vouch(RuntimeOrigin::signed(2), coop, 4),
			Error::<Test>::AlreadyVouched
		);
		assert!(!Coops::is_member(coop, &4));

		assert_ok!(Coops::vouch(RuntimeOrigin::signed(3), coop, 4));
		System::assert_last_event(
			Event::MemberAdmitted { coop, who: 4, by: AdmittedBy::Vouches }.into(),
		);
		assert!(Coops::is_member(coop, &4));
		assert_eq!(Vouches::<Test>::iter_prefix((coop, 4u64)).count(), 0);

		// Vouching in a co-op that does not admit by invitation.
		assert_noop!(
			Coops::vouch(RuntimeOrigin::signed(1), other, 5),
			Error::<Test>::NotByInvitation
		);
	});
}

#[test]
fn leaving_always_works_and_releases_the_deposit() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		assert_ok!(Coops::leave(RuntimeOrigin::signed(4), coop));
		System::assert_last_event(Event::MemberLeft { coop, who: 4 }.into());
		assert_eq!(held(4), 0);
		assert_eq!(Coops::member_count(coop), 3);
		assert_eq!(left(), vec![(coop, 4, 3)]);
		assert_noop!(Coops::leave(RuntimeOrigin::signed(4), coop), Error::<Test>::NotMember);
		assert_noop!(Coops::leave(RuntimeOrigin::signed(4), 7), Error::<Test>::NotMember);

		// A founding member's deposit goes back to the founder who paid it.
		assert_ok!(Coops::leave(RuntimeOrigin::signed(2), coop));
		assert_eq!(held(1), FOUNDING_DEPOSIT + 2 * MEMBER_DEPOSIT);

		// Even the founder, and even when the co-op becomes empty.
		assert_ok!(Coops::leave(RuntimeOrigin::signed(3), coop));
		assert_ok!(Coops::leave(RuntimeOrigin::signed(1), coop));
		assert_eq!(Coops::member_count(coop), 0);
	});
}

#[test]
fn rejoining_gets_a_new_admission_number() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		assert_ok!(Coops::leave(RuntimeOrigin::signed(4), coop));
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		assert_eq!(Coops::admission_of(coop, &4), Some(4));
	});
}

#[test]
fn expulsion_needs_the_expulsion_threshold() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		assert_noop!(
			Coops::expel(coop_origin(decision(coop, 1, 1, false)), 3),
			Error::<Test>::NotAnExpulsionDecision
		);
		assert_noop!(Coops::expel(RuntimeOrigin::signed(1), 3), DispatchError::BadOrigin);
		assert_noop!(
			Coops::expel(coop_origin(decision(coop, 1, 3, true)), 3),
			Error::<Test>::CannotExpelSelf
		);
		assert_noop!(
			Coops::expel(coop_origin(decision(coop, 1, 1, true)), 9),
			Error::<Test>::NotMember
		);
		assert_ok!(Coops::expel(coop_origin(decision(coop, 1, 1, true)), 3));
		System::assert_last_event(Event::MemberExpelled { coop, who: 3, proposal: 1 }.into());
		assert!(!Coops::is_member(coop, &3));
		assert_eq!(left(), vec![(coop, 3, 2)]);
		assert_eq!(Coops::member_count(coop), 2);
	});
}

#[test]
fn treasury_pays_only_by_decision() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		let treasury = Coops::account_of(coop);
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(5), treasury, 300));
		assert_noop!(Coops::spend(RuntimeOrigin::signed(1), 6, 10), DispatchError::BadOrigin);
		assert_noop!(
			Coops::spend(coop_origin(decision(coop, 2, 1, false)), 6, 301),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			Coops::spend(coop_origin(decision(9, 2, 1, false)), 6, 1),
			Error::<Test>::UnknownCoop
		);
		assert_ok!(Coops::spend(coop_origin(decision(coop, 2, 1, false)), 6, 100));
		System::assert_last_event(
			Event::TreasurySpent { coop, to: 6, amount: 100, proposal: 2 }.into(),
		);
		assert_eq!(Balances::free_balance(6), 1_100);
		assert_eq!(Balances::free_balance(treasury), 200);
	});
}

#[test]
fn try_state_catches_a_wrong_member_count() {
	new_test_ext().execute_with(|| {
		let coop = found(AdmissionPolicy::Open);
		CoopInfoOf::<Test>::mutate(coop, |info| info.as_mut().unwrap().members = 7);
		assert!(Coops::do_try_state().is_err());
	});
}

/// The loophole: an applicant joins once the door opens, and the pending application admits
/// them a second time (member count inflated, a deposit orphaned).
#[test]
fn a_member_is_never_admitted_twice() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Vote);
		assert_ok!(Coops::apply(RuntimeOrigin::signed(4), coop));
		set_bylaws(coop, params(AdmissionPolicy::Open));
		// Joining answers the application: it goes, and its deposit is released.
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		assert!(!Applications::<Test>::contains_key(coop, 4));
		assert_eq!(held(4), MEMBER_DEPOSIT);
		assert_eq!(Coops::member_count(coop), 4);
		assert_noop!(
			Coops::admit(coop_origin(decision(coop, 5, 2, false)), 4),
			Error::<Test>::NoApplication
		);

		// An application stored beside a membership (as the old code could leave) admits nobody.
		Applications::<Test>::insert(coop, 4, Application { vouches: 0, deposit: 0, since: 1 });
		assert_noop!(
			Coops::admit(coop_origin(decision(coop, 5, 2, false)), 4),
			Error::<Test>::AlreadyMember
		);
		Applications::<Test>::remove(coop, 4);
	});
}

fn maturing(maturity: u64) -> BylawsParams<u64> {
	BylawsParams { membership_maturity: maturity, ..params(AdmissionPolicy::Open) }
}

#[test]
fn newcomers_vote_once_mature_founders_at_once() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		set_bylaws(coop, maturing(30));
		// Founders are mature at founding.
		assert_eq!(Coops::voting_members(coop), (3, 3));
		assert!(Coops::is_mature(coop, &1));
		for who in [4, 5] {
			assert_ok!(Coops::join(RuntimeOrigin::signed(who), coop));
		}
		System::set_block_number(11);
		assert_ok!(Coops::join(RuntimeOrigin::signed(6), coop));
		assert_eq!(Coops::voting_members(coop), (3, 3));
		assert!(!Coops::is_mature(coop, &4) && !Coops::is_mature(coop, &6));

		// Admitted at block 1, in a cohort whose window is 30 / 3 = 10 blocks (1 to 10): mature
		// at 10 + 30. The one admitted at 11 is in the next cohort (11 to 20): mature at 50.
		System::set_block_number(39);
		assert_eq!(Coops::voting_members(coop), (3, 3));
		System::set_block_number(40);
		assert_eq!(Coops::voting_members(coop), (5, 5));
		assert!(Coops::is_mature(coop, &5) && !Coops::is_mature(coop, &6));
		System::set_block_number(49);
		assert_eq!(Coops::voting_members(coop), (5, 5));
		System::set_block_number(50);
		assert_eq!(Coops::voting_members(coop), (6, 6));

		// Leaving counts wherever the member is: maturing or mature.
		assert_ok!(Coops::join(RuntimeOrigin::signed(7), coop));
		assert_ok!(Coops::leave(RuntimeOrigin::signed(7), coop));
		assert_ok!(Coops::leave(RuntimeOrigin::signed(2), coop));
		assert_eq!(Coops::voting_members(coop), (6, 5));
		assert_eq!(Coops::member_count(coop), 5);
	});
}

#[test]
fn maturity_costs_the_same_for_a_crowd_of_newcomers() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		set_bylaws(coop, maturing(9));
		// One newcomer a block for 40 blocks: never more than `MaxCohorts` (4) cohorts kept.
		for (block, who) in (1..=40u64).zip(100..) {
			System::set_block_number(block);
			let _ = Balances::mint_into(&who, 1_000);
			assert_ok!(Coops::join(RuntimeOrigin::signed(who), coop));
			assert!(Maturing::<Test>::get(coop).len() <= 4);
			// The newcomer of block b has admission number b + 2. Nobody counts as mature
			// before 9 blocks; everyone does after 9 blocks plus a window (3) less one.
			let (cutoff, voters) = Coops::voting_members(coop);
			let (surely, at_most) = (block.saturating_sub(11), block.saturating_sub(9));
			assert!(cutoff >= 3 + surely && cutoff <= 3 + at_most, "block {block}: {cutoff}");
			assert_eq!(u64::from(voters), cutoff);
		}
		Coops::do_try_state().expect("cohorts match the members");
	});
}

#[test]
fn a_raised_maturity_never_matures_anyone_sooner() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		set_bylaws(coop, maturing(3));
		let join = |block: u64, who: u64| {
			System::set_block_number(block);
			let _ = Balances::mint_into(&who, 1_000);
			assert_ok!(Coops::join(RuntimeOrigin::signed(who), coop));
			assert!(Maturing::<Test>::get(coop).len() <= 4);
		};
		for (block, who) in (1..=6u64).zip(100..) {
			join(block, who);
		}
		// Three one-block cohorts are alive; a hundred-block one opens beside them.
		set_bylaws(coop, maturing(300));
		join(7, 200);
		assert_eq!(Maturing::<Test>::get(coop).len(), 4);
		// No room for a fifth: the newest cohort takes the newcomer and starts again.
		join(107, 201);
		assert_eq!(Maturing::<Test>::get(coop).len(), 4);
		// Admitted at block 6 in a one-block cohort: mature at 6 + 300, not a block sooner.
		System::set_block_number(305);
		assert!(!Coops::is_mature(coop, &200) && !Coops::is_mature(coop, &105));
		System::set_block_number(306);
		assert!(Coops::is_mature(coop, &105));
		System::set_block_number(406);
		assert!(!Coops::is_mature(coop, &201));
		// Later than each one's own 300 blocks (conservative), never sooner.
		assert!(!Coops::is_mature(coop, &200));
		System::set_block_number(107 + 99 + 300);
		assert!(Coops::is_mature(coop, &200) && Coops::is_mature(coop, &201));
		Coops::do_try_state().expect("cohorts match the members");
	});
}

#[test]
fn newcomers_vouch_only_once_mature() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Invitation { vouches: 1 });
		set_bylaws(
			coop,
			BylawsParams {
				membership_maturity: 30,
				..params(AdmissionPolicy::Invitation { vouches: 1 })
			},
		);
		assert_ok!(Coops::apply(RuntimeOrigin::signed(4), coop));
		assert_ok!(Coops::vouch(RuntimeOrigin::signed(1), coop, 4));
		assert!(Coops::is_member(coop, &4));
		// The newcomer cannot vouch the next one in before they are mature.
		assert_ok!(Coops::apply(RuntimeOrigin::signed(5), coop));
		assert_noop!(Coops::vouch(RuntimeOrigin::signed(4), coop, 5), Error::<Test>::NotMature);
	});
}

#[test]
fn a_maturity_lowered_to_zero_matures_everyone() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		set_bylaws(coop, maturing(300));
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		set_bylaws(coop, maturing(0));
		assert_eq!(Coops::voting_members(coop), (4, 4));
		// A newcomer under no maturity is mature at once, and no cohort is left to miscount.
		assert_ok!(Coops::join(RuntimeOrigin::signed(5), coop));
		assert!(Maturing::<Test>::get(coop).is_empty());
		assert_eq!(Coops::voting_members(coop), (5, 5));
		assert_ok!(Coops::leave(RuntimeOrigin::signed(4), coop));
		assert_eq!(Coops::voting_members(coop), (5, 4));
	});
}

#[test]
fn migration_from_v0_repairs_double_admissions() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		let coop = found(AdmissionPolicy::Vote);
		assert_ok!(Coops::apply(RuntimeOrigin::signed(4), coop));
		// What version 0 could leave: a member with an application, a count one too high.
		Members::<Test>::insert(
			coop,
			4,
			Membership { admission: 3, since: 1, depositor: 4, deposit: 0 },
		);
		CoopInfoOf::<Test>::mutate(coop, |i| {
			let i = i.as_mut().unwrap();
			i.members = 5;
			i.next_admission = 4;
		});
		StorageVersion::new(0).put::<Coops>();
		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Coops::on_chain_storage_version(), 1);
		assert_eq!(Coops::member_count(coop), 4);
		assert!(!Applications::<Test>::contains_key(coop, 4));
		assert_eq!(held(4), 0);
		Coops::do_try_state().expect("invariants hold after the migration");
	});
}
