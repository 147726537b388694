//! The storage migration from version 0, tested from the old layout.

use super::*;
// `super::*` brings `tests::migrations` (this module); the tests name the pallet's.
use crate::migrations;

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
