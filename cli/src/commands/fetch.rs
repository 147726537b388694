//! `coop fetch`: a buyer fetches what a grant covers from the members' stores; `coop
//! fetch-shared`: what one member shares with them directly (the member's consent given to
//! their account, `Grantee::Buyer`: no market, no payment, no receipts).
//!
//! The chain says who may hold such data (the members with a place in the offer's pool) and
//! where their stores are (`Consent.StoreAddresses`). Each store decides for itself, on finalized
//! chain state, whether the grant covers its member's data; this command asks, signs each
//! request with the buyer's key, and keeps only what it can check: every item must prove
//! against the member's commitment on chain (root bound to the item count, see
//! `datacoop_store::merkle`), at its own place in the tree and with data not already received;
//! a store whose list does not have the committed number of items is reported by address.
//! When the store's own signed listing shows fewer items than the commitment declares, the
//! report carries it with the `coop report-commitment` command that reports the commitment
//! on chain (its deposit goes to whoever reports it).
//!
//! For what it keeps, it signs cumulative delivery receipts (`datacoop_client::receipts`): each
//! item request carries the receipt for the member's items verified so far, and a last
//! `Acknowledge` hands over the final one. The store serves ahead of receipts by at most one
//! batch and redeems them on chain, so the member is paid for exactly what the buyer verified.

use std::{
	collections::{BTreeMap, BTreeSet},
	path::{Path, PathBuf},
	time::Duration,
};

use base64::{engine::general_purpose::STANDARD, Engine};
use clap::Args;
use datacoop_client::{chain, keys, listings, receipts};
use datacoop_store::p2p::{
	self, Access, DeliveryReceipt, Listed, Request, Response, SignedListing, Want,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;
use subxt_signer::sr25519::Keypair;

use crate::{Client, Error, Report};

/// How long each signed request stays valid.
const VALIDITY: Duration = Duration::from_secs(120);

fn chain_error(e: impl std::fmt::Display) -> Error {
	Error::chain(e)
}

/// Fetch the data a grant covers.
#[derive(Debug, Args)]
pub struct Fetch {
	/// The grant (`coop grants` lists yours).
	pub grant: u64,
	/// The folder to write into.
	#[arg(long, default_value = "fetched")]
	pub out: PathBuf,
}

impl Fetch {
	/// Ask every contributing member's store, signing with the buyer's key.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		fetch(client.api(), client.signer()?, self.grant, &self.out).await
	}
}

/// Fetch what a member shares with you directly: their consent given to your account in a
/// co-op for a purpose (`coop consent give --buyer <you>`), free and without a grant.
#[derive(Debug, Args)]
pub struct FetchShared {
	/// The member who shares.
	#[arg(long, value_parser = crate::args::ss58)]
	pub member: datacoop_client::AccountId32,
	/// The co-op their consent is given in.
	#[arg(long)]
	pub coop: u32,
	/// The purpose it is for.
	#[arg(long)]
	pub purpose: u16,
	/// The data categories to fetch (the consent must cover each).
	#[arg(long = "category", required = true)]
	pub categories: Vec<u16>,
	/// The folder to write into.
	#[arg(long, default_value = "fetched")]
	pub out: PathBuf,
}

impl FetchShared {
	/// Ask the member's store, signing with your key.
	pub async fn run(self, client: &Client) -> Result<Report, Error> {
		let key = client.signer()?;
		let at = client.api().at_current_block().await.map_err(chain_error)?;
		let me = keys::account(key);
		for &category in &self.categories {
			let covered = chain::shared_covers(
				&at,
				&self.member,
				self.coop,
				&me,
				(self.purpose, category),
				at.block_number(),
			)
			.await
			.map_err(chain_error)?;
			if !covered {
				return Err(Error::Input(format!(
					"{} shares nothing with {me} in co-op {} for purpose {} and category \
					 {category}",
					self.member, self.coop, self.purpose
				)));
			}
		}
		let plan = Plan {
			access: Access::Shared { coop: self.coop, purpose: self.purpose },
			coop: self.coop,
			members: vec![self.member],
			categories: self.categories,
		};
		run_plan(client.api(), key, &at, plan, &self.out).await
	}
}

/// Whom a fetch asks, under what, for which categories.
struct Plan {
	access: Access,
	/// The co-op whose commitments the items prove against.
	coop: u32,
	members: Vec<datacoop_client::AccountId32>,
	categories: Vec<u16>,
}

/// A progress bar on standard error over the bytes to fetch, with rate and time left; drawn
/// only on a terminal (indicatif hides it otherwise).
fn progress(total_items: usize, total_bytes: u64) -> ProgressBar {
	let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
	let style = ProgressStyle::with_template(
		"[{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec}, {eta} left, {msg}",
	)
	.unwrap_or_else(|_| ProgressStyle::default_bar())
	.progress_chars("#>.");
	bar.set_style(style);
	bar.set_message(format!("0/{total_items} items"));
	bar
}

/// The file name an item is written under: the first 8 digits of its id (checked with
/// [`datacoop_store::is_item_id`] before this is called), then the store's name for it with
/// everything but ASCII letters, digits, `.`, `-` and `_` replaced, no leading dot, at most 100
/// characters. It never holds a path separator, so it stays inside its folder.
fn safe_name(id: &str, name: &str) -> String {
	let prefix: String = id.chars().filter(char::is_ascii_hexdigit).take(8).collect();
	let name: String = name
		.chars()
		.map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
		.take(100)
		.collect();
	let name = name.trim_start_matches('.');
	if name.is_empty() {
		prefix
	} else {
		format!("{prefix}-{name}")
	}
}

/// What one member's store gave or refused.
struct FromMember {
	member: String,
	account: datacoop_client::AccountId32,
	/// Items verified and kept: what the receipts acknowledge.
	verified: u64,
	/// The category of the last item verified: the final receipt goes under it.
	last_category: Option<u16>,
	address: Option<String>,
	listed: Vec<(u16, Listed)>,
	/// The commitment on chain per category: root and number of items.
	committed: BTreeMap<u16, ([u8; 32], u32)>,
	/// Places in each category's tree already received, and the hashes of their data.
	seen: BTreeSet<(u16, u32)>,
	seen_data: BTreeSet<(u16, [u8; 32])>,
	written: Vec<PathBuf>,
	refused: Vec<String>,
	/// Listings the member's store signed that show fewer items than the commitment declares:
	/// the evidence for `coop report-commitment`.
	short_listings: Vec<(listings::Listing, u32)>,
}

impl FromMember {
	/// Nothing from `account`'s store yet.
	fn new(account: datacoop_client::AccountId32) -> Self {
		FromMember {
			member: account.to_string(),
			account,
			verified: 0,
			last_category: None,
			address: None,
			listed: Vec::new(),
			committed: BTreeMap::new(),
			seen: BTreeSet::new(),
			seen_data: BTreeSet::new(),
			written: Vec::new(),
			refused: Vec::new(),
			short_listings: Vec::new(),
		}
	}

	/// Take the list of `category` the member's store answered with, `items` and its signed
	/// `listing`, against `committed`, the commitment on chain (root, items) of the member in
	/// `coop` on the chain whose genesis hash is `genesis`: the items to ask for, the listing
	/// as evidence when it shows fewer items than the commitment declares, and a refusal for a
	/// list of the wrong length, a listing that is not the member's for that commitment, or
	/// none at all under a commitment.
	fn take_list(
		&mut self,
		category: u16,
		committed: Option<([u8; 32], u32)>,
		items: Vec<Listed>,
		listing: Option<&SignedListing>,
		(coop, genesis): (u32, [u8; 32]),
	) {
		let store = self.address.clone().unwrap_or_default();
		let Some((root, count)) = committed else {
			self.refused
				.push(format!("category {category}: store {store} has no commitment on chain"));
			return self.take_items(category, items);
		};
		self.committed.insert(category, (root, count));
		match listing.map(|signed| signed.to_listing(coop, &self.account, category)) {
			None => self.refused.push(format!(
				"category {category}: store {store} signed no listing under the commitment on \
				 chain (its items do not add up to the committed root)"
			)),
			Some(Some(listing)) if listing.root == root && listings::verify(&listing, genesis) => {
				if listing.items < count {
					self.short_listings.push((listing, count));
				}
			},
			Some(_) => self.refused.push(format!(
				"category {category}: store {store} sent a listing that is not its member's for \
				 the commitment on chain"
			)),
		}
		if count as usize != items.len() {
			self.refused.push(format!(
				"category {category}: store {store} lists {} items, its commitment on chain says \
				 {count}",
				items.len()
			));
		}
		self.take_items(category, items);
	}

	/// Keep the items of a list to ask for, refusing ids of no store's form.
	fn take_items(&mut self, category: u16, items: Vec<Listed>) {
		for item in items {
			if datacoop_store::is_item_id(&item.id) {
				self.listed.push((category, item));
			} else {
				self.refused.push(format!(
					"category {category}: an item id of no store's form ({} bytes)",
					item.id.len()
				));
			}
		}
	}
	/// Why item `id` of `category`, `data` with `proof`, is not kept, if it is not.
	fn check(
		&mut self,
		category: u16,
		id: &str,
		data: &[u8],
		proof: &datacoop_store::merkle::Proof,
	) -> Option<String> {
		let Some((root, items)) = self.committed.get(&category) else {
			return Some(format!("item {id}: no commitment on chain for category {category}"));
		};
		if let Err(e) = datacoop_store::merkle::verify(root, *items, data, proof) {
			return Some(format!("item {id}: {e}"));
		}
		if !self.seen.insert((category, proof.index)) {
			return Some(format!("item {id}: place {} in the tree served twice", proof.index));
		}
		let hash = sp_crypto_hashing::blake2_256(data);
		if !self.seen_data.insert((category, hash)) {
			return Some(format!("item {id}: the same data as an item already received"));
		}
		None
	}
}

/// A short listing with the commitment's count, as the report shows it: the evidence and the
/// command that reports it.
fn short_listing((listing, committed): &(listings::Listing, u32)) -> serde_json::Value {
	let (root, signature) = (
		format!("0x{}", hex::encode(listing.root)),
		format!("0x{}", hex::encode(listing.signature)),
	);
	json!({
		"member": listing.member.to_string(),
		"coop": listing.coop,
		"category": listing.category,
		"root": root,
		"listed": listing.items,
		"committed": committed,
		"signature": signature,
		"report": format!(
			"coop report-commitment --member {} --coop {} --category {} --root {root} --listed {} \
			 --signature {signature}",
			listing.member, listing.coop, listing.category, listing.items
		),
	})
}

/// Fetch what grant `grant` covers into `out`, signing with `key`.
pub async fn fetch(
	api: &chain::Api,
	key: &Keypair,
	grant: u64,
	out: &Path,
) -> Result<Report, Error> {
	let at = api.at_current_block().await.map_err(chain_error)?;
	let me = keys::account(key);
	let record = chain::grant(&at, grant)
		.await
		.map_err(chain_error)?
		.ok_or_else(|| Error::Input(format!("there is no grant {grant}")))?;
	if record.buyer != me {
		return Err(Error::Input(format!(
			"grant {grant} was bought by {}, not by {me}",
			record.buyer
		)));
	}
	if at.block_number() >= record.expires {
		return Err(Error::Input(format!("grant {grant} expired at block {}", record.expires)));
	}
	let offer = chain::offer(&at, record.offer)
		.await
		.map_err(chain_error)?
		.ok_or_else(|| Error::chain(format!("offer {} is gone", record.offer)))?;
	let contributors = chain::contributors(&at, record.offer).await.map_err(chain_error)?;
	let plan = Plan {
		access: Access::Grant(grant),
		coop: record.coop,
		members: contributors.into_iter().map(|(member, _)| member).collect(),
		categories: offer.categories.clone(),
	};
	run_plan(api, key, &at, plan, out).await
}

/// Ask the stores of `plan`'s members for its categories, under its access, into `out`: every
/// item checked against the member's commitment on chain; under a grant, with delivery
/// receipts for what was verified.
async fn run_plan(
	api: &chain::Api,
	key: &Keypair,
	at: &chain::AtBlock,
	plan: Plan,
	out: &Path,
) -> Result<Report, Error> {
	let Plan { access, coop, members: asked, categories } = plan;
	let mut client = p2p::Client::new().map_err(chain_error)?;
	let genesis = receipts::genesis(api);
	// The receipt for what `from` delivered and this client verified so far, for store `peer`:
	// under a grant only (a shared fetch settles nothing).
	let receipt = |from: &FromMember, peer: &p2p::PeerId| {
		let Access::Grant(grant) = access else { return None };
		(from.verified > 0).then(|| {
			DeliveryReceipt::from(receipts::sign(
				key,
				genesis,
				grant,
				&from.account,
				&peer.to_bytes(),
				from.verified,
			))
		})
	};

	// First every store's list, so the progress bar knows the total.
	let mut members = Vec::new();
	for member in asked {
		let mut from = FromMember::new(member);
		let address = match chain::store_address(at, &member).await.map_err(chain_error)? {
			Some(address) => address,
			None => {
				from.refused.push("no store address on chain".into());
				members.push((from, None));
				continue;
			},
		};
		from.address = Some(address.clone());
		let parsed = address
			.parse::<p2p::Multiaddr>()
			.map_err(|e| Error::chain(format!("{address}: {e}")));
		let (addr, peer) =
			match parsed.and_then(|a| Ok((a.clone(), p2p::peer_of(&a).map_err(chain_error)?))) {
				Ok(found) => found,
				Err(e) => {
					from.refused.push(e.to_string());
					members.push((from, None));
					continue;
				},
			};
		for &category in &categories {
			tracing::debug!(member = %from.member, %addr, category, "asking for the list");
			let request = Request::under(key, &peer, access, category, Want::List, VALIDITY);
			let committed =
				chain::commitment(at, coop, &member, category).await.map_err(chain_error)?;
			match client.ask(&addr, request).await {
				Ok(Response::Items { items, listing }) => {
					from.take_list(category, committed, items, listing.as_ref(), (coop, genesis))
				},
				Ok(Response::Refused { reason }) => {
					from.refused.push(format!("category {category}: {reason}"))
				},
				Ok(other) => {
					from.refused.push(format!("category {category}: unexpected answer {other:?}"))
				},
				Err(e) => from.refused.push(format!("category {category}: {e}")),
			}
		}
		members.push((from, Some((addr, peer))));
	}

	let total_items = members.iter().map(|(m, _)| m.listed.len()).sum();
	let total_bytes = members.iter().flat_map(|(m, _)| m.listed.iter().map(|(_, i)| i.size)).sum();
	let progress = progress(total_items, total_bytes);
	let mut done = 0usize;
	let mut advance = |bytes: u64| {
		done += 1;
		progress.inc(bytes);
		progress.set_message(format!("{done}/{total_items} items"));
	};
	for (from, target) in &mut members {
		let Some((addr, peer)) = target else { continue };
		for (category, item) in from.listed.clone() {
			tracing::debug!(member = %from.member, category, item = %item.id, "asking for an item");
			let request = Request::under(
				key,
				peer,
				access,
				category,
				Want::Item { id: item.id.clone() },
				VALIDITY,
			)
			.with_receipt(receipt(from, peer));
			match client.ask(addr, request).await {
				Ok(Response::Item { id, name, data, proof }) if id == item.id => {
					let Ok(data) = STANDARD.decode(data) else {
						advance(0);
						from.refused.push(format!("item {id}: its data is not base64"));
						continue;
					};
					if let Some(why) = from.check(category, &id, &data, &proof) {
						advance(0);
						from.refused.push(why);
						continue;
					}
					let folder = out.join(&from.member).join(category.to_string());
					std::fs::create_dir_all(&folder).map_err(|e| {
						Error::Input(format!("cannot create {}: {e}", folder.display()))
					})?;
					let path = folder.join(safe_name(&id, &name));
					datacoop_store::write_atomic(&path, &data)
						.map_err(|e| Error::Input(e.to_string()))?;
					advance(data.len() as u64);
					from.written.push(path);
					from.verified += 1;
					from.last_category = Some(category);
				},
				Ok(Response::Refused { reason }) => {
					advance(0);
					from.refused.push(format!("item {}: {reason}", item.id));
				},
				Ok(other) => {
					advance(0);
					from.refused.push(format!("item {}: unexpected answer {other:?}", item.id));
				},
				Err(e) => {
					advance(0);
					from.refused.push(format!("item {}: {e}", item.id));
				},
			}
		}
	}

	progress.finish();
	// The last receipt, for the last item verified.
	for (from, target) in &mut members {
		let (Some((addr, peer)), Some(category)) = (target, from.last_category) else {
			continue;
		};
		let Some(last) = receipt(from, peer) else { continue };
		let request = Request::under(key, peer, access, category, Want::Acknowledge, VALIDITY)
			.with_receipt(Some(last));
		match client.ask(addr, request).await {
			Ok(Response::Acknowledged { items }) if items >= from.verified => {},
			Ok(Response::Refused { reason }) => {
				from.refused.push(format!("receipt for {} items: {reason}", from.verified))
			},
			Ok(other) => from.refused.push(format!("receipt: unexpected answer {other:?}")),
			Err(e) => from.refused.push(format!("receipt: {e}")),
		}
	}
	let mut lines = Vec::new();
	let mut list = Vec::new();
	for (from, _) in &members {
		let store = from.address.as_deref().unwrap_or("none on chain");
		let mut line = format!("{} (store {store}): {} items", from.member, from.written.len());
		if !from.refused.is_empty() {
			line.push_str(&format!("; refused: {}", from.refused.join("; ")));
		}
		lines.push(line);
		let short: Vec<_> = from.short_listings.iter().map(short_listing).collect();
		for listing in &short {
			lines.push(format!(
				"  its own store lists {} of the {} items its commitment for category {} \
				 declares: `{}`",
				listing["listed"], listing["committed"], listing["category"], listing["report"]
			));
		}
		list.push(json!({
			"member": from.member,
			"store": from.address,
			"files": from.written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
			"acknowledged": from.verified,
			"refused": from.refused,
			"short_listings": short,
		}));
	}
	let fetched: usize = members.iter().map(|(m, _)| m.written.len()).sum();
	lines.insert(
		0,
		format!("{access}: {fetched} items from {} members into {}", members.len(), out.display()),
	);
	let mut json = json!({ "items": fetched, "members": list });
	match access {
		Access::Grant(grant) => json["grant"] = json!(grant),
		Access::Shared { coop, purpose } => {
			json["shared"] = json!({ "coop": coop, "purpose": purpose })
		},
	}
	Ok(Report { text: lines.join("\n"), json })
}

#[cfg(test)]
mod tests {
	use super::*;

	const GENESIS: [u8; 32] = [1; 32];
	const ROOT: [u8; 32] = [9; 32];

	fn items(n: usize) -> Vec<Listed> {
		(0..n)
			.map(|i| Listed { id: format!("{i:032x}"), name: format!("{i}.csv"), size: 1 })
			.collect()
	}

	/// Bob's store's answer for category 3 of co-op 0: `n` items, and Bob's listing of
	/// `listed` items under `root`.
	fn bob_lists(
		n: usize,
		listed: u32,
		root: [u8; 32],
	) -> (FromMember, Vec<Listed>, SignedListing) {
		let bob = subxt_signer::sr25519::dev::bob();
		let from = FromMember::new(datacoop_client::keys::account(&bob));
		(from, items(n), listings::sign(&bob, GENESIS, 0, 3, root, listed).into())
	}

	#[test]
	fn a_listing_short_of_the_commitment_is_kept_as_evidence() {
		let (mut from, items, listing) = bob_lists(3, 3, ROOT);
		from.take_list(3, Some((ROOT, 10)), items, Some(&listing), (0, GENESIS));
		assert_eq!(from.short_listings.len(), 1);
		assert_eq!((from.short_listings[0].0.items, from.short_listings[0].1), (3, 10));
		assert_eq!(from.listed.len(), 3);
		assert!(from.refused.iter().any(|r| r.contains("lists 3 items, its commitment")));
	}

	#[test]
	fn an_honest_list_is_taken_whole_with_nothing_to_report() {
		let (mut from, items, listing) = bob_lists(3, 3, ROOT);
		from.take_list(3, Some((ROOT, 3)), items, Some(&listing), (0, GENESIS));
		assert!(from.short_listings.is_empty() && from.refused.is_empty(), "{:?}", from.refused);
		assert_eq!(from.listed.len(), 3);
		assert_eq!(from.committed.get(&3), Some(&(ROOT, 3)));
	}

	#[test]
	fn a_listing_that_is_not_the_members_for_the_commitment_is_refused() {
		let not_bobs = |mut listing: SignedListing| {
			listing.signature[0] ^= 1;
			listing
		};
		let (_, _, other_root) = bob_lists(0, 1, [8; 32]);
		let (_, _, short_signature) = bob_lists(0, 1, ROOT);
		let short_signature = SignedListing { signature: vec![0; 63], ..short_signature };
		let (_, _, forged) = bob_lists(0, 1, ROOT);
		for bad in [other_root, short_signature, not_bobs(forged)] {
			let (mut from, items, _) = bob_lists(3, 1, ROOT);
			from.take_list(3, Some((ROOT, 3)), items, Some(&bad), (0, GENESIS));
			assert!(from.short_listings.is_empty());
			assert!(
				from.refused.iter().any(|r| r.contains("not its member's")),
				"{:?}",
				from.refused
			);
		}
		// Another chain's, another co-op's or another category's listing.
		let (mut from, items, listing) = bob_lists(3, 1, ROOT);
		from.take_list(3, Some((ROOT, 3)), items.clone(), Some(&listing), (0, [2; 32]));
		from.take_list(3, Some((ROOT, 3)), items.clone(), Some(&listing), (1, GENESIS));
		from.take_list(4, Some((ROOT, 3)), items, Some(&listing), (0, GENESIS));
		assert!(from.short_listings.is_empty());
		assert_eq!(from.refused.iter().filter(|r| r.contains("not its member's")).count(), 3);
	}

	#[test]
	fn no_listing_under_a_commitment_and_no_commitment_are_said() {
		let (mut from, items, _) = bob_lists(3, 3, ROOT);
		from.take_list(3, Some((ROOT, 3)), items.clone(), None, (0, GENESIS));
		assert!(from.refused.iter().any(|r| r.contains("signed no listing")));
		from.take_list(4, None, items, None, (0, GENESIS));
		assert!(from
			.refused
			.iter()
			.any(|r| r.contains("category 4") && r.contains("no commitment")));
		assert!(!from.committed.contains_key(&4));
	}

	#[test]
	fn what_a_store_names_an_item_never_leaves_the_folder() {
		let id = "0123456789abcdef0123456789abcdef";
		assert!(datacoop_store::is_item_id(id));
		for hostile in [
			"../../etc/passwd",
			"/etc/passwd",
			"..",
			"...",
			"a/../../b",
			"\\..\\x",
			"\u{2215}etc\u{2215}passwd",
			"名前/../x",
			"",
			"\0",
			"C:\\Windows",
		] {
			let name = safe_name(id, hostile);
			assert!(
				!name.contains('/') && !name.contains('\\') && !name.starts_with('.'),
				"{name}"
			);
			assert!(name.starts_with("01234567"), "{name}");
			let path = Path::new("out").join(&name);
			assert_eq!(path.parent(), Some(Path::new("out")), "{hostile} -> {name}");
			assert!(name.is_ascii() && name.len() <= 109, "{name}");
		}
		assert_eq!(safe_name(id, "heart.csv"), "01234567-heart.csv");
		for bad in ["../../../../../etc/passwd", "0123456789ABCDEF0123456789ABCDEF", "0123", ""] {
			assert!(!datacoop_store::is_item_id(bad), "{bad}");
		}
	}
}
