//! The member's JSON-RPC API over real HTTP: loopback only, token required, and import, list,
//! read, commitment, delete and export work through it.

use std::time::Duration;

use datacoop_test_utils::{command, rpc, Guarded};

fn call(port: u16, method: &str, params: serde_json::Value) -> serde_json::Value {
	rpc::answer(port, method, params).expect("the member API answers JSON-RPC")
}

#[test]
fn the_member_api_needs_the_token_and_serves_loopback_only() {
	let dir = datacoop_test_utils::temp_dir("store-api").join("store");
	assert!(command("datacoop-store")
		.arg("--dir")
		.arg(&dir)
		.arg("init")
		.status()
		.unwrap()
		.success());

	// Not on a public address.
	let out = command("datacoop-store")
		.arg("--dir")
		.arg(&dir)
		.args(["serve", "--listen", "0.0.0.0:0"])
		.output()
		.unwrap();
	assert!(!out.status.success());
	assert!(String::from_utf8_lossy(&out.stderr).contains("loopback only"));

	// Port 0: the store binds one the OS picks and says which.
	let (_served, line) = Guarded::until_line(
		command("datacoop-store")
			.arg("--dir")
			.arg(&dir)
			.args(["serve", "--listen", "127.0.0.1:0"]),
		"member API on",
		Duration::from_secs(60),
	);
	let port: u16 = line
		.split("http://127.0.0.1:")
		.nth(1)
		.and_then(|rest| rest.split_whitespace().next())
		.and_then(|port| port.parse().ok())
		.unwrap_or_else(|| panic!("no port in {line:?}"));
	let token = std::fs::read_to_string(dir.join("api.token")).unwrap();

	let refused = call(port, "store_list", serde_json::json!(["not the token"]));
	assert_eq!(refused["error"]["message"], "wrong API token", "{refused}");

	let data = "aGVhcnQgcmF0ZSA3Mg=="; // "heart rate 72"
	let item = call(port, "store_import", serde_json::json!([token, 0, 1, "hr.csv", data]));
	let id = item["result"]["id"].as_str().expect("imported").to_string();
	let list = call(port, "store_list", serde_json::json!([token]));
	assert_eq!(list["result"].as_array().map(Vec::len), Some(1), "{list}");
	assert_eq!(call(port, "store_read", serde_json::json!([token, id]))["result"], data);
	let commitment = call(port, "store_commitment", serde_json::json!([token, 0, 1]));
	assert_eq!(commitment["result"]["items"], 1, "{commitment}");
	let out = dir.join("export");
	assert_eq!(call(port, "store_export", serde_json::json!([token, out]))["result"], 1);
	assert!(out.join("manifest.json").exists());
	assert!(call(port, "store_delete", serde_json::json!([token, id]))["error"].is_null());
	let gone = call(port, "store_read", serde_json::json!([token, id]));
	assert!(gone["error"]["message"].as_str().unwrap().contains("no item"), "{gone}");

	// Consent receipts are kept sealed and listed back; the access log starts empty.
	let receipt = "eyJwdXJwb3NlIjowfQ=="; // {"purpose":0}
	let hash = call(port, "store_keepReceipt", serde_json::json!([token, receipt]));
	let hash = hash["result"].as_str().expect("a hash").to_string();
	assert_eq!(hash.len(), 66, "0x and 32 bytes of hex: {hash}");
	let receipts = call(port, "store_receipts", serde_json::json!([token]));
	assert_eq!(
		receipts["result"],
		serde_json::json!([{ "receipt": hash, "document": receipt }]),
		"{receipts}"
	);
	let sealed =
		std::fs::read(dir.join("receipts").join(format!("{}.receipt", &hash[2..]))).unwrap();
	assert!(!sealed.windows(7).any(|w| w == b"purpose"), "receipts are sealed at rest");
	assert_eq!(
		call(port, "store_accessLog", serde_json::json!([token]))["result"],
		serde_json::json!([])
	);
	assert_eq!(
		call(port, "store_receipts", serde_json::json!(["nope"]))["error"]["message"],
		"wrong API token"
	);
	let _ = std::fs::remove_dir_all(&dir);
}
