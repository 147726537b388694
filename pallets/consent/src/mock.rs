//! A test runtime with System, Balances and Consent. Co-ops, their bylaws and the market's offers
//! are in-memory stand-ins for `pallet-coops`, `pallet-bylaws` and the market pallet.

use crate as pallet_consent;
use core::cell::RefCell;
use datacoop_primitives::{
	consent::{AccessOffers, CategoryCode, OfferId, OfferScope, PurposeCode},
	coop::{
		AdmissionSeq, BylawsParams, BylawsVersion, CoopBylaws, CoopId, CoopMembership, DocumentRef,
		OnMemberLeft, Vocabulary,
	},
};
use frame_support::{
	derive_impl,
	traits::{ConstU128, ConstU32, Hooks},
};
use sp_runtime::{
	testing::{TestSignature, UintAuthorityId},
	BuildStorage, DispatchResult,
};
use std::collections::{BTreeMap, BTreeSet};

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Consent: pallet_consent,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive(Default)]
struct CoopState {
	members: BTreeMap<u64, AdmissionSeq>,
	/// Members not yet past the bylaws' membership maturity.
	maturing: BTreeSet<u64>,
	next: AdmissionSeq,
	vocabulary: Option<Vocabulary>,
}

thread_local! {
	static COOPS: RefCell<BTreeMap<CoopId, CoopState>> = RefCell::new(BTreeMap::new());
	static OFFERS: RefCell<BTreeMap<OfferId, (OfferScope, BTreeSet<CategoryCode>)>> =
		RefCell::new(BTreeMap::new());
}

/// Co-op membership kept in memory.
pub struct TestMembership;
impl CoopMembership<u64> for TestMembership {
	fn coop_exists(coop: CoopId) -> bool {
		COOPS.with(|c| c.borrow().contains_key(&coop))
	}
	fn admission_of(coop: CoopId, who: &u64) -> Option<AdmissionSeq> {
		COOPS.with(|c| c.borrow().get(&coop)?.members.get(who).copied())
	}
	fn next_admission(coop: CoopId) -> AdmissionSeq {
		COOPS.with(|c| c.borrow().get(&coop).map_or(0, |s| s.next))
	}
	fn member_count(coop: CoopId) -> u32 {
		COOPS.with(|c| c.borrow().get(&coop).map_or(0, |s| s.members.len() as u32))
	}
	fn coop_account(coop: CoopId) -> u64 {
		1_000 + coop as u64
	}
	fn is_mature(coop: CoopId, who: &u64) -> bool {
		COOPS.with(|c| {
			c.borrow()
				.get(&coop)
				.is_some_and(|s| s.members.contains_key(who) && !s.maturing.contains(who))
		})
	}
}

thread_local! {
	static ITEM_CAP: core::cell::RefCell<Option<u32>> = const { core::cell::RefCell::new(None) };
}

/// The bylaws' cap on items per commitment from now on (none at first).
pub fn set_item_cap(cap: Option<u32>) {
	ITEM_CAP.with(|c| *c.borrow_mut() = cap);
}

/// Bylaws in memory: the vocabulary and the item cap matter to consent.
pub struct TestBylaws;
impl CoopBylaws<u64> for TestBylaws {
	fn current(coop: CoopId) -> Option<(BylawsVersion, BylawsParams<u64>)> {
		let vocabulary = COOPS.with(|c| c.borrow().get(&coop).map(|s| s.vocabulary))??;
		let max_items_per_commitment = ITEM_CAP.with(|c| *c.borrow());
		Some((
			1,
			BylawsParams { vocabulary, max_items_per_commitment, ..BylawsParams::for_tests(10) },
		))
	}
	fn validate(_: &BylawsParams<u64>) -> DispatchResult {
		Ok(())
	}
	fn adopt_founding(_: CoopId, _: DocumentRef, _: BylawsParams<u64>) -> DispatchResult {
		Ok(())
	}
}

/// Offers in memory.
pub struct TestOffers;
impl AccessOffers for TestOffers {
	fn offer_scope(offer: OfferId) -> Option<OfferScope> {
		OFFERS.with(|o| o.borrow().get(&offer).map(|(scope, _)| *scope))
	}
	fn offer_includes(offer: OfferId, category: CategoryCode) -> bool {
		OFFERS.with(|o| o.borrow().get(&offer).is_some_and(|(_, c)| c.contains(&category)))
	}
}

thread_local! {
	static CHANGES: RefCell<Vec<(CoopId, u64, OfferId)>> = RefCell::new(Vec::new());
}

/// Records what the market would be told.
pub struct TestOnChange;
impl datacoop_primitives::consent::OnConsentChange<u64> for TestOnChange {
	fn on_consent_change(
		coop: CoopId,
		member: &u64,
		offer: OfferId,
	) -> frame_support::weights::Weight {
		CHANGES.with(|c| c.borrow_mut().push((coop, *member, offer)));
		frame_support::weights::Weight::zero()
	}
	fn max_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

/// What the market was told since the last call.
pub fn take_changes() -> Vec<(CoopId, u64, OfferId)> {
	CHANGES.with(|c| std::mem::take(&mut *c.borrow_mut()))
}

pub const CONSENT_DEPOSIT: Balance = 10;
pub const COMMITMENT_DEPOSIT: Balance = 5;
pub const MAX_CATEGORIES: u32 = 4;
pub const MAX_VERSIONS: u32 = 4;
pub const MAX_LIVE: u32 = 3;
pub const EXPIRY_PAGE: u32 = 2;
pub const PAGES_PER_BLOCK: u32 = 1;

impl pallet_consent::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Membership = TestMembership;
	type Bylaws = TestBylaws;
	type Offers = TestOffers;
	type OnChange = TestOnChange;
	type ConsentDeposit = ConstU128<CONSENT_DEPOSIT>;
	type CommitmentDeposit = ConstU128<COMMITMENT_DEPOSIT>;
	type MaxCategories = ConstU32<MAX_CATEGORIES>;
	type MaxVersions = ConstU32<MAX_VERSIONS>;
	type MaxLiveConsents = ConstU32<MAX_LIVE>;
	type ExpiryPageSize = ConstU32<EXPIRY_PAGE>;
	type ExpiryPagesPerBlock = ConstU32<PAGES_PER_BLOCK>;
	type OffchainSignature = TestSignature;
	type SigningPublicKey = UintAuthorityId;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

/// A co-op with these members and a vocabulary of 4 purposes and 8 categories.
pub fn coop(id: CoopId, members: &[u64]) {
	COOPS.with(|c| {
		let mut state = CoopState {
			vocabulary: Some(Vocabulary { purposes: 4, categories: 8 }),
			..Default::default()
		};
		for who in members {
			state.members.insert(*who, state.next);
			state.next += 1;
		}
		c.borrow_mut().insert(id, state);
	});
}

/// `who` joins `coop` now and is not mature yet.
pub fn join_maturing(coop: CoopId, who: u64) {
	COOPS.with(|c| {
		let mut c = c.borrow_mut();
		let state = c.get_mut(&coop).unwrap();
		state.members.insert(who, state.next);
		state.maturing.insert(who);
		state.next += 1;
	});
}

/// `who` leaves `coop`, and consent is told as `pallet-coops` would tell it.
pub fn leave(coop: CoopId, who: u64) {
	let admission =
		COOPS.with(|c| c.borrow_mut().get_mut(&coop).unwrap().members.remove(&who).unwrap());
	Consent::on_member_left(coop, &who, admission);
}

/// An offer of `coop` for `purpose` covering `categories`.
pub fn offer(id: OfferId, coop: CoopId, purpose: PurposeCode, categories: &[CategoryCode]) {
	OFFERS.with(|o| {
		o.borrow_mut()
			.insert(id, (OfferScope { coop, purpose }, categories.iter().copied().collect()))
	});
}

/// Move to block `n`, running the pallet's `on_initialize` for each block on the way.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Consent::on_initialize(next);
	}
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64, TestSignature> for BenchHelper {
	fn coop_with_member(member: &u64, categories: u16) -> CoopId {
		let id = COOPS.with(|c| c.borrow().len() as CoopId + 100);
		coop(id, &[*member]);
		COOPS.with(|c| {
			c.borrow_mut().get_mut(&id).unwrap().vocabulary =
				Some(Vocabulary { purposes: 1, categories: categories.max(1) })
		});
		let _ = <Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(
			member, 1_000_000,
		);
		id
	}
	fn listing_signer() -> u64 {
		77
	}
	fn sign_listing(message: &[u8]) -> TestSignature {
		TestSignature(77, message.to_vec())
	}
}

/// Accounts 1..=20 hold 1,000 each; co-op 0 has members 1, 2, 3; co-op 1 has members 4, 5.
pub fn new_test_ext() -> sp_io::TestExternalities {
	COOPS.with(|c| c.borrow_mut().clear());
	OFFERS.with(|o| o.borrow_mut().clear());
	take_changes();
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=20).map(|who| (who, 1_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		coop(0, &[1, 2, 3]);
		coop(1, &[4, 5]);
	});
	ext
}

/// Run `test` on fresh state, then check the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Consent::do_try_state().expect("invariants hold");
	});
}
