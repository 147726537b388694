//! The access market on the `development` preset with real signed extrinsics: the demo co-op
//! votes an offer in, members commit and consent, a buyer purchases, the grant covers exactly
//! the consenting members, a member withdraws between two sales, and members claim royalties in
//! proportion to their committed data.

mod common;

use common::{apply, decide, new_test_ext, submit};
use datacoop_primitives::{consent::Grantee, coop::CoopMembership};
use datacoop_runtime::{
	currency::UNIT, Balances, BlockNumber, Coops, Market, Runtime, RuntimeCall, System,
};
use frame_support::traits::fungible::Inspect;
use pallet_market::{Error, OfferState};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};

fn consent_to(who: Sr25519Keyring, offer: u32, categories: Vec<u16>, items: u32) {
	for category in &categories {
		submit(
			who,
			RuntimeCall::Consent(pallet_consent::Call::commit {
				coop: 0,
				category: *category,
				root: H256::repeat_byte(2),
				items,
				bytes: u64::from(items) * 100,
			}),
		);
	}
	submit(
		who,
		RuntimeCall::Consent(pallet_consent::Call::give {
			coop: 0,
			grantee: Grantee::Offer(offer),
			purpose: 0,
			categories,
			expires: None,
			receipt: H256::repeat_byte(3),
		}),
	);
}

fn purchase(buyer: Sr25519Keyring, offer: u32) -> Result<(), sp_runtime::DispatchError> {
	apply(buyer, RuntimeCall::Market(pallet_market::Call::purchase { offer, max_price: 5 * UNIT }))
}

fn free(who: &datacoop_runtime::AccountId) -> u128 {
	Balances::balance(who)
}

#[test]
fn offer_consent_purchase_grant_claim() {
	new_test_ext("development").execute_with(|| {
		let treasury = Coops::coop_account(0);
		let escrow = Market::account();
		assert_eq!(
			free(&escrow),
			Balances::minimum_balance(),
			"the market's account exists from genesis"
		);

		// The demo co-op (Alice, Bob, Charlie, Dave) votes to sell heart-rate and sleep data
		// (categories 1 and 2) for academic research (purpose 0): 5 DCOOP, 100 blocks, 2 members.
		let publish = RuntimeCall::Market(pallet_market::Call::publish_offer {
			purpose: 0,
			categories: vec![1, 2],
			price: 5 * UNIT,
			duration: 100,
			min_contributors: 2,
			terms: H256::repeat_byte(1),
		});
		decide(0, Bob, publish, &[Alice, Bob, Charlie]);
		let offer = 0;
		assert_eq!(Market::offer(offer).expect("published").0.state, OfferState::Open);

		// Too small a pool: refused, and the buyer keeps the money.
		consent_to(Bob, offer, vec![1, 2], 30); // weight 60
		let eve_before = free(&Eve.to_account_id());
		assert_eq!(purchase(Eve, offer), Err(Error::<Runtime>::PoolTooSmall.into()));
		assert!(eve_before - free(&Eve.to_account_id()) < UNIT / 100, "only the fee was paid");

		consent_to(Charlie, offer, vec![1], 20); // weight 20
		let treasury_before = free(&treasury);
		submit(
			Eve,
			RuntimeCall::Market(pallet_market::Call::purchase { offer, max_price: 5 * UNIT }),
		);
		assert_eq!(
			free(&treasury) - treasury_before,
			UNIT / 2,
			"the demo bylaws give the co-op 10%"
		);
		let now: BlockNumber = System::block_number();
		let grant = Market::grant(0).expect("granted");
		assert_eq!((grant.contributors, grant.total_weight, grant.expires), (2, 80, now + 100));
		assert!(Market::grant_covers_member(0, &Bob.to_account_id(), 2, now));
		assert!(Market::grant_covers_member(0, &Charlie.to_account_id(), 1, now));
		assert!(!Market::grant_covers_member(0, &Charlie.to_account_id(), 2, now), "not consented");
		assert!(!Market::grant_covers_member(0, &Dave.to_account_id(), 1, now), "not consented");

		// Charlie withdraws; Dave joins the pool; Ferdie buys. Bob: 60 of 90, Dave: 30 of 90.
		submit(Charlie, RuntimeCall::Consent(pallet_consent::Call::withdraw { consent: 0 }));
		assert!(
			!Market::grant_covers_member(0, &Charlie.to_account_id(), 1, now),
			"revocation is immediate"
		);
		consent_to(Dave, offer, vec![2], 30);
		submit(
			Ferdie,
			RuntimeCall::Market(pallet_market::Call::purchase { offer, max_price: 5 * UNIT }),
		);
		assert!(!Market::grant_covers_member(1, &Charlie.to_account_id(), 1, now));

		// Pool: 4.5 DCOOP per sale. Bob 4.5×60/80 + 4.5×60/90, Charlie 4.5×20/80, Dave 4.5×30/90.
		let claimable = |k: Sr25519Keyring| Market::claimable(offer, k.to_account_id()).0;
		assert_eq!(claimable(Bob), 3_375_000_000_000 + 3_000_000_000_000);
		assert_eq!(claimable(Charlie), 1_125_000_000_000);
		assert_eq!(claimable(Dave), 1_500_000_000_000);

		// Charlie leaves the co-op and still claims what he earned.
		submit(Charlie, RuntimeCall::Coops(pallet_coops::Call::leave { coop: 0 }));
		for member in [Bob, Charlie, Dave] {
			submit(member, RuntimeCall::Market(pallet_market::Call::claim { offer }));
		}
		assert_eq!(
			apply(Bob, RuntimeCall::Market(pallet_market::Call::claim { offer })),
			Err(Error::<Runtime>::NothingToClaim.into())
		);
		let pool = Market::offer(offer).unwrap().1;
		assert_eq!((pool.paid, pool.to_treasury, pool.received), (10 * UNIT, UNIT, 9 * UNIT));
		assert_eq!(pool.claimed, 9 * UNIT, "these numbers divide exactly: no dust");
		assert_eq!(free(&escrow), Balances::minimum_balance() + pool.received - pool.claimed);

		// The co-op closes the offer: no more sales.
		let close = RuntimeCall::Market(pallet_market::Call::set_offer_state {
			offer,
			state: OfferState::Closed,
		});
		decide(0, Alice, close, &[Alice, Bob, Dave]);
		assert_eq!(purchase(Eve, offer), Err(Error::<Runtime>::OfferClosed.into()));
	});
}
