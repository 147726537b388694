//! Purchases: escrow, split, grant, and every refusal leaving the buyer's money alone.

use super::*;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::{Perbill, TokenError};

#[test]
fn a_purchase_splits_the_price_and_records_a_grant() {
	build_and_execute(|| {
		let offer = publish(1_000, 2);
		consent(0, 1, offer, &[0, 1]);
		commit(0, 1, 0, 30);
		commit(0, 1, 1, 10);
		consent(0, 2, offer, &[0]);
		commit(0, 2, 0, 60);
		commit(0, 2, 5, 500); // not on offer: no weight
		assert_eq!(Pools::<Test>::get(offer).total_weight, 100);
		let before = issuance();
		let treasury = free(1_000);

		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
		System::assert_last_event(
			Event::Purchased {
				grant: 0,
				offer,
				buyer: 9,
				price: 1_000,
				contributors: 2,
				total_weight: 100,
				expires: 11,
			}
			.into(),
		);
		assert_eq!(free(9), 10_000 - 1_000 - GRANT_DEPOSIT);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Grant.into(), &9), GRANT_DEPOSIT);
		// Everything waits in escrow for deliveries: nobody is paid for data not yet delivered.
		assert_eq!(free(1_000), treasury);
		assert_eq!(
			Escrows::<Test>::get(0),
			Some(Escrow { held: 1_000, revenue_share: Perbill::from_percent(10) })
		);
		assert_eq!(Market::claimable(offer, 1), (0, 40));
		assert_eq!(Market::redemption(0, 1), (0, 40));
		assert_eq!(Market::redemption(0, 2), (0, 60));
		assert_eq!(Pools::<Test>::get(offer).paid, 1_000);
		let grant = Grants::<Test>::get(0).unwrap();
		assert_eq!(
			(grant.buyer, grant.offer, grant.purchased_at, grant.expires),
			(9, offer, 1, 11)
		);
		assert_eq!((grant.contributors, grant.total_weight, grant.price), (2, 100, 1_000));
		assert_eq!(issuance(), before, "a purchase moves money, never makes or burns it");
	});
}

#[test]
fn a_purchase_with_too_small_a_pool_is_refused_and_the_buyer_keeps_the_money() {
	build_and_execute(|| {
		let offer = publish(1_000, 2);
		assert_noop!(
			Market::purchase(RuntimeOrigin::signed(9), offer, 1_000),
			Error::<Test>::PoolTooSmall
		);
		consent(0, 1, offer, &[0]);
		commit(0, 1, 0, 5);
		// A consent without committed data does not count, nor does data without consent.
		consent(0, 2, offer, &[0]);
		commit(0, 3, 0, 5);
		assert_noop!(
			Market::purchase(RuntimeOrigin::signed(9), offer, 1_000),
			Error::<Test>::PoolTooSmall
		);
		commit(0, 2, 0, 1);
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
	});
}

#[test]
fn a_purchase_needs_funds_an_open_offer_and_an_agreeable_price() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		consent(0, 1, offer, &[0]);
		commit(0, 1, 0, 5);
		assert_noop!(
			Market::purchase(RuntimeOrigin::signed(9), 7, 1_000),
			Error::<Test>::UnknownOffer
		);
		assert_noop!(
			Market::purchase(RuntimeOrigin::signed(9), offer, 999),
			Error::<Test>::PriceAboveLimit
		);
		assert_noop!(
			Market::purchase(RuntimeOrigin::signed(30), offer, 1_000),
			TokenError::FundsUnavailable
		);
		// Enough for the price but not for the price and the grant deposit.
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(8), 31, 1_001));
		assert_noop!(
			Market::purchase(RuntimeOrigin::signed(31), offer, 1_000),
			TokenError::FundsUnavailable
		);
		assert_ok!(Market::set_offer_state(coop_origin(0), offer, OfferState::Paused));
		assert_noop!(
			Market::purchase(RuntimeOrigin::signed(9), offer, 1_000),
			Error::<Test>::OfferPaused
		);
		assert_ok!(Market::set_offer_state(coop_origin(0), offer, OfferState::Closed));
		assert_noop!(
			Market::purchase(RuntimeOrigin::signed(9), offer, 1_000),
			Error::<Test>::OfferClosed
		);
	});
}

/// The way an access contract sells: its account pays, the buyer gets the grant.
#[test]
fn a_purchase_for_a_buyer_is_paid_by_the_payer_and_granted_to_the_buyer() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		consent(0, 1, offer, &[0]);
		commit(0, 1, 0, 10);
		let (payer, buyer) = (8, 9);
		let treasury = free(1_000);
		let before = issuance();

		// A contract may charge more than the offer and sell shorter access; all of it is split.
		assert_eq!(Market::purchase_for(&payer, &buyer, offer, 2_000, 4), Ok(0));
		System::assert_last_event(
			Event::Purchased {
				grant: 0,
				offer,
				buyer,
				price: 2_000,
				contributors: 1,
				total_weight: 10,
				expires: 5,
			}
			.into(),
		);
		assert_eq!(free(payer), 10_000 - 2_000 - GRANT_DEPOSIT, "the payer pays and holds");
		assert_eq!(Balances::balance_on_hold(&HoldReason::Grant.into(), &payer), GRANT_DEPOSIT);
		assert_eq!(free(buyer), 10_000, "nothing is taken from or held on the buyer");
		assert_eq!(Balances::balance_on_hold(&HoldReason::Grant.into(), &buyer), 0);
		assert_eq!(GrantDepositors::<Test>::get(0), Some(payer));
		assert_eq!(free(1_000), treasury);
		assert_eq!(Escrows::<Test>::get(0).map(|e| e.held), Some(2_000));
		let grant = Grants::<Test>::get(0).unwrap();
		assert_eq!((grant.buyer, grant.expires, grant.price), (buyer, 5, 2_000));
		assert!(Market::grant_covers_member(0, &1, 0, 4));
		assert!(!Market::grant_covers_member(0, &1, 0, 5), "access ends after the sold duration");
		assert_eq!(issuance(), before);

		// Pruned, the deposit and the unearned escrow go back to the payer.
		System::set_block_number(5 + REDEMPTION_WINDOW);
		assert_ok!(Market::prune_grant(RuntimeOrigin::signed(3), 0));
		assert_eq!(free(payer), 10_000);
		assert_eq!(free(buyer), 10_000);
		assert!(GrantDepositors::<Test>::get(0).is_none());
	});
}

/// A contract used to make the signer of the transaction hold the grant deposit of every
/// purchase it made in their name: a contract that bought many times locked up the signer's
/// funds beyond what they sent it. The payer holds it now, and a payer that cannot, fails.
#[test]
fn a_purchase_for_a_buyer_never_holds_the_buyers_funds() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		consent(0, 1, offer, &[0]);
		commit(0, 1, 0, 10);
		// Account 8 holds exactly the price: nothing left for the deposit.
		let (payer, buyer) = (8, 9);
		<Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(&payer, 1_000 + 1);
		// The price is paid, the deposit cannot be held: nothing moves, not even the price.
		assert_noop!(
			Market::purchase_for(&payer, &buyer, offer, 1_000, 4),
			TokenError::FundsUnavailable
		);
		assert_eq!(free(buyer), 10_000);
	});
}

/// A contract cannot sell below the co-op's price, longer than the co-op allows, or around
/// the pool and state rules; a refusal changes nothing.
#[test]
fn a_purchase_for_a_buyer_keeps_every_rule_of_the_offer() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		assert_noop!(Market::purchase_for(&8, &9, offer, 1_000, 10), Error::<Test>::PoolTooSmall);
		consent(0, 1, offer, &[0]);
		commit(0, 1, 0, 10);
		assert_noop!(Market::purchase_for(&8, &9, 7, 1_000, 10), Error::<Test>::UnknownOffer);
		assert_noop!(Market::purchase_for(&8, &9, offer, 999, 10), Error::<Test>::PriceBelowOffer);
		assert_noop!(
			Market::purchase_for(&8, &9, offer, 1_000, 11),
			Error::<Test>::DurationOutOfRange
		);
		assert_noop!(
			Market::purchase_for(&8, &9, offer, 1_000, 0),
			Error::<Test>::DurationOutOfRange
		);
		assert_noop!(Market::purchase_for(&30, &9, offer, 1_000, 10), TokenError::FundsUnavailable);
		// A buyer without any funds gets the grant: the payer holds the deposit.
		assert_ok!(Market::purchase_for(&8, &31, offer, 1_000, 10));
		assert_eq!(free(31), 0);
		assert_ok!(Market::set_offer_state(coop_origin(0), offer, OfferState::Paused));
		assert_noop!(Market::purchase_for(&8, &9, offer, 1_000, 10), Error::<Test>::OfferPaused);
		// Revoked consent empties the pool: the contract cannot sell it any more.
		assert_ok!(Market::set_offer_state(coop_origin(0), offer, OfferState::Open));
		withdraw(1, offer);
		assert_noop!(Market::purchase_for(&8, &9, offer, 1_000, 10), Error::<Test>::PoolTooSmall);
	});
}

/// A flood of consent expiries used to leave members whose consent had ended counted in the
/// pool until the chain marked them, so a buyer could buy a pool below the offer's minimum of
/// contributors. While expiries wait to be marked, purchases wait.
#[test]
fn no_sale_while_passed_expiries_wait_to_be_marked() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		consent(0, 1, offer, &[0]);
		commit(0, 1, 0, 10);
		set_expiries_pending(true);
		assert_noop!(
			Market::purchase(RuntimeOrigin::signed(9), offer, 1_000),
			Error::<Test>::ExpiriesPending
		);
		assert_noop!(Market::purchase_for(&8, &9, offer, 1_000, 4), Error::<Test>::ExpiriesPending);
		set_expiries_pending(false);
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
	});
}
