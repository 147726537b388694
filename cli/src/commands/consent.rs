//! `coop consent` (give, list, withdraw, pool) and `coop commit`: a member's consents and the
//! commitment to the data their store keeps; `coop report-commitment`: anyone's report of a
//! commitment its member's own store lists fewer items under.

use clap::{Args, Subcommand};
use datacoop_client::{
	chain, listings,
	runtime::{self, runtime_types::datacoop_primitives::consent::Grantee},
	AccountId32,
};
use serde_json::json;
use subxt::{dynamic::Value, utils::H256};

use crate::{args, file_hash, json_of, Client, Error, Report};

/// Who a consent is for.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct GranteeArg {
	/// One buyer account (SS58).
	#[arg(long, value_parser = args::ss58)]
	pub buyer: Option<AccountId32>,
	/// The buyers of one offer of the co-op.
	#[arg(long)]
	pub offer: Option<u32>,
}

impl GranteeArg {
	fn grantee(self) -> Result<Grantee<AccountId32>, Error> {
		match (self.buyer, self.offer) {
			(Some(buyer), None) => Ok(Grantee::Buyer(buyer)),
			(None, Some(offer)) => Ok(Grantee::Offer(offer)),
			_ => Err(Error::Input("name either --buyer or --offer".into())),
		}
	}
}

/// Consent commands.
#[derive(Debug, Subcommand)]
pub enum Command {
	/// Give consent through a co-op.
	Give(Give),
	/// Your consents.
	List,
	/// Withdraw a consent, at once.
	Withdraw {
		/// The consent number.
		consent: u32,
	},
	/// Members with a live consent for a grantee, purpose and category.
	Pool(Pool),
}

impl Command {
	/// Run the consent command.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		match self {
			Self::Give(give) => give.run(client).await,
			Self::List => list(client).await,
			Self::Withdraw { consent } => {
				client.submit(runtime::tx().consent().withdraw(consent)).await
			},
			Self::Pool(pool) => pool.run(client).await,
		}
	}
}

/// Give consent through a co-op.
#[derive(Debug, Args)]
pub struct Give {
	/// The co-op.
	#[arg(long)]
	pub coop: u32,
	#[command(flatten)]
	pub grantee: GranteeArg,
	/// The purpose code.
	#[arg(long)]
	pub purpose: u16,
	/// The data category codes, comma separated.
	#[arg(long, value_delimiter = ',', required = true)]
	pub categories: Vec<u16>,
	/// The first block at which the consent no longer holds.
	#[arg(long)]
	pub expires: Option<u32>,
	/// The consent receipt your store keeps; the chain keeps its blake2-256 hash.
	#[arg(long)]
	pub receipt: Option<std::path::PathBuf>,
}

impl Give {
	/// Sign `consent.give`.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let receipt = self.receipt.as_deref().map(file_hash).transpose()?.unwrap_or([0; 32]);
		let call = runtime::tx().consent().give(
			self.coop,
			self.grantee.grantee()?,
			self.purpose,
			self.categories,
			self.expires,
			H256(receipt),
		);
		client.submit(call).await
	}
}

/// The signer's consents, by number.
async fn list(client: &Client) -> Result<Report, Error> {
	let me = client.me()?;
	let at = client.at().await?;
	let address = runtime::storage().consent().consents();
	let mut found = chain::entries_as::<_, _, Value>(&at, address, (me,)).await?;
	found.sort_by_key(|((_, id), _)| *id);
	let (mut lines, mut list) = (Vec::new(), Vec::new());
	for ((_, id), record) in found {
		lines.push(format!("#{id}: {record}"));
		list.push(json!({ "consent": id, "record": json_of(&record)? }));
	}
	Ok(Report::list(lines, list, "no consents"))
}

/// Members with a live consent for a grantee, purpose and category.
#[derive(Debug, Args)]
pub struct Pool {
	/// The co-op.
	#[arg(long)]
	pub coop: u32,
	#[command(flatten)]
	pub grantee: GranteeArg,
	/// The purpose code.
	#[arg(long)]
	pub purpose: u16,
	/// The category code.
	#[arg(long)]
	pub category: u16,
}

impl Pool {
	/// Ask the runtime (`ConsentApi.consent_pool_size`).
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let call = runtime::runtime_apis().consent_api().consent_pool_size(
			self.coop,
			self.grantee.grantee()?,
			self.purpose,
			self.category,
		);
		let size = client.at().await?.runtime_apis().call(call).await.map_err(Error::chain)?;
		Ok(Report { text: format!("{size} members"), json: json!({ "pool": size }) })
	}
}

/// Commit to the data of one category in your store.
#[derive(Debug, Args)]
pub struct Commit {
	/// The co-op.
	#[arg(long)]
	pub coop: u32,
	/// The data category code.
	#[arg(long)]
	pub category: u16,
	/// The Merkle root over salted item hashes, 32 bytes in hex.
	#[arg(long, value_parser = args::hex32)]
	pub root: [u8; 32],
	/// Number of items.
	#[arg(long)]
	pub items: u32,
	/// Total size in bytes.
	#[arg(long)]
	pub bytes: u64,
}

impl Commit {
	/// Sign `consent.commit`.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let call = runtime::tx().consent().commit(
			self.coop,
			self.category,
			H256(self.root),
			self.items,
			self.bytes,
		);
		client.submit(call).await
	}
}

/// Report a member's commitment as inflated, with the listing their own store signed: under
/// the commitment's root it lists fewer items than the commitment declares. `coop fetch`
/// prints this command for every such listing it receives. The commitment stops counting in
/// every pool, and its deposit is yours.
#[derive(Debug, Args)]
pub struct ReportCommitment {
	/// The member whose commitment it is.
	#[arg(long, value_parser = args::ss58)]
	pub member: AccountId32,
	/// The co-op.
	#[arg(long)]
	pub coop: u32,
	/// The data category code.
	#[arg(long)]
	pub category: u16,
	/// The commitment root the listing was signed under, 32 bytes in hex.
	#[arg(long, value_parser = args::hex32)]
	pub root: [u8; 32],
	/// Items the store listed.
	#[arg(long)]
	pub listed: u32,
	/// The member's signature on the listing.
	#[arg(long, value_parser = args::signature)]
	pub signature: [u8; 64],
}

impl ReportCommitment {
	/// Check the listing against the chain (no fee for a report that would fail), then sign
	/// `consent.report_commitment`.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let listing = listings::Listing {
			coop: self.coop,
			member: self.member,
			category: self.category,
			root: self.root,
			items: self.listed,
			signature: self.signature,
		};
		if !listings::verify(&listing, datacoop_client::receipts::genesis(client.api())) {
			return Err(Error::Input(format!(
				"the signature is not {}'s listing of {} items under root 0x{} on this chain",
				listing.member,
				listing.items,
				hex::encode(listing.root)
			)));
		}
		let at = client.at().await?;
		match chain::commitment(&at, listing.coop, &listing.member, listing.category).await? {
			None => {
				return Err(Error::Input(format!(
					"{} has no commitment for category {} in co-op {}",
					listing.member, listing.category, listing.coop
				)))
			},
			Some((root, _)) if root != listing.root => {
				return Err(Error::Input(format!(
					"the commitment on chain is now under root 0x{}: the listing is for an \
					 earlier one",
					hex::encode(root)
				)))
			},
			Some((_, items)) if items <= listing.items => {
				return Err(Error::Input(format!(
					"the commitment declares {items} items, the listing {}: nothing to report",
					listing.items
				)))
			},
			Some(_) => {},
		}
		let events = listings::report(client.api(), client.signer()?, &listing).await?;
		Ok(Report {
			text: format!("Consent.report_commitment finalized: {}", events.join(", ")),
			json: json!({ "events": events }),
		})
	}
}
