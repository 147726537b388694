//! The storage migration from version 0, tested from the old layout.

use super::*;
// `super::*` brings `tests::migrations` (this module); the tests name the pallet's.
use crate::migrations;

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
		migrations::MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Bylaws::on_chain_storage_version(), 2);
		let (version, record) = Bylaws::current_bylaws(0).unwrap();
		assert_eq!((version, record.document, record.enacted_by), (2, doc(2), Some(4)));
		let p = record.params;
		assert_eq!((p.voting_period, p.min_voting_period, p.membership_maturity), (200, 0, 0));
		assert_eq!((p.admission, p.max_members), (AdmissionPolicy::Vote, Some(9)));
		assert_eq!(p.max_items_per_commitment, None, "no cap: what those bylaws meant");
		assert_eq!(Bylaws::bylaws_version(0, 1).unwrap().params.voting_period, 100);
		Bylaws::do_try_state().expect("invariants hold after the migration");
	});
}

#[test]
fn migration_from_v1_adds_no_item_cap_and_keeps_everything_else() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		StorageVersion::new(1).put::<Bylaws>();
		let old = migrations::v1::BylawsRecord {
			document: doc(3),
			params: migrations::v1::BylawsParams {
				quorum: Perbill::from_percent(40),
				approval: Perbill::from_percent(50),
				amendment_approval: Perbill::from_percent(66),
				expulsion_approval: Perbill::from_percent(75),
				voting_period: 100,
				min_voting_period: 7,
				membership_maturity: 9,
				admission: AdmissionPolicy::Open,
				revenue_share: Perbill::from_percent(20),
				max_members: None,
				vocabulary: datacoop_primitives::coop::Vocabulary { purposes: 2, categories: 4 },
			},
			enacted_by: None,
			enacted_at: 1,
		};
		migrations::v1::Versions::<Test>::insert(5, 1, old);
		Current::<Test>::insert(5, 1);
		// Already at version 2: nothing runs.
		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Bylaws::on_chain_storage_version(), 1);

		migrations::MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Bylaws::on_chain_storage_version(), 2);
		let (_, record) = Bylaws::current_bylaws(5).unwrap();
		let p = record.params;
		assert_eq!(
			(p.quorum, p.min_voting_period, p.membership_maturity),
			(Perbill::from_percent(40), 7, 9)
		);
		assert_eq!(
			(p.revenue_share, p.max_items_per_commitment),
			(Perbill::from_percent(20), None)
		);
		assert_eq!(p.vocabulary.categories, 4);
		Bylaws::do_try_state().expect("invariants hold after the migration");
		// A second run changes nothing.
		migrations::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Bylaws::current_bylaws(5).unwrap().1.params.max_items_per_commitment, None);
	});
}
