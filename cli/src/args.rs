//! Values `coop` takes on its command line, parsed by clap before anything runs: a bad address,
//! hash, percentage or choice is refused with clap's usage message and changes nothing.

use std::str::FromStr;

use clap::ValueEnum;
use datacoop_client::{
	runtime::runtime_types::{
		datacoop_primitives::coop::AdmissionPolicy, pallet_governance::types::VoteChoice,
		pallet_market::types::OfferState, sp_arithmetic::per_things::Perbill,
	},
	AccountId32,
};

/// An SS58 address (`5GrwvaEF...`).
pub fn ss58(text: &str) -> Result<AccountId32, String> {
	AccountId32::from_str(text).map_err(|_| format!("not an SS58 address: {text}"))
}

/// 32 bytes in hex, with or without `0x`.
pub fn hex32(text: &str) -> Result<[u8; 32], String> {
	let mut bytes = [0u8; 32];
	hex::decode_to_slice(text.trim_start_matches("0x"), &mut bytes)
		.map_err(|_| format!("not 32 bytes of hex: {text}"))?;
	Ok(bytes)
}

/// A 64-byte sr25519 signature in hex, with or without `0x`.
pub fn signature(text: &str) -> Result<[u8; 64], String> {
	let mut bytes = [0u8; 64];
	hex::decode_to_slice(text.trim_start_matches("0x"), &mut bytes)
		.map_err(|_| format!("not a 64-byte signature in hex: {text}"))?;
	Ok(bytes)
}

/// A libp2p peer id (`12D3KooW...`).
pub fn peer_id(text: &str) -> Result<datacoop_store::p2p::PeerId, String> {
	datacoop_store::p2p::PeerId::from_str(text).map_err(|_| format!("not a libp2p peer id: {text}"))
}

/// A contract address: `0x` and 40 hex digits.
pub fn contract_address(text: &str) -> Result<[u8; 20], String> {
	let mut address = [0u8; 20];
	hex::decode_to_slice(text.strip_prefix("0x").unwrap_or(text), &mut address)
		.map_err(|_| format!("not a contract address (0x and 40 hex digits): {text}"))?;
	Ok(address)
}

/// A share in whole percent, 0 to 100.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Percent(pub u32);

impl FromStr for Percent {
	type Err = String;
	fn from_str(text: &str) -> Result<Self, Self::Err> {
		let value: u32 = text
			.trim_end_matches('%')
			.parse()
			.map_err(|_| format!("not a percentage: {text}"))?;
		if value > 100 {
			return Err(format!("{value}% is more than 100%"));
		}
		Ok(Self(value))
	}
}

impl Percent {
	/// As the chain keeps shares.
	pub fn perbill(self) -> Perbill {
		Perbill(self.0 * 10_000_000)
	}
}

/// How a co-op admits members: `open`, `vote`, or `invitation:N` (N members vouch).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
	/// Anyone who applies is in.
	Open,
	/// A proposal of the co-op admits each applicant.
	Vote,
	/// An applicant is in once this many members vouch.
	Invitation(u32),
}

impl FromStr for Admission {
	type Err = String;
	fn from_str(text: &str) -> Result<Self, Self::Err> {
		match text.split_once(':') {
			None if text == "open" => Ok(Self::Open),
			None if text == "vote" => Ok(Self::Vote),
			Some(("invitation", n)) => {
				n.parse().map(Self::Invitation).map_err(|_| format!("not a number: {n}"))
			},
			_ => Err(format!("admission is open, vote or invitation:N, not {text}")),
		}
	}
}

impl From<Admission> for AdmissionPolicy {
	fn from(admission: Admission) -> Self {
		match admission {
			Admission::Open => Self::Open,
			Admission::Vote => Self::Vote,
			Admission::Invitation(vouches) => Self::Invitation { vouches },
		}
	}
}

/// A vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Choice {
	/// In favour.
	Aye,
	/// Against.
	Nay,
	/// Taking part without taking a side (counts for the quorum).
	Abstain,
}

impl From<Choice> for VoteChoice {
	fn from(choice: Choice) -> Self {
		match choice {
			Choice::Aye => Self::Aye,
			Choice::Nay => Self::Nay,
			Choice::Abstain => Self::Abstain,
		}
	}
}

/// Whether an offer sells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OfferStateArg {
	/// Buyers may purchase.
	Open,
	/// No purchases for now.
	Paused,
	/// No purchases ever again.
	Closed,
}

impl From<OfferStateArg> for OfferState {
	fn from(state: OfferStateArg) -> Self {
		match state {
			OfferStateArg::Open => Self::Open,
			OfferStateArg::Paused => Self::Paused,
			OfferStateArg::Closed => Self::Closed,
		}
	}
}

/// On or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Switch {
	/// On.
	On,
	/// Off.
	Off,
}

/// A price tier of an access contract: `PRICE:BLOCKS`, price in the smallest unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tier {
	/// Price in the smallest native unit.
	pub price: u128,
	/// Access in blocks.
	pub blocks: u32,
}

impl FromStr for Tier {
	type Err = String;
	fn from_str(text: &str) -> Result<Self, Self::Err> {
		let (price, blocks) = text.split_once(':').ok_or("a tier is PRICE:BLOCKS")?;
		Ok(Self {
			price: price.parse().map_err(|_| format!("not a price: {price}"))?,
			blocks: blocks.parse().map_err(|_| format!("not a number of blocks: {blocks}"))?,
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn values_parse_or_say_why_not() {
		assert_eq!("66".parse::<Percent>(), Ok(Percent(66)));
		assert_eq!("100%".parse::<Percent>(), Ok(Percent(100)));
		assert_eq!("101".parse::<Percent>(), Err("101% is more than 100%".into()));
		assert_eq!(Percent(66).perbill().0, 660_000_000);
		assert_eq!("invitation:2".parse::<Admission>(), Ok(Admission::Invitation(2)));
		assert!("invitation:x".parse::<Admission>().is_err());
		assert!("closed".parse::<Admission>().is_err());
		assert_eq!("5:100".parse::<Tier>(), Ok(Tier { price: 5, blocks: 100 }));
		assert!("5".parse::<Tier>().is_err());
		assert!(hex32("0x12").is_err_and(|e| e.contains("32 bytes")));
		assert_eq!(hex32(&"ab".repeat(32)), Ok([0xab; 32]));
		assert!(contract_address("0x1234").is_err());
		assert!(ss58("5nope").is_err());
	}
}
