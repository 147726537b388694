//! `coop account`: who signs, and what they hold.

use datacoop_client::chain;
use serde_json::json;

use super::contract::{address_of, hex};
use crate::{Client, Error, Report};

/// The signer's address, balance and contract address.
pub async fn run(client: &Client) -> Result<Report, Error> {
	let me = client.me()?;
	let balance = chain::balance(&client.at().await?, &me).await?;
	let evm = hex(&address_of(&me));
	Ok(Report {
		text: format!(
			"{me}: {} DCOOP free, {} reserved; contract address {evm}",
			balance.free as f64 / 1e12,
			balance.reserved as f64 / 1e12
		),
		json: json!({
			"address": me.to_string(),
			"free": balance.free.to_string(),
			"reserved": balance.reserved.to_string(),
			"contract_address": evm,
		}),
	})
}
