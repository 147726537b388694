//! Invariants of the market pallet, checked after every unit test and by `try-runtime`.

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use frame_support::traits::fungible::InspectHold;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// - For every pool: buyers' payments = treasury shares + pool receipts; claimed plus what
	///   members can still claim never exceeds the receipts (the rest is rounding dust); the
	///   weights and the contributor count match the positions, and each position's weight
	///   matches the member's consent and commitments now.
	/// - The market's account holds exactly the existential deposit plus every pool's
	///   unclaimed receipts.
	/// - Grant deposits held by each depositor (the buyer, or the payer `GrantDepositors`
	///   names) equal the deposits on record; depositors are recorded only for grants that
	///   exist and only when they are not the buyer.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut unclaimed = BalanceOf::<T>::zero();
		for (offer, pool) in Pools::<T>::iter() {
			let record = Offers::<T>::get(offer).ok_or("a pool without an offer")?;
			ensure!(
				pool.paid == pool.to_treasury.saturating_add(pool.received),
				"payments differ from treasury shares plus pool receipts"
			);
			let (mut weight, mut contributors, mut owed) = (0u128, 0u32, BalanceOf::<T>::zero());
			// While passed expiries wait to be marked, weights follow consents a little late.
			let exact = T::Consent::expiries_marked(frame_system::Pallet::<T>::block_number());
			for (member, mut position) in Positions::<T>::iter_prefix(offer) {
				ensure!(
					!exact || position.weight == Self::current_weight(offer, &record, &member),
					"a weight that does not follow consent and commitments"
				);
				weight = weight.saturating_add(u128::from(position.weight));
				if position.weight > 0 {
					contributors = contributors.saturating_add(1);
				}
				Self::settle(&pool, &mut position).map_err(|_| "settling overflows")?;
				owed = owed.saturating_add(position.owed);
			}
			ensure!(weight == pool.total_weight, "total weight differs from positions");
			ensure!(contributors == pool.contributors, "contributor count differs from positions");
			ensure!(
				pool.claimed.saturating_add(owed) <= pool.received,
				"a pool owes more than it received"
			);
			unclaimed = unclaimed.saturating_add(pool.received.saturating_sub(pool.claimed));
		}
		ensure!(
			T::Currency::balance(&Self::account())
				== T::Currency::minimum_balance().saturating_add(unclaimed),
			"the market's account differs from the unclaimed pools"
		);
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, grant) in Grants::<T>::iter() {
			let depositor = GrantDepositors::<T>::get(id).unwrap_or(grant.buyer.clone());
			ensure!(
				depositor != grant.buyer || !GrantDepositors::<T>::contains_key(id),
				"a buyer recorded as depositor"
			);
			let total = held.entry(depositor).or_default();
			*total = total.saturating_add(grant.deposit);
		}
		for (id, _) in GrantDepositors::<T>::iter() {
			ensure!(Grants::<T>::contains_key(id), "a depositor of a pruned grant");
		}
		for (depositor, deposits) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Grant.into(), &depositor) == deposits,
				"grant deposits held differ from records"
			);
		}
		Ok(())
	}
}
