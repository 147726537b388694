//! The local federation of `scripts/federation.sh` (four validators, and a fifth co-op on
//! `add-coop`), on a block of free ports and in a folder of the test's own; torn down (with its
//! data) when dropped.

use std::{
	path::{Path, PathBuf},
	process::Command,
	time::Duration,
};

use crate::{ports, process::bin, rpc, run, Outcome};

/// Validators by index, as `federation.sh` names them.
pub const NAMES: [&str; 5] = ["alice", "bob", "charlie", "dave", "eve"];

pub struct Federation {
	pub dir: PathBuf,
	/// p2p ports are `base + i`, JSON-RPC `base + 10 + i`, Prometheus `base + 20 + i`.
	pub base: u16,
	/// Blocks every node must have finalized before `up` returns.
	wait_finalized: u32,
	/// The warm cache of compiled runtimes the validators share.
	wasm_cache: PathBuf,
}

impl Federation {
	/// A federation for the test `name`, not started yet.
	pub fn new(name: &str, wait_finalized: u32) -> Self {
		Federation {
			dir: crate::temp_dir(name),
			base: ports::free_block(30),
			wait_finalized,
			wasm_cache: crate::node::wasm_cache(),
		}
	}

	fn script() -> PathBuf {
		Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/federation.sh")
	}

	fn command(&self, args: &[&str]) -> Command {
		let mut command = Command::new("bash");
		let node = bin("datacoop-node");
		let examples = node.parent().expect("the target dir").join("examples");
		command
			.arg(Self::script())
			.args(args)
			.env("NODE_BIN", &node)
			.env("ADD_COOP_BIN", examples.join("federation_add_coop"))
			.env("FEDERATION_DIR", &self.dir)
			.env("P2P_BASE", self.base.to_string())
			.env("RPC_BASE", (self.base + 10).to_string())
			.env("PROM_BASE", (self.base + 20).to_string())
			.env("WAIT_FINALIZED", self.wait_finalized.to_string())
			.env("WASM_CACHE", &self.wasm_cache)
			.env("WAIT_TIMEOUT", "400");
		command
	}

	/// Run `federation.sh <args>` and return how it ended.
	pub fn try_run(&self, args: &[&str]) -> Outcome {
		run(&mut self.command(args))
	}

	/// Run `federation.sh <args>`, which must succeed; its output, stdout then stderr.
	pub fn run(&self, args: &[&str]) -> String {
		let out = self.try_run(args);
		assert!(
			out.success,
			"federation.sh {args:?} failed:\n{}\n{}\n{}",
			out.stdout,
			out.stderr,
			self.logs()
		);
		format!("{}\n{}", out.stdout, out.stderr)
	}

	/// JSON-RPC port of node `i`.
	pub fn rpc_port(&self, i: u16) -> u16 {
		self.base + 10 + i
	}

	/// WebSocket JSON-RPC address of node `i`.
	pub fn ws_url(&self, i: u16) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port(i))
	}

	/// Wait until node `i` answers JSON-RPC.
	pub fn wait_rpc(&self, i: u16) {
		rpc::until(
			&format!("node {i} answers JSON-RPC"),
			Duration::from_secs(60),
			|| rpc::best_number(self.rpc_port(i)).is_some(),
			|| self.logs(),
		);
	}

	/// Process id of validator `name`, from its pid file.
	pub fn pid(&self, name: &str) -> Option<u32> {
		std::fs::read_to_string(self.dir.join(name).join("pid"))
			.ok()?
			.trim()
			.parse()
			.ok()
	}

	/// The whole log of validator `name`.
	pub fn log(&self, name: &str) -> String {
		std::fs::read_to_string(self.dir.join(name).join("node.log")).unwrap_or_default()
	}

	/// The last lines of every validator's log, to explain a failure.
	pub fn logs(&self) -> String {
		NAMES
			.iter()
			.map(|name| {
				let log = self.log(name);
				let tail: Vec<_> = log.lines().rev().take(15).collect();
				format!("--- {name}\n{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"))
			})
			.collect::<Vec<_>>()
			.join("\n")
	}
}

impl Drop for Federation {
	fn drop(&mut self) {
		let _ = self.command(&["down", "--purge"]).output();
		let _ = std::fs::remove_dir_all(&self.dir);
	}
}
