//! `coop join`, `leave` and `found`: membership of co-ops.

use clap::Args;
use datacoop_client::{
	runtime::{self, runtime_types::bounded_collections::bounded_vec::BoundedVec},
	AccountId32,
};

use super::bylaws::BylawsArgs;
use crate::{args, file_hash, Client, Error, Report};

/// Join an open co-op.
#[derive(Debug, Args)]
pub struct Join {
	/// The co-op.
	pub coop: u32,
}

impl Join {
	/// Sign `coops.join`.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		client.submit(runtime::tx().coops().join(self.coop)).await
	}
}

/// Leave a co-op.
#[derive(Debug, Args)]
pub struct Leave {
	/// The co-op.
	pub coop: u32,
}

impl Leave {
	/// Sign `coops.leave`.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		client.submit(runtime::tx().coops().leave(self.coop)).await
	}
}

/// A new co-op: its founding members and bylaws.
#[derive(Debug, Args)]
pub struct Found {
	/// Other founding members (SS58), comma separated.
	#[arg(long, value_delimiter = ',', value_parser = args::ss58)]
	pub members: Vec<AccountId32>,
	#[command(flatten)]
	pub bylaws: BylawsArgs,
}

impl Found {
	/// Sign `coops.found` with the bylaws document's hash and parameters.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let document = BoundedVec(file_hash(&self.bylaws.bylaws)?.to_vec());
		let call =
			runtime::tx()
				.coops()
				.found(BoundedVec(self.members), document, self.bylaws.params());
		client.submit(call).await
	}
}
