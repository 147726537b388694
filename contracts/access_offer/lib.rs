//! # Access offer
//!
//! A co-op's access offer as a contract: the commercial terms a co-op wants beyond what the
//! market pallet keeps.
//!
//! - **Price tiers**: each tier is a price and an access length in blocks. A buyer picks one
//!   and sends exactly its price.
//! - **Allow-list** (optional): only listed buyers may buy.
//! - **Cap**: the most sales the contract makes, if any.
//! - **Owner**: the co-op's own account. Only the owner changes the terms, and a co-op acts from
//!   its account only by a vote of its members (`governance.as_coop_account`).
//!
//! What protects members is not here and cannot be bypassed from here. `buy` forwards the
//! payment to the market pallet through its precompile. The market refuses a price below the
//! co-op's, access longer than the co-op's, a paused or closed offer, and a pool with too few
//! consenting members. It splits the money between the co-op and the pool, and records the
//! grant in the name of the account that signed the purchase. The contract, not the buyer,
//! holds each grant's deposit, from what its deployer gave it; the deposit comes back to the
//! contract when the grant is pruned. When the market refuses (also when the contract has no
//! funds left for the deposit), `buy` returns an error and the whole call is reverted: the
//! buyer keeps the money.

#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod access_offer {
	use ink::{prelude::vec::Vec, storage::Mapping, U256};

	/// The market precompile of a DataCoop chain.
	pub const MARKET: [u8; 20] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xdc, 0x01, 0, 0];

	/// Most price tiers one contract keeps.
	pub const MAX_TIERS: usize = 8;

	/// The market, as the precompile at [`MARKET`] offers it (Solidity ABI).
	#[ink::contract_ref(abi = "sol")]
	pub trait Market {
		/// Buy access through `offer` for the signer of the transaction, paying `price` from
		/// this contract's balance, for `duration` blocks; returns the grant's number.
		#[ink(message)]
		fn purchase(&mut self, offer: u32, price: U256, duration: u32) -> u64;

		/// `offer` as the market keeps it: exists, state (0 open, 1 paused, 2 closed), price,
		/// longest access, contributing members now, members needed.
		#[ink(message)]
		fn offer(&self, offer: u32) -> (bool, u32, U256, u32, u32, u32);
	}

	/// The offer as the market keeps it, read through the precompile.
	#[derive(Clone, Debug, PartialEq, Eq)]
	#[ink::scale_derive(Encode, Decode, TypeInfo)]
	pub struct MarketView {
		/// 0 open, 1 paused, 2 closed.
		pub state: u32,
		/// The co-op's price: the least a tier may cost.
		pub price: U256,
		/// The co-op's longest access: the most a tier may give.
		pub duration: u32,
		/// Members whose consent and data are in the pool now.
		pub contributors: u32,
		/// Members the offer needs for a sale to settle.
		pub min_contributors: u32,
	}

	/// One way to buy: a price and the access it gives.
	#[derive(Clone, Debug, PartialEq, Eq)]
	#[ink::scale_derive(Encode, Decode, TypeInfo)]
	#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
	pub struct Tier {
		/// Price, in the chain's 18-decimal contract units (native units × 10^6).
		pub price: U256,
		/// Access, in blocks.
		pub duration: u32,
	}

	/// The terms in force, as `terms` reports them.
	#[derive(Clone, Debug, PartialEq, Eq)]
	#[ink::scale_derive(Encode, Decode, TypeInfo)]
	pub struct Terms {
		/// The co-op's account.
		pub owner: Address,
		/// The market offer sold.
		pub offer: u32,
		/// Price tiers.
		pub tiers: Vec<Tier>,
		/// Most sales, if capped.
		pub cap: Option<u32>,
		/// Sales so far.
		pub sold: u32,
		/// Whether only listed buyers may buy.
		pub allow_list: bool,
	}

	/// Why a call was refused. A refused call changes nothing and keeps no money.
	#[derive(Clone, Copy, Debug, PartialEq, Eq)]
	#[ink::scale_derive(Encode, Decode, TypeInfo)]
	pub enum Error {
		/// Only the owner co-op may do this.
		NotOwner,
		/// There is no tier with this number.
		NoSuchTier,
		/// The value sent is not the tier's price.
		WrongPayment,
		/// The allow-list is on and the buyer is not on it.
		NotAllowed,
		/// The cap on sales is reached.
		SoldOut,
		/// Terms need 1 to `MAX_TIERS` tiers, each with a price and a duration.
		BadTerms,
		/// The market refused the purchase (price, duration, offer state, or too few
		/// consenting members).
		MarketRefused,
	}

	/// A buyer bought access.
	#[ink(event)]
	pub struct Bought {
		/// Who bought (and holds the grant).
		#[ink(topic)]
		buyer: Address,
		/// The market's grant.
		grant: u64,
		/// Which tier.
		tier: u32,
		/// What they paid.
		price: U256,
	}

	/// The owner changed the terms.
	#[ink(event)]
	pub struct TermsChanged {
		/// Sales so far.
		sold: u32,
	}

	/// The contract's state.
	#[ink(storage)]
	pub struct AccessOffer {
		owner: Address,
		offer: u32,
		tiers: Vec<Tier>,
		cap: Option<u32>,
		sold: u32,
		allow_list: bool,
		allowed: Mapping<Address, ()>,
	}

	impl AccessOffer {
		/// Sell `offer` for co-op account `owner` on these terms. `allowed` turns the allow-list
		/// on with these buyers; `None` lets anyone buy. What the deployer sends stays in the
		/// contract for the grant deposits its sales hold.
		#[ink(constructor, payable)]
		pub fn new(
			owner: Address,
			offer: u32,
			tiers: Vec<Tier>,
			cap: Option<u32>,
			allowed: Option<Vec<Address>>,
		) -> Result<Self, Error> {
			check_tiers(&tiers)?;
			let mut contract = Self {
				owner,
				offer,
				tiers,
				cap,
				sold: 0,
				allow_list: allowed.is_some(),
				allowed: Mapping::default(),
			};
			for buyer in allowed.unwrap_or_default() {
				contract.allowed.insert(buyer, &());
			}
			Ok(contract)
		}

		/// Buy access with tier `tier`, sending exactly its price. Returns the market's grant
		/// number; the grant is the caller's.
		#[ink(message, payable)]
		pub fn buy(&mut self, tier: u32) -> Result<u64, Error> {
			let buyer = self.env().caller();
			let chosen = self.tiers.get(tier as usize).cloned().ok_or(Error::NoSuchTier)?;
			if !self.may_buy(buyer) {
				return Err(Error::NotAllowed);
			}
			if self.cap.is_some_and(|cap| self.sold >= cap) {
				return Err(Error::SoldOut);
			}
			if self.env().transferred_value() != chosen.price {
				return Err(Error::WrongPayment);
			}
			let mut market: MarketRef = Address::from(MARKET).into();
			let grant = ink::codegen::TraitCallBuilder::call_mut(&mut market)
				.purchase(self.offer, chosen.price, chosen.duration)
				.try_invoke()
				.ok()
				.and_then(|answer| answer.ok())
				.ok_or(Error::MarketRefused)?;
			self.sold = self.sold.checked_add(1).ok_or(Error::SoldOut)?;
			self.env().emit_event(Bought { buyer, grant, tier, price: chosen.price });
			Ok(grant)
		}

		/// Replace the price tiers and the cap. Owner only.
		#[ink(message)]
		pub fn set_terms(&mut self, tiers: Vec<Tier>, cap: Option<u32>) -> Result<(), Error> {
			self.ensure_owner()?;
			check_tiers(&tiers)?;
			self.tiers = tiers;
			self.cap = cap;
			self.env().emit_event(TermsChanged { sold: self.sold });
			Ok(())
		}

		/// Turn the allow-list on or off, adding `add` and removing `remove`. Owner only.
		#[ink(message)]
		pub fn set_allow_list(
			&mut self,
			enabled: bool,
			add: Vec<Address>,
			remove: Vec<Address>,
		) -> Result<(), Error> {
			self.ensure_owner()?;
			self.allow_list = enabled;
			for buyer in add {
				self.allowed.insert(buyer, &());
			}
			for buyer in remove {
				self.allowed.remove(buyer);
			}
			self.env().emit_event(TermsChanged { sold: self.sold });
			Ok(())
		}

		/// The terms in force.
		#[ink(message)]
		pub fn terms(&self) -> Terms {
			Terms {
				owner: self.owner,
				offer: self.offer,
				tiers: self.tiers.clone(),
				cap: self.cap,
				sold: self.sold,
				allow_list: self.allow_list,
			}
		}

		/// The offer as the market keeps it now (`None` if it does not exist): whether a
		/// sale would settle depends on it, not on this contract.
		#[ink(message)]
		pub fn market(&self) -> Option<MarketView> {
			let market: MarketRef = Address::from(MARKET).into();
			let (exists, state, price, duration, contributors, min_contributors) =
				market.offer(self.offer);
			exists.then_some(MarketView { state, price, duration, contributors, min_contributors })
		}

		/// Whether `buyer` may buy under the allow-list.
		#[ink(message)]
		pub fn may_buy(&self, buyer: Address) -> bool {
			!self.allow_list || self.allowed.contains(buyer)
		}

		fn ensure_owner(&self) -> Result<(), Error> {
			if self.env().caller() == self.owner {
				Ok(())
			} else {
				Err(Error::NotOwner)
			}
		}
	}

	fn check_tiers(tiers: &[Tier]) -> Result<(), Error> {
		let well_formed = |t: &Tier| !t.price.is_zero() && t.duration > 0;
		if tiers.is_empty() || tiers.len() > MAX_TIERS || !tiers.iter().all(well_formed) {
			return Err(Error::BadTerms);
		}
		Ok(())
	}

	#[cfg(test)]
	mod tests {
		use super::*;
		use ink::env::test;

		fn tiers() -> Vec<Tier> {
			vec![
				Tier { price: U256::from(5_000_000u64), duration: 10 },
				Tier { price: U256::from(8_000_000u64), duration: 20 },
			]
		}

		fn accounts() -> test::DefaultAccounts {
			test::default_accounts()
		}

		fn deploy(cap: Option<u32>, allowed: Option<Vec<Address>>) -> AccessOffer {
			test::set_caller(accounts().alice);
			AccessOffer::new(accounts().alice, 3, tiers(), cap, allowed).expect("good terms")
		}

		fn as_caller(who: Address, value: u64) {
			test::set_caller(who);
			test::set_value_transferred(U256::from(value));
		}

		#[ink::test]
		fn new_keeps_the_terms() {
			let contract = deploy(Some(2), None);
			let terms = contract.terms();
			assert_eq!(terms.owner, accounts().alice);
			assert_eq!(
				(terms.offer, terms.cap, terms.sold, terms.allow_list),
				(3, Some(2), 0, false)
			);
			assert_eq!(terms.tiers, tiers());
			assert!(contract.may_buy(accounts().eve));
		}

		#[ink::test]
		fn bad_terms_are_refused() {
			let alice = accounts().alice;
			assert_eq!(AccessOffer::new(alice, 0, vec![], None, None).err(), Some(Error::BadTerms));
			let free = vec![Tier { price: U256::zero(), duration: 10 }];
			assert_eq!(AccessOffer::new(alice, 0, free, None, None).err(), Some(Error::BadTerms));
			let instant = vec![Tier { price: U256::one(), duration: 0 }];
			assert_eq!(
				AccessOffer::new(alice, 0, instant, None, None).err(),
				Some(Error::BadTerms)
			);
			let many = vec![Tier { price: U256::one(), duration: 1 }; MAX_TIERS + 1];
			assert_eq!(AccessOffer::new(alice, 0, many, None, None).err(), Some(Error::BadTerms));
		}

		#[ink::test]
		fn buyers_off_the_allow_list_are_refused() {
			let mut contract = deploy(None, Some(vec![accounts().bob]));
			as_caller(accounts().eve, 5_000_000);
			assert_eq!(contract.buy(0), Err(Error::NotAllowed));
			assert!(contract.may_buy(accounts().bob));
			assert!(!contract.may_buy(accounts().eve));
			assert_eq!(contract.terms().sold, 0);
		}

		#[ink::test]
		fn wrong_tier_or_payment_is_refused() {
			let mut contract = deploy(None, None);
			as_caller(accounts().bob, 5_000_000);
			assert_eq!(contract.buy(2), Err(Error::NoSuchTier));
			as_caller(accounts().bob, 4_999_999);
			assert_eq!(contract.buy(0), Err(Error::WrongPayment));
			as_caller(accounts().bob, 5_000_001);
			assert_eq!(contract.buy(0), Err(Error::WrongPayment), "no overpaying either");
			as_caller(accounts().bob, 5_000_000);
			assert_eq!(contract.buy(1), Err(Error::WrongPayment), "tier 1 costs more");
		}

		#[ink::test]
		fn a_reached_cap_refuses_before_any_payment() {
			let mut contract = deploy(Some(0), None);
			as_caller(accounts().bob, 5_000_000);
			assert_eq!(contract.buy(0), Err(Error::SoldOut));
		}

		#[ink::test]
		fn only_the_owner_changes_terms() {
			let mut contract = deploy(None, None);
			as_caller(accounts().bob, 0);
			let cheap = vec![Tier { price: U256::one(), duration: 1 }];
			assert_eq!(contract.set_terms(cheap.clone(), None), Err(Error::NotOwner));
			assert_eq!(
				contract.set_allow_list(true, vec![accounts().bob], vec![]),
				Err(Error::NotOwner)
			);
			assert_eq!(contract.terms().tiers, tiers());

			as_caller(accounts().alice, 0);
			assert_eq!(contract.set_terms(vec![], None), Err(Error::BadTerms));
			assert_eq!(contract.set_terms(cheap.clone(), Some(5)), Ok(()));
			assert_eq!((contract.terms().tiers, contract.terms().cap), (cheap, Some(5)));
			assert_eq!(contract.set_allow_list(true, vec![accounts().bob], vec![]), Ok(()));
			assert!(contract.may_buy(accounts().bob) && !contract.may_buy(accounts().eve));
			assert_eq!(contract.set_allow_list(true, vec![], vec![accounts().bob]), Ok(()));
			assert!(!contract.may_buy(accounts().bob));
			assert_eq!(contract.set_allow_list(false, vec![], vec![]), Ok(()));
			assert!(contract.may_buy(accounts().eve));
			assert_eq!(test::recorded_events().len(), 4, "one TermsChanged per change");
		}
	}
}
