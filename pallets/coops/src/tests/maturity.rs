//! Membership maturity: newcomers vote and vouch only once mature, at a constant cost.

use super::*;

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
