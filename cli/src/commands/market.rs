//! `coop offers`, `buy`, `grants`, `receipt`, `redeem` and `claim`: the market as buyers and
//! members use it.

use clap::Args;
use datacoop_client::{
	chain, receipts,
	runtime::{self, runtime_types::pallet_market::types::OfferState},
	AccountId32,
};
use datacoop_store::p2p::PeerId;
use serde_json::json;

use crate::{args, Client, Error, Report};

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

/// Sign a delivery receipt as a grant's buyer: `items` verified items (cumulative) of `member`
/// served by the store `store`. `coop fetch` signs these itself and hands them to the stores;
/// this is for handing one over by other means.
#[derive(Debug, Args)]
pub struct SignReceipt {
	/// The grant.
	pub grant: u64,
	/// The member whose items were delivered.
	#[arg(long, value_parser = args::ss58)]
	pub member: AccountId32,
	/// The store's libp2p peer id.
	#[arg(long, value_parser = args::peer_id)]
	pub store: PeerId,
	/// Items verified so far, cumulative.
	#[arg(long)]
	pub items: u64,
}

impl SignReceipt {
	/// Sign with the buyer's key; nothing goes on chain.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let genesis = receipts::genesis(client.api());
		let receipt = receipts::sign(
			client.signer()?,
			genesis,
			self.grant,
			&self.member,
			&self.store.to_bytes(),
			self.items,
		);
		let signature = format!("0x{}", hex::encode(receipt.signature));
		Ok(Report {
			text: signature.clone(),
			json: json!({
				"grant": self.grant,
				"member": self.member.to_string(),
				"items": self.items,
				"signature": signature,
			}),
		})
	}
}

/// Redeem a buyer's delivery receipt for your items under a grant: you are paid the grant's
/// price per item for what it acknowledges beyond what you redeemed (capped at your weight when
/// it was bought). Your store does this itself for the receipts it takes.
#[derive(Debug, Args)]
pub struct Redeem {
	/// The grant.
	pub grant: u64,
	/// Items the receipt acknowledges.
	#[arg(long)]
	pub items: u64,
	/// The store's libp2p peer id the receipt names.
	#[arg(long, value_parser = args::peer_id)]
	pub store: PeerId,
	/// The buyer's signature.
	#[arg(long, value_parser = args::signature)]
	pub signature: [u8; 64],
}

impl Redeem {
	/// Sign `market.redeem`.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let receipt = receipts::Receipt { items: self.items, signature: self.signature };
		let events = receipts::redeem(
			client.api(),
			client.signer()?,
			self.grant,
			&self.store.to_bytes(),
			&receipt,
		)
		.await?;
		let (redeemed, cap) =
			chain::redemption(&client.at().await?, self.grant, &client.me()?).await?;
		Ok(Report {
			text: format!(
				"Market.redeem finalized: {}; {redeemed} of at most {cap} items redeemed",
				events.join(", ")
			),
			json: json!({ "events": events, "redeemed": redeemed, "cap": cap }),
		})
	}
}

/// Collect royalties from an offer's pool earned by sales settled before settlement by
/// delivery.
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
