//! `coop propose`, `vote`, `close` and `proposals`: a co-op's decisions, one member, one vote.

use clap::{Args, Subcommand};
use datacoop_client::{
	chain,
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec, datacoop_runtime::RuntimeCall,
			pallet_bylaws::pallet::Call as BylawsCall, pallet_coops::pallet::Call as CoopsCall,
			pallet_market::pallet::Call as MarketCall,
		},
	},
	AccountId32,
};
use serde_json::json;
use subxt::utils::H256;

use super::{
	bylaws::BylawsArgs,
	contract::{set_allow_list_input, set_terms_input, voted_call},
};
use crate::{
	args::{self, Choice, OfferStateArg, Switch, Tier},
	file_hash, Client, Error, Report,
};

/// Propose a decision to a co-op you are a member of.
#[derive(Debug, Args)]
pub struct Propose {
	/// The co-op.
	pub coop: u32,
	#[command(subcommand)]
	pub what: Proposal,
}

impl Propose {
	/// Sign `governance.propose` with the one call the proposal carries.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let call = self.what.call()?;
		client
			.submit(runtime::tx().governance().propose(self.coop, BoundedVec(vec![call])))
			.await
	}
}

/// What a proposal asks the co-op to do.
#[derive(Debug, Subcommand)]
pub enum Proposal {
	/// Publish an access offer.
	Offer {
		/// The purpose code.
		#[arg(long)]
		purpose: u16,
		/// The data category codes, comma separated.
		#[arg(long, value_delimiter = ',', required = true)]
		categories: Vec<u16>,
		/// Price per purchase, in the smallest unit.
		#[arg(long)]
		price: u128,
		/// Blocks of access per purchase.
		#[arg(long)]
		duration: u32,
		/// Fewest contributing members for a purchase to settle.
		#[arg(long, default_value_t = 1)]
		min_contributors: u32,
		/// The terms document; the chain keeps its hash.
		#[arg(long)]
		terms: Option<std::path::PathBuf>,
	},
	/// Pause, reopen or close an offer.
	OfferState {
		/// The offer.
		offer: u32,
		/// Its new state.
		#[arg(value_enum)]
		state: OfferStateArg,
	},
	/// Admit an applicant.
	Admit {
		/// The applicant (SS58).
		#[arg(value_parser = args::ss58)]
		who: AccountId32,
	},
	/// Expel a member (needs the expulsion threshold).
	Expel {
		/// The member (SS58).
		#[arg(value_parser = args::ss58)]
		who: AccountId32,
	},
	/// Change the price tiers and cap of an access contract the co-op owns.
	ContractTerms {
		/// The contract (0x and 40 hex digits).
		#[arg(long, value_parser = args::contract_address)]
		contract: [u8; 20],
		/// A price tier, `PRICE:BLOCKS`; repeat for more tiers.
		#[arg(long = "tier", required = true)]
		tiers: Vec<Tier>,
		/// The most sales; no cap if left out.
		#[arg(long)]
		cap: Option<u32>,
	},
	/// Turn an access contract's allow-list on or off, adding or removing buyers.
	ContractAllowList {
		/// The contract (0x and 40 hex digits).
		#[arg(long, value_parser = args::contract_address)]
		contract: [u8; 20],
		/// Whether only listed buyers may buy.
		#[arg(long, value_enum)]
		state: Switch,
		/// Buyers to add (SS58, comma separated).
		#[arg(long, value_delimiter = ',', value_parser = args::ss58)]
		add: Vec<AccountId32>,
		/// Buyers to remove (SS58, comma separated).
		#[arg(long, value_delimiter = ',', value_parser = args::ss58)]
		remove: Vec<AccountId32>,
	},
	/// Adopt a new version of the bylaws (needs the amendment threshold).
	Bylaws(BylawsArgs),
}

impl Proposal {
	/// The call the co-op dispatches if the proposal carries.
	pub fn call(self) -> Result<RuntimeCall, Error> {
		Ok(match self {
			Self::Offer { purpose, categories, price, duration, min_contributors, terms } => {
				let terms = terms.as_deref().map(file_hash).transpose()?.unwrap_or([0; 32]);
				RuntimeCall::Market(MarketCall::publish_offer {
					purpose,
					categories,
					price,
					duration,
					min_contributors,
					terms: H256(terms),
				})
			},
			Self::OfferState { offer, state } => {
				RuntimeCall::Market(MarketCall::set_offer_state { offer, state: state.into() })
			},
			Self::Admit { who } => RuntimeCall::Coops(CoopsCall::admit { applicant: who }),
			Self::Expel { who } => RuntimeCall::Coops(CoopsCall::expel { member: who }),
			Self::ContractTerms { contract, tiers, cap } => {
				voted_call(contract, set_terms_input(&tiers, cap)?)
			},
			Self::ContractAllowList { contract, state, add, remove } => {
				voted_call(contract, set_allow_list_input(state == Switch::On, &add, &remove))
			},
			Self::Bylaws(args) => RuntimeCall::Bylaws(BylawsCall::amend {
				document: BoundedVec(file_hash(&args.bylaws)?.to_vec()),
				params: args.params(),
			}),
		})
	}
}

/// Vote on a proposal.
#[derive(Debug, Args)]
pub struct Vote {
	/// The proposal.
	pub proposal: u32,
	/// Your vote.
	#[arg(value_enum)]
	pub choice: Choice,
}

impl Vote {
	/// Sign `governance.vote`.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		client
			.submit(runtime::tx().governance().vote(self.proposal, self.choice.into()))
			.await
	}
}

/// Close a proposal.
#[derive(Debug, Args)]
pub struct Close {
	/// The proposal.
	pub proposal: u32,
	/// If the outcome is certain but the bylaws' minimum voting time has not passed, wait for it
	/// instead of being refused.
	#[arg(long)]
	pub wait: bool,
}

impl Close {
	/// Sign `governance.close`, allowing the weight the proposal's calls declared.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let proposal = self.proposal;
		let open = chain::read(
			&client.at().await?,
			runtime::storage().governance().proposals(),
			(proposal,),
		)
		.await?
		.ok_or_else(|| Error::Input(format!("no open proposal {proposal}")))?;
		if self.wait {
			// The close is included in a later block than the one seen now.
			while client.at().await?.block_number() + 1 < u64::from(open.early_close_from) {
				tokio::time::sleep(std::time::Duration::from_millis(500)).await;
			}
		}
		client
			.submit(runtime::tx().governance().close(proposal, open.call_weight))
			.await
	}
}

/// Open proposals.
#[derive(Debug, Args)]
pub struct Proposals {
	/// Only this co-op's.
	#[arg(long)]
	pub coop: Option<u32>,
}

impl Proposals {
	/// List the open proposals, by number.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let at = client.at().await?;
		let mut found =
			chain::entries(&at, runtime::storage().governance().proposals(), ()).await?;
		found.retain(|(_, p)| self.coop.is_none_or(|coop| coop == p.coop));
		found.sort_by_key(|((id,), _)| *id);
		let (mut lines, mut list) = (Vec::new(), Vec::new());
		for ((id,), p) in found {
			let t = &p.tally;
			lines.push(format!(
				"proposal {id} (co-op {}): {} aye, {} nay, {} abstain of {} members; voting ends \
				 at block {}",
				p.coop, t.ayes, t.nays, t.abstentions, t.electorate, p.ends_at
			));
			list.push(json!({
				"proposal": id,
				"coop": p.coop,
				"proposer": p.proposer.to_string(),
				"calls": p.call_count,
				"tally": {
					"ayes": t.ayes, "nays": t.nays, "abstentions": t.abstentions,
					"electorate": t.electorate,
				},
				"ends_at": p.ends_at,
				"early_close_from": p.early_close_from,
				"deposit": p.deposit.to_string(),
			}));
		}
		Ok(Report::list(lines, list, "no open proposals"))
	}
}
