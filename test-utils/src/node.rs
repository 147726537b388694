//! A real `datacoop-node` process on free loopback ports, killed when dropped.

use std::{
	path::PathBuf,
	process::{Command, ExitStatus, Stdio},
	time::{Duration, Instant},
};

use crate::{ports, process::bin, rpc, run, Guarded};

fn path_str(path: &std::path::Path) -> &str {
	path.to_str().expect("the target dir's path is UTF-8")
}

/// The folder of wasmtime's cache of compiled runtimes every test node shares
/// (`--wasm-cache`), in the target dir, warm: the first test of a run to ask starts one node from
/// [`dev_spec`] and waits until it has compiled the runtime, while every other test waits on a
/// lock, so that the nodes of a parallel run load the machine code instead of all compiling the
/// same runtime at once (the dev and federation chains run the same runtime code).
pub fn wasm_cache() -> PathBuf {
	let node = bin("datacoop-node");
	let dir = node.parent().expect("the target dir").join("wasm-cache");
	std::fs::create_dir_all(&dir).expect("the cache folder can be created");
	let lock = std::fs::File::create(dir.join("warm.lock")).expect("the lock file opens");
	lock.lock().expect("the lock is taken");
	let warm = dir.join(format!("warm-{}", binary_stamp(&node)));
	if !warm.exists() {
		let spec = dev_spec();
		let warming = Node::start(
			"wasm-cache",
			&[
				"--chain",
				path_str(&spec),
				"--tmp",
				"--wasm-cache",
				path_str(&dir),
				"--unsafe-force-node-key-generation",
			],
		);
		rpc::until(
			"the runtime is compiled into the cache",
			Duration::from_secs(600),
			|| rpc::best_number(warming.rpc_port()).is_some(),
			|| warming.log(),
		);
		std::fs::write(&warm, b"").expect("the marker is written");
	}
	dir
}

/// Size and modification time of a binary, to tell one build from the next.
fn binary_stamp(binary: &std::path::Path) -> String {
	let meta = std::fs::metadata(binary).expect("the binary exists");
	let built = meta
		.modified()
		.ok()
		.and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
		.map(|d| d.as_nanos())
		.unwrap_or_default();
	format!("{}-{built}", meta.len())
}

/// The raw chain spec of `--dev` (`export-chain-spec --chain dev --raw`), exported once per node
/// binary and kept next to it; test processes running side by side take turns through a lock.
pub fn dev_spec() -> PathBuf {
	let node = bin("datacoop-node");
	let dir = node.parent().expect("the target dir");
	let spec = dir.join(format!("dev-spec-{}.json", binary_stamp(&node)));
	let lock = std::fs::File::create(dir.join("dev-spec.lock")).expect("the lock file opens");
	lock.lock().expect("the lock is taken");
	if !spec.exists() {
		let out = run(Command::new(&node).args(["export-chain-spec", "--chain", "dev", "--raw"]));
		assert!(out.success, "export-chain-spec failed: {}", out.stderr);
		let partial = spec.with_extension("partial");
		std::fs::write(&partial, out.stdout).expect("the spec is written");
		std::fs::rename(&partial, &spec).expect("the spec is in place");
	}
	spec
}

/// A running node, the ports it serves and its log file.
pub struct Node {
	process: Option<Guarded>,
	/// The JSON-RPC port asked for; the node binds another if that one is taken by then, so read
	/// the one it serves with [`Node::rpc_port`].
	requested_rpc_port: u16,
	pub p2p_port: u16,
	pub prometheus_port: u16,
	log_path: PathBuf,
	/// The arguments it was started with, besides the ports, to start it again.
	args: Vec<String>,
}

impl Node {
	/// Start `datacoop-node <args>` on its own RPC, p2p and Prometheus ports (a block below the
	/// OS's ephemeral range, see [`ports::free_block`]); does not wait.
	pub fn start(name: &str, args: &[&str]) -> Node {
		let base = ports::free_block(3);
		let (rpc_port, p2p_port, prometheus_port) = (base, base + 1, base + 2);
		let log_path = std::env::temp_dir()
			.join(format!("datacoop-{name}-{}-{rpc_port}.log", std::process::id()));
		let mut node = Node {
			process: None,
			requested_rpc_port: rpc_port,
			p2p_port,
			prometheus_port,
			log_path,
			args: args.iter().map(|a| a.to_string()).collect(),
		};
		node.spawn();
		node
	}

	/// Run the node's process on its ports, appending to its log.
	fn spawn(&mut self) {
		let log = std::fs::File::options()
			.create(true)
			.append(true)
			.open(&self.log_path)
			.expect("a log file can be created");
		let child = Command::new(bin("datacoop-node"))
			.args(&self.args)
			.args(["--rpc-port", &self.requested_rpc_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port)])
			.args(["--prometheus-port", &self.prometheus_port.to_string()])
			.args(["--no-telemetry", "--no-mdns"])
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.expect("the node binary starts");
		self.process = Some(Guarded::new(child));
	}

	/// Start a node [`Node::stop`]ped before again, with the same arguments on the same ports
	/// (the RPC port as served before, so that clients find it again); does not wait.
	pub fn restart(&mut self) {
		assert!(self.process.is_none(), "stop the node first");
		self.requested_rpc_port = self.rpc_port();
		self.spawn();
	}

	/// A development chain as `datacoop-node --dev --tmp` runs it, waited for until it has
	/// authored a block.
	///
	/// Started from the dev chain spec exported once per node binary ([`dev_spec`]) with the flags
	/// `--dev` implies, and with the shared [`wasm_cache`], so that it does not compile the
	/// runtime at all once one node has: `--dev` alone compiles it three times (twice to build
	/// the genesis state), 27 s from opening the database to the genesis block on an idle core
	/// of this machine against 1 s this way, and a parallel test run starts many nodes at once.
	/// The harness still waits up to ten minutes for the first block, for a busy machine.
	pub fn dev() -> Node {
		let cache = wasm_cache();
		let spec = dev_spec();
		let node = Node::start(
			"dev",
			&[
				"--chain",
				path_str(&spec),
				"--alice",
				"--validator",
				"--force-authoring",
				"--unsafe-force-node-key-generation",
				"--rpc-cors",
				"all",
				"--tmp",
				"--wasm-cache",
				path_str(&cache),
			],
		);
		node.wait_for_best(1, Duration::from_secs(600));
		node
	}

	/// The JSON-RPC port the node serves on 127.0.0.1, as its log says once the server runs
	/// (`Running JSON-RPC server: addr=127.0.0.1:9944,[::1]:9944`): if another process took the
	/// requested port first, Substrate binds a random one instead. The requested port until then.
	pub fn rpc_port(&self) -> u16 {
		served_rpc_port(&self.log()).unwrap_or(self.requested_rpc_port)
	}

	/// The node's libp2p peer id, as its log says (`Local node identity is: 12D3…`).
	pub fn peer_id(&self) -> Option<String> {
		self.log().lines().find_map(|line| {
			let id = line.split("Local node identity is: ").nth(1)?.split_whitespace().next()?;
			Some(id.to_string())
		})
	}

	/// The address a light client or another node dials this one at:
	/// `/ip4/127.0.0.1/tcp/<p2p port>/p2p/<peer id>`.
	pub fn p2p_address(&self) -> String {
		let peer = self.peer_id().expect("the node has logged its identity");
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer}", self.p2p_port)
	}

	/// The node's WebSocket JSON-RPC address.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port())
	}

	/// The node's log so far, to explain a failure.
	pub fn log(&self) -> String {
		std::fs::read_to_string(&self.log_path).unwrap_or_default()
	}

	/// Wait until the node's best block is at least `at_least`.
	pub fn wait_for_best(&self, at_least: u64, timeout: Duration) {
		rpc::until(
			&format!("block {at_least} authored"),
			timeout,
			|| rpc::best_number(self.rpc_port()).is_some_and(|n| n >= at_least),
			|| self.log(),
		);
	}

	/// Wait until the node has finalized block `at_least`.
	pub fn wait_for_finalized(&self, at_least: u64, timeout: Duration) {
		rpc::until(
			&format!("block {at_least} finalized"),
			timeout,
			|| rpc::finalized_number(self.rpc_port()).is_some_and(|n| n >= at_least),
			|| self.log(),
		);
	}

	/// Send the node `signal` (`-STOP` freezes it, `-CONT` thaws it).
	pub fn signal(&self, signal: &str) {
		self.process.as_ref().expect("the node is running").signal(signal);
	}

	/// Stop the node as an operator does (SIGINT) and return how it exited.
	pub fn stop(&mut self) -> ExitStatus {
		let process = self.process.take().expect("the node is running");
		process.signal("-INT");
		let mut child = process.into_inner();
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			if let Some(status) = child.try_wait().expect("the node can be waited on") {
				return status;
			}
			if Instant::now() > deadline {
				let _ = child.kill();
				let _ = child.wait();
				panic!("node did not stop within 60 s of SIGINT; log:\n{}", self.log());
			}
			std::thread::sleep(Duration::from_millis(200));
		}
	}
}

/// The IPv4 loopback port in a node log's `Running JSON-RPC server: addr=…` line.
fn served_rpc_port(log: &str) -> Option<u16> {
	let addrs = log
		.lines()
		.find_map(|line| line.split("Running JSON-RPC server: addr=").nth(1))?;
	addrs
		.split([',', ' '])
		.find_map(|addr| addr.strip_prefix("127.0.0.1:"))
		.and_then(|port| port.parse().ok())
}

#[cfg(test)]
mod tests {
	use super::served_rpc_port;

	#[test]
	fn the_served_port_is_read_from_the_log() {
		let log = "2026-12-03 Local node identity is: 12D3\n\
			2026-12-03 Running JSON-RPC server: addr=127.0.0.1:46501,[::1]:38069\n";
		assert_eq!(served_rpc_port(log), Some(46501));
		let fallback = "Running JSON-RPC server: addr=[::1]:9944,127.0.0.1:41000,";
		assert_eq!(served_rpc_port(fallback), Some(41000));
		assert_eq!(served_rpc_port("Idle (0 peers)"), None);
	}
}
