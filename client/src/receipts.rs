//! Delivery receipts: what a buyer signs to acknowledge the items a member's store delivered
//! under a grant, and how a member redeems one on chain (`market.redeem`).
//!
//! A receipt says "`items` verified items of `member` under `grant`, served by `store`, on the
//! chain whose genesis hash is `genesis`", cumulative over everything that store delivered under
//! the grant. The buyer signs the SCALE encoding of
//! (`b"datacoop/receipt/1"`, genesis, grant, member, store, items) with the grant's sr25519
//! key, exactly the bytes the market pallet checks (`pallet_market::receipt_payload`), so a
//! receipt cannot be replayed on another chain, grant, member or store.

use subxt::{ext::codec::Encode, utils::AccountId32};
use subxt_signer::sr25519::{self, Keypair};

use crate::{
	chain::{self, Api},
	runtime::{
		self,
		runtime_types::{bounded_collections::bounded_vec::BoundedVec, sp_runtime::MultiSignature},
	},
	Error,
};

/// What every receipt's payload starts with.
pub const DOMAIN: &[u8] = b"datacoop/receipt/1";

/// A buyer's signed receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
	/// Items acknowledged, cumulative.
	pub items: u64,
	/// The buyer's sr25519 signature over [`payload`].
	pub signature: [u8; 64],
}

/// The bytes a buyer signs for a receipt.
pub fn payload(
	genesis: [u8; 32],
	grant: u64,
	member: &AccountId32,
	store: &[u8],
	items: u64,
) -> Vec<u8> {
	(DOMAIN, genesis, grant, member.0, store, items).encode()
}

/// `key`'s receipt for `items` items of `member` under `grant`, served by `store` (its peer id
/// bytes), on the chain whose genesis hash is `genesis`.
pub fn sign(
	key: &Keypair,
	genesis: [u8; 32],
	grant: u64,
	member: &AccountId32,
	store: &[u8],
	items: u64,
) -> Receipt {
	let signature = key.sign(&payload(genesis, grant, member, store, items)).0;
	Receipt { items, signature }
}

/// Whether `receipt` is `buyer`'s for `member` under `grant` at `store` on `genesis`'s chain.
pub fn verify(
	receipt: &Receipt,
	buyer: &AccountId32,
	genesis: [u8; 32],
	grant: u64,
	member: &AccountId32,
	store: &[u8],
) -> bool {
	sr25519::verify(
		&sr25519::Signature(receipt.signature),
		payload(genesis, grant, member, store, receipt.items),
		&sr25519::PublicKey(buyer.0),
	)
}

/// The genesis hash of the chain behind `api`, which receipts are bound to.
pub fn genesis(api: &Api) -> [u8; 32] {
	api.genesis_hash().0
}

/// Redeem `receipt` for `key`'s account under `grant` at `store` (`market.redeem`), waiting
/// until it is finalized.
pub async fn redeem(
	api: &Api,
	key: &Keypair,
	grant: u64,
	store: &[u8],
	receipt: &Receipt,
) -> Result<Vec<String>, Error> {
	let call = runtime::tx().market().redeem(
		grant,
		receipt.items,
		BoundedVec(store.to_vec()),
		MultiSignature::Sr25519(receipt.signature),
	);
	chain::submit(api, key, &call).await
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The payload is the SCALE tuple the pallet signs over: compact-length-prefixed domain,
	/// the 32-byte genesis hash, grant (u64 LE), member (32 bytes), compact-length-prefixed
	/// store bytes, items (u64 LE).
	#[test]
	fn the_payload_is_the_pallets_scale_tuple() {
		let member = AccountId32([7; 32]);
		let bytes = payload([1; 32], 5, &member, b"ab", 9);
		let mut expected = vec![(DOMAIN.len() as u8) << 2];
		expected.extend(DOMAIN);
		expected.extend([1; 32]);
		expected.extend(5u64.to_le_bytes());
		expected.extend([7; 32]);
		expected.extend([2 << 2, b'a', b'b']);
		expected.extend(9u64.to_le_bytes());
		assert_eq!(bytes, expected);
	}

	#[test]
	fn a_receipt_verifies_only_for_what_it_was_signed_for() {
		let buyer = subxt_signer::sr25519::dev::alice();
		let member = AccountId32([7; 32]);
		let receipt = sign(&buyer, [1; 32], 5, &member, b"store", 3);
		let me = crate::keys::account(&buyer);
		assert!(verify(&receipt, &me, [1; 32], 5, &member, b"store"));
		assert!(!verify(&receipt, &me, [2; 32], 5, &member, b"store"));
		assert!(!verify(&receipt, &me, [1; 32], 6, &member, b"store"));
		assert!(!verify(&receipt, &me, [1; 32], 5, &AccountId32([8; 32]), b"store"));
		assert!(!verify(&receipt, &me, [1; 32], 5, &member, b"other"));
		let more = Receipt { items: 4, ..receipt.clone() };
		assert!(!verify(&more, &me, [1; 32], 5, &member, b"store"));
		let bob = crate::keys::account(&subxt_signer::sr25519::dev::bob());
		assert!(!verify(&receipt, &bob, [1; 32], 5, &member, b"store"));
	}
}
