//! The genesis presets give the chain the validators, funds and governance they promise.

mod common;

use common::new_test_ext;
use datacoop_runtime::{
	genesis_config_presets::{preset_names, ENDOWMENT, LOCAL_FEDERATION_PRESET},
	Balances, BalancesCall, Runtime, RuntimeCall, RuntimeOrigin, SystemCall,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, UnfilteredDispatchable},
};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve};

#[test]
fn both_presets_are_listed() {
	assert_eq!(preset_names(), vec!["development".to_string(), LOCAL_FEDERATION_PRESET.into()]);
	assert!(datacoop_runtime::genesis_config_presets::get_preset(&"nonsense".into()).is_none());
}

#[test]
fn development_has_one_validator_funded_dev_accounts_and_sudo() {
	new_test_ext("development").execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Alice.to_account_id()));
		for account in Sr25519Keyring::well_known() {
			assert_eq!(Balances::total_balance(&account.to_account_id()), ENDOWMENT);
		}
		// Sudo works for its key holder, as a dev chain should.
		let remark = RuntimeCall::System(SystemCall::remark_with_event { remark: b"dev".to_vec() });
		assert_ok!(pallet_sudo::Call::<Runtime>::sudo { call: Box::new(remark) }
			.dispatch_bypass_filter(RuntimeOrigin::signed(Alice.to_account_id())));
	});
}

#[test]
fn local_federation_has_four_validators_and_no_sudo() {
	new_test_ext(LOCAL_FEDERATION_PRESET).execute_with(|| {
		// The session pallet hands Aura the federation's validators, ordered by account.
		let mut aura: Vec<_> = pallet_aura::Authorities::<Runtime>::get().into_inner();
		let mut expected: Vec<sp_consensus_aura::sr25519::AuthorityId> =
			[Alice, Bob, Charlie, Dave].iter().map(|k| k.public().into()).collect();
		aura.sort();
		expected.sort();
		assert_eq!(aura, expected);
		assert_eq!(pallet_federation::MemberCount::<Runtime>::get(), 4);
		assert_eq!(pallet_session::Validators::<Runtime>::get().len(), 4);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
		assert!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities()
			.iter()
			.all(|(_, weight)| *weight == 1));

		// Nobody holds a sudo key: a co-op chain is governed by its members.
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		let remark = RuntimeCall::System(SystemCall::remark_with_event { remark: b"x".to_vec() });
		for who in [Alice, Eve] {
			assert_noop!(
				pallet_sudo::Call::<Runtime>::sudo { call: Box::new(remark.clone()) }
					.dispatch_bypass_filter(RuntimeOrigin::signed(who.to_account_id())),
				pallet_sudo::Error::<Runtime>::RequireSudo
			);
		}
		// Balances still move as usual.
		assert_ok!(RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: Bob.to_account_id().into(),
			value: 1,
		})
		.dispatch_bypass_filter(RuntimeOrigin::signed(Alice.to_account_id())));
	});
}

#[test]
fn development_founds_the_demo_coop() {
	use datacoop_primitives::coop::CoopMembership;
	use datacoop_runtime::{genesis_config_presets::*, Bylaws, Coops};
	new_test_ext("development").execute_with(|| {
		assert_eq!(Coops::member_count(0), 4);
		for member in [Alice, Bob, Charlie, Dave] {
			assert!(Coops::is_member(0, &member.to_account_id()));
		}
		let (version, record) = Bylaws::current_bylaws(0).expect("demo bylaws");
		assert_eq!(version, 1);
		assert_eq!(record.document, demo_bylaws_ref());
		assert_eq!(record.params, demo_bylaws_params());
		// The founder holds the founding deposit and a deposit for each founding member.
		assert_eq!(
			Balances::reserved_balance(Alice.to_account_id()),
			datacoop_runtime::coop_configs::FoundingDeposit::get()
				+ 4 * datacoop_runtime::coop_configs::MemberDeposit::get()
		);
	});
}

#[test]
fn each_federation_validator_founds_its_own_coop() {
	use datacoop_primitives::coop::CoopMembership;
	use datacoop_runtime::Coops;
	new_test_ext(LOCAL_FEDERATION_PRESET).execute_with(|| {
		for (coop, founder) in [Alice, Bob, Charlie, Dave].into_iter().enumerate() {
			assert_eq!(Coops::member_count(coop as u32), 1);
			assert!(Coops::is_member(coop as u32, &founder.to_account_id()));
		}
		assert_ne!(Coops::coop_account(0), Coops::coop_account(1));
	});
}
