//! The member key at rest: `member.key`, wrapped under the member's passphrase, so that a copy
//! of the store's folder alone decrypts nothing.
//!
//! A wrapped key file is [`MAGIC`] ++ salt (16 bytes) ++ the argon2id cost (memory in KiB,
//! iterations, lanes: three u32 LE) ++ a ChaCha20-Poly1305 nonce (12 bytes) ++ the member key
//! sealed under `argon2id(passphrase, salt)` (32 + 16 bytes), with everything before the nonce
//! as associated data, so that no field can be changed unnoticed. A file of 32 bytes is a key
//! from before wrapping: it still opens, without a passphrase, until the member wraps it
//! (`datacoop-store passphrase`).

use std::path::Path;

use chacha20poly1305::{
	aead::{Aead, AeadCore, KeyInit, OsRng, Payload},
	ChaCha20Poly1305, Key, Nonce,
};
use rand::RngCore;

use crate::Error;

/// The first bytes of a wrapped member key file.
pub const MAGIC: &[u8; 8] = b"DCSTKEY1";
const SALT: usize = 16;
const HEADER: usize = MAGIC.len() + SALT + 12;
const NONCE: usize = 12;
const SEALED: usize = 32 + 16;

/// The argon2id cost a key is wrapped with: OWASP's first recommendation (19 MiB, 2 passes, 1
/// lane), about 50 ms on this machine's cores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cost {
	/// Memory, in KiB.
	pub memory_kib: u32,
	/// Passes over it.
	pub iterations: u32,
	/// Lanes.
	pub lanes: u32,
}

impl Default for Cost {
	fn default() -> Self {
		Self { memory_kib: 19 * 1024, iterations: 2, lanes: 1 }
	}
}

/// The key `passphrase` and `salt` derive at `cost`.
fn derive(passphrase: &str, salt: &[u8], cost: Cost) -> Result<[u8; 32], Error> {
	let params = argon2::Params::new(cost.memory_kib, cost.iterations, cost.lanes, Some(32))
		.map_err(|e| Error::Corrupt(format!("member.key: argon2 cost: {e}")))?;
	let kdf = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
	let mut out = [0u8; 32];
	kdf.hash_password_into(passphrase.as_bytes(), salt, &mut out)
		.map_err(|e| Error::Corrupt(format!("member.key: argon2: {e}")))?;
	Ok(out)
}

/// `key` wrapped under `passphrase` at `cost`: the content of a wrapped `member.key`.
pub fn wrap(key: &[u8; 32], passphrase: &str, cost: Cost) -> Result<Vec<u8>, Error> {
	if passphrase.is_empty() {
		return Err(Error::Input("the passphrase is empty".into()));
	}
	let mut salt = [0u8; SALT];
	OsRng.fill_bytes(&mut salt);
	let mut header = MAGIC.to_vec();
	header.extend(salt);
	for n in [cost.memory_kib, cost.iterations, cost.lanes] {
		header.extend(n.to_le_bytes());
	}
	let wrapping = derive(passphrase, &salt, cost)?;
	let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
	let sealed = ChaCha20Poly1305::new(Key::from_slice(&wrapping))
		.encrypt(&nonce, Payload { msg: key, aad: &header })
		.map_err(|_| Error::Corrupt("member.key: sealing failed".into()))?;
	Ok([header.as_slice(), nonce.as_slice(), &sealed].concat())
}

/// Whether `bytes` are a wrapped key.
pub fn is_wrapped(bytes: &[u8]) -> bool {
	bytes.starts_with(MAGIC)
}

/// The member key in `bytes` (the content of `path`): unwrapped with `passphrase`, or, for a
/// key from before wrapping, as it is.
pub fn unwrap(bytes: &[u8], passphrase: Option<&str>, path: &Path) -> Result<[u8; 32], Error> {
	if !is_wrapped(bytes) {
		return bytes
			.try_into()
			.map_err(|_| Error::Corrupt(format!("{} is not a member key", path.display())));
	}
	let Some(passphrase) = passphrase else {
		return Err(Error::Passphrase(format!(
			"{} is wrapped under a passphrase: set COOP_STORE_PASSPHRASE or type it at the prompt",
			path.display()
		)));
	};
	if bytes.len() != HEADER + NONCE + SEALED {
		return Err(Error::Corrupt(format!("{}: not a wrapped member key", path.display())));
	}
	let (header, rest) = bytes.split_at(HEADER);
	let (nonce, sealed) = rest.split_at(NONCE);
	let salt = header.get(MAGIC.len()..MAGIC.len() + SALT).unwrap_or_default();
	let number = |at: usize| {
		header
			.get(at..at + 4)
			.and_then(|b| <[u8; 4]>::try_from(b).ok())
			.map(u32::from_le_bytes)
			.unwrap_or_default()
	};
	let cost = Cost {
		memory_kib: number(MAGIC.len() + SALT),
		iterations: number(MAGIC.len() + SALT + 4),
		lanes: number(MAGIC.len() + SALT + 8),
	};
	// A file that asks for more than 4 GiB of memory is not one this store wrote.
	if cost.memory_kib > 4 * 1024 * 1024 || cost.iterations > 64 || cost.lanes > 64 {
		return Err(Error::Corrupt(format!("{}: implausible argon2 cost", path.display())));
	}
	let wrapping = derive(passphrase, salt, cost)?;
	let key = ChaCha20Poly1305::new(Key::from_slice(&wrapping))
		.decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: header })
		.map_err(|_| Error::Passphrase(format!("{}: wrong passphrase", path.display())))?;
	key.try_into()
		.map_err(|_| Error::Corrupt(format!("{}: not a member key", path.display())))
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Cheap enough for a unit test; the format carries the cost, so any cost opens.
	const TEST: Cost = Cost { memory_kib: 64, iterations: 1, lanes: 1 };

	#[test]
	fn a_wrapped_key_opens_with_its_passphrase_only() {
		let path = Path::new("member.key");
		let key = [7u8; 32];
		let wrapped = wrap(&key, "correct horse", TEST).unwrap();
		assert!(is_wrapped(&wrapped));
		assert!(!wrapped.windows(32).any(|w| w == key), "the key is not in the file");
		assert_eq!(unwrap(&wrapped, Some("correct horse"), path).unwrap(), key);
		assert!(matches!(unwrap(&wrapped, Some("wrong"), path), Err(Error::Passphrase(_))));
		assert!(matches!(unwrap(&wrapped, None, path), Err(Error::Passphrase(_))));
		// Every byte is bound: a cheaper cost, another salt or a cut file does not open.
		for at in [MAGIC.len(), MAGIC.len() + SALT, wrapped.len() - 1] {
			let mut tampered = wrapped.clone();
			tampered[at] ^= 1;
			assert!(unwrap(&tampered, Some("correct horse"), path).is_err(), "byte {at}");
		}
		assert!(unwrap(&wrapped[..wrapped.len() - 1], Some("correct horse"), path).is_err());
		// Salted: the same key and passphrase wrap differently each time.
		assert_ne!(wrap(&key, "correct horse", TEST).unwrap(), wrapped);
		assert!(matches!(wrap(&key, "", TEST), Err(Error::Input(_))));
		// A key from before wrapping opens as it is, with or without a passphrase.
		assert_eq!(unwrap(&key, None, path).unwrap(), key);
		assert_eq!(unwrap(&key, Some("anything"), path).unwrap(), key);
	}
}
