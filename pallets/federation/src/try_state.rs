//! Invariants of the federation pallet, checked after every unit test and by `try-runtime`.

use crate::*;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Member count, validator owners and counts, and motion bookkeeping agree.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let members = Members::<T>::iter().count() as u32;
		ensure!(members == MemberCount::<T>::get(), "member count differs from members");
		let mut validators = 0u32;
		for (coop, list) in Validators::<T>::iter() {
			ensure!(Members::<T>::contains_key(coop), "validators of a co-op outside");
			for validator in list {
				ensure!(ValidatorOwner::<T>::get(&validator) == Some(coop), "owner differs");
				validators = validators.saturating_add(1);
			}
		}
		ensure!(validators == ValidatorCount::<T>::get(), "validator count differs");
		ensure!(ValidatorOwner::<T>::iter().count() as u32 == validators, "stale validator owners");
		let open = Motions::<T>::iter().count() as u32;
		ensure!(open == OpenMotions::<T>::get(), "open motion count differs");
		let applications = Motions::<T>::iter_values()
			.filter(|m| matches!(m.kind, MotionKind::Admit(_)))
			.count();
		ensure!(
			applications as u32 == OpenApplications::<T>::get(),
			"open application count differs"
		);
		for (motion, _) in MotionProposer::<T>::iter() {
			ensure!(Motions::<T>::contains_key(motion), "proposer of a closed motion");
		}
		for (coop, open) in OpenBy::<T>::iter() {
			let proposed = MotionProposer::<T>::iter_values().filter(|c| *c == coop).count() as u32;
			ensure!(
				open > 0 && open == proposed,
				"open motions of a co-op differ from its proposals"
			);
		}
		for (motion, record) in Motions::<T>::iter() {
			let (mut ayes, mut nays) = (0u32, 0u32);
			for (coop, aye) in MotionVotes::<T>::iter_prefix(motion) {
				ensure!(Members::<T>::contains_key(coop), "a vote of a co-op that left");
				if aye {
					ayes.saturating_inc()
				} else {
					nays.saturating_inc()
				}
			}
			ensure!(
				(ayes, nays) == (record.ayes, record.nays),
				"motion tally differs from its votes"
			);
			ensure!(ayes.saturating_add(nays) <= record.electorate, "more votes than voters");
		}
		for (coop, motion) in MotionAbout::<T>::iter() {
			let record = Motions::<T>::get(motion).ok_or("index of a closed motion")?;
			ensure!(
				matches!(record.kind, MotionKind::Admit(c) | MotionKind::Remove(c) if c == coop),
				"index names another co-op"
			);
		}
		Ok(())
	}
}
