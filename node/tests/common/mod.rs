//! A real `datacoop-node` process for tests: started on free loopback ports, stopped on drop.

#![allow(dead_code)]

use std::{
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	process::{Child, Command, ExitStatus, Stdio},
	time::{Duration, Instant},
};

use subxt::rpcs::{rpc_params, RpcClient};

/// The node binary cargo built for this test run.
pub const NODE: &str = env!("CARGO_BIN_EXE_datacoop-node");

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.map(|addr| addr.port())
		.expect("the OS hands out a free port")
}

/// A running node and the ports it serves.
pub struct Node {
	child: Option<Child>,
	pub rpc_port: u16,
	pub p2p_port: u16,
	pub prometheus_port: u16,
	log_path: std::path::PathBuf,
}

impl Node {
	/// Start `datacoop-node` with `args` plus its own RPC, p2p and Prometheus ports.
	pub fn start(name: &str, args: &[&str]) -> Node {
		let (rpc_port, p2p_port, prometheus_port) = (free_port(), free_port(), free_port());
		let log_path = std::env::temp_dir().join(format!("datacoop-{name}-{rpc_port}.log"));
		let log = std::fs::File::create(&log_path).expect("log file can be created");
		let child = Command::new(NODE)
			.args(args)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--port", &p2p_port.to_string()])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.args(["--no-telemetry", "--no-mdns"])
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.expect("the node binary starts");
		Node { child: Some(child), rpc_port, p2p_port, prometheus_port, log_path }
	}

	/// The node's WebSocket JSON-RPC address.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// The node's log so far, to explain a failure.
	pub fn log(&self) -> String {
		std::fs::read_to_string(&self.log_path).unwrap_or_default()
	}

	/// Connect over JSON-RPC, waiting up to `timeout` for the node to open its port.
	pub async fn rpc(&self, timeout: Duration) -> RpcClient {
		let deadline = Instant::now() + timeout;
		loop {
			if let Ok(client) = RpcClient::from_insecure_url(self.ws_url()).await {
				return client;
			}
			assert!(Instant::now() < deadline, "RPC never came up; node log:\n{}", self.log());
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}

	/// Stop the node as an operator does (SIGINT) and return how it exited.
	pub fn stop(&mut self) -> ExitStatus {
		let mut child = self.child.take().expect("node is running");
		let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			if let Some(status) = child.try_wait().expect("can wait on the node") {
				return status;
			}
			if Instant::now() > deadline {
				let _ = child.kill();
				panic!("node did not stop within 60 s of SIGINT; log:\n{}", self.log());
			}
			std::thread::sleep(Duration::from_millis(200));
		}
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

/// Number of the block a `chain_getHeader` answer describes.
fn header_number(header: &serde_json::Value) -> u64 {
	let hex = header["number"].as_str().expect("header has a number");
	u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("number is hex")
}

/// Finalized block number, as the node reports it.
pub async fn finalized_number(rpc: &RpcClient) -> u64 {
	let hash: String =
		rpc.request("chain_getFinalizedHead", rpc_params![]).await.expect("finalized head");
	let header: serde_json::Value =
		rpc.request("chain_getHeader", rpc_params![hash]).await.expect("header");
	header_number(&header)
}

/// Best block number, as the node reports it.
pub async fn best_number(rpc: &RpcClient) -> u64 {
	let header: serde_json::Value =
		rpc.request("chain_getHeader", rpc_params![]).await.expect("header");
	header_number(&header)
}

/// Wait until the node has finalized block `at_least`.
pub async fn wait_for_finalized(node: &Node, rpc: &RpcClient, at_least: u64, timeout: Duration) {
	let deadline = Instant::now() + timeout;
	while finalized_number(rpc).await < at_least {
		assert!(
			Instant::now() < deadline,
			"block {at_least} not finalized in {timeout:?}; node log:\n{}",
			node.log()
		);
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// A plain HTTP GET on loopback; returns the body.
pub fn http_get(port: u16, path: &str) -> String {
	let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("port is open");
	stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout can be set");
	write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").expect("request is sent");
	let mut response = String::new();
	stream.read_to_string(&mut response).expect("response is read");
	response
}
