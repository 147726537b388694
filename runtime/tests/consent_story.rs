//! Consent on the `development` preset with real signed extrinsics: members of the demo co-op
//! commit to their data and consent to a buyer; the pool size is read through the runtime API
//! and the view function; a non-member and bad codes are refused; withdrawal, leaving the co-op
//! and expiry each take a member out of the pool; deposits come back.

mod common;

use codec::{Decode, Encode};
use common::{apply, new_test_ext};
use datacoop_primitives::consent::Grantee;
use datacoop_runtime::{
	AccountId, AllPalletsWithSystem, BlockNumber, Runtime, RuntimeCall, System,
};
use frame_support::traits::{fungible::InspectHold, OnInitialize};
use pallet_consent::Error;
use pallet_consent::{ConsentState, PoolSizeViewFunction};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, Bob, Charlie, Dave, Eve};
use sp_runtime::DispatchError;

fn give(
	who: Sr25519Keyring,
	categories: Vec<u16>,
	expires: Option<BlockNumber>,
) -> Result<(), DispatchError> {
	apply(
		who,
		RuntimeCall::Consent(pallet_consent::Call::give {
			coop: 0,
			grantee: Grantee::Buyer(Eve.to_account_id()),
			purpose: 0,
			categories,
			expires,
			receipt: H256::repeat_byte(1),
		}),
	)
}

fn eve() -> Grantee<AccountId> {
	Grantee::Buyer(Eve.to_account_id())
}

/// Call runtime API function `method` with SCALE-encoded `args`, as a node's `state_call` does.
fn runtime_api<R: Decode>(method: &str, args: impl Encode) -> R {
	let out = datacoop_runtime::apis::api::dispatch(method, &args.encode())
		.unwrap_or_else(|| panic!("the runtime implements {method}"));
	R::decode(&mut &out[..]).expect("the answer decodes")
}

/// Pool size for Eve, purpose 0, `category`, through the runtime API clients call.
fn pool(category: u16) -> u32 {
	runtime_api("ConsentApi_consent_pool_size", (0u32, eve(), 0u16, category))
}

fn covers(who: Sr25519Keyring, category: u16) -> bool {
	let args = (who.to_account_id(), 0u32, eve(), 0u16, category, System::block_number());
	runtime_api("ConsentApi_consent_covers", args)
}

fn run_to(n: BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		AllPalletsWithSystem::on_initialize(next);
	}
}

#[test]
fn commit_consent_count_withdraw_leave_expire() {
	new_test_ext("development").execute_with(|| {
		// Bob commits to 120 items of heart-rate data (category 1) and consents for it.
		apply(
			Bob,
			RuntimeCall::Consent(pallet_consent::Call::commit {
				coop: 0,
				category: 1,
				root: H256::repeat_byte(9),
				items: 120,
				bytes: 48_000,
			}),
		)
		.unwrap();
		give(Bob, vec![2, 1], Some(40)).unwrap();
		give(Charlie, vec![1], None).unwrap();
		assert_eq!((pool(1), pool(2), pool(0)), (2, 1, 0));
		assert!(covers(Bob, 1) && covers(Bob, 2) && !covers(Bob, 0));

		// The view function gives the same answer without knowing the storage layout.
		let query = PoolSizeViewFunction::<Runtime>::new(0, eve(), 0, 1);
		let id =
			<PoolSizeViewFunction<Runtime> as frame_support::view_functions::ViewFunction>::id();
		let out = Runtime::execute_view_function(id, query.encode()).expect("view function runs");
		assert_eq!(u32::decode(&mut &out[..]).unwrap(), 2);

		// Refusals change nothing.
		assert_eq!(give(Eve, vec![1], None), Err(Error::<Runtime>::NotMember.into()));
		assert_eq!(
			give(Dave, vec![6], None),
			Err(Error::<Runtime>::UnknownCategory.into()),
			"the demo bylaws define categories 0 to 5"
		);
		assert_eq!(give(Bob, vec![1], None), Err(Error::<Runtime>::AlreadyConsented.into()));
		assert_eq!(pool(1), 2);

		// Charlie withdraws: out of the pool at once, with a two-version history.
		apply(Charlie, RuntimeCall::Consent(pallet_consent::Call::withdraw { consent: 0 }))
			.unwrap();
		assert_eq!(pool(1), 1);
		assert!(!covers(Charlie, 1));
		assert_eq!(
			pallet_consent::History::<Runtime>::iter_prefix((Charlie.to_account_id(), 0)).count(),
			2
		);

		// Bob leaves the co-op: his consent is withdrawn with it.
		apply(Bob, RuntimeCall::Coops(pallet_coops::Call::leave { coop: 0 })).unwrap();
		assert_eq!((pool(1), pool(2)), (0, 0));
		let bob = Bob.to_account_id();
		assert!(matches!(
			pallet_consent::Consents::<Runtime>::get(&bob, 0).unwrap().state,
			ConsentState::Withdrawn { .. }
		));
		assert!(pallet_consent::Expiries::<Runtime>::get(40).is_empty());

		// Dave's consent expires at block 5 without anyone acting.
		give(Dave, vec![3], Some(5)).unwrap();
		assert_eq!(pool(3), 1);
		run_to(4);
		assert!(covers(Dave, 3));
		run_to(5);
		assert!(!covers(Dave, 3));
		assert_eq!(pool(3), 0);

		// Bob cleans up after leaving and gets every deposit back.
		let held = |reason: pallet_consent::HoldReason| {
			datacoop_runtime::Balances::balance_on_hold(&reason.into(), &bob)
		};
		assert!(held(pallet_consent::HoldReason::Consent) > 0);
		apply(Bob, RuntimeCall::Consent(pallet_consent::Call::remove { consent: 0 })).unwrap();
		apply(
			Bob,
			RuntimeCall::Consent(pallet_consent::Call::remove_commitment { coop: 0, category: 1 }),
		)
		.unwrap();
		assert_eq!(held(pallet_consent::HoldReason::Consent), 0);
		assert_eq!(held(pallet_consent::HoldReason::Commitment), 0);
	});
}
