//! Tests of the bylaws pallet: founding, amending, every refusal.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{DispatchError, Perbill};

fn params() -> BylawsParams<u64> {
	BylawsParams {
		quorum: Perbill::from_percent(50),
		approval: Perbill::from_percent(50),
		amendment_approval: Perbill::from_percent(66),
		expulsion_approval: Perbill::from_percent(75),
		voting_period: 100,
		min_voting_period: 0,
		membership_maturity: 0,
		admission: AdmissionPolicy::Open,
		revenue_share: Perbill::from_percent(10),
		max_members: None,
		vocabulary: datacoop_primitives::coop::Vocabulary { purposes: 8, categories: 32 },
	}
}

fn doc(fill: u8) -> DocumentRef {
	DocumentRef::truncate_from(vec![fill; 32])
}

fn found(coop: CoopId) {
	assert_ok!(<Bylaws as CoopBylaws<u64>>::adopt_founding(coop, doc(1), params()));
}

fn amend_as(
	coop: CoopId,
	proposal: ProposalId,
	document: DocumentRef,
	p: BylawsParams<u64>,
) -> DispatchResult {
	NextDecision::set(Some(decision(coop, proposal, true)));
	Bylaws::amend(RuntimeOrigin::root(), document, p)
}

#[test]
fn founding_bylaws_are_version_one() {
	build_and_execute(|| {
		found(0);
		System::assert_last_event(Event::BylawsAdopted { coop: 0, document: doc(1) }.into());
		assert_eq!(Current::<Test>::get(0), Some(1));
		let (version, record) = Bylaws::current_bylaws(0).unwrap();
		assert_eq!(version, 1);
		assert_eq!(record.enacted_by, None);
		assert_eq!(record.enacted_at, 1);
		assert_eq!(<Bylaws as CoopBylaws<u64>>::current(0), Some((1, params())));
	});
}

#[test]
fn founding_twice_is_refused() {
	build_and_execute(|| {
		found(0);
		assert_noop!(
			<Bylaws as CoopBylaws<u64>>::adopt_founding(0, doc(2), params()),
			Error::<Test>::AlreadyFounded
		);
	});
}

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

#[test]
fn try_state_catches_a_missing_version() {
	new_test_ext().execute_with(|| {
		found(0);
		assert_ok!(amend_as(0, 1, doc(2), params()));
		Versions::<Test>::remove(0, 1);
		assert!(Bylaws::do_try_state().is_err());
	});
}

#[test]
fn migration_from_v0_keeps_every_version_with_no_new_guard() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		StorageVersion::new(0).put::<Bylaws>();
		let old = |fill: u8, voting_period: u64| migrations::v0::BylawsRecord {
			document: doc(fill),
			params: migrations::v0::BylawsParams {
				quorum: Perbill::from_percent(50),
				approval: Perbill::from_percent(50),
				amendment_approval: Perbill::from_percent(66),
				expulsion_approval: Perbill::from_percent(75),
				voting_period,
				admission: AdmissionPolicy::Vote,
				revenue_share: Perbill::from_percent(10),
				max_members: Some(9),
				vocabulary: datacoop_primitives::coop::Vocabulary { purposes: 3, categories: 5 },
			},
			enacted_by: (fill > 1).then_some(4),
			enacted_at: 2,
		};
		migrations::v0::Versions::<Test>::insert(0, 1, old(1, 100));
		migrations::v0::Versions::<Test>::insert(0, 2, old(2, 200));
		Current::<Test>::insert(0, 2);

		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();

		assert_eq!(Bylaws::on_chain_storage_version(), 1);
		let (version, record) = Bylaws::current_bylaws(0).unwrap();
		assert_eq!((version, record.document, record.enacted_by), (2, doc(2), Some(4)));
		let p = record.params;
		assert_eq!((p.voting_period, p.min_voting_period, p.membership_maturity), (200, 0, 0));
		assert_eq!((p.admission, p.max_members), (AdmissionPolicy::Vote, Some(9)));
		assert_eq!(Bylaws::bylaws_version(0, 1).unwrap().params.voting_period, 100);
		Bylaws::do_try_state().expect("invariants hold after the migration");
	});
}
