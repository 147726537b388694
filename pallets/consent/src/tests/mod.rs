//! Tests of the consent pallet, one file per concern.

mod commitments;
mod expiry;
mod give;
mod leave;
mod migrations;
mod reports;
mod store_address;
mod update;
mod withdraw;

use crate::{mock::*, *};
use sp_core::H256;

/// The hash of a receipt numbered `n`.
pub fn receipt(n: u8) -> H256 {
	H256::repeat_byte(n)
}

/// `member` gives consent through `coop` for buyer 10, purpose 1, `categories`, expiring at
/// `expires`; returns its number.
pub fn give_to_buyer(
	member: u64,
	coop: CoopId,
	categories: &[CategoryCode],
	expires: Option<u64>,
) -> ConsentId {
	let id = NextConsentId::<Test>::get(member);
	frame_support::assert_ok!(Consent::give(
		RuntimeOrigin::signed(member),
		coop,
		Grantee::Buyer(10),
		1,
		categories.to_vec(),
		expires,
		receipt(1),
	));
	id
}

/// Pool size for buyer 10, purpose 1, `category` in `coop`.
pub fn buyer_pool(coop: CoopId, category: CategoryCode) -> u32 {
	Consent::pool_size(coop, Grantee::Buyer(10), 1, category)
}

/// Whether `member`'s consent covers buyer 10, purpose 1, `category` in co-op 0 now.
pub fn covers_now(member: u64, category: CategoryCode) -> bool {
	Consent::consent_covers(&member, 0, &Grantee::Buyer(10), 1, category, System::block_number())
}
