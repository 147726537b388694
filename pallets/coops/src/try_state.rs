//! Invariants of the co-ops pallet, checked after every unit test and by `try-runtime`.

use crate::*;
use alloc::collections::BTreeSet;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Invariants: member counts match the stored memberships, admission numbers are unique and
	/// below the co-op's next number, applicants are not members, vouch counts match.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		for (coop, info) in CoopInfoOf::<T>::iter() {
			let mut admissions = BTreeSet::new();
			for (_, membership) in Members::<T>::iter_prefix(coop) {
				ensure!(
					membership.admission < info.next_admission,
					"admission number from the future"
				);
				ensure!(admissions.insert(membership.admission), "admission number used twice");
			}
			ensure!(admissions.len() as u32 == info.members, "member count differs from members");
			let cohorts = Maturing::<T>::get(coop);
			let mut next = 0;
			for (i, cohort) in cohorts.iter().enumerate() {
				ensure!(cohort.first >= next, "cohorts out of admission order");
				next = cohorts.get(i.saturating_add(1)).map_or(info.next_admission, |c| c.first);
				ensure!(cohort.first <= next, "cohorts out of admission order");
				let present = admissions.range(cohort.first..next).count() as u32;
				ensure!(present == cohort.present, "cohort count differs from its members");
			}
			ensure!(T::Bylaws::current(coop).is_some(), "a co-op without bylaws");
		}
		for (coop, who, application) in Applications::<T>::iter() {
			ensure!(
				CoopInfoOf::<T>::contains_key(coop),
				"application to a co-op that does not exist"
			);
			ensure!(!Members::<T>::contains_key(coop, &who), "an applicant is already a member");
			let vouches = Vouches::<T>::iter_prefix((coop, &who)).count() as u32;
			ensure!(vouches == application.vouches, "vouch count differs from vouches");
		}
		for ((coop, applicant, _), ()) in Vouches::<T>::iter() {
			ensure!(
				Applications::<T>::contains_key(coop, &applicant),
				"a vouch for no application"
			);
		}
		ensure!(
			CoopInfoOf::<T>::iter_keys().all(|coop| coop < NextCoopId::<T>::get()),
			"co-op id from the future"
		);
		Ok(())
	}
}
