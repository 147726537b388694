//! A real `datacoop-node` process on free loopback ports, killed when dropped.

use std::{
	path::PathBuf,
	process::{Command, ExitStatus, Stdio},
	time::{Duration, Instant},
};

use crate::{ports, process::bin, rpc, Guarded};

/// A running node, the ports it serves and its log file.
pub struct Node {
	process: Option<Guarded>,
	pub rpc_port: u16,
	pub p2p_port: u16,
	pub prometheus_port: u16,
	log_path: PathBuf,
}

impl Node {
	/// Start `datacoop-node <args>` on its own RPC, p2p and Prometheus ports; does not wait.
	pub fn start(name: &str, args: &[&str]) -> Node {
		let (rpc_port, p2p_port, prometheus_port) = (ports::free(), ports::free(), ports::free());
		let log_path = std::env::temp_dir().join(format!("datacoop-{name}-{rpc_port}.log"));
		let log = std::fs::File::create(&log_path).expect("a log file can be created");
		let child = Command::new(bin("datacoop-node"))
			.args(args)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.args(["--no-telemetry", "--no-mdns"])
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.expect("the node binary starts");
		Node { process: Some(Guarded::new(child)), rpc_port, p2p_port, prometheus_port, log_path }
	}

	/// `datacoop-node --dev --tmp`, waited for until it has authored a block.
	pub fn dev() -> Node {
		let node = Node::start("dev", &["--dev", "--tmp"]);
		node.wait_for_best(1, Duration::from_secs(600));
		node
	}

	/// The node's WebSocket JSON-RPC address.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
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
			|| rpc::best_number(self.rpc_port).is_some_and(|n| n >= at_least),
			|| self.log(),
		);
	}

	/// Wait until the node has finalized block `at_least`.
	pub fn wait_for_finalized(&self, at_least: u64, timeout: Duration) {
		rpc::until(
			&format!("block {at_least} finalized"),
			timeout,
			|| rpc::finalized_number(self.rpc_port).is_some_and(|n| n >= at_least),
			|| self.log(),
		);
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
