//! A test runtime with System, Balances and Market. Co-ops, bylaws, the co-op origin and consent
//! are in-memory stand-ins for `pallet-coops`, `pallet-bylaws`, `pallet-governance` and
//! `pallet-consent`; the consent stand-in tells the market about changes as the real one does.

use crate as pallet_market;
use core::cell::RefCell;
use datacoop_primitives::{
	consent::{CategoryCode, ConsentInspect, Grantee, OfferId, OnConsentChange, PurposeCode},
	coop::{
		AdmissionSeq, BylawsParams, BylawsVersion, CoopBylaws, CoopDecision, CoopId,
		CoopMembership, DecisionScope, DocumentRef, Tally, Vocabulary,
	},
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64, EnsureOrigin},
	PalletId,
};
use sp_runtime::{
	testing::{TestSignature, UintAuthorityId},
	BuildStorage, DispatchResult, Perbill,
};
use std::collections::{BTreeMap, BTreeSet};

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Market: pallet_market,
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

parameter_types! {
	/// The decision a root-origin call carries in these tests.
	pub static NextDecision: Option<CoopDecision<u64>> = None;
	pub static RevenueShare: Perbill = Perbill::from_percent(10);
	pub const MarketPalletId: PalletId = PalletId(*b"dc/markt");
}

/// A member's consent to an offer: categories, block given, live.
#[derive(Clone)]
struct TestConsent {
	coop: CoopId,
	categories: BTreeSet<CategoryCode>,
	given_at: u64,
	live: bool,
}

thread_local! {
	static CONSENTS: RefCell<BTreeMap<(u64, OfferId), TestConsent>> = RefCell::new(BTreeMap::new());
	static ITEMS: RefCell<BTreeMap<(CoopId, u64, CategoryCode), u32>> = RefCell::new(BTreeMap::new());
	static EXPIRIES_PENDING: RefCell<bool> = const { RefCell::new(false) };
}

/// Whether consent says expiries due now are still waiting to be marked.
pub fn set_expiries_pending(pending: bool) {
	EXPIRIES_PENDING.with(|p| *p.borrow_mut() = pending);
}

/// Co-ops 0..=9 exist; their treasuries are accounts 1000 + id.
pub struct TestMembership;
impl CoopMembership<u64> for TestMembership {
	fn coop_exists(coop: CoopId) -> bool {
		coop < 10
	}
	fn admission_of(_: CoopId, _: &u64) -> Option<AdmissionSeq> {
		Some(0)
	}
	fn next_admission(_: CoopId) -> AdmissionSeq {
		1
	}
	fn member_count(_: CoopId) -> u32 {
		1
	}
	fn coop_account(coop: CoopId) -> u64 {
		1_000 + coop as u64
	}
}

/// Bylaws: vocabulary of 4 purposes and 8 categories, revenue share [`RevenueShare`].
pub struct TestBylaws;
impl CoopBylaws<u64> for TestBylaws {
	fn current(coop: CoopId) -> Option<(BylawsVersion, BylawsParams<u64>)> {
		(coop < 10).then(|| {
			(
				1,
				BylawsParams {
					revenue_share: RevenueShare::get(),
					vocabulary: Vocabulary { purposes: 4, categories: 8 },
					..BylawsParams::for_tests(10)
				},
			)
		})
	}
	fn validate(_: &BylawsParams<u64>) -> DispatchResult {
		Ok(())
	}
	fn adopt_founding(_: CoopId, _: DocumentRef, _: BylawsParams<u64>) -> DispatchResult {
		Ok(())
	}
}

/// Consent kept in memory.
pub struct TestConsents;
impl ConsentInspect<u64, u64> for TestConsents {
	fn covers(
		member: &u64,
		coop: CoopId,
		grantee: &Grantee<u64>,
		_: PurposeCode,
		category: CategoryCode,
		at: u64,
	) -> bool {
		let Grantee::Offer(offer) = grantee else { return false };
		CONSENTS.with(|c| {
			c.borrow().get(&(*member, *offer)).is_some_and(|consent| {
				consent.live
					&& consent.coop == coop
					&& consent.given_at <= at
					&& consent.categories.contains(&category)
			})
		})
	}
	fn pool_size(_: CoopId, _: &Grantee<u64>, _: PurposeCode, _: CategoryCode) -> u32 {
		0
	}
	fn committed_items(coop: CoopId, member: &u64, category: CategoryCode) -> u32 {
		ITEMS.with(|i| i.borrow().get(&(coop, *member, category)).copied().unwrap_or(0))
	}
	fn expiries_marked(_: u64) -> bool {
		!EXPIRIES_PENDING.with(|p| *p.borrow())
	}
}

/// Root carrying [`NextDecision`]; every other origin is refused.
pub struct TestCoopOrigin;
impl EnsureOrigin<RuntimeOrigin> for TestCoopOrigin {
	type Success = CoopDecision<u64>;

	fn try_origin(o: RuntimeOrigin) -> Result<Self::Success, RuntimeOrigin> {
		match (o.clone().into(), NextDecision::get()) {
			(Ok(frame_system::RawOrigin::Root), Some(decision)) => Ok(decision),
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::root())
	}
}

pub const GRANT_DEPOSIT: Balance = 3;
pub const MIN_PRICE: Balance = 10;
pub const REDEMPTION_WINDOW: u64 = 5;
pub const REDEMPTION_DEPOSIT: Balance = 2;

impl pallet_market::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CoopOrigin = TestCoopOrigin;
	type Membership = TestMembership;
	type Bylaws = TestBylaws;
	type Consent = TestConsents;
	type PalletId = MarketPalletId;
	type MaxCategories = ConstU32<4>;
	type MinPrice = ConstU128<MIN_PRICE>;
	type MaxAccessDuration = ConstU64<100>;
	type GrantDeposit = ConstU128<GRANT_DEPOSIT>;
	type RedemptionWindow = ConstU64<REDEMPTION_WINDOW>;
	type RedemptionDeposit = ConstU128<REDEMPTION_DEPOSIT>;
	type OffchainSignature = TestSignature;
	type SigningPublicKey = UintAuthorityId;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

/// The root origin, carrying a decision of `coop`.
pub fn coop_origin(coop: CoopId) -> RuntimeOrigin {
	NextDecision::set(Some(CoopDecision {
		coop,
		proposal: 1,
		proposer: 1,
		scope: DecisionScope::default(),
		tally: Tally { ayes: 2, nays: 0, abstentions: 0, electorate: 2 },
	}));
	RuntimeOrigin::root()
}

/// `member` consents (through `coop`) to `offer` for `categories`, as `pallet-consent` would.
pub fn consent(coop: CoopId, member: u64, offer: OfferId, categories: &[CategoryCode]) {
	let given_at = System::block_number();
	CONSENTS.with(|c| {
		c.borrow_mut().insert(
			(member, offer),
			TestConsent {
				coop,
				categories: categories.iter().copied().collect(),
				given_at,
				live: true,
			},
		)
	});
	Market::on_consent_change(coop, &member, offer);
}

/// `member` withdraws their consent to `offer`.
pub fn withdraw(member: u64, offer: OfferId) {
	let coop = CONSENTS.with(|c| {
		let mut c = c.borrow_mut();
		let consent = c.get_mut(&(member, offer)).expect("consent given");
		consent.live = false;
		consent.coop
	});
	Market::on_consent_change(coop, &member, offer);
}

/// `member` commits to `items` items of `category` in `coop`, and every offer they consented
/// to with that category is told.
pub fn commit(coop: CoopId, member: u64, category: CategoryCode, items: u32) {
	ITEMS.with(|i| i.borrow_mut().insert((coop, member, category), items));
	let offers: Vec<OfferId> = CONSENTS.with(|c| {
		c.borrow()
			.iter()
			.filter(|((m, _), consent)| {
				*m == member && consent.live && consent.categories.contains(&category)
			})
			.map(|((_, offer), _)| *offer)
			.collect()
	});
	for offer in offers {
		Market::on_consent_change(coop, &member, offer);
	}
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64, RuntimeOrigin, TestSignature> for BenchHelper {
	fn receipt_signer() -> u64 {
		let _ = <Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(
			&77,
			1_000_000_000_000_000_000,
		);
		77
	}
	fn sign_receipt(message: &[u8]) -> TestSignature {
		TestSignature(77, message.to_vec())
	}
	fn coop(_: u16) -> CoopId {
		3
	}
	fn coop_origin(coop: CoopId) -> RuntimeOrigin {
		coop_origin(coop)
	}
	fn contributor(
		coop: CoopId,
		member: &u64,
		offer: OfferId,
		_: PurposeCode,
		categories: &[CategoryCode],
		items: u32,
	) {
		let _ = <Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(
			member, 1_000_000,
		);
		for category in categories {
			ITEMS.with(|i| i.borrow_mut().insert((coop, *member, *category), items));
		}
		consent(coop, *member, offer, categories);
	}
}

/// Accounts 1..=20 hold 10,000 each; the market's account holds the existential deposit.
pub fn new_test_ext() -> sp_io::TestExternalities {
	CONSENTS.with(|c| c.borrow_mut().clear());
	ITEMS.with(|i| i.borrow_mut().clear());
	set_expiries_pending(false);
	RevenueShare::set(Perbill::from_percent(10));
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=20).map(|who| (who, 10_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_market::GenesisConfig::<Test>::default()
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run `test` on fresh state, then check the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Market::do_try_state().expect("invariants hold");
	});
}
