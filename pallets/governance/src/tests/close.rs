//! Closing: dispatch with the co-op origin, early close, weight bounds, expiry.

use super::*;

#[test]
fn carried_proposal_dispatches_with_the_coop_origin() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		let id = propose(2, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		assert_noop!(close(id), Error::<Test>::TooEarly);
		vote(2, id, VoteChoice::Aye);
		// Two of three in favour: the third cannot change it, so it may close early.
		assert_ok!(close(id));
		let received = target::Received::<Test>::get();
		assert_eq!(received.len(), 1);
		let decision = &received[0];
		assert_eq!((decision.coop, decision.proposal, decision.proposer), (0, id, 2));
		assert_eq!(decision.tally, Tally { ayes: 2, nays: 0, abstentions: 0, electorate: 3 });
		assert_eq!(decision.scope, DecisionScope::default());
		System::assert_has_event(
			Event::CallDispatched { proposal: id, index: 0, result: Ok(()) }.into(),
		);
		System::assert_last_event(
			Event::Closed {
				proposal: id,
				coop: 0,
				outcome: Outcome::Approved { dispatched: 1, failed: 0 },
				tally: decision.tally,
			}
			.into(),
		);
		assert_eq!(held(2), 0);
		assert!(Proposals::<Test>::get(id).is_none());
		assert_eq!(
			Governance::closed_proposal(id).unwrap().outcome,
			Outcome::Approved { dispatched: 1, failed: 0 }
		);
		assert!(Governance::open_proposals(0).is_empty());
		assert_noop!(close(id), Error::<Test>::UnknownProposal);
	});
}

#[test]
fn failed_dispatch_is_recorded() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		let id = propose(1, vec![fail(), act()]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		assert_ok!(close(id));
		System::assert_has_event(
			Event::CallDispatched {
				proposal: id,
				index: 0,
				result: Err(target::Error::<Test>::Refused.into()),
			}
			.into(),
		);
		System::assert_has_event(
			Event::CallDispatched { proposal: id, index: 1, result: Ok(()) }.into(),
		);
		assert_eq!(
			Governance::closed_proposal(id).unwrap().outcome,
			Outcome::Approved { dispatched: 2, failed: 1 }
		);
		assert_eq!(target::Received::<Test>::get().len(), 1);
	});
}

#[test]
fn certain_rejection_closes_early() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		let id = propose(1, vec![act()]);
		vote(2, id, VoteChoice::Nay);
		assert_noop!(close(id), Error::<Test>::TooEarly);
		vote(3, id, VoteChoice::Nay);
		assert_ok!(close(id));
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Rejected);
	});
}

#[test]
fn close_needs_a_sufficient_weight_bound() {
	build_and_execute(|| {
		coop(0, &[1]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		assert_noop!(
			Governance::close(RuntimeOrigin::signed(1), id, Weight::zero()),
			Error::<Test>::WeightBoundTooLow
		);
		assert_ok!(close(id));
	});
}

#[test]
fn no_early_close_before_the_minimum_voting_time() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		amend_bylaws(0, guarded(4, 0));
		let carried = propose(1, vec![act()]);
		let rejected = propose(2, vec![act()]);
		assert_eq!(Proposals::<Test>::get(carried).unwrap().early_close_from, 5);
		for who in [1, 2, 3] {
			vote(who, carried, VoteChoice::Aye);
			vote(who, rejected, VoteChoice::Nay);
		}
		// Certain both ways, and still too early.
		assert_noop!(close(carried), Error::<Test>::TooEarly);
		assert_noop!(close(rejected), Error::<Test>::TooEarly);
		System::set_block_number(5);
		assert_ok!(close(carried));
		assert_ok!(close(rejected));
		assert_eq!(Governance::closed_proposal(rejected).unwrap().outcome, Outcome::Rejected);

		// A minimum longer than the vote stops at its end.
		amend_bylaws(0, guarded(50, 0));
		let id = propose(1, vec![act()]);
		let p = Proposals::<Test>::get(id).unwrap();
		assert_eq!(p.early_close_from, p.ends_at);
	});
}

#[test]
fn a_carried_proposal_too_heavy_to_dispatch_expires() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		// As if proposed before the limit existed: the stored calls declare too much weight.
		let id = propose(1, vec![act()]);
		Proposals::<Test>::mutate(id, |p| p.as_mut().unwrap().call_weight = Weight::MAX);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		// It carried but cannot be dispatched: it waits for the end of the vote, then expires.
		assert_noop!(close(id), Error::<Test>::TooEarly);
		System::set_block_number(11);
		assert_ok!(Governance::close(RuntimeOrigin::signed(20), id, Weight::zero()));
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Expired);
		assert!(target::Received::<Test>::get().is_empty());
		assert_eq!(held(1), 0);
		assert!(Governance::open_proposals(0).is_empty());
		assert_eq!(OpenByMember::<Test>::get(0, 1), 0);
	});
}
