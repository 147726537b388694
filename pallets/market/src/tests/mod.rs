//! Tests of the market pallet, one file per concern.

mod grants;
mod offers;
mod purchase;
mod royalties;
mod settlement;

use crate::{mock::*, *};
use frame_support::assert_ok;
use sp_core::H256;

/// Co-op 0 publishes an offer for purpose 1, categories 0 and 1, at `price`, 10 blocks of
/// access, needing `min` contributors; returns its id.
pub fn publish(price: Balance, min: u32) -> OfferId {
	let id = NextOfferId::<Test>::get();
	assert_ok!(Market::publish_offer(
		coop_origin(0),
		1,
		vec![1, 0],
		price,
		10,
		min,
		H256::repeat_byte(1)
	));
	id
}

/// Free balance of `who`.
pub fn free(who: u64) -> Balance {
	Balances::free_balance(who)
}

/// Total issuance of the currency.
pub fn issuance() -> Balance {
	<Balances as frame_support::traits::fungible::Inspect<u64>>::total_issuance()
}
