//! # DataCoop member store
//!
//! A member's data stays with the member. This is the storage core of their store:
//!
//! - **Encrypted at rest**: every item is sealed with ChaCha20-Poly1305 under its own random key;
//!   the item key, the item's salt and its metadata are sealed under the member key. Nothing in
//!   the folder is readable without the member key.
//! - **Crypto-shredding**: deleting an item removes its key file first. Once that is gone, the
//!   item's ciphertext (wherever a copy may be) can never be decrypted, and its salt is gone, so
//!   the on-chain commitment no longer says anything about it.
//! - **Crash-safe writes**: every file is written to a temporary name, synced, renamed into place
//!   and the folder synced. An item exists once its key file is in place; a crash at any moment
//!   leaves either the old or the new state. Leftovers of an interrupted write are swept on open.
//! - **Co-ops kept apart**: every item is kept for one co-op and one category. A co-op's grant
//!   is served only the items kept for that co-op, and each co-op's commitment covers only
//!   them: a member of two co-ops never sells one co-op's data through the other.
//! - **Commitments**: per (co-op, category), a Merkle root over the items' salted hashes
//!   (`blake2_256(salt ++ blake2_256(data))`, sorted) bound to their count, with the byte size:
//!   what the member registers on chain with `consent.commit`. Every item is served with its
//!   proof, which the buyer checks against that root ([`merkle`]).
//! - **Portability**: `export` writes every item in the clear with a manifest (ids, categories,
//!   salts, leaves) so the member can leave with their data and prove what they committed to.
//!
//! - **The member key wrapped**: `member.key` holds the member key sealed under the member's
//!   passphrase by argon2id ([`member_key`]): a copy of the folder alone decrypts nothing.
//!   [`Store::rotate`] replaces the member key itself, re-sealing every item key under the new
//!   one without touching the items' data.
//!
//! Layout of a store folder: `member.key` (wrapped, mode 0600), `items/<id>.item`
//! (`nonce ++ ciphertext`), `keys/<id>.key` (`nonce ++ sealed ItemKey`), `receipts/<hash>.receipt`.

pub mod api;
pub mod cli;
pub mod member_key;
pub mod merkle;
pub mod p2p;

use std::{
	collections::BTreeMap,
	fs,
	io::Write,
	path::{Path, PathBuf},
};

use chacha20poly1305::{
	aead::{Aead, AeadCore, KeyInit, OsRng, Payload},
	ChaCha20Poly1305, Key, Nonce,
};
use rand::RngCore;
use serde::{Deserialize, Serialize};

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// A file could not be read or written.
	#[error("{path}: {source}")]
	Io {
		/// The file.
		path: PathBuf,
		/// Why.
		source: std::io::Error,
	},
	/// A sealed file does not open with this member key: wrong key or tampered data.
	#[error("{0}: cannot be decrypted with this member key (wrong key or tampered)")]
	Decrypt(PathBuf),
	/// No item with this id.
	#[error("no item {0}")]
	UnknownItem(String),
	/// The folder is not a store.
	#[error("{0} is not a store: run `datacoop-store init` first")]
	NotAStore(PathBuf),
	/// A store already exists there.
	#[error("{0} already holds a store")]
	AlreadyAStore(PathBuf),
	/// Malformed content.
	#[error("{0}")]
	Corrupt(String),
	/// The input does not make sense.
	#[error("{0}")]
	Input(String),
	/// The member key is wrapped and no passphrase, or the wrong one, was given.
	#[error("{0}")]
	Passphrase(String),
	/// The node refused or failed, or the chain says no.
	#[error("{0}")]
	Chain(String),
}

impl From<datacoop_client::Error> for Error {
	fn from(error: datacoop_client::Error) -> Self {
		use datacoop_client::Error as Client;
		match error {
			Client::Chain(e) | Client::Refused(e) => Error::Chain(e),
			Client::Input(e) => Error::Input(e),
			Client::Io { path, source } => Error::Io { path, source },
		}
	}
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
	move |source| Error::Io { path: path.to_path_buf(), source }
}

/// Options that create a file readable by its owner only (0600 from the first byte on unix:
/// never readable by others, not even between creating and a chmod).
fn private_options() -> fs::OpenOptions {
	let mut options = fs::OpenOptions::new();
	#[cfg(unix)]
	std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
	options
}

/// Open `path` for writing as a new file readable by its owner only.
fn create_private(path: &Path) -> std::io::Result<fs::File> {
	private_options().write(true).create_new(true).open(path)
}

/// Open `path` for appending, creating it readable by its owner only where it is new: for the
/// store's journals (the access log, the nonces).
pub fn append_private(path: &Path) -> std::io::Result<fs::File> {
	private_options().create(true).append(true).open(path)
}

/// Create folder `dir` (and its parents) for the owner only (0700 on unix) where it is new.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
	let mut builder = fs::DirBuilder::new();
	builder.recursive(true);
	#[cfg(unix)]
	std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
	builder.create(dir)
}

/// Write `bytes` to `path` so that a crash leaves either the old file or the new one; the file
/// is the owner's only from its first byte (see [`create_private`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
	let dir = path
		.parent()
		.ok_or_else(|| Error::Corrupt(format!("{} has no folder", path.display())))?;
	let tmp = dir.join(format!(
		".{}.tmp-{:016x}",
		path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
		rand::thread_rng().next_u64()
	));
	let mut file = create_private(&tmp).map_err(io(&tmp))?;
	file.write_all(bytes).map_err(io(&tmp))?;
	file.sync_all().map_err(io(&tmp))?;
	drop(file);
	fs::rename(&tmp, path).map_err(io(path))?;
	fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))?;
	Ok(())
}

/// How old a leftover temporary file beside a running `serve` must be to be swept.
const STALE_LEFTOVER: std::time::Duration = std::time::Duration::from_secs(600);

/// Whether `path` is a temporary file [`write_atomic`] left behind (`.<name>.tmp-<random>`).
fn is_leftover(path: &Path) -> bool {
	path.file_name()
		.and_then(|n| n.to_str())
		.is_some_and(|name| name.starts_with('.') && name.contains(".tmp-"))
}

/// What the member key seals for each item.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ItemInfo {
	/// The item's id (hex).
	pub id: String,
	/// The co-op it is kept for. `None` for an item imported before stores kept co-ops apart:
	/// it is served to nobody and in no commitment until the member assigns it
	/// ([`Store::assign`]).
	#[serde(default)]
	pub coop: Option<u32>,
	/// Its data category code.
	pub category: u16,
	/// The name it was imported under.
	pub name: String,
	/// Its size in bytes.
	pub size: u64,
	/// The random salt of its commitment leaf (hex).
	pub salt: String,
	/// Its commitment leaf, `blake2_256(salt ++ blake2_256(data))` (hex).
	pub leaf: String,
}

#[derive(Serialize, Deserialize)]
struct ItemKey {
	key: String,
	info: ItemInfo,
}

/// A commitment to the items of one category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Commitment {
	/// The root bound to the count ([`merkle::root`]).
	pub root: [u8; 32],
	/// Number of items.
	pub items: u32,
	/// Total bytes.
	pub bytes: u64,
}

fn hash32(text: &str, what: &str) -> Result<[u8; 32], Error> {
	unhex(text)?
		.try_into()
		.map_err(|_| Error::Corrupt(format!("{what} is not 32 bytes")))
}

fn unhex(text: &str) -> Result<Vec<u8>, Error> {
	hex::decode(text).map_err(|_| Error::Corrupt(format!("bad hex {text}")))
}

fn seal(key: &[u8; 32], plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error> {
	let cipher = ChaCha20Poly1305::new(Key::from_slice(key));
	let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
	let sealed = cipher
		.encrypt(&nonce, Payload { msg: plaintext, aad })
		.map_err(|_| Error::Corrupt("encryption failed".into()))?;
	Ok([nonce.as_slice(), &sealed].concat())
}

fn open(key: &[u8; 32], sealed: &[u8], aad: &[u8], path: &Path) -> Result<Vec<u8>, Error> {
	if sealed.len() < 12 {
		return Err(Error::Decrypt(path.to_path_buf()));
	}
	let (nonce, body) = sealed.split_at(12);
	ChaCha20Poly1305::new(Key::from_slice(key))
		.decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad })
		.map_err(|_| Error::Decrypt(path.to_path_buf()))
}

/// A consent receipt the store keeps: its hash (as on chain) and the document.
pub type KeptReceipt = ([u8; 32], Vec<u8>);

/// An open store.
pub struct Store {
	dir: PathBuf,
	member_key: [u8; 32],
	items: BTreeMap<String, ItemInfo>,
	/// `store.lock`, held shared while the store is open: a key rotation takes it exclusively,
	/// so it never runs beside a process that would still seal under the old key.
	lock: fs::File,
}

/// Take `lock` (held shared) exclusively for `what`, or say that another process has the store
/// open. A failed attempt has let go of the shared lock (flock converts by unlocking first), so
/// it is taken again.
fn exclusive(lock: &fs::File, dir: &Path, what: &str) -> Result<(), Error> {
	if lock.try_lock().is_ok() {
		return Ok(());
	}
	lock.lock_shared().map_err(io(dir))?;
	Err(Error::Input(format!(
		"another process has the store in {} open (serve, import, …): stop it, then {what}",
		dir.display()
	)))
}

/// Whether `id` has the form of an item id this store gives out: 32 lowercase hex digits (16
/// random bytes). A buyer's client uses it to refuse ids a store should never send.
pub fn is_item_id(id: &str) -> bool {
	id.len() == 32 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The files sealed under the member key: every item's key file and every kept receipt, with
/// the associated data each is sealed with (the item id, the receipt's hash).
fn sealed_files(dir: &Path) -> Result<Vec<(PathBuf, String)>, Error> {
	let mut found = Vec::new();
	for (sub, extension) in [("keys", "key"), ("receipts", "receipt")] {
		let folder = dir.join(sub);
		let Ok(entries) = fs::read_dir(&folder) else { continue };
		for entry in entries {
			let path = entry.map_err(io(&folder))?.path();
			if path.extension().and_then(|e| e.to_str()) != Some(extension) {
				continue;
			}
			let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
			found.push((path, name));
		}
	}
	Ok(found)
}

/// Finish replacing the member key `current` of the store in `dir` by `next` (whose wrapped
/// form is already in `member.key.next`): every sealed file not yet under `next` is re-sealed
/// under it, one atomic write each, and only then does `member.key.next` become `member.key`.
/// A crash at any point leaves every file under one of the two keys, both on disk: opening the
/// store again finishes the job.
fn finish_rotation(dir: &Path, current: &[u8; 32], next: &[u8; 32]) -> Result<usize, Error> {
	let mut resealed = 0;
	for (path, aad) in sealed_files(dir)? {
		let sealed = fs::read(&path).map_err(io(&path))?;
		if open(next, &sealed, aad.as_bytes(), &path).is_ok() {
			continue;
		}
		let plain = open(current, &sealed, aad.as_bytes(), &path)?;
		write_atomic(&path, &seal(next, &plain, aad.as_bytes())?)?;
		resealed += 1;
	}
	let (from, to) = (dir.join("member.key.next"), dir.join("member.key"));
	fs::rename(&from, &to).map_err(io(&to))?;
	fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))?;
	Ok(resealed)
}

impl Store {
	/// Create a new store in `dir` with a fresh random member key, wrapped under `passphrase`.
	pub fn init(dir: &Path, passphrase: &str) -> Result<Self, Error> {
		let key_path = dir.join("member.key");
		if key_path.exists() {
			return Err(Error::AlreadyAStore(dir.to_path_buf()));
		}
		let mut key = [0u8; 32];
		OsRng.fill_bytes(&mut key);
		let wrapped = member_key::wrap(&key, passphrase, member_key::Cost::default())?;
		for sub in ["items", "keys"] {
			create_private_dir(&dir.join(sub)).map_err(io(dir))?;
		}
		write_atomic(&key_path, &wrapped)?;
		Self::open(dir, Some(passphrase))
	}

	/// Whether the member key of the store in `dir` is wrapped under a passphrase (`false` for
	/// a key from before wrapping); an error if `dir` is not a store.
	pub fn is_wrapped(dir: &Path) -> Result<bool, Error> {
		let key =
			fs::read(dir.join("member.key")).map_err(|_| Error::NotAStore(dir.to_path_buf()))?;
		Ok(member_key::is_wrapped(&key))
	}

	/// Wrap the member key of the store in `dir` under `new` (opened with `old`, which a key from
	/// before wrapping does not need): to set or change the passphrase. Nothing else changes.
	pub fn set_passphrase(dir: &Path, old: Option<&str>, new: &str) -> Result<(), Error> {
		if dir.join("member.key.next").exists() {
			return Err(Error::Input(
				"a key rotation is unfinished: open the store (any command) to finish it first"
					.into(),
			));
		}
		let key_path = dir.join("member.key");
		let bytes = fs::read(&key_path).map_err(|_| Error::NotAStore(dir.to_path_buf()))?;
		let key = member_key::unwrap(&bytes, old, &key_path)?;
		write_atomic(&key_path, &member_key::wrap(&key, new, member_key::Cost::default())?)
	}

	/// Replace the member key with a fresh one, wrapped under the store's own `passphrase`:
	/// every item key file and kept receipt is re-sealed under it; the items' data and their
	/// item keys stay as they are (re-encrypting the data is what rotation avoids). An old copy
	/// of `member.key`, even with its passphrase, opens none of the current key files; whoever
	/// also copied the key files themselves before the rotation still opens the items those
	/// named. Only while no other process has the store open; crash-safe (see
	/// [`finish_rotation`]). Returns the files re-sealed.
	pub fn rotate(&mut self, passphrase: &str) -> Result<usize, Error> {
		let key_path = self.dir.join("member.key");
		let bytes = fs::read(&key_path).map_err(io(&key_path))?;
		if !member_key::is_wrapped(&bytes) {
			return Err(Error::Input(
				"the member key is not wrapped yet: set a passphrase first (`passphrase`)".into(),
			));
		}
		if member_key::unwrap(&bytes, Some(passphrase), &key_path)? != self.member_key {
			return Err(Error::Passphrase(format!("{}: not this store's key", key_path.display())));
		}
		exclusive(&self.lock, &self.dir, "rotate the key")?;
		let mut next = [0u8; 32];
		OsRng.fill_bytes(&mut next);
		let rotated = member_key::wrap(&next, passphrase, member_key::Cost::default())
			.and_then(|wrapped| write_atomic(&self.dir.join("member.key.next"), &wrapped))
			.and_then(|()| finish_rotation(&self.dir, &self.member_key, &next));
		let shared = self.lock.lock_shared().map_err(io(&self.dir));
		let resealed = rotated?;
		shared?;
		self.member_key = next;
		Ok(resealed)
	}

	/// Open the store in `dir` with `passphrase` (which a key from before wrapping does not
	/// need): finish a key rotation a crash interrupted, sweep leftovers of interrupted writes,
	/// drop item files whose key never landed, and read every item's sealed information.
	pub fn open(dir: &Path, passphrase: Option<&str>) -> Result<Self, Error> {
		let key_path = dir.join("member.key");
		let key = fs::read(&key_path).map_err(|_| Error::NotAStore(dir.to_path_buf()))?;
		let mut member_key = member_key::unwrap(&key, passphrase, &key_path)?;
		let lock_path = dir.join("store.lock");
		let lock = append_private(&lock_path).map_err(io(&lock_path))?;
		lock.lock_shared().map_err(io(&lock_path))?;
		let next_path = dir.join("member.key.next");
		if let Ok(next) = fs::read(&next_path) {
			let next = member_key::unwrap(&next, passphrase, &next_path)?;
			exclusive(&lock, dir, "open it again to finish the key rotation")?;
			finish_rotation(dir, &member_key, &next)?;
			lock.lock_shared().map_err(io(&lock_path))?;
			member_key = next;
		}
		for sub in ["items", "keys"] {
			let folder = dir.join(sub);
			for entry in fs::read_dir(&folder).map_err(io(&folder))? {
				let path = entry.map_err(io(&folder))?.path();
				if is_leftover(&path) {
					fs::remove_file(&path).map_err(io(&path))?;
				}
			}
		}
		// The folder itself and the receipts: a running `serve` writes its journals and ledger
		// here, so only leftovers old enough not to be a write in progress go.
		for folder in [dir.to_path_buf(), dir.join("receipts")] {
			let Ok(entries) = fs::read_dir(&folder) else { continue };
			for entry in entries {
				let path = entry.map_err(io(&folder))?.path();
				let old = fs::metadata(&path)
					.and_then(|m| m.modified())
					.ok()
					.and_then(|at| at.elapsed().ok())
					.is_some_and(|age| age > STALE_LEFTOVER);
				if old && is_leftover(&path) {
					fs::remove_file(&path).map_err(io(&path))?;
				}
			}
		}
		let items = Self::read_items(dir, &member_key)?;
		let folder = dir.join("items");
		for entry in fs::read_dir(&folder).map_err(io(&folder))? {
			let path = entry.map_err(io(&folder))?.path();
			let id = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
			if !items.contains_key(id) {
				// Written before a crash, but its key never landed: it was never imported.
				fs::remove_file(&path).map_err(io(&path))?;
			}
		}
		Ok(Self { dir: dir.to_path_buf(), member_key, items, lock })
	}

	/// Every item whose key file is in place, from the sealed key files.
	fn read_items(dir: &Path, member_key: &[u8; 32]) -> Result<BTreeMap<String, ItemInfo>, Error> {
		let mut items = BTreeMap::new();
		let keys = dir.join("keys");
		for entry in fs::read_dir(&keys).map_err(io(&keys))? {
			let path = entry.map_err(io(&keys))?.path();
			let Some(id) = path.file_stem().and_then(|s| s.to_str()).map(str::to_string) else {
				continue;
			};
			if path.extension().and_then(|e| e.to_str()) != Some("key") {
				continue;
			}
			let sealed = match fs::read(&path) {
				Ok(sealed) => sealed,
				// Deleted since the listing, by a `delete` in another process.
				Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
				Err(e) => return Err(io(&path)(e)),
			};
			let plain = open(member_key, &sealed, id.as_bytes(), &path)?;
			let item: ItemKey = serde_json::from_slice(&plain)
				.map_err(|e| Error::Corrupt(format!("{}: {e}", path.display())))?;
			items.insert(id, item.info);
		}
		Ok(items)
	}

	/// Read the items again, to see what another process (`import` beside a running `serve`)
	/// added or deleted. Unlike [`Store::open`] it sweeps nothing, so it never touches a write
	/// in progress.
	pub fn reload(&mut self) -> Result<(), Error> {
		self.items = Self::read_items(&self.dir, &self.member_key)?;
		Ok(())
	}

	/// Import `data` as an item of `category` kept for co-op `coop`, named `name`; returns its
	/// information.
	pub fn import(
		&mut self,
		coop: u32,
		category: u16,
		name: &str,
		data: &[u8],
	) -> Result<ItemInfo, Error> {
		let mut id = [0u8; 16];
		OsRng.fill_bytes(&mut id);
		let id = hex::encode(id);
		let mut item_key = [0u8; 32];
		OsRng.fill_bytes(&mut item_key);
		let mut salt = [0u8; 32];
		OsRng.fill_bytes(&mut salt);
		let leaf = merkle::leaf(&salt, data);
		let info = ItemInfo {
			id: id.clone(),
			coop: Some(coop),
			category,
			name: name.to_string(),
			size: data.len() as u64,
			salt: hex::encode(salt),
			leaf: hex::encode(leaf),
		};
		// The item first, then its key: the key file landing is what makes the item exist.
		write_atomic(&self.item_path(&id), &seal(&item_key, data, id.as_bytes())?)?;
		self.seal_key(&ItemKey { key: hex::encode(item_key), info: info.clone() })?;
		self.items.insert(id, info.clone());
		Ok(info)
	}

	/// Write `item`'s key file, sealed under the member key: what makes the item exist.
	fn seal_key(&self, item: &ItemKey) -> Result<(), Error> {
		let id = item.info.id.as_bytes();
		let plain = serde_json::to_vec(item).map_err(|e| Error::Corrupt(e.to_string()))?;
		write_atomic(&self.key_path(&item.info.id), &seal(&self.member_key, &plain, id)?)
	}

	/// The sealed key file of item `id`.
	fn item_key(&self, id: &str) -> Result<ItemKey, Error> {
		if !self.items.contains_key(id) {
			return Err(Error::UnknownItem(id.into()));
		}
		let key_path = self.key_path(id);
		let sealed = fs::read(&key_path).map_err(io(&key_path))?;
		let plain = open(&self.member_key, &sealed, id.as_bytes(), &key_path)?;
		serde_json::from_slice(&plain).map_err(|e| Error::Corrupt(e.to_string()))
	}

	/// Keep item `id` for co-op `coop` from now on: what an item imported before stores kept
	/// co-ops apart needs before it is served or committed to. Only its sealed key file is
	/// rewritten (atomically), not its data. The commitments of both co-ops change: register
	/// them again.
	pub fn assign(&mut self, id: &str, coop: u32) -> Result<ItemInfo, Error> {
		let mut item = self.item_key(id)?;
		item.info.coop = Some(coop);
		self.seal_key(&item)?;
		self.items.insert(id.to_string(), item.info.clone());
		Ok(item.info)
	}

	/// The items, by id.
	pub fn items(&self) -> impl Iterator<Item = &ItemInfo> {
		self.items.values()
	}

	/// The decrypted content of item `id`.
	pub fn read(&self, id: &str) -> Result<Vec<u8>, Error> {
		let item = self.item_key(id)?;
		let key: [u8; 32] = unhex(&item.key)?
			.try_into()
			.map_err(|_| Error::Corrupt("item key is not 32 bytes".into()))?;
		let path = self.item_path(id);
		let sealed = fs::read(&path).map_err(io(&path))?;
		open(&key, &sealed, id.as_bytes(), &path)
	}

	/// Delete item `id`: its key first (after that it cannot be decrypted, and its salt is
	/// gone), then its ciphertext.
	pub fn delete(&mut self, id: &str) -> Result<(), Error> {
		if self.items.remove(id).is_none() {
			return Err(Error::UnknownItem(id.into()));
		}
		let key_path = self.key_path(id);
		fs::remove_file(&key_path).map_err(io(&key_path))?;
		fs::File::open(self.dir.join("keys"))
			.and_then(|d| d.sync_all())
			.map_err(io(&key_path))?;
		let path = self.item_path(id);
		fs::remove_file(&path).map_err(io(&path))?;
		Ok(())
	}

	/// The items kept for `coop` in `category`: all a grant of that co-op may ever be served.
	pub fn kept_for(&self, coop: u32, category: u16) -> impl Iterator<Item = &ItemInfo> {
		self.items
			.values()
			.filter(move |i| i.coop == Some(coop) && i.category == category)
	}

	/// The leaves of the items kept for `coop` in `category`, with their total size.
	fn leaves(&self, coop: u32, category: u16) -> Result<(Vec<[u8; 32]>, u64), Error> {
		let mut leaves = Vec::new();
		let mut bytes = 0u64;
		for item in self.kept_for(coop, category) {
			leaves.push(hash32(&item.leaf, "leaf")?);
			bytes = bytes.saturating_add(item.size);
		}
		Ok((leaves, bytes))
	}

	/// The commitment to the items kept for `coop` in `category` (see [`merkle`]).
	pub fn commitment(&self, coop: u32, category: u16) -> Result<Commitment, Error> {
		let (leaves, bytes) = self.leaves(coop, category)?;
		let items = u32::try_from(leaves.len())
			.map_err(|_| Error::Corrupt("more than 4,294,967,295 items".into()))?;
		let root = merkle::root(leaves).unwrap_or_default();
		Ok(Commitment { root, items, bytes })
	}

	/// The place of item `id` in its co-op's commitment to its category, which a buyer checks
	/// it against.
	pub fn proof(&self, id: &str) -> Result<merkle::Proof, Error> {
		let info = self.items.get(id).ok_or_else(|| Error::UnknownItem(id.into()))?;
		let coop = info
			.coop
			.ok_or_else(|| Error::Input(format!("item {id} is kept for no co-op: assign it")))?;
		let (leaves, _) = self.leaves(coop, info.category)?;
		merkle::prove(leaves, &hash32(&info.leaf, "leaf")?, &hash32(&info.salt, "salt")?)
			.ok_or_else(|| Error::Corrupt(format!("item {id} is not in its own tree")))
	}

	/// Keep a consent receipt `document`, sealed under the member key as
	/// `receipts/<blake2-256 hex>.receipt`; returns its hash, the one `consent.give` takes.
	pub fn keep_receipt(&self, document: &[u8]) -> Result<[u8; 32], Error> {
		let hash = sp_crypto_hashing::blake2_256(document);
		let folder = self.dir.join("receipts");
		create_private_dir(&folder).map_err(io(&folder))?;
		let name = hex::encode(hash);
		write_atomic(
			&folder.join(format!("{name}.receipt")),
			&seal(&self.member_key, document, name.as_bytes())?,
		)?;
		Ok(hash)
	}

	/// The kept consent receipts: hash and document, by hash.
	pub fn receipts(&self) -> Result<Vec<KeptReceipt>, Error> {
		let folder = self.dir.join("receipts");
		let Ok(entries) = fs::read_dir(&folder) else { return Ok(Vec::new()) };
		let mut found = Vec::new();
		for entry in entries {
			let path = entry.map_err(io(&folder))?.path();
			if path.extension().and_then(|e| e.to_str()) != Some("receipt") {
				continue;
			}
			let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
			let document = open(
				&self.member_key,
				&fs::read(&path).map_err(io(&path))?,
				name.as_bytes(),
				&path,
			)?;
			let hash = sp_crypto_hashing::blake2_256(&document);
			if hex::encode(hash) != name {
				return Err(Error::Decrypt(path));
			}
			found.push((hash, document));
		}
		found.sort();
		Ok(found)
	}

	/// Write every item in the clear under `dest/<co-op>/<category>/<id>-<name>` (`unassigned`
	/// for an item kept for no co-op), with `manifest.json` listing ids, co-ops, categories,
	/// names, sizes, salts and leaves.
	pub fn export(&self, dest: &Path) -> Result<usize, Error> {
		create_private_dir(dest).map_err(io(dest))?;
		for item in self.items.values() {
			let coop = item.coop.map_or_else(|| "unassigned".to_string(), |c| c.to_string());
			let folder = dest.join(coop).join(item.category.to_string());
			create_private_dir(&folder).map_err(io(&folder))?;
			let safe: String =
				item.name
					.chars()
					.map(|c| {
						if c.is_alphanumeric() || c == '.' || c == '-' || c == '_' {
							c
						} else {
							'_'
						}
					})
					.collect();
			write_atomic(&folder.join(format!("{}-{safe}", item.id)), &self.read(&item.id)?)?;
		}
		let receipts = self.receipts()?;
		if !receipts.is_empty() {
			let folder = dest.join("receipts");
			create_private_dir(&folder).map_err(io(&folder))?;
			for (hash, document) in &receipts {
				write_atomic(&folder.join(hex::encode(hash)), document)?;
			}
		}
		let items: Vec<&ItemInfo> = self.items.values().collect();
		let manifest = serde_json::to_vec_pretty(&serde_json::json!({ "items": items, "receipts": receipts.iter().map(|(h, _)| hex::encode(h)).collect::<Vec<_>>() }))
			.map_err(|e| Error::Corrupt(e.to_string()))?;
		write_atomic(&dest.join("manifest.json"), &manifest)?;
		Ok(items.len())
	}

	fn item_path(&self, id: &str) -> PathBuf {
		self.dir.join("items").join(format!("{id}.item"))
	}

	fn key_path(&self, id: &str) -> PathBuf {
		self.dir.join("keys").join(format!("{id}.key"))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const PASS: &str = "correct horse battery staple";

	fn temp(name: &str) -> PathBuf {
		let dir = std::env::temp_dir().join(format!(
			"store-{name}-{}-{:x}",
			std::process::id(),
			rand::random::<u32>()
		));
		let _ = fs::remove_dir_all(&dir);
		dir
	}

	#[cfg(unix)]
	#[test]
	fn every_file_is_the_owners_only_and_so_is_the_folder() {
		use std::os::unix::fs::PermissionsExt;
		let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
		let dir = temp("private");
		let mut store = Store::init(&dir, PASS).unwrap();
		let item = store.import(0, 1, "hr.csv", b"heart rate 72").unwrap();
		assert_eq!(mode(&dir), 0o700);
		for sub in ["items", "keys"] {
			assert_eq!(mode(&dir.join(sub)), 0o700, "{sub}");
		}
		assert_eq!(mode(&dir.join("member.key")), 0o600);
		for sub in ["items", "keys"] {
			for entry in fs::read_dir(dir.join(sub)).unwrap() {
				let path = entry.unwrap().path();
				assert_eq!(mode(&path), 0o600, "{}", path.display());
			}
		}
		assert!(item.id.len() == 32);
		store.keep_receipt(b"a consent receipt").unwrap();
		assert_eq!(mode(&dir.join("receipts")), 0o700);
		let export = dir.join("export");
		store.export(&export).unwrap();
		assert_eq!(mode(&export), 0o700);
		assert_eq!(mode(&export.join("0")), 0o700);
		assert_eq!(mode(&export.join("0").join("1")), 0o700);
		// Whatever writes it, and whatever the umask allows.
		let other = dir.join("anything.json");
		write_atomic(&other, b"{}").unwrap();
		assert_eq!(mode(&other), 0o600);
		let _ = fs::remove_dir_all(&dir);
	}

	#[test]
	fn items_are_encrypted_at_rest_and_read_back() {
		let dir = temp("rest");
		let mut store = Store::init(&dir, PASS).unwrap();
		let secret = b"heart rate 72 bpm, 2026-11-22T08:00";
		let item = store.import(0, 1, "hr.csv", secret).unwrap();
		for sub in ["items", "keys"] {
			for entry in fs::read_dir(dir.join(sub)).unwrap() {
				let bytes = fs::read(entry.unwrap().path()).unwrap();
				assert!(!bytes.windows(10).any(|w| w == &secret[..10]), "plaintext in {sub}");
				assert!(!String::from_utf8_lossy(&bytes).contains("hr.csv"), "metadata in {sub}");
			}
		}
		let reopened = Store::open(&dir, Some(PASS)).unwrap();
		assert_eq!(reopened.read(&item.id).unwrap(), secret);
		assert_eq!(reopened.items().count(), 1);
	}

	#[test]
	fn a_wrong_member_key_or_tampering_is_detected() {
		let dir = temp("tamper");
		let mut store = Store::init(&dir, PASS).unwrap();
		let item = store.import(0, 1, "a", b"data").unwrap();
		let path = dir.join("items").join(format!("{}.item", item.id));
		let mut bytes = fs::read(&path).unwrap();
		let last = bytes.len() - 1;
		bytes[last] ^= 1;
		fs::write(&path, bytes).unwrap();
		assert!(matches!(store.read(&item.id), Err(Error::Decrypt(_))));
		fs::write(dir.join("member.key"), [7u8; 32]).unwrap();
		assert!(matches!(Store::open(&dir, Some(PASS)), Err(Error::Decrypt(_))));
	}

	#[test]
	fn deleting_shreds_the_item_even_if_a_copy_of_its_ciphertext_survives() {
		let dir = temp("shred");
		let mut store = Store::init(&dir, PASS).unwrap();
		let item = store.import(0, 1, "a", b"private").unwrap();
		let copy = fs::read(dir.join("items").join(format!("{}.item", item.id))).unwrap();
		store.delete(&item.id).unwrap();
		assert!(matches!(store.read(&item.id), Err(Error::UnknownItem(_))));
		assert!(matches!(store.delete(&item.id), Err(Error::UnknownItem(_))));
		// The only key that opened the copy was in the deleted key file; the member key does not.
		assert!(open(&store.member_key, &copy, item.id.as_bytes(), &dir).is_err());
		assert_eq!(fs::read_dir(dir.join("keys")).unwrap().count(), 0);
		assert_eq!(fs::read_dir(dir.join("items")).unwrap().count(), 0);
	}

	fn leaves_of_nothing() -> Vec<[u8; 32]> {
		Vec::new()
	}

	#[test]
	fn commitments_follow_the_data_and_not_the_import_order() {
		let (a, b) = (temp("c1"), temp("c2"));
		let mut first = Store::init(&a, PASS).unwrap();
		let one = first.import(0, 1, "one", b"1").unwrap();
		first.import(0, 1, "two", b"22").unwrap();
		first.import(0, 2, "other", b"333").unwrap();
		let c = first.commitment(0, 1).unwrap();
		assert_eq!((c.items, c.bytes), (2, 3));
		// Salts are random: the same data in another store commits to another root.
		let mut second = Store::init(&b, PASS).unwrap();
		second.import(0, 1, "one", b"1").unwrap();
		second.import(0, 1, "two", b"22").unwrap();
		assert_ne!(second.commitment(0, 1).unwrap().root, c.root);
		// The root is over sorted leaves: the same leaves in any order give the same root.
		let leaves: Vec<[u8; 32]> = first
			.kept_for(0, 1)
			.map(|i| unhex(&i.leaf).unwrap().try_into().unwrap())
			.collect();
		let reversed: Vec<[u8; 32]> = leaves.iter().rev().copied().collect();
		assert_eq!(merkle::root(leaves), merkle::root(reversed));
		assert_eq!(merkle::root(leaves_of_nothing()), Some(merkle::bound_root(0, &[0; 32])));
		// Every item proves against the commitment, with its data.
		for item in first.kept_for(0, 1) {
			let proof = first.proof(&item.id).unwrap();
			let data = first.read(&item.id).unwrap();
			assert!(merkle::verify(&c.root, c.items, &data, &proof).is_ok());
		}
		first.delete(&one.id).unwrap();
		let after = first.commitment(0, 1).unwrap();
		assert_ne!(after.root, c.root);
		assert_eq!((after.items, after.bytes), (1, 2));
	}

	#[test]
	fn leftovers_of_an_interrupted_import_are_swept() {
		let dir = temp("sweep");
		let mut store = Store::init(&dir, PASS).unwrap();
		let kept = store.import(0, 1, "kept", b"kept").unwrap();
		// A crash after the item landed but before its key: the item never existed.
		fs::write(dir.join("items").join("deadbeef.item"), b"orphan").unwrap();
		// A crash in the middle of writing a file: a temporary file.
		fs::write(dir.join("keys").join(".x.key.tmp-0000000000000001"), b"half").unwrap();
		// A secret half-written in the folder itself: swept once it is old, kept while it may
		// still be a write in progress.
		let fresh = dir.join(".nonces.log.tmp-0000000000000002");
		let stale = dir.join(".member.key.tmp-0000000000000003");
		for path in [&fresh, &stale] {
			fs::write(path, b"secret").unwrap();
		}
		let long_ago = std::time::SystemTime::now() - 2 * STALE_LEFTOVER;
		fs::File::options()
			.write(true)
			.open(&stale)
			.unwrap()
			.set_modified(long_ago)
			.unwrap();
		let store = Store::open(&dir, Some(PASS)).unwrap();
		assert_eq!(store.items().map(|i| i.id.clone()).collect::<Vec<_>>(), vec![kept.id.clone()]);
		assert!(!dir.join("items").join("deadbeef.item").exists());
		assert!(fresh.exists() && !stale.exists());
		assert_eq!(fs::read_dir(dir.join("keys")).unwrap().count(), 1);
		assert_eq!(store.read(&kept.id).unwrap(), b"kept");
	}

	#[test]
	fn export_writes_everything_with_a_manifest() {
		let (dir, out) = (temp("export"), temp("out"));
		let mut store = Store::init(&dir, PASS).unwrap();
		store.import(0, 1, "hr 1.csv", b"72").unwrap();
		store.import(0, 3, "earnings.json", b"{}").unwrap();
		assert_eq!(store.export(&out).unwrap(), 2);
		let manifest: serde_json::Value =
			serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
		assert_eq!(manifest["items"].as_array().unwrap().len(), 2);
		let files: Vec<_> = fs::read_dir(out.join("0").join("1"))
			.unwrap()
			.map(|e| e.unwrap().path())
			.collect();
		assert_eq!(fs::read(&files[0]).unwrap(), b"72");
		assert!(matches!(Store::init(&dir, PASS), Err(Error::AlreadyAStore(_))));
		assert!(matches!(Store::open(&out.join("0"), Some(PASS)), Err(Error::NotAStore(_))));
	}

	/// A member of two co-ops keeps data of the same category for each: each co-op's
	/// commitment, proofs and listing cover its own items only, so a grant of one co-op is
	/// never served the other's.
	#[test]
	fn co_ops_are_kept_apart_under_the_same_category() {
		let dir = temp("coops");
		let mut store = Store::init(&dir, PASS).unwrap();
		let for_a = store.import(0, 1, "a.csv", b"for co-op 0").unwrap();
		let for_b = store.import(7, 1, "b.csv", b"for co-op 7, same category").unwrap();
		let ids = |coop| store.kept_for(coop, 1).map(|i| i.id.clone()).collect::<Vec<_>>();
		assert_eq!(ids(0), vec![for_a.id.clone()]);
		assert_eq!(ids(7), vec![for_b.id.clone()]);
		let (a, b) = (store.commitment(0, 1).unwrap(), store.commitment(7, 1).unwrap());
		assert_eq!((a.items, b.items), (1, 1));
		assert_ne!(a.root, b.root);
		// Each item proves against its own co-op's commitment only.
		let proof = store.proof(&for_b.id).unwrap();
		let data = store.read(&for_b.id).unwrap();
		assert!(merkle::verify(&b.root, b.items, &data, &proof).is_ok());
		assert!(merkle::verify(&a.root, a.items, &data, &proof).is_err());
		// The co-op is sealed with the item: it survives a reopen.
		let reopened = Store::open(&dir, Some(PASS)).unwrap();
		assert_eq!(reopened.kept_for(7, 1).count(), 1);
		assert_eq!(reopened.commitment(7, 1).unwrap(), b);
	}

	/// An item imported before stores kept co-ops apart has no co-op: it is kept, read and
	/// exported, but served to no grant and in no commitment until the member assigns it.
	#[test]
	fn an_item_of_no_co_op_is_kept_but_served_nowhere_until_assigned() {
		let dir = temp("legacy");
		let mut store = Store::init(&dir, PASS).unwrap();
		let item = store.import(0, 1, "old.csv", b"from before").unwrap();
		// Rewrite its key file as the old layout had it: no `coop` field.
		let mut sealed = store.item_key(&item.id).unwrap();
		sealed.info.coop = None;
		let mut plain = serde_json::to_value(&sealed).unwrap();
		plain["info"].as_object_mut().unwrap().remove("coop");
		let plain = serde_json::to_vec(&plain).unwrap();
		let path = store.key_path(&item.id);
		write_atomic(&path, &seal(&store.member_key, &plain, item.id.as_bytes()).unwrap()).unwrap();
		let mut store = Store::open(&dir, Some(PASS)).unwrap();
		assert_eq!(store.items().next().unwrap().coop, None);
		assert_eq!(store.read(&item.id).unwrap(), b"from before");
		assert_eq!(store.kept_for(0, 1).count(), 0);
		assert_eq!(store.commitment(0, 1).unwrap().items, 0);
		assert!(matches!(store.proof(&item.id), Err(Error::Input(_))));
		let out = dir.join("export");
		assert_eq!(store.export(&out).unwrap(), 1);
		assert!(out.join("unassigned").join("1").is_dir());
		// Assigned, it is the co-op's, and its data is untouched.
		let before = fs::read(store.item_path(&item.id)).unwrap();
		assert_eq!(store.assign(&item.id, 0).unwrap().coop, Some(0));
		assert_eq!(fs::read(store.item_path(&item.id)).unwrap(), before);
		let store = Store::open(&dir, Some(PASS)).unwrap();
		assert_eq!(store.commitment(0, 1).unwrap().items, 1);
		assert!(store.proof(&item.id).is_ok());
		assert!(matches!(
			Store::open(&dir, Some(PASS)).unwrap().assign("nope", 0),
			Err(Error::UnknownItem(_))
		));
	}

	/// A copy of the folder alone decrypts nothing: the member key is wrapped, and opens with
	/// the passphrase only; a store from before wrapping opens without one until it is
	/// wrapped, and the passphrase can be changed.
	#[test]
	fn the_member_key_is_wrapped_under_the_passphrase() {
		let dir = temp("wrapped");
		let mut store = Store::init(&dir, PASS).unwrap();
		let item = store.import(0, 1, "hr.csv", b"heart rate 72").unwrap();
		let key_file = fs::read(dir.join("member.key")).unwrap();
		assert!(member_key::is_wrapped(&key_file) && Store::is_wrapped(&dir).unwrap());
		assert!(!key_file.windows(32).any(|w| w == store.member_key), "the key is not in it");
		assert!(matches!(Store::open(&dir, None), Err(Error::Passphrase(_))));
		assert!(matches!(Store::open(&dir, Some("guess")), Err(Error::Passphrase(_))));
		assert!(matches!(Store::init(&temp("empty"), ""), Err(Error::Input(_))));
		Store::set_passphrase(&dir, Some(PASS), "another one").unwrap();
		assert!(matches!(Store::open(&dir, Some(PASS)), Err(Error::Passphrase(_))));
		assert_eq!(
			Store::open(&dir, Some("another one")).unwrap().read(&item.id).unwrap(),
			b"heart rate 72"
		);
		// A store from before wrapping: its raw key opens without a passphrase, then is wrapped.
		fs::write(dir.join("member.key"), store.member_key).unwrap();
		assert!(!Store::is_wrapped(&dir).unwrap());
		assert!(Store::open(&dir, None).is_ok());
		Store::set_passphrase(&dir, None, PASS).unwrap();
		assert!(matches!(Store::open(&dir, None), Err(Error::Passphrase(_))));
		assert_eq!(Store::open(&dir, Some(PASS)).unwrap().items().count(), 1);
	}

	/// Rotating the member key re-seals every item key and receipt under a new one without
	/// touching the items' data; the old key opens none of them afterwards; a rotation cut
	/// short by a crash is finished by the next open, with nothing lost.
	#[test]
	fn rotating_the_member_key_reseals_keys_not_data_and_survives_a_crash() {
		let dir = temp("rotate");
		let mut store = Store::init(&dir, PASS).unwrap();
		let items: Vec<ItemInfo> = (0..4)
			.map(|i| store.import(0, 1, &format!("f{i}"), &[i; 100]).unwrap())
			.collect();
		store.keep_receipt(b"a consent receipt").unwrap();
		let data_before: Vec<Vec<u8>> =
			items.iter().map(|i| fs::read(store.item_path(&i.id)).unwrap()).collect();
		let old = store.member_key;
		assert_eq!(store.rotate(PASS).unwrap(), 5);
		assert_ne!(store.member_key, old);
		for (item, before) in items.iter().zip(&data_before) {
			assert_eq!(&fs::read(store.item_path(&item.id)).unwrap(), before, "data untouched");
			let sealed = fs::read(store.key_path(&item.id)).unwrap();
			assert!(open(&old, &sealed, item.id.as_bytes(), &dir).is_err(), "old key useless");
		}
		// Not beside another open store, which would still seal under the key it holds.
		let reopened = Store::open(&dir, Some(PASS)).unwrap();
		assert!(matches!(store.rotate(PASS), Err(Error::Input(_))));
		assert!(matches!(store.rotate("not it"), Err(Error::Passphrase(_))));
		drop(store);
		assert_eq!(reopened.read(&items[3].id).unwrap(), vec![3; 100]);
		assert_eq!(reopened.receipts().unwrap().len(), 1);
		assert!(!dir.join("member.key.next").exists());
		// A crash half-way: the next key is on disk and two files are re-sealed under it.
		let current = reopened.member_key;
		let mut next = [0u8; 32];
		OsRng.fill_bytes(&mut next);
		let wrapped = member_key::wrap(&next, PASS, member_key::Cost::default()).unwrap();
		write_atomic(&dir.join("member.key.next"), &wrapped).unwrap();
		for item in &items[..2] {
			let path = reopened.key_path(&item.id);
			let plain =
				open(&current, &fs::read(&path).unwrap(), item.id.as_bytes(), &dir).unwrap();
			write_atomic(&path, &seal(&next, &plain, item.id.as_bytes()).unwrap()).unwrap();
		}
		assert!(matches!(Store::set_passphrase(&dir, Some(PASS), "x"), Err(Error::Input(_))));
		// Finished by the next open, once nothing else has the store open.
		assert!(matches!(Store::open(&dir, Some(PASS)), Err(Error::Input(_))));
		drop(reopened);
		let finished = Store::open(&dir, Some(PASS)).unwrap();
		assert_eq!(finished.member_key, next);
		assert!(!dir.join("member.key.next").exists());
		for (i, item) in items.iter().enumerate() {
			assert_eq!(finished.read(&item.id).unwrap(), vec![i as u8; 100]);
		}
		assert_eq!(finished.receipts().unwrap().len(), 1);
	}
}
