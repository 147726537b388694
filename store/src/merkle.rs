//! Commitments a buyer can check item by item.
//!
//! A member's commitment to one category is a binary Merkle tree (polkadot-sdk's
//! `binary-merkle-tree`, blake2-256) over the items' leaves in ascending order, a leaf being
//! `blake2_256(salt ++ blake2_256(data))`. The root the chain keeps binds the number of items
//! too: `blake2_256(DOMAIN ++ items as u32 LE ++ tree root)`. So a store cannot claim more
//! items than the tree holds, nor fewer, and each item it serves comes with its place in the
//! tree ([`Proof`]), which the buyer checks against the root and count on chain before keeping
//! the item or acknowledging it.
//!
//! What a proof cannot tell is whether two leaves hold the same data under different salts: a
//! buyer counts distinct data (by hash), so padding a tree with copies earns nothing.

use serde::{Deserialize, Serialize};
use sp_core::Blake2Hasher;

/// What the committed root starts with, so it is never the root of some other tree.
pub const DOMAIN: &[u8] = b"datacoop/commitment/1";

/// An item's leaf: `blake2_256(salt ++ blake2_256(data))`.
pub fn leaf(salt: &[u8; 32], data: &[u8]) -> [u8; 32] {
	sp_crypto_hashing::blake2_256(&[salt.as_slice(), &sp_crypto_hashing::blake2_256(data)].concat())
}

/// The root the chain keeps for a tree whose own root is `tree_root` over `items` leaves.
pub fn bound_root(items: u32, tree_root: &[u8; 32]) -> [u8; 32] {
	sp_crypto_hashing::blake2_256(&[DOMAIN, &items.to_le_bytes(), tree_root.as_slice()].concat())
}

/// The tree's own root over `sorted` leaves (ascending).
fn tree_root(sorted: &[[u8; 32]]) -> [u8; 32] {
	binary_merkle_tree::merkle_root_raw::<Blake2Hasher, _>(sorted.iter().map(|l| sp_core::H256(*l)))
		.0
}

/// The committed root over `leaves`, in any order: sorted first, then bound to their number.
/// `None` for more than `u32::MAX` leaves.
pub fn root(mut leaves: Vec<[u8; 32]>) -> Option<[u8; 32]> {
	leaves.sort_unstable();
	let items = u32::try_from(leaves.len()).ok()?;
	Some(bound_root(items, &tree_root(&leaves)))
}

/// An item's place in its category's commitment, served with the item.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Proof {
	/// Its leaf's index among the sorted leaves.
	pub index: u32,
	/// Number of leaves in the tree.
	pub items: u32,
	/// Its leaf's salt (hex).
	pub salt: String,
	/// The tree's own root, before it is bound to the count (hex).
	pub tree_root: String,
	/// The sibling hashes from the leaf up (hex).
	pub siblings: Vec<String>,
}

/// The proof of `leaf` (salted with `salt`) among `leaves`, in any order. `None` if it is not
/// one of them.
pub fn prove(mut leaves: Vec<[u8; 32]>, leaf: &[u8; 32], salt: &[u8; 32]) -> Option<Proof> {
	leaves.sort_unstable();
	let index = u32::try_from(leaves.binary_search(leaf).ok()?).ok()?;
	let items = u32::try_from(leaves.len()).ok()?;
	let proof = binary_merkle_tree::merkle_proof_raw::<Blake2Hasher, _>(
		leaves.iter().map(|l| sp_core::H256(*l)),
		index,
	);
	Some(Proof {
		index,
		items,
		salt: hex::encode(salt),
		tree_root: hex::encode(proof.root.0),
		siblings: proof.proof.iter().map(|h| hex::encode(h.0)).collect(),
	})
}

/// Why an item does not match the commitment on chain.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Mismatch {
	/// A field is not the hex it should be.
	#[error("its proof is malformed ({0})")]
	Malformed(&'static str),
	/// The proof is for a tree of another size than the chain's count.
	#[error("its proof is for {proof} items, the commitment on chain is for {committed}")]
	Count {
		/// The proof's.
		proof: u32,
		/// The chain's.
		committed: u32,
	},
	/// The tree root and count do not give the root on chain.
	#[error("its tree is not the one committed on chain")]
	Root,
	/// The data, salt, index and siblings do not give the tree root.
	#[error("it is not item {index} of the committed tree")]
	NotInTree {
		/// The index it claimed.
		index: u32,
	},
}

fn hash32(text: &str, what: &'static str) -> Result<[u8; 32], Mismatch> {
	hex::decode(text)
		.ok()
		.and_then(|b| <[u8; 32]>::try_from(b).ok())
		.ok_or(Mismatch::Malformed(what))
}

/// Check that `data` with `proof` is an item of the commitment `(root, items)` the chain keeps;
/// returns its leaf.
pub fn verify(
	root: &[u8; 32],
	items: u32,
	data: &[u8],
	proof: &Proof,
) -> Result<[u8; 32], Mismatch> {
	if proof.items != items {
		return Err(Mismatch::Count { proof: proof.items, committed: items });
	}
	let tree = hash32(&proof.tree_root, "tree root")?;
	if bound_root(items, &tree) != *root {
		return Err(Mismatch::Root);
	}
	let salt = hash32(&proof.salt, "salt")?;
	let siblings = proof
		.siblings
		.iter()
		.map(|s| hash32(s, "sibling").map(sp_core::H256))
		.collect::<Result<Vec<_>, _>>()?;
	let leaf = leaf(&salt, data);
	let tree = sp_core::H256(tree);
	let inside = binary_merkle_tree::verify_proof::<Blake2Hasher, _, _>(
		&tree,
		siblings,
		items,
		proof.index,
		binary_merkle_tree::Leaf::Hash(sp_core::H256(leaf)),
	);
	if inside {
		Ok(leaf)
	} else {
		Err(Mismatch::NotInTree { index: proof.index })
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn tree(n: u8) -> Vec<([u8; 32], Vec<u8>, [u8; 32])> {
		(0..n)
			.map(|i| {
				let salt = [i.wrapping_mul(7).wrapping_add(1); 32];
				let data = vec![i; usize::from(i) + 1];
				(salt, data.clone(), leaf(&salt, &data))
			})
			.collect()
	}

	#[test]
	fn every_item_of_every_size_of_tree_proves_against_its_root() {
		for n in 1..=9u8 {
			let items = tree(n);
			let leaves: Vec<_> = items.iter().map(|(_, _, l)| *l).collect();
			let root = root(leaves.clone()).unwrap();
			let mut seen = std::collections::BTreeSet::new();
			for (salt, data, l) in &items {
				let proof = prove(leaves.clone(), l, salt).unwrap();
				assert_eq!(verify(&root, n.into(), data, &proof), Ok(*l));
				assert!(seen.insert(proof.index), "two items at one index");
			}
		}
	}

	#[test]
	fn the_root_binds_the_count() {
		let items = tree(3);
		let leaves: Vec<_> = items.iter().map(|(_, _, l)| *l).collect();
		let root = root(leaves.clone()).unwrap();
		let (salt, data, l) = &items[0];
		let proof = prove(leaves.clone(), l, salt).unwrap();
		// The chain says 4,294,967,295 items for the same root: nothing proves.
		assert_eq!(
			verify(&root, u32::MAX, data, &proof),
			Err(Mismatch::Count { proof: 3, committed: u32::MAX })
		);
		// A proof that claims that count does not give the root either.
		let claimed = Proof { items: u32::MAX, ..proof.clone() };
		assert_eq!(verify(&root, u32::MAX, data, &claimed), Err(Mismatch::Root));
		// One more or one fewer leaf is another root.
		let mut more = leaves.clone();
		more.push([9; 32]);
		assert_ne!(super::root(more), Some(root));
		assert_ne!(super::root(leaves[..2].to_vec()), Some(root));
		// Order does not matter.
		let mut reversed = leaves.clone();
		reversed.reverse();
		assert_eq!(super::root(reversed), Some(root));
	}

	#[test]
	fn a_changed_byte_salt_index_or_sibling_fails() {
		let items = tree(5);
		let leaves: Vec<_> = items.iter().map(|(_, _, l)| *l).collect();
		let root = root(leaves.clone()).unwrap();
		let (salt, data, l) = &items[2];
		let proof = prove(leaves.clone(), l, salt).unwrap();
		let mut tampered = data.clone();
		tampered[0] ^= 1;
		assert!(matches!(verify(&root, 5, &tampered, &proof), Err(Mismatch::NotInTree { .. })));
		let other_salt = Proof { salt: hex::encode([0xEE; 32]), ..proof.clone() };
		assert!(matches!(verify(&root, 5, data, &other_salt), Err(Mismatch::NotInTree { .. })));
		for index in [0, 1, 3, 4, 5, u32::MAX] {
			if index != proof.index {
				let moved = Proof { index, ..proof.clone() };
				assert!(verify(&root, 5, data, &moved).is_err(), "index {index}");
			}
		}
		let mut siblings = proof.siblings.clone();
		siblings[0] = hex::encode([0; 32]);
		let forged = Proof { siblings, ..proof.clone() };
		assert!(verify(&root, 5, data, &forged).is_err());
		let short = Proof { salt: "00".into(), ..proof.clone() };
		assert_eq!(verify(&root, 5, data, &short), Err(Mismatch::Malformed("salt")));
		// Another category's tree does not prove here.
		let other = tree(4);
		let other_leaves: Vec<_> = other.iter().map(|(_, _, l)| *l).collect();
		let (s, d, ol) = &other[0];
		let foreign = prove(other_leaves, ol, s).unwrap();
		assert!(verify(&root, 5, d, &foreign).is_err());
	}

	#[test]
	fn a_leaf_not_in_the_tree_has_no_proof() {
		let items = tree(2);
		let leaves: Vec<_> = items.iter().map(|(_, _, l)| *l).collect();
		assert_eq!(prove(leaves, &[1; 32], &[1; 32]), None);
	}
}
