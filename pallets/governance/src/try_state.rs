//! Invariants of the governance pallet, checked after every unit test and by `try-runtime`.

use crate::*;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Invariants: tallies never exceed the electorate and match the votes of open proposals;
	/// open proposal lists match the proposals.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		for (id, p) in Proposals::<T>::iter() {
			ensure!(Self::turnout(&p.tally) <= p.tally.electorate, "more votes than voters");
			let mut counted = Tally { electorate: p.tally.electorate, ..Default::default() };
			for (_, choice) in Votes::<T>::iter_prefix(id) {
				Self::count(&mut counted, choice);
			}
			ensure!(counted == p.tally, "tally differs from the votes");
			ensure!(OpenProposals::<T>::get(p.coop).contains(&id), "open proposal not listed");
			ensure!(p.early_close_from <= p.ends_at, "early close after the end");
			ensure!(!Closed::<T>::contains_key(id), "a proposal both open and closed");
		}
		for (coop, ids) in OpenProposals::<T>::iter() {
			for id in ids {
				let p = Proposals::<T>::get(id).ok_or("listed proposal is not open")?;
				ensure!(p.coop == coop, "proposal listed under another co-op");
			}
		}
		for (coop, who, count) in OpenByMember::<T>::iter() {
			let open = Proposals::<T>::iter_values()
				.filter(|p| p.coop == coop && p.proposer == who)
				.count() as u32;
			ensure!(count > 0 && count == open, "open count of a member differs from proposals");
		}
		Ok(())
	}
}
