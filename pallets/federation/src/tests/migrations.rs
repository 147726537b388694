//! The storage migration from version 0, tested from the old layout.

use super::*;
// `super::*` brings `tests::migrations` (this module); the tests name the pallet's.
use crate::migrations;

#[test]
fn migration_from_v0_counts_open_applications() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		assert_ok!(Federation::apply(coop(4)));
		assert_ok!(Federation::propose_params(
			coop(0),
			FederationParams { validators_per_coop: 1, max_validators: 4 }
		));
		// As version 0 left it: no count of applications, and the vote of a co-op that left.
		OpenApplications::<Test>::kill();
		let motion = last_motion();
		MotionVotes::<Test>::insert(motion, 9, true);
		Motions::<Test>::mutate(motion, |m| m.as_mut().unwrap().ayes = 1);
		StorageVersion::new(0).put::<Federation>();
		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Federation::on_chain_storage_version(), 1);
		assert_eq!(OpenApplications::<Test>::get(), 1);
		assert_eq!(MotionVotes::<Test>::get(motion, 9), None);
		assert_eq!(Motions::<Test>::get(motion).unwrap().ayes, 0);
		Federation::do_try_state().expect("invariants hold after the migration");
	});
}
