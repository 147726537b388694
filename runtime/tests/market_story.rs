//! The access market on the `development` preset with real signed extrinsics: the demo co-op
//! votes an offer in, members commit and consent, a buyer purchases into escrow, the grant
//! covers exactly the consenting members, a member withdraws between two sales, members redeem
//! the buyers' sr25519-signed delivery receipts in proportion to what they delivered, and the
//! buyers get back what nobody earned.

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

/// The store the receipts name.
fn store() -> pallet_market::StoreId {
	pallet_market::StoreId::truncate_from(b"12D3KooW-test-store".to_vec())
}

/// `buyer`'s sr25519 receipt for `items` items of `member` under `grant`, on this chain.
fn receipt(
	buyer: Sr25519Keyring,
	grant: u64,
	member: Sr25519Keyring,
	items: u64,
) -> datacoop_runtime::Signature {
	let genesis = System::block_hash(0);
	let payload =
		pallet_market::receipt_payload(&genesis, grant, &member.to_account_id(), &store(), items);
	buyer.sign(&payload).into()
}

/// `member` redeems `buyer`'s receipt.
fn redeem(
	buyer: Sr25519Keyring,
	grant: u64,
	member: Sr25519Keyring,
	items: u64,
) -> Result<(), sp_runtime::DispatchError> {
	let signature = receipt(buyer, grant, member, items);
	apply(
		member,
		RuntimeCall::Market(pallet_market::Call::redeem {
			grant,
			items,
			store: store(),
			signature,
		}),
	)
}

fn free(who: &datacoop_runtime::AccountId) -> u128 {
	Balances::balance(who)
}

#[test]
fn offer_consent_purchase_grant_redeem() {
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
		let (treasury_before, eve_before) = (free(&treasury), free(&Eve.to_account_id()));
		submit(
			Eve,
			RuntimeCall::Market(pallet_market::Call::purchase { offer, max_price: 5 * UNIT }),
		);
		assert_eq!(free(&treasury), treasury_before, "nothing is paid before data is delivered");
		assert!(eve_before - free(&Eve.to_account_id()) > 5 * UNIT, "the price is in escrow");
		let now: BlockNumber = System::block_number();
		let grant = Market::grant(0).expect("granted");
		assert_eq!((grant.contributors, grant.total_weight, grant.expires), (2, 80, now + 100));
		assert!(Market::grant_covers_member(0, &Bob.to_account_id(), 2, now));
		assert!(Market::grant_covers_member(0, &Charlie.to_account_id(), 1, now));
		assert!(!Market::grant_covers_member(0, &Charlie.to_account_id(), 2, now), "not consented");
		assert!(!Market::grant_covers_member(0, &Dave.to_account_id(), 1, now), "not consented");

		// Both deliver everything to Eve, whose client signs a receipt for each.
		assert_eq!(redeem(Eve, 0, Bob, 60), Ok(()));
		assert_eq!(redeem(Eve, 0, Charlie, 20), Ok(()));

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
		// Dave's receipt says more than he had when Ferdie bought: it counts 30.
		assert_eq!(redeem(Ferdie, 1, Bob, 60), Ok(()));
		assert_eq!(redeem(Ferdie, 1, Dave, 45), Ok(()));
		assert_eq!(Market::redemption(1, Dave.to_account_id()), (30, 30));
		// A receipt Bob signs himself, or Eve's receipt replayed under Ferdie's grant: refused.
		assert_eq!(redeem(Bob, 0, Bob, 70), Err(Error::<Runtime>::BadReceipt.into()));
		let eves = receipt(Eve, 0, Bob, 60);
		assert_eq!(
			apply(
				Bob,
				RuntimeCall::Market(pallet_market::Call::redeem {
					grant: 1,
					items: 60,
					store: store(),
					signature: eves
				})
			),
			Err(Error::<Runtime>::BadReceipt.into())
		);

		// 5 DCOOP per sale, 10 % to the co-op on what was delivered. Bob 4.5×60/80 + 4.5×60/90,
		// Charlie 4.5×20/80 (he left the co-op since; what he earned stays his), Dave 4.5×30/90.
		submit(Charlie, RuntimeCall::Coops(pallet_coops::Call::leave { coop: 0 }));
		let pool = Market::offer(offer).unwrap().1;
		assert_eq!(
			pool.claimed,
			3_375_000_000_000 + 3_000_000_000_000 + 1_125_000_000_000 + 1_500_000_000_000
		);
		assert_eq!(
			pool.to_treasury,
			375_000_000_000 + 333_333_333_333 + 125_000_000_000 + 166_666_666_666
		);
		assert_eq!(free(&treasury) - treasury_before, pool.to_treasury);
		// Everything of Eve's was delivered; Ferdie's grant holds one unit of rounding dust.
		assert_eq!(Market::escrow(0).map(|(e, _)| e.held), Some(0));
		assert_eq!(Market::escrow(1).map(|(e, _)| e.held), Some(1));
		assert_eq!(
			free(&escrow),
			Balances::minimum_balance() + pool.received - pool.claimed + 1,
			"the market holds exactly the escrow left"
		);
		// After the grant and its redemption window, Ferdie gets the dust back.
		let closes = Market::escrow(1).unwrap().1;
		System::set_block_number(closes);
		let ferdie = free(&Ferdie.to_account_id());
		submit(Alice, RuntimeCall::Market(pallet_market::Call::prune_grant { grant: 1 }));
		assert_eq!(
			free(&Ferdie.to_account_id()) - ferdie,
			1 + <Runtime as pallet_market::Config>::GrantDeposit::get()
		);

		// The co-op closes the offer: no more sales.
		let close = RuntimeCall::Market(pallet_market::Call::set_offer_state {
			offer,
			state: OfferState::Closed,
		});
		decide(0, Alice, close, &[Alice, Bob, Dave]);
		assert_eq!(purchase(Eve, offer), Err(Error::<Runtime>::OfferClosed.into()));
	});
}
