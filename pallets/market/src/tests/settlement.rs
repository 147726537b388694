//! Settlement by delivery: escrow per grant, delivery receipts the buyer signs, redemptions
//! capped at the weight each grant paid for, refunds of what nobody earned, and the attacks on
//! them (inflated commitments, forged and replayed receipts, rounding).

use super::*;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::{testing::TestSignature, Perbill};

/// The store every receipt in these tests names.
const STORE: &[u8] = b"12D3KooW-store";

fn store() -> StoreId {
	StoreId::truncate_from(STORE.to_vec())
}

/// `buyer`'s receipt for `items` items of `member` under `grant`, on this chain.
fn receipt(buyer: u64, grant: GrantId, member: u64, items: PoolWeight) -> TestSignature {
	let genesis = System::block_hash(0);
	TestSignature(buyer, receipt_payload(&genesis, grant, &member, STORE, items))
}

/// `member` redeems `buyer`'s receipt for `items` under `grant`.
fn redeem(buyer: u64, grant: GrantId, member: u64, items: PoolWeight) -> DispatchResult {
	Market::redeem(
		RuntimeOrigin::signed(member),
		grant,
		items,
		store(),
		receipt(buyer, grant, member, items),
	)
}

/// Gives `who` `amount` to spend.
fn fund(who: u64, amount: Balance) {
	<Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(&who, amount);
}

/// `members` consent to `offer` for category 0 and commit their items.
fn contributors(offer: OfferId, members: &[(u64, u32)]) {
	for (member, items) in members {
		consent(0, *member, offer, &[0]);
		commit(0, *member, 0, *items);
	}
}

/// Everything the pruned grant left: the buyer's refund.
fn prune(grant: GrantId) -> Balance {
	let record = Grants::<Test>::get(grant).expect("grant");
	System::set_block_number(record.expires + REDEMPTION_WINDOW);
	assert_ok!(Market::prune_grant(RuntimeOrigin::signed(20), grant));
	match System::events().last().map(|e| e.event.clone()) {
		Some(RuntimeEvent::Market(Event::GrantPruned { refunded, .. })) => refunded,
		other => panic!("no GrantPruned: {other:?}"),
	}
}

/// A member who commits 4,294,967,295 items and holds 3 takes a share of nothing it does not
/// deliver: its cap is huge, but the buyer acknowledges only the 3 items that verified, so it
/// earns exactly what an honest member with 3 delivered items earns, and the rest of the price
/// goes back to the buyer. (Before: its pool weight took 99.99 % of the sale at purchase.)
#[test]
fn an_inflated_commitment_earns_only_what_it_delivers() {
	build_and_execute(|| {
		let price: Balance = 1_000_000_000_000_000;
		let offer = publish(price, 1);
		contributors(offer, &[(1, 3), (2, 3), (3, 3), (4, u32::MAX)]);
		fund(9, 2 * price);
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, price));
		let before: Vec<Balance> = (1..=4).map(free).collect();
		let treasury = free(1_000);

		for member in 1..=4 {
			// The buyer's client signs only for items that verified: 3 for everyone.
			assert_ok!(redeem(9, 0, member, 3));
		}
		// The cheat cannot sign a bigger receipt for itself.
		assert_noop!(
			Market::redeem(RuntimeOrigin::signed(4), 0, 1_000, store(), receipt(4, 0, 4, 1_000)),
			Error::<Test>::BadReceipt
		);
		let total = 9 + u128::from(u32::MAX);
		let gross = price * 3 / total;
		let share = Perbill::from_percent(10).mul_floor(gross);
		for member in 1..=4u64 {
			let earned = free(member) - before[member as usize - 1] + REDEMPTION_DEPOSIT;
			assert_eq!(earned, gross - share, "member {member}");
		}
		assert_eq!(free(1_000), treasury + 4 * share);
		let buyer = free(9);
		let refunded = prune(0);
		assert_eq!(refunded, price - 4 * gross);
		assert_eq!(free(9), buyer + refunded + GRANT_DEPOSIT);
	});
}

/// Two of four consenting members withdraw before serving. Those who deliver are paid for
/// every acknowledged item; the buyer gets the rest back to the unit.
#[test]
fn revocation_refunds_the_buyer_what_the_revoking_members_did_not_deliver() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		contributors(offer, &[(1, 10), (2, 10), (3, 10), (4, 10)]);
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
		let issued = issuance();
		withdraw(3, offer);
		withdraw(4, offer);
		// No store serves them under the grant any more, so the buyer never signs for them.
		assert!(!Market::grant_covers_member(0, &3, 0, 2));
		assert!(Market::grant_covers_member(0, &1, 0, 2));
		let (one, two, treasury, buyer) = (free(1), free(2), free(1_000), free(9));
		assert_ok!(redeem(9, 0, 1, 10));
		assert_ok!(redeem(9, 0, 2, 10));
		// 1,000 / 40 items = 25 per item; 10 % to the co-op.
		assert_eq!(free(1), one + 225 - REDEMPTION_DEPOSIT);
		assert_eq!(free(2), two + 225 - REDEMPTION_DEPOSIT);
		assert_eq!(free(1_000), treasury + 50);
		assert_eq!(prune(0), 500);
		assert_eq!(free(9), buyer + 500 + GRANT_DEPOSIT);
		assert_eq!(issuance(), issued, "settlement moves money, never makes or burns it");
	});
}

/// A receipt is the buyer's signature over grant, member, store, count and chain: changing
/// any of them, or signing as anyone else, is refused and changes nothing; a receipt already
/// redeemed (or an older one) pays nothing twice.
#[test]
fn forged_replayed_and_cross_grant_receipts_are_refused() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		contributors(offer, &[(1, 10), (2, 10)]);
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
		assert_ok!(Market::purchase(RuntimeOrigin::signed(10), offer, 1_000));
		let signed = receipt(9, 0, 1, 5);
		let bad = |member: u64, grant: GrantId, items, store: &[u8], signature| {
			Market::redeem(
				RuntimeOrigin::signed(member),
				grant,
				items,
				StoreId::truncate_from(store.to_vec()),
				signature,
			)
		};
		// Another member, another grant, more items, another store.
		assert_noop!(bad(2, 0, 5, STORE, signed.clone()), Error::<Test>::BadReceipt);
		assert_noop!(bad(1, 1, 5, STORE, signed.clone()), Error::<Test>::BadReceipt);
		assert_noop!(bad(1, 0, 6, STORE, signed.clone()), Error::<Test>::BadReceipt);
		assert_noop!(bad(1, 0, 5, b"another store", signed.clone()), Error::<Test>::BadReceipt);
		// Signed by the member themselves, or by the buyer of another grant.
		assert_noop!(redeem(1, 0, 1, 5), Error::<Test>::BadReceipt);
		assert_noop!(redeem(10, 0, 1, 5), Error::<Test>::BadReceipt);
		// Signed for another chain.
		let elsewhere =
			TestSignature(9, receipt_payload(&sp_core::H256::repeat_byte(9), 0, &1u64, STORE, 5));
		assert_noop!(bad(1, 0, 5, STORE, elsewhere), Error::<Test>::BadReceipt);
		assert_noop!(redeem(9, 7, 1, 5), Error::<Test>::UnknownGrant);

		assert_ok!(bad(1, 0, 5, STORE, signed.clone()));
		assert_noop!(bad(1, 0, 5, STORE, signed), Error::<Test>::NothingToRedeem);
		assert_noop!(redeem(9, 0, 1, 3), Error::<Test>::NothingToRedeem);
		assert_noop!(redeem(9, 0, 1, 0), Error::<Test>::NothingToRedeem);
		// The other grant's buyer signs for it: a separate account.
		assert_ok!(redeem(10, 1, 1, 5));
	});
}

/// Receipts are cumulative: the latest pays only its growth over the last one redeemed, and
/// no receipt counts more than the member's weight when the grant was bought, whatever they
/// committed since.
#[test]
fn cumulative_receipts_pay_their_growth_up_to_the_weight_the_grant_paid_for() {
	build_and_execute(|| {
		RevenueShare::set(Perbill::zero());
		let offer = publish(1_000, 1);
		contributors(offer, &[(1, 10), (2, 10)]);
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
		commit(0, 1, 0, 60);
		let start = free(1);
		assert_ok!(redeem(9, 0, 1, 4));
		System::assert_last_event(
			Event::Redeemed { grant: 0, member: 1, items: 4, earned: 200, to_treasury: 0 }.into(),
		);
		assert_eq!(free(1), start + 200 - REDEMPTION_DEPOSIT);
		assert_ok!(redeem(9, 0, 1, 12));
		System::assert_last_event(
			Event::Redeemed { grant: 0, member: 1, items: 10, earned: 300, to_treasury: 0 }.into(),
		);
		assert_noop!(redeem(9, 0, 1, 15), Error::<Test>::NothingToRedeem);
		assert_eq!(Market::redemption(0, 1), (10, 10));
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::Redemption.into(), &1),
			REDEMPTION_DEPOSIT
		);
		// A grant bought after the commitment grew pays for the new weight: 60 of 70.
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
		assert_eq!(Market::redemption(1, 1), (0, 60));
		assert_ok!(redeem(9, 1, 1, 60));
		System::assert_last_event(
			Event::Redeemed { grant: 1, member: 1, items: 60, earned: 857, to_treasury: 0 }.into(),
		);
	});
}

/// Redemptions are open until the grant's expiry plus the window; then the grant can be
/// pruned, and only then the redemption records, each giving its deposit back.
#[test]
fn the_redemption_window_closes_and_records_are_pruned_after_the_grant() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		contributors(offer, &[(1, 10)]);
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
		assert_eq!(Market::escrow(0).map(|(_, closes)| closes), Some(11 + REDEMPTION_WINDOW));
		assert_noop!(
			Market::prune_redemption(RuntimeOrigin::signed(5), 0, 1),
			Error::<Test>::GrantNotPruned
		);
		// Expired, not served any more, but what was delivered can still be redeemed.
		System::set_block_number(11);
		assert!(!Market::grant_covers_member(0, &1, 0, 11));
		assert_ok!(redeem(9, 0, 1, 4));
		assert_noop!(
			Market::prune_grant(RuntimeOrigin::signed(5), 0),
			Error::<Test>::RedemptionWindowOpen
		);
		System::set_block_number(11 + REDEMPTION_WINDOW);
		assert_noop!(redeem(9, 0, 1, 8), Error::<Test>::RedemptionClosed);
		assert_noop!(
			Market::prune_redemption(RuntimeOrigin::signed(5), 0, 1),
			Error::<Test>::GrantNotPruned
		);
		assert_ok!(Market::prune_grant(RuntimeOrigin::signed(5), 0));
		assert_noop!(redeem(9, 0, 1, 8), Error::<Test>::UnknownGrant);
		let before = free(1);
		assert_ok!(Market::prune_redemption(RuntimeOrigin::signed(5), 0, 1));
		assert_eq!(free(1), before + REDEMPTION_DEPOSIT);
		assert_noop!(
			Market::prune_redemption(RuntimeOrigin::signed(5), 0, 1),
			Error::<Test>::UnknownRedemption
		);
	});
}

/// Awkward prices, shares and weights, redeemed an item at a time: the payouts, the co-op's
/// share and the refund add up to the price exactly, and no step creates money.
#[test]
fn settlement_rounding_never_creates_money() {
	build_and_execute(|| {
		RevenueShare::set(Perbill::from_rational(1u32, 3u32));
		let offer = publish(1_003, 1);
		contributors(offer, &[(1, 7), (2, 11), (3, 13)]);
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_003));
		let issued = issuance();
		let before: Vec<Balance> = [1, 2, 3, 1_000].iter().map(|who| free(*who)).collect();
		for step in 1..=13 {
			for (member, items) in [(1, 7), (2, 11), (3, 13)] {
				if step <= items {
					assert_ok!(redeem(9, 0, member, step));
				}
			}
		}
		let paid: Balance = [1, 2, 3, 1_000]
			.iter()
			.zip(&before)
			.map(|(who, was)| free(*who) - was)
			.sum::<Balance>()
			+ 3 * REDEMPTION_DEPOSIT;
		let refunded = prune(0);
		assert_eq!(paid + refunded, 1_003);
		assert!(refunded < 3, "only rounding dust is left: {refunded}");
		assert_eq!(issuance(), issued);
	});
}

/// An access contract's sale settles the same way: the buyer signs receipts, the contract
/// (which paid) gets the unearned rest back.
#[test]
fn a_contract_sale_settles_the_same_way() {
	build_and_execute(|| {
		RevenueShare::set(Perbill::zero());
		let offer = publish(1_000, 1);
		contributors(offer, &[(1, 10), (2, 10)]);
		let (payer, buyer) = (8, 9);
		assert_ok!(Market::purchase_for(&payer, &buyer, offer, 2_000, 4));
		assert_noop!(redeem(payer, 0, 1, 10), Error::<Test>::BadReceipt);
		assert_ok!(redeem(buyer, 0, 1, 10));
		let before = free(payer);
		assert_eq!(prune(0), 1_000);
		assert_eq!(free(payer), before + 1_000 + GRANT_DEPOSIT);
	});
}

/// A grant bought before settlement by delivery paid its pool at purchase: it has no escrow,
/// takes no receipts, and is pruned at expiry with nothing to refund.
#[test]
fn a_grant_from_before_settlement_by_delivery_takes_no_receipts() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		contributors(offer, &[(1, 10)]);
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
		// The layout before: no escrow, the price in the pool.
		let escrow = Escrows::<Test>::take(0).unwrap();
		Pools::<Test>::mutate(offer, |pool| pool.received += escrow.held);
		assert_noop!(redeem(9, 0, 1, 10), Error::<Test>::NotSettledByDelivery);
		System::set_block_number(11);
		assert_ok!(Market::prune_grant(RuntimeOrigin::signed(5), 0));
		System::assert_last_event(Event::GrantPruned { grant: 0, refunded: 0 }.into());
	});
}

/// Each grant's cap is the weight its purchase saw, also when the weight changes in the same
/// block as a purchase (before or after it) and when more changes happened than the history
/// keeps (older grants then see the lower weight, never a higher one).
#[test]
fn each_grant_caps_at_the_weight_its_purchase_saw() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		contributors(offer, &[(1, 10), (2, 1)]);
		fund(9, 100_000);
		let buy = || {
			assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
			NextGrantId::<Test>::get() - 1
		};
		let g0 = buy();
		commit(0, 1, 0, 30); // same block, after the purchase
		let g1 = buy();
		commit(0, 1, 0, 5);
		commit(0, 1, 0, 7); // two changes, no sale between
		let g2 = buy();
		withdraw(1, offer);
		let g3 = buy();
		assert_eq!(
			[g0, g1, g2, g3].map(|g| Market::redemption(g, 1).1),
			[10, 30, 7, 0],
			"each grant sees the weight of its own purchase"
		);
		assert_eq!(Market::redemption(g3, 2).1, 1, "a member whose weight never changed");
		// More changes than the history keeps: the oldest merge at their minimum.
		consent(0, 1, offer, &[0]);
		let mut grants = vec![];
		for items in [50, 40, 60, 20, 80, 90] {
			commit(0, 1, 0, items);
			grants.push((buy(), items));
		}
		assert!(WeightHistory::<Test>::get(offer, 1).len() <= 6);
		for (grant, items) in &grants {
			assert!(Market::redemption(*grant, 1).1 <= u64::from(*items));
		}
		assert_eq!(Market::redemption(grants[5].0, 1).1, 90, "the newest stay exact");
		assert_eq!(Market::redemption(g0, 1).1, 0, "merged with the withdrawal's 0");
	});
}

/// A member's weight history can be removed by anyone once they have no weight and no open
/// grant can need it.
#[test]
fn a_stale_weight_history_is_pruned() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		contributors(offer, &[(1, 10)]);
		assert_noop!(
			Market::prune_weight_history(RuntimeOrigin::signed(5), offer, 2),
			Error::<Test>::UnknownHistory
		);
		assert_noop!(
			Market::prune_weight_history(RuntimeOrigin::signed(5), offer, 1),
			Error::<Test>::HistoryInUse
		);
		System::set_block_number(3);
		withdraw(1, offer);
		assert_noop!(
			Market::prune_weight_history(RuntimeOrigin::signed(5), offer, 1),
			Error::<Test>::HistoryInUse
		);
		// The longest access plus the window after the change.
		System::set_block_number(3 + 100 + REDEMPTION_WINDOW + 1);
		assert_ok!(Market::prune_weight_history(RuntimeOrigin::signed(5), offer, 1));
		assert!(WeightHistory::<Test>::get(offer, 1).is_empty());
	});
}
