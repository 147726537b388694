//! Store addresses: where buyers find a member's data store.

use super::*;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

fn address(text: &str) -> StoreAddressBytes {
	text.as_bytes().to_vec().try_into().unwrap()
}

const STORE: &str =
	"/ip4/127.0.0.1/tcp/30400/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN";

#[test]
fn a_member_sets_changes_and_clears_their_store_address_with_one_deposit() {
	build_and_execute(|| {
		assert_ok!(Consent::set_store_address(RuntimeOrigin::signed(1), address(STORE)));
		System::assert_last_event(
			Event::StoreAddressSet { member: 1, address: address(STORE) }.into(),
		);
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::StoreAddress.into(), &1),
			COMMITMENT_DEPOSIT
		);
		assert_ok!(Consent::set_store_address(
			RuntimeOrigin::signed(1),
			address("/dns4/store.example/tcp/1")
		));
		assert_eq!(
			StoreAddresses::<Test>::get(1).unwrap().address,
			address("/dns4/store.example/tcp/1")
		);
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::StoreAddress.into(), &1),
			COMMITMENT_DEPOSIT
		);

		assert_ok!(Consent::clear_store_address(RuntimeOrigin::signed(1)));
		System::assert_last_event(Event::StoreAddressCleared { member: 1 }.into());
		assert_eq!(Balances::balance_on_hold(&HoldReason::StoreAddress.into(), &1), 0);
		assert!(StoreAddresses::<Test>::get(1).is_none());
	});
}

#[test]
fn bad_store_addresses_change_nothing() {
	build_and_execute(|| {
		assert_ok!(Consent::set_store_address(RuntimeOrigin::signed(1), address(STORE)));
		for bad in ["", "ip4/1.2.3.4", "/ip4/1.2.3.4 /tcp/1", "/ip4/\u{e9}"] {
			assert_noop!(
				Consent::set_store_address(RuntimeOrigin::signed(1), address(bad)),
				Error::<Test>::BadStoreAddress
			);
		}
		// Someone else cannot clear it; someone without one gets a clear error.
		assert_noop!(
			Consent::clear_store_address(RuntimeOrigin::signed(2)),
			Error::<Test>::NoStoreAddress
		);
		// Without the deposit, nothing is registered.
		assert_noop!(
			Consent::set_store_address(RuntimeOrigin::signed(99), address(STORE)),
			sp_runtime::TokenError::FundsUnavailable
		);
		assert_eq!(StoreAddresses::<Test>::get(1).unwrap().address, address(STORE));
	});
}
