//! Signed extrinsics applied through `Executive`, on state built from the `development` preset:
//! exactly what the node does with a wallet's transaction.

mod common;

use common::{new_test_ext, signed, signed_by};
use datacoop_runtime::{
	currency::UNIT, genesis_config_presets::ENDOWMENT, Balances, BalancesCall, Executive,
	RuntimeCall, RuntimeEvent, System,
};
use frame_support::traits::fungible::Inspect;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave};
use sp_runtime::{
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	DispatchError,
};

fn free(who: sp_keyring::Sr25519Keyring) -> u128 {
	Balances::free_balance(who.to_account_id())
}

fn transfer(to: sp_keyring::Sr25519Keyring, value: u128) -> RuntimeCall {
	RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
		dest: to.to_account_id().into(),
		value,
	})
}

#[test]
fn signed_transfer_moves_funds_and_charges_a_fee() {
	new_test_ext("development").execute_with(|| {
		let issuance = Balances::total_issuance();
		let (alice_before, bob_before) = (free(Alice), free(Bob));
		let outcome = Executive::apply_extrinsic(signed(transfer(Bob, 10 * UNIT), Alice, 0));
		assert_eq!(outcome, Ok(Ok(())));

		assert_eq!(free(Bob), bob_before + 10 * UNIT);
		let alice = free(Alice);
		assert!(alice < alice_before - 10 * UNIT, "Alice paid a fee");
		assert_eq!(System::account_nonce(Alice.to_account_id()), 1);
		// The fee is burned: issuance falls by exactly what Alice paid beyond the transfer.
		let fee = alice_before - 10 * UNIT - alice;
		assert_eq!(Balances::total_issuance(), issuance - fee);
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Balances(pallet_balances::Event::Transfer { amount, .. }) if amount == 10 * UNIT
		)));
	});
}

#[test]
fn replayed_transaction_is_rejected() {
	new_test_ext("development").execute_with(|| {
		let xt = signed(transfer(Bob, UNIT), Alice, 0);
		assert_eq!(Executive::apply_extrinsic(xt.clone()), Ok(Ok(())));
		assert_eq!(
			Executive::apply_extrinsic(xt),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
	});
}

#[test]
fn forged_signature_is_rejected_and_changes_nothing() {
	new_test_ext("development").execute_with(|| {
		let (alice, dave) = (free(Alice), free(Dave));
		// Dave signs a payload but the extrinsic claims to come from Alice.
		let mut xt = signed(transfer(Dave, UNIT), Dave, 0);
		if let sp_runtime::generic::Preamble::Signed(ref mut address, _, _) = xt.preamble {
			*address = sp_runtime::MultiAddress::Id(Alice.to_account_id());
		}
		assert_eq!(
			Executive::apply_extrinsic(xt),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
		);
		assert_eq!((free(Alice), free(Dave)), (alice, dave));
	});
}

#[test]
fn unfunded_sender_cannot_pay() {
	new_test_ext("development").execute_with(|| {
		let stranger = sp_keyring::Sr25519Keyring::numeric(9_999);
		let xt = signed_by(transfer(Bob, UNIT), &stranger, 0);
		assert_eq!(
			Executive::apply_extrinsic(xt),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Payment))
		);
	});
}

#[test]
fn transfer_beyond_balance_fails_in_dispatch_and_moves_nothing() {
	new_test_ext("development").execute_with(|| {
		let (alice, bob) = (free(Alice), free(Bob));
		let outcome = Executive::apply_extrinsic(signed(transfer(Bob, 2 * ENDOWMENT), Alice, 0));
		assert!(matches!(outcome, Ok(Err(DispatchError::Token(_)))), "got {outcome:?}");
		assert_eq!(free(Bob), bob);
		assert_eq!(<Balances as Inspect<_>>::total_balance(&Bob.to_account_id()), ENDOWMENT);
		// The fee is still charged: the transaction was valid, the transfer was not.
		assert!(free(Alice) < alice);
	});
}
