//! Amending: every version kept, only by an amendment decision of the co-op.

use super::*;

#[test]
fn amendment_keeps_every_version() {
	build_and_execute(|| {
		found(0);
		System::set_block_number(5);
		let mut stricter = params();
		stricter.quorum = Perbill::from_percent(60);
		assert_ok!(amend_as(0, 9, doc(2), stricter.clone()));
		System::assert_last_event(
			Event::BylawsAmended { coop: 0, version: 2, proposal: 9, document: doc(2) }.into(),
		);
		assert_ok!(amend_as(0, 10, doc(3), params()));

		assert_eq!(Current::<Test>::get(0), Some(3));
		let v1 = Bylaws::bylaws_version(0, 1).unwrap();
		let v2 = Bylaws::bylaws_version(0, 2).unwrap();
		let v3 = Bylaws::bylaws_version(0, 3).unwrap();
		assert_eq!((v1.document, v1.params, v1.enacted_by), (doc(1), params(), None));
		assert_eq!(
			(v2.document, v2.params, v2.enacted_by, v2.enacted_at),
			(doc(2), stricter, Some(9), 5)
		);
		assert_eq!((v3.document, v3.enacted_by), (doc(3), Some(10)));
	});
}

#[test]
fn amendments_of_one_coop_leave_others_alone() {
	build_and_execute(|| {
		found(0);
		found(1);
		assert_ok!(amend_as(1, 2, doc(9), params()));
		assert_eq!(Current::<Test>::get(0), Some(1));
		assert_eq!(Current::<Test>::get(1), Some(2));
	});
}

#[test]
fn only_a_coop_decision_may_amend() {
	build_and_execute(|| {
		found(0);
		NextDecision::set(None);
		assert_noop!(
			Bylaws::amend(RuntimeOrigin::root(), doc(2), params()),
			DispatchError::BadOrigin
		);
		NextDecision::set(Some(decision(0, 1, true)));
		assert_noop!(
			Bylaws::amend(RuntimeOrigin::signed(1), doc(2), params()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bylaws::amend(RuntimeOrigin::none(), doc(2), params()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn an_ordinary_decision_cannot_amend() {
	build_and_execute(|| {
		found(0);
		NextDecision::set(Some(decision(0, 1, false)));
		assert_noop!(
			Bylaws::amend(RuntimeOrigin::root(), doc(2), params()),
			Error::<Test>::NotAnAmendmentDecision
		);
	});
}

#[test]
fn unknown_coop_cannot_amend() {
	build_and_execute(|| {
		assert_noop!(amend_as(4, 1, doc(2), params()), Error::<Test>::UnknownCoop);
	});
}
