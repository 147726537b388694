//! Invariants of the market pallet, checked after every unit test and by `try-runtime`.

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use frame_support::traits::fungible::InspectHold;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// - For every pool: buyers' payments (less refunds) = treasury shares + pool receipts +
	///   what its grants still hold in escrow; claimed plus what members can still claim never
	///   exceeds the receipts (the rest is rounding dust); the weights and the contributor
	///   count match the positions, and each position's weight matches the member's consent
	///   and commitments now.
	/// - Every escrow belongs to a grant, holds at most its price, and what it holds plus what
	///   its redemptions earned gross covers the price: redemptions never pay out more than
	///   the buyer paid. Items redeemed under a grant never exceed its total weight.
	/// - The market's account holds exactly the existential deposit plus every pool's
	///   unclaimed receipts plus every escrow.
	/// - Redemption deposits held by each member equal their records.
	/// - Weight histories are in grant order, bounded, and end at the position's weight.
	/// - Grant deposits held by each depositor (the buyer, or the payer `GrantDepositors`
	///   names) equal the deposits on record; depositors are recorded only for grants that
	///   exist and only when they are not the buyer.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut escrowed: BTreeMap<OfferId, BalanceOf<T>> = BTreeMap::new();
		let mut all_escrow = BalanceOf::<T>::zero();
		for (id, escrow) in Escrows::<T>::iter() {
			let grant = Grants::<T>::get(id).ok_or("an escrow without a grant")?;
			ensure!(escrow.held <= grant.price, "an escrow holds more than its price");
			let (mut gross, mut items) = (BalanceOf::<T>::zero(), 0u128);
			for (_, redemption) in Redemptions::<T>::iter_prefix(id) {
				let (member, treasury) = Self::earnings(&grant, &escrow, redemption.items)
					.map_err(|_| "earnings overflow")?;
				gross = gross.saturating_add(member).saturating_add(treasury);
				items = items.saturating_add(u128::from(redemption.items));
			}
			ensure!(items <= grant.total_weight, "more items redeemed than the grant's weight");
			ensure!(
				escrow.held.saturating_add(gross) >= grant.price,
				"redemptions paid out more than the buyer paid"
			);
			let total = escrowed.entry(grant.offer).or_default();
			*total = total.saturating_add(escrow.held);
			all_escrow = all_escrow.saturating_add(escrow.held);
		}
		let mut unclaimed = BalanceOf::<T>::zero();
		for (offer, pool) in Pools::<T>::iter() {
			let record = Offers::<T>::get(offer).ok_or("a pool without an offer")?;
			let held = escrowed.get(&offer).copied().unwrap_or_default();
			ensure!(
				pool.paid == pool.to_treasury.saturating_add(pool.received).saturating_add(held),
				"payments differ from treasury shares plus pool receipts plus escrow"
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
				== T::Currency::minimum_balance()
					.saturating_add(unclaimed)
					.saturating_add(all_escrow),
			"the market's account differs from the unclaimed pools and escrows"
		);
		let mut redemption_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (_, member, redemption) in Redemptions::<T>::iter() {
			let total = redemption_deposits.entry(member).or_default();
			*total = total.saturating_add(redemption.deposit);
		}
		for (member, deposits) in redemption_deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Redemption.into(), &member) == deposits,
				"redemption deposits held differ from records"
			);
		}
		for (offer, member, history) in WeightHistory::<T>::iter() {
			ensure!(
				history.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0 && a.1 <= b.1)),
				"a weight history out of order"
			);
			let weight = Positions::<T>::get(offer, &member).map_or(0, |p| p.weight);
			ensure!(
				history.last().map(|(_, _, w)| *w) == Some(weight),
				"a weight history that does not end at the position's weight"
			);
		}
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
