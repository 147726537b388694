//! A test runtime with System, Balances and Co-ops. Bylaws are kept by a small in-memory
//! stand-in; the co-op origin is simulated: a test sets the decision the next root-origin call
//! carries, as `pallet-governance` would after a vote.

use crate as pallet_coops;
use core::cell::RefCell;
use datacoop_primitives::coop::{
	AdmissionSeq, BylawsParams, BylawsVersion, CoopBylaws, CoopDecision, CoopId, DecisionScope,
	DocumentRef, OnMemberLeft, Tally,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, EnsureOrigin},
	weights::Weight,
	PalletId,
};
use sp_runtime::{BuildStorage, DispatchResult};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Coops: pallet_coops,
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
	pub const CoopsPalletId: PalletId = PalletId(*b"dc/coops");
}

thread_local! {
	static BYLAWS: RefCell<BTreeMap<CoopId, BylawsParams<u64>>> = RefCell::new(BTreeMap::new());
	static LEFT: RefCell<Vec<(CoopId, u64, AdmissionSeq)>> = RefCell::new(Vec::new());
}

/// Bylaws kept in memory; parameters are valid when the quorum is not zero.
pub struct TestBylaws;
impl CoopBylaws<u64> for TestBylaws {
	fn current(coop: CoopId) -> Option<(BylawsVersion, BylawsParams<u64>)> {
		BYLAWS.with(|b| b.borrow().get(&coop).cloned()).map(|p| (1, p))
	}
	fn validate(params: &BylawsParams<u64>) -> DispatchResult {
		if params.quorum.is_zero() {
			return Err(sp_runtime::DispatchError::Other("bad bylaws"));
		}
		Ok(())
	}
	fn adopt_founding(coop: CoopId, _: DocumentRef, params: BylawsParams<u64>) -> DispatchResult {
		Self::validate(&params)?;
		BYLAWS.with(|b| b.borrow_mut().insert(coop, params));
		Ok(())
	}
}

/// Change the bylaws of `coop` in force, as an amendment would.
pub fn set_bylaws(coop: CoopId, params: BylawsParams<u64>) {
	BYLAWS.with(|b| b.borrow_mut().insert(coop, params));
}

/// Records who left, as governance and consent would be told.
pub struct RecordLeft;
impl OnMemberLeft<u64> for RecordLeft {
	fn on_member_left(coop: CoopId, who: &u64, admission: AdmissionSeq) -> Weight {
		LEFT.with(|l| l.borrow_mut().push((coop, *who, admission)));
		Weight::from_parts(1_000, 0)
	}
	fn max_weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
}

/// Who the pallet reported as having left, in order.
pub fn left() -> Vec<(CoopId, u64, AdmissionSeq)> {
	LEFT.with(|l| l.borrow().clone())
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

/// A decision of `coop` on `proposal`, proposed by `proposer`.
pub fn decision(coop: CoopId, proposal: u32, proposer: u64, expels: bool) -> CoopDecision<u64> {
	CoopDecision {
		coop,
		proposal,
		proposer,
		scope: DecisionScope { expels, ..Default::default() },
		tally: Tally { ayes: 2, nays: 0, abstentions: 0, electorate: 2 },
	}
}

/// The root origin, carrying `decision`.
pub fn coop_origin(d: CoopDecision<u64>) -> RuntimeOrigin {
	NextDecision::set(Some(d));
	RuntimeOrigin::root()
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<RuntimeOrigin, u64, u64> for BenchHelper {
	fn coop_origin(coop: CoopId, proposer: u64) -> RuntimeOrigin {
		coop_origin(decision(coop, 1, proposer, true))
	}
	fn bylaws(admission: crate::AdmissionPolicy) -> BylawsParams<u64> {
		let p = sp_runtime::Perbill::from_percent(50);
		BylawsParams {
			amendment_approval: p,
			expulsion_approval: p,
			admission,
			revenue_share: p,
			..BylawsParams::for_tests(100)
		}
	}
}

pub const FOUNDING_DEPOSIT: Balance = 100;
pub const MEMBER_DEPOSIT: Balance = 10;

impl pallet_coops::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CoopOrigin = TestCoopOrigin;
	type Bylaws = TestBylaws;
	type OnMemberLeft = RecordLeft;
	type PalletId = CoopsPalletId;
	type FoundingDeposit = ConstU128<FOUNDING_DEPOSIT>;
	type MemberDeposit = ConstU128<MEMBER_DEPOSIT>;
	type MaxFoundingMembers = ConstU32<10>;
	type MaxVouches = ConstU32<5>;
	type MaxCohorts = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

/// Accounts 1..=20 hold 1,000 each.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=20).map(|who| (who, 1_000)).collect(),
		..Default::default()
	}
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
		Coops::do_try_state().expect("invariants hold");
	});
}
