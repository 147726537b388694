//! The member's local API: JSON-RPC over HTTP and WebSocket, bound to loopback only, every call
//! carrying the store's API token (kept in `api.token`, mode 0600).

use std::{
	net::SocketAddr,
	path::{Path, PathBuf},
	sync::{Arc, Mutex},
};

use base64::{engine::general_purpose::STANDARD, Engine};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	server::{Server, ServerHandle},
	types::ErrorObjectOwned,
};
use rand::RngCore;

use crate::{write_atomic, Error, ItemInfo, Store};

/// The store's JSON-RPC methods. `token` is the content of `api.token`.
#[rpc(server)]
pub trait StoreApi {
	/// The items.
	#[method(name = "store_list")]
	fn list(&self, token: String) -> RpcResult<Vec<ItemInfo>>;
	/// Import `data` (base64) as an item of `category` kept for co-op `coop`, named `name`.
	#[method(name = "store_import")]
	fn import(
		&self,
		token: String,
		coop: u32,
		category: u16,
		name: String,
		data: String,
	) -> RpcResult<ItemInfo>;
	/// An item's content (base64).
	#[method(name = "store_read")]
	fn read(&self, token: String, id: String) -> RpcResult<String>;
	/// Delete an item for good.
	#[method(name = "store_delete")]
	fn delete(&self, token: String, id: String) -> RpcResult<()>;
	/// The commitment to the items kept for co-op `coop` in `category`: root (hex), items,
	/// bytes.
	#[method(name = "store_commitment")]
	fn commitment(&self, token: String, coop: u32, category: u16) -> RpcResult<serde_json::Value>;
	/// Write everything in the clear, with a manifest, into folder `dest`; returns the count.
	#[method(name = "store_export")]
	fn export(&self, token: String, dest: PathBuf) -> RpcResult<usize>;
	/// Keep a consent receipt (`document`, base64); returns its hash (hex), the one to give
	/// `consent.give`.
	#[method(name = "store_keepReceipt")]
	fn keep_receipt(&self, token: String, document: String) -> RpcResult<String>;
	/// The kept consent receipts: hash (hex) and document (base64).
	#[method(name = "store_receipts")]
	fn receipts(&self, token: String) -> RpcResult<Vec<serde_json::Value>>;
	/// Every request buyers made, served or refused, and why.
	#[method(name = "store_accessLog")]
	fn access_log(&self, token: String) -> RpcResult<Vec<crate::p2p::AccessEntry>>;
}

fn failed(e: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(-32000, e.to_string(), None::<()>)
}

struct Api {
	store: Arc<Mutex<Store>>,
	dir: PathBuf,
	token: String,
}

impl Api {
	fn check(&self, token: &str) -> RpcResult<std::sync::MutexGuard<'_, Store>> {
		// Compare in constant time: the token is the only thing between a local process and the data.
		let (a, b) = (token.as_bytes(), self.token.as_bytes());
		let same =
			a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0;
		if !same {
			return Err(ErrorObjectOwned::owned(-32001, "wrong API token", None::<()>));
		}
		self.store.lock().map_err(|_| failed("the store is poisoned"))
	}
}

impl StoreApiServer for Api {
	fn list(&self, token: String) -> RpcResult<Vec<ItemInfo>> {
		Ok(self.check(&token)?.items().cloned().collect())
	}

	fn import(
		&self,
		token: String,
		coop: u32,
		category: u16,
		name: String,
		data: String,
	) -> RpcResult<ItemInfo> {
		let data = STANDARD.decode(data).map_err(|e| failed(format!("data is not base64: {e}")))?;
		self.check(&token)?.import(coop, category, &name, &data).map_err(failed)
	}

	fn read(&self, token: String, id: String) -> RpcResult<String> {
		Ok(STANDARD.encode(self.check(&token)?.read(&id).map_err(failed)?))
	}

	fn delete(&self, token: String, id: String) -> RpcResult<()> {
		self.check(&token)?.delete(&id).map_err(failed)
	}

	fn commitment(&self, token: String, coop: u32, category: u16) -> RpcResult<serde_json::Value> {
		let c = self.check(&token)?.commitment(coop, category).map_err(failed)?;
		let root = hex::encode(c.root);
		Ok(serde_json::json!({ "root": format!("0x{root}"), "items": c.items, "bytes": c.bytes }))
	}

	fn export(&self, token: String, dest: PathBuf) -> RpcResult<usize> {
		self.check(&token)?.export(&dest).map_err(failed)
	}

	fn keep_receipt(&self, token: String, document: String) -> RpcResult<String> {
		let document = STANDARD
			.decode(document)
			.map_err(|e| failed(format!("document is not base64: {e}")))?;
		let hash = self.check(&token)?.keep_receipt(&document).map_err(failed)?;
		Ok(format!("0x{}", hex::encode(hash)))
	}

	fn receipts(&self, token: String) -> RpcResult<Vec<serde_json::Value>> {
		Ok(self
			.check(&token)?
			.receipts()
			.map_err(failed)?
			.into_iter()
			.map(|(hash, document)| {
				serde_json::json!({ "receipt": format!("0x{}", hex::encode(hash)), "document": STANDARD.encode(document) })
			})
			.collect())
	}

	fn access_log(&self, token: String) -> RpcResult<Vec<crate::p2p::AccessEntry>> {
		drop(self.check(&token)?);
		crate::p2p::access_log(&self.dir).map_err(failed)
	}
}

/// The store's API token, created (random, mode 0600) on first use.
pub fn token(dir: &Path) -> Result<String, Error> {
	let path = dir.join("api.token");
	if let Ok(token) = std::fs::read_to_string(&path) {
		return Ok(token.trim().to_string());
	}
	let mut bytes = [0u8; 32];
	rand::rngs::OsRng.fill_bytes(&mut bytes);
	let token = hex::encode(bytes);
	write_atomic(&path, token.as_bytes())?;
	Ok(token)
}

/// Serve `store` on `addr`, which must be a loopback address.
pub async fn serve(
	store: Arc<Mutex<Store>>,
	dir: &Path,
	addr: SocketAddr,
) -> Result<(ServerHandle, SocketAddr), Error> {
	if !addr.ip().is_loopback() {
		return Err(Error::Corrupt(format!(
			"the member API listens on loopback only, not {addr}: it gives access to all your data"
		)));
	}
	let token = token(dir)?;
	let server = Server::builder()
		.build(addr)
		.await
		.map_err(|source| Error::Io { path: PathBuf::from(addr.to_string()), source })?;
	let local = server
		.local_addr()
		.map_err(|source| Error::Io { path: PathBuf::from(addr.to_string()), source })?;
	let api = Api { store, dir: dir.to_path_buf(), token };
	Ok((server.start(api.into_rpc()), local))
}
