//! The harness every real-process test of DataCoop uses: the binaries cargo built for this run,
//! free loopback ports, processes killed when their guard drops, a dev node, the four-validator
//! federation of `scripts/federation.sh`, JSON-RPC over HTTP, and runners for `coop` and the
//! store.
//!
//! Tests run side by side (`cargo nextest`, see `.config/nextest.toml`), so nothing here uses a
//! fixed port or a fixed folder: ports come from the OS or from [`ports::free_block`], folders
//! from [`temp_dir`].

pub mod federation;
pub mod node;
pub mod ports;
pub mod process;
pub mod rpc;

pub use federation::Federation;
pub use node::Node;
pub use process::{
	bin, command, coop, coop_ok, member_store, run, serve_store, store, vote_in_offer, Guarded,
	Outcome, STORE_PASSPHRASE,
};

/// A fresh folder under the system's temp dir, unique to this process and `name`; whatever was
/// there is removed first.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
	let dir = std::env::temp_dir().join(format!("datacoop-{name}-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&dir);
	std::fs::create_dir_all(&dir).expect("a temp dir can be created");
	dir
}

/// Sr25519 dev accounts the stories use, as SS58 (prefix 42).
pub mod accounts {
	pub const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	pub const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
	pub const CHARLIE: &str = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";
	pub const DAVE: &str = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
	pub const EVE: &str = "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw";
	pub const FERDIE: &str = "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL";
}
