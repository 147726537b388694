//! A test runtime with System and Federation. Co-ops 0..=9 exist; the co-op origin is root
//! carrying a decision set by the test, as `pallet-governance` would after a vote.

use crate as pallet_federation;
use datacoop_primitives::coop::{
	AdmissionSeq, CoopDecision, CoopId, CoopMembership, DecisionScope, Tally,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, EnsureOrigin},
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Federation: pallet_federation,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

parameter_types! {
	pub static NextDecision: Option<CoopDecision<u64>> = None;
}

/// Co-ops 0..=9 exist.
pub struct TestMembership;
impl CoopMembership<u64> for TestMembership {
	fn coop_exists(coop: CoopId) -> bool {
		coop < 10
	}
	fn admission_of(_: CoopId, _: &u64) -> Option<AdmissionSeq> {
		None
	}
	fn next_admission(_: CoopId) -> AdmissionSeq {
		0
	}
	fn member_count(_: CoopId) -> u32 {
		0
	}
	fn coop_account(coop: CoopId) -> u64 {
		1_000 + coop as u64
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

pub const MAX_COOPS: u32 = 6;

impl pallet_federation::Config for Test {
	type CoopOrigin = TestCoopOrigin;
	type Membership = TestMembership;
	type MaxCoops = ConstU32<MAX_COOPS>;
	type MaxValidatorsPerCoop = ConstU32<3>;
	type MaxValidators = ConstU32<8>;
	type MaxOpenMotions = ConstU32<4>;
	type MaxOpenApplications = ConstU32<3>;
	type MaxMotionsPerCoop = ConstU32<1>;
	type MotionDuration = ConstU64<10>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

/// The root origin, carrying a decision of `coop`.
pub fn coop(coop: CoopId) -> RuntimeOrigin {
	NextDecision::set(Some(CoopDecision {
		coop,
		proposal: 1,
		proposer: 1,
		scope: DecisionScope::default(),
		tally: Tally::default(),
	}));
	RuntimeOrigin::root()
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<RuntimeOrigin> for BenchHelper {
	fn coop() -> CoopId {
		9
	}
	fn coop_origin(c: CoopId) -> RuntimeOrigin {
		coop(c)
	}
}

/// Co-ops 0, 1, 2, 3 are members, each running validator 100 + id; parameters: 2 validators per
/// co-op, 6 in all.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_federation::GenesisConfig::<Test> {
		members: (0..4).map(|c| (c, vec![100 + c as u64])).collect(),
		params: Some(crate::FederationParams { validators_per_coop: 2, max_validators: 6 }),
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
		Federation::do_try_state().expect("invariants hold");
	});
}
