//! Royalty pools of sales settled before settlement by delivery (paid to the pool at purchase,
//! [`Pallet::legacy_sale`]): constant-cost splits, claims, weight changes, revocation, rounding.
//! Pools keep these earnings across the upgrade and members claim them as before.

use super::*;
use frame_support::{assert_noop, assert_ok};

#[test]
fn members_claim_their_share_once() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		consent(0, 1, offer, &[0]);
		commit(0, 1, 0, 10);
		legacy(offer, 1_000);
		let before = (free(1), issuance());
		assert_ok!(Market::claim(RuntimeOrigin::signed(1), offer));
		System::assert_last_event(Event::Claimed { offer, member: 1, amount: 900 }.into());
		assert_eq!((free(1), issuance()), (before.0 + 900, before.1));
		assert_noop!(Market::claim(RuntimeOrigin::signed(1), offer), Error::<Test>::NothingToClaim);
		assert_noop!(Market::claim(RuntimeOrigin::signed(2), offer), Error::<Test>::NothingToClaim);
		assert_eq!(Pools::<Test>::get(offer).claimed, 900);
	});
}

#[test]
fn a_weight_change_between_sales_counts_from_the_change_on() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		RevenueShare::set(sp_runtime::Perbill::zero());
		consent(0, 1, offer, &[0]);
		consent(0, 2, offer, &[0]);
		commit(0, 1, 0, 10);
		commit(0, 2, 0, 10);
		legacy(offer, 1_000); // 500 / 500
		commit(0, 1, 0, 30); // member 1 now 30 of 40
		legacy(offer, 1_000); // 750 / 250
		assert_eq!(Market::claimable(offer, 1).0, 1_250);
		assert_eq!(Market::claimable(offer, 2).0, 750);
	});
}

#[test]
fn revoking_between_two_sales_keeps_what_was_earned_and_stops_the_rest() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		RevenueShare::set(sp_runtime::Perbill::zero());
		consent(0, 1, offer, &[0]);
		consent(0, 2, offer, &[0]);
		commit(0, 1, 0, 10);
		commit(0, 2, 0, 10);
		legacy(offer, 1_000);
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
		withdraw(1, offer);
		assert_eq!(Pools::<Test>::get(offer).contributors, 1);
		legacy(offer, 1_000);
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
		assert_eq!(Market::claimable(offer, 1), (500, 0));
		assert_eq!(Market::claimable(offer, 2), (1_500, 10));
		// The second grant does not cover the member who revoked; the first no longer does.
		assert!(!Market::grant_covers_member(1, &1, 0, 2));
		assert!(!Market::grant_covers_member(0, &1, 0, 2));
		assert!(Market::grant_covers_member(1, &2, 0, 2));
		// Claiming after withdrawing (or leaving the co-op, which withdraws) still pays.
		assert_ok!(Market::claim(RuntimeOrigin::signed(1), offer));
		assert!(Positions::<Test>::get(offer, 1).is_none(), "nothing left to keep");
		assert_ok!(Market::claim(RuntimeOrigin::signed(2), offer));
	});
}

#[test]
fn rounding_with_awkward_numbers_never_creates_money() {
	build_and_execute(|| {
		let offer = publish(1_003, 1);
		RevenueShare::set(sp_runtime::Perbill::from_rational(1u32, 3u32));
		for (member, items) in [(1, 7), (2, 11), (3, 13)] {
			consent(0, member, offer, &[0]);
			commit(0, member, 0, items);
		}
		for _ in 0..3 {
			legacy(offer, 1_003);
		}
		let pool = Pools::<Test>::get(offer);
		assert_eq!(pool.to_treasury, 3 * 334, "the co-op's share rounds down");
		assert_eq!(pool.received, 3 * 669);
		let owed: Balance = [1, 2, 3].iter().map(|m| Market::claimable(offer, *m).0).sum();
		assert!(owed <= pool.received && pool.received - owed < 3, "dust {}", pool.received - owed);
		for member in [1, 2, 3] {
			assert_ok!(Market::claim(RuntimeOrigin::signed(member), offer));
		}
		// The dust stays in the market's account, inside the pool's books.
		let dust = pool.received - Pools::<Test>::get(offer).claimed;
		assert_eq!(Balances::free_balance(Market::account()), 1 + dust);
	});
}

/// A legacy sale of `price` with the mock's 10 % co-op share: the share to the treasury, the
/// rest to the pool.
fn legacy(offer: OfferId, price: Balance) {
	let share = RevenueShare::get().mul_floor(price);
	assert_ok!(Market::legacy_sale(offer, price - share));
	Pools::<Test>::mutate(offer, |pool| {
		pool.paid += share;
		pool.to_treasury += share;
	});
}
