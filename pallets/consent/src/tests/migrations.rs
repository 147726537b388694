//! The storage migration from version 0, tested from the old layout.

use super::*;
use crate::migrations::MigrateV0ToV1;
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

#[test]
fn version_0_buckets_become_first_pages_and_expire_on_time() {
	build_and_execute(|| {
		run_to_block(3);
		// Version 0's layout: one bucket per block, no pages, no cursor.
		let first = give_to_buyer(1, 0, &[0], Some(10));
		let second = give_to_buyer(2, 0, &[0, 1], Some(12));
		ExpiryCursor::<Test>::kill();
		StorageVersion::new(0).put::<Pallet<Test>>();
		let buckets: Vec<_> = Expiries::<Test>::iter().collect();

		MigrateV0ToV1::<Test>::on_runtime_upgrade();

		assert_eq!(Pallet::<Test>::on_chain_storage_version(), 1);
		assert_eq!(ExpiryCursor::<Test>::get(), Some((3, 0)));
		let mut after: Vec<_> = Expiries::<Test>::iter().collect();
		after.sort_by_key(|(at, _)| *at);
		assert_eq!(after, {
			let mut b = buckets;
			b.sort_by_key(|(at, _)| *at);
			b
		});
		Consent::do_try_state().expect("invariants hold after the migration");

		run_to_block(12);
		assert_eq!(
			Consents::<Test>::get(1, first).unwrap().state,
			ConsentState::Expired { at: 10 }
		);
		assert_eq!(
			Consents::<Test>::get(2, second).unwrap().state,
			ConsentState::Expired { at: 12 }
		);
		assert_eq!((buyer_pool(0, 0), buyer_pool(0, 1)), (0, 0));
	});
}

#[test]
fn the_migration_runs_once() {
	build_and_execute(|| {
		StorageVersion::new(1).put::<Pallet<Test>>();
		run_to_block(4);
		let cursor = ExpiryCursor::<Test>::get();
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(ExpiryCursor::<Test>::get(), cursor);
	});
}
