//! JSON-RPC 2.0 over plain HTTP on loopback: what a node (and the store's member API) answers on
//! its RPC port. Blocking, so that synchronous tests and async ones alike can call it.

use std::{
	io::{Read, Write},
	net::TcpStream,
	time::{Duration, Instant},
};

use serde_json::{json, Value};

/// Call `method` on `127.0.0.1:<port>`; `Ok(result)` or `Err(error object or transport error)`.
pub fn call(port: u16, method: &str, params: Value) -> Result<Value, String> {
	let mut answer = answer(port, method, params)?;
	match answer.get_mut("error") {
		Some(error) => Err(error.take().to_string()),
		None => Ok(answer.get_mut("result").map(Value::take).unwrap_or(Value::Null)),
	}
}

/// Call `method` on `127.0.0.1:<port>`; the whole JSON-RPC answer (`result` or `error`).
pub fn answer(port: u16, method: &str, params: Value) -> Result<Value, String> {
	let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
	let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
	stream
		.set_read_timeout(Some(Duration::from_secs(30)))
		.map_err(|e| e.to_string())?;
	write!(
		stream,
		"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
		 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	)
	.map_err(|e| e.to_string())?;
	let mut response = String::new();
	stream.read_to_string(&mut response).map_err(|e| e.to_string())?;
	let answer = response.split_once("\r\n\r\n").map(|(_, body)| body).unwrap_or_default();
	serde_json::from_str(answer).map_err(|e| format!("not JSON-RPC ({e}): {response}"))
}

/// A plain HTTP GET on loopback; the whole response, headers included.
pub fn http_get(port: u16, path: &str) -> String {
	let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the port is open");
	stream
		.set_read_timeout(Some(Duration::from_secs(10)))
		.expect("a timeout can be set");
	write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n")
		.expect("the request is sent");
	let mut response = String::new();
	stream.read_to_string(&mut response).expect("the response is read");
	response
}

fn number(header: &Value) -> Option<u64> {
	u64::from_str_radix(header.get("number")?.as_str()?.trim_start_matches("0x"), 16).ok()
}

/// The node's best block number, if it answers.
pub fn best_number(port: u16) -> Option<u64> {
	number(&call(port, "chain_getHeader", json!([])).ok()?)
}

/// The node's finalized block number, if it answers.
pub fn finalized_number(port: u16) -> Option<u64> {
	let hash = call(port, "chain_getFinalizedHead", json!([])).ok()?;
	number(&call(port, "chain_getHeader", json!([hash])).ok()?)
}

/// Poll `check` every 500 ms until it holds; panics after `timeout` with `what` and `context()`.
pub fn until(
	what: &str,
	timeout: Duration,
	mut check: impl FnMut() -> bool,
	context: impl Fn() -> String,
) {
	let deadline = Instant::now() + timeout;
	while !check() {
		assert!(Instant::now() < deadline, "{what}: not within {timeout:?}\n{}", context());
		std::thread::sleep(Duration::from_millis(500));
	}
}
