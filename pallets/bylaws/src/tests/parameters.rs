//! The bounds parameters must keep, at founding and when amending.

use super::*;

#[test]
fn bad_parameters_are_refused_and_change_nothing() {
	build_and_execute(|| {
		found(0);
		let cases: Vec<(fn(&mut BylawsParams<u64>), Error<Test>)> = vec![
			(|p| p.quorum = Perbill::zero(), Error::ThresholdOutOfRange),
			(|p| p.approval = Perbill::zero(), Error::ThresholdOutOfRange),
			(|p| p.amendment_approval = Perbill::zero(), Error::ThresholdOutOfRange),
			(|p| p.expulsion_approval = Perbill::zero(), Error::ThresholdOutOfRange),
			(
				|p| p.amendment_approval = Perbill::from_percent(40),
				Error::RaisedThresholdBelowApproval,
			),
			(
				|p| p.expulsion_approval = Perbill::from_percent(40),
				Error::RaisedThresholdBelowApproval,
			),
			(|p| p.voting_period = 9, Error::VotingPeriodOutOfRange),
			(|p| p.voting_period = 1_001, Error::VotingPeriodOutOfRange),
			(|p| p.min_voting_period = 101, Error::MinVotingPeriodTooLong),
			(|p| p.membership_maturity = 1_001, Error::MaturityTooLong),
			(
				|p| p.admission = AdmissionPolicy::Invitation { vouches: 0 },
				Error::VouchesOutOfRange,
			),
			(
				|p| p.admission = AdmissionPolicy::Invitation { vouches: 6 },
				Error::VouchesOutOfRange,
			),
			(|p| p.max_members = Some(0), Error::MemberLimitTooLow),
			(|p| p.max_items_per_commitment = Some(0), Error::ItemCapTooLow),
			(|p| p.vocabulary.purposes = 0, Error::VocabularyOutOfRange),
			(|p| p.vocabulary.categories = 0, Error::VocabularyOutOfRange),
			(|p| p.vocabulary.categories = MAX_VOCABULARY + 1, Error::VocabularyOutOfRange),
		];
		for (spoil, error) in cases {
			let mut bad = params();
			spoil(&mut bad);
			let error: DispatchError = error.into();
			assert_noop!(amend_as(0, 1, doc(2), bad.clone()), error);
			assert_noop!(<Bylaws as CoopBylaws<u64>>::adopt_founding(5, doc(2), bad), error);
		}
		assert_noop!(
			amend_as(0, 1, DocumentRef::default(), params()),
			Error::<Test>::EmptyDocument
		);
	});
}

#[test]
fn boundary_parameters_are_accepted() {
	build_and_execute(|| {
		found(0);
		let mut edge = params();
		edge.quorum = Perbill::one();
		edge.approval = Perbill::one();
		edge.amendment_approval = Perbill::one();
		edge.expulsion_approval = Perbill::one();
		edge.voting_period = 10;
		edge.admission = AdmissionPolicy::Invitation { vouches: 5 };
		edge.revenue_share = Perbill::zero();
		edge.max_members = Some(1);
		assert_ok!(amend_as(0, 1, doc(2), edge.clone()));
		edge.voting_period = 1_000;
		assert_ok!(amend_as(0, 2, doc(3), edge));
	});
}
