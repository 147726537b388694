//! Store listings: what a member's store signs with every list of a category it answers, and how
//! anyone reports, with one, a commitment its own store shows to be inflated
//! (`consent.report_commitment`).
//!
//! A listing says "under the commitment whose root is `root`, of `member` for `category` in
//! `coop`, on the chain whose genesis hash is `genesis`, this store lists `items` items". The
//! member's store signs the SCALE encoding of
//! (`b"datacoop/listing/1"`, genesis, coop, member, category, root, items) with the member's
//! sr25519 key, exactly the bytes the consent pallet checks (`pallet_consent::listing_payload`).
//! One listing fewer items than the commitment on chain declares under the same root is the
//! member's own evidence that they declared data they do not hold: reported, the commitment
//! stops counting and its deposit goes to the reporter. The root binds a listing to one
//! commitment: a member who adds data and commits again is not exposed by an older listing.

use subxt::{ext::codec::Encode, utils::AccountId32};
use subxt_signer::sr25519::{self, Keypair};

use crate::{
	chain::{self, Api},
	runtime::{self, runtime_types::sp_runtime::MultiSignature},
	Error,
};

/// What every listing's payload starts with.
pub const DOMAIN: &[u8] = b"datacoop/listing/1";

/// A member store's signed listing of one category under one commitment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
	/// The co-op.
	pub coop: u32,
	/// The member whose store lists.
	pub member: AccountId32,
	/// The category.
	pub category: u16,
	/// The root of the commitment on chain the store listed under.
	pub root: [u8; 32],
	/// Items listed.
	pub items: u32,
	/// The member's sr25519 signature over [`payload`].
	pub signature: [u8; 64],
}

/// The bytes a member's store signs for a listing.
pub fn payload(
	genesis: [u8; 32],
	coop: u32,
	member: &AccountId32,
	category: u16,
	root: [u8; 32],
	items: u32,
) -> Vec<u8> {
	(DOMAIN, genesis, coop, member.0, category, root, items).encode()
}

/// `key`'s listing of `items` items of `category` in `coop` under the commitment `root`, on the
/// chain whose genesis hash is `genesis`.
pub fn sign(
	key: &Keypair,
	genesis: [u8; 32],
	coop: u32,
	category: u16,
	root: [u8; 32],
	items: u32,
) -> Listing {
	let member = crate::keys::account(key);
	let signature = key.sign(&payload(genesis, coop, &member, category, root, items)).0;
	Listing { coop, member, category, root, items, signature }
}

/// Whether `listing` is its member's, on `genesis`'s chain.
pub fn verify(listing: &Listing, genesis: [u8; 32]) -> bool {
	sr25519::verify(
		&sr25519::Signature(listing.signature),
		payload(
			genesis, listing.coop, &listing.member, listing.category, listing.root, listing.items,
		),
		&sr25519::PublicKey(listing.member.0),
	)
}

/// Report `listing`'s commitment as inflated (`consent.report_commitment`), signed by `key`,
/// who gets its deposit, waiting until it is finalized.
pub async fn report(api: &Api, key: &Keypair, listing: &Listing) -> Result<Vec<String>, Error> {
	let call = runtime::tx().consent().report_commitment(
		listing.member,
		listing.coop,
		listing.category,
		listing.items,
		MultiSignature::Sr25519(listing.signature),
	);
	chain::submit(api, key, &call).await
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The payload is the SCALE tuple the pallet checks: compact-length-prefixed domain, the
	/// 32-byte genesis hash, coop (u32 LE), member (32 bytes), category (u16 LE), root (32
	/// bytes), items (u32 LE).
	#[test]
	fn the_payload_is_the_pallets_scale_tuple() {
		let bytes = payload([1; 32], 5, &AccountId32([7; 32]), 3, [9; 32], 4);
		let mut expected = vec![(DOMAIN.len() as u8) << 2];
		expected.extend(DOMAIN);
		expected.extend([1; 32]);
		expected.extend(5u32.to_le_bytes());
		expected.extend([7; 32]);
		expected.extend(3u16.to_le_bytes());
		expected.extend([9; 32]);
		expected.extend(4u32.to_le_bytes());
		assert_eq!(bytes, expected);
	}

	#[test]
	fn a_listing_verifies_only_for_what_it_was_signed_for() {
		let member = subxt_signer::sr25519::dev::bob();
		let listing = sign(&member, [1; 32], 0, 3, [9; 32], 4);
		assert!(verify(&listing, [1; 32]));
		assert!(!verify(&listing, [2; 32]));
		for changed in [
			Listing { coop: 1, ..listing.clone() },
			Listing { category: 4, ..listing.clone() },
			Listing { root: [8; 32], ..listing.clone() },
			Listing { items: 5, ..listing.clone() },
			Listing {
				member: crate::keys::account(&subxt_signer::sr25519::dev::alice()),
				..listing.clone()
			},
		] {
			assert!(!verify(&changed, [1; 32]));
		}
	}
}
