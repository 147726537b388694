//! `coop offers`, `buy`, `grants` and `claim`: the market as buyers and members use it.

use clap::Args;
use datacoop_client::{
	chain,
	runtime::{self, runtime_types::pallet_market::types::OfferState},
};
use serde_json::json;

use crate::{Client, Error, Report};

/// How an offer's state reads.
pub(crate) fn state_name(state: &OfferState) -> &'static str {
	match state {
		OfferState::Open => "open",
		OfferState::Paused => "paused",
		OfferState::Closed => "closed",
	}
}

/// Every offer with its terms and pool. Amounts are decimal strings in JSON (they exceed JSON's
/// safe integers).
pub async fn offers(client: &Client) -> Result<Report, Error> {
	let at = client.at().await?;
	let mut found = chain::entries(&at, runtime::storage().market().offers(), ()).await?;
	found.sort_by_key(|((id,), _)| *id);
	let (mut lines, mut list) = (Vec::new(), Vec::new());
	for ((id,), offer) in found {
		let pool = chain::read(&at, runtime::storage().market().pools(), (id,)).await?;
		let contributors = pool.as_ref().map_or(0, |p| p.contributors);
		let categories = &offer.categories.0;
		lines.push(format!(
			"offer {id} of co-op {}: purpose {}, categories {categories:?}, {} for {} blocks, {}; \
			 {contributors} contributing members, at least {} needed",
			offer.coop,
			offer.purpose,
			offer.price,
			offer.duration,
			state_name(&offer.state),
			offer.min_contributors,
		));
		list.push(json!({
			"offer": id,
			"coop": offer.coop,
			"purpose": offer.purpose,
			"categories": categories,
			"price": offer.price.to_string(),
			"duration": offer.duration,
			"min_contributors": offer.min_contributors,
			"terms": format!("{:?}", offer.terms),
			"state": state_name(&offer.state),
			"contributors": contributors,
			"pool": pool.map(|p| json!({
				"contributors": p.contributors,
				"total_weight": p.total_weight.to_string(),
				"paid": p.paid.to_string(),
				"to_treasury": p.to_treasury.to_string(),
				"received": p.received.to_string(),
				"claimed": p.claimed.to_string(),
			})),
		}));
	}
	Ok(Report::list(lines, list, "no offers"))
}

/// Buy access through an offer.
#[derive(Debug, Args)]
pub struct Buy {
	/// The offer.
	pub offer: u32,
	/// The most you agree to pay, in the smallest unit (the offer's price if left out).
	#[arg(long)]
	pub max_price: Option<u128>,
}

impl Buy {
	/// Sign `market.purchase`, then name the grant it bought.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let offer = self.offer;
		let price = match self.max_price {
			Some(price) => price,
			None => {
				chain::read(&client.at().await?, runtime::storage().market().offers(), (offer,))
					.await?
					.map(|o| o.price)
					.ok_or_else(|| Error::Input(format!("no offer {offer}")))?
			},
		};
		let mut report = client.submit(runtime::tx().market().purchase(offer, price)).await?;
		if let Some(grant) = latest_grant(client, offer).await? {
			report
				.text
				.push_str(&format!("\ngrant {grant}: fetch the data with `coop fetch {grant}`"));
			report.json["grant"] = json!(grant);
		}
		Ok(report)
	}
}

/// The signer's newest grant of `offer`.
pub(crate) async fn latest_grant(client: &Client, offer: u32) -> Result<Option<u64>, Error> {
	let mine = chain::grants_of(&client.at().await?, &client.me()?).await?;
	Ok(mine.iter().rev().find(|(_, g)| g.offer == offer).map(|(id, _)| *id))
}

/// The signer's grants, valid or expired.
pub async fn grants(client: &Client) -> Result<Report, Error> {
	let at = client.at().await?;
	let now = at.block_number();
	let (mut lines, mut list) = (Vec::new(), Vec::new());
	for (id, g) in chain::grants_of(&at, &client.me()?).await? {
		let valid = now < g.expires;
		let state = if valid { "valid" } else { "expired" };
		lines.push(format!(
			"grant {id}: offer {} of co-op {}, {state} until block {}",
			g.offer, g.coop, g.expires
		));
		list.push(json!({
			"grant": id, "offer": g.offer, "coop": g.coop, "expires": g.expires, "valid": valid,
		}));
	}
	Ok(Report::list(lines, list, "no grants"))
}

/// Collect your royalties from an offer's pool.
#[derive(Debug, Args)]
pub struct Claim {
	/// The offer.
	pub offer: u32,
}

impl Claim {
	/// Sign `market.claim`.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		client.submit(runtime::tx().market().claim(self.offer)).await
	}
}
