//! Quorum and approval thresholds, raised ones included, and their exact arithmetic.

use super::*;

#[test]
fn quorum_not_met_rejects_at_the_end() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4, 5]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		assert_noop!(close(id), Error::<Test>::TooEarly);
		System::set_block_number(11);
		assert_ok!(close(id));
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Rejected);
		assert!(target::Received::<Test>::get().is_empty());
		assert_eq!(held(1), 0);
	});
}

#[test]
fn abstentions_count_for_quorum_not_approval() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Abstain);
		System::set_block_number(11);
		assert_ok!(close(id));
		assert_eq!(
			Governance::closed_proposal(id).unwrap().outcome,
			Outcome::Approved { dispatched: 1, failed: 0 }
		);
	});
}

#[test]
fn amendment_uses_its_own_threshold_from_the_bylaws_at_opening() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		// Ordinary: 1 aye, 1 nay is a tie, which never carries.
		let ordinary = propose(1, vec![act()]);
		// Amendment: 2 of 3 meets 2/3; the bylaws change to 90% mid-vote, which does not apply.
		let amendment = propose(1, vec![amend()]);
		let mut stricter = bylaws();
		stricter.amendment_approval = Perbill::from_percent(90);
		amend_bylaws(0, stricter);
		for id in [ordinary, amendment] {
			vote(1, id, VoteChoice::Aye);
			vote(2, id, VoteChoice::Nay);
		}
		vote(3, amendment, VoteChoice::Aye);
		System::set_block_number(11);
		assert_ok!(close(ordinary));
		assert_ok!(close(amendment));
		assert_eq!(Governance::closed_proposal(ordinary).unwrap().outcome, Outcome::Rejected);
		assert_eq!(
			Governance::closed_proposal(amendment).unwrap().outcome,
			Outcome::Approved { dispatched: 1, failed: 0 }
		);
		let received = target::Received::<Test>::get();
		assert_eq!(received.len(), 1);
		assert!(received[0].scope.amends_bylaws);

		// A new amendment opens under the new bylaws: 2 of 3 is no longer enough.
		let later = propose(1, vec![amend()]);
		assert_eq!(Proposals::<Test>::get(later).unwrap().bylaws_version, 2);
		vote(1, later, VoteChoice::Aye);
		vote(3, later, VoteChoice::Aye);
		vote(2, later, VoteChoice::Nay);
		assert_ok!(close(later));
		assert_eq!(Governance::closed_proposal(later).unwrap().outcome, Outcome::Rejected);
	});
}

#[test]
fn expulsion_needs_the_expulsion_threshold() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4]);
		let id = propose(1, vec![act(), expel()]);
		let p = Proposals::<Test>::get(id).unwrap();
		assert_eq!(p.threshold, bylaws().expulsion_approval);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		vote(3, id, VoteChoice::Nay);
		System::set_block_number(11);
		assert_ok!(close(id));
		// 2 of 3 is below 75%.
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Rejected);
	});
}

#[test]
fn threshold_arithmetic_is_exact() {
	assert!(at_least(1, 2, Perbill::from_percent(50)));
	assert!(!at_least(1, 3, Perbill::from_percent(50)));
	assert!(at_least(2, 3, Perbill::from_rational(2u32, 3u32)));
	assert!(!at_least(0, 0, Perbill::from_percent(1)));
	assert!(at_least(u32::MAX, u32::MAX, Perbill::one()));
	assert!(!at_least(u32::MAX - 1, u32::MAX, Perbill::one()));
	// Approval is strict: a tie never carries; 100% asks for unanimity.
	assert!(!more_than(1, 2, Perbill::from_percent(50)));
	assert!(more_than(2, 3, Perbill::from_percent(50)));
	assert!(more_than(501, 1000, Perbill::from_percent(50)));
	assert!(!more_than(500, 1000, Perbill::from_percent(50)));
	assert!(!more_than(3, 4, Perbill::from_percent(75)));
	assert!(more_than(u32::MAX, u32::MAX, Perbill::one()));
	assert!(!more_than(u32::MAX - 1, u32::MAX, Perbill::one()));
	assert!(!more_than(0, 0, Perbill::from_percent(1)));
}

#[test]
fn a_tie_never_carries() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		// Two of four in favour: with two nays to come it would be a tie, so it is not certain.
		assert_noop!(close(id), Error::<Test>::TooEarly);
		vote(3, id, VoteChoice::Nay);
		vote(4, id, VoteChoice::Nay);
		assert_ok!(close(id));
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Rejected);
		assert!(target::Received::<Test>::get().is_empty());
	});
}

#[test]
fn federation_decisions_need_the_amendment_threshold() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4, 5]);
		let id = propose(1, vec![federate()]);
		let ordinary = propose(2, vec![act()]);
		assert_eq!(Proposals::<Test>::get(id).unwrap().threshold, bylaws().amendment_approval);
		for proposal in [id, ordinary] {
			for (who, choice) in [(1, VoteChoice::Aye), (2, VoteChoice::Aye), (3, VoteChoice::Aye)]
			{
				vote(who, proposal, choice);
			}
			vote(4, proposal, VoteChoice::Nay);
			vote(5, proposal, VoteChoice::Nay);
		}
		System::set_block_number(11);
		assert_ok!(close(id));
		assert_ok!(close(ordinary));
		// 3 of 5 carries an ordinary decision, not one that acts in the federation.
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Rejected);
		assert_eq!(
			Governance::closed_proposal(ordinary).unwrap().outcome,
			Outcome::Approved { dispatched: 1, failed: 0 }
		);
		target::Received::<Test>::kill();

		let id = propose(1, vec![federate()]);
		for who in [1, 2, 3, 4] {
			vote(who, id, VoteChoice::Aye);
		}
		assert_ok!(close(id));
		assert!(target::Received::<Test>::get()[0].scope.federation);
	});
}
