//! `coop bylaws`: a co-op's bylaws, every version; and the bylaws arguments `found` and a bylaws
//! amendment take.

use clap::Args;
use datacoop_client::{
	chain,
	runtime::{
		self,
		runtime_types::datacoop_primitives::coop::{BylawsParams, Vocabulary},
	},
};
use serde_json::json;
use subxt::dynamic::Value;

use crate::{
	args::{Admission, Percent},
	json_of, Client, Error, Report,
};

/// A bylaws document and the voting parameters it sets.
#[derive(Debug, Args)]
pub struct BylawsArgs {
	/// The bylaws document; the chain keeps its blake2-256 hash.
	#[arg(long)]
	pub bylaws: std::path::PathBuf,
	/// Share of members who must vote, percent.
	#[arg(long, default_value = "50")]
	pub quorum: Percent,
	/// Share of ayes that carries an ordinary proposal, percent.
	#[arg(long, default_value = "50")]
	pub approval: Percent,
	/// Share of ayes to amend the bylaws, percent.
	#[arg(long, default_value = "66")]
	pub amendment: Percent,
	/// Share of ayes to expel a member, percent.
	#[arg(long, default_value = "75")]
	pub expulsion: Percent,
	/// Blocks a vote stays open.
	#[arg(long, default_value_t = 20)]
	pub voting_period: u32,
	/// Blocks a vote stays open at least, however certain its outcome (at most the voting
	/// period).
	#[arg(long, default_value_t = 5)]
	pub min_voting_period: u32,
	/// Blocks a newcomer is a member before they may propose and vote.
	#[arg(long, default_value_t = 10)]
	pub maturity: u32,
	/// open, vote, or invitation:N (N vouches).
	#[arg(long, default_value = "open")]
	pub admission: Admission,
	/// The co-op's share of data sales, percent.
	#[arg(long, default_value = "10")]
	pub revenue_share: Percent,
	/// Most items one commitment (a member's data of one category) may declare, if the bylaws
	/// cap it: what bounds an inflated commitment's weight in a pool.
	#[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
	pub max_items: Option<u32>,
	/// Number of purpose codes the bylaws define.
	#[arg(long, default_value_t = 4)]
	pub purposes: u16,
	/// Number of data-category codes the bylaws define.
	#[arg(long, default_value_t = 6)]
	pub categories: u16,
}

impl BylawsArgs {
	/// The on-chain parameters these arguments set.
	pub fn params(&self) -> BylawsParams<u32> {
		BylawsParams {
			quorum: self.quorum.perbill(),
			approval: self.approval.perbill(),
			amendment_approval: self.amendment.perbill(),
			expulsion_approval: self.expulsion.perbill(),
			voting_period: self.voting_period,
			min_voting_period: self.min_voting_period,
			membership_maturity: self.maturity,
			admission: self.admission.into(),
			revenue_share: self.revenue_share.perbill(),
			max_members: None,
			max_items_per_commitment: self.max_items,
			vocabulary: Vocabulary { purposes: self.purposes, categories: self.categories },
		}
	}
}

/// Every version of a co-op's bylaws.
#[derive(Debug, Args)]
pub struct Versions {
	/// The co-op.
	pub coop: u32,
}

impl Versions {
	/// List `bylaws.versions` of the co-op, oldest first.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let at = client.at().await?;
		let address = runtime::storage().bylaws().versions();
		let mut found = chain::entries_as::<_, _, Value>(&at, address, (self.coop,)).await?;
		found.sort_by_key(|((_, version), _)| *version);
		if found.is_empty() {
			return Err(Error::Input(format!("no co-op {}", self.coop)));
		}
		let (mut lines, mut list) = (Vec::new(), Vec::new());
		for ((_, version), record) in found {
			lines.push(format!("version {version}: {record}"));
			list.push(json!({ "version": version, "record": json_of(&record)? }));
		}
		Ok(Report::list(lines, list, ""))
	}
}
