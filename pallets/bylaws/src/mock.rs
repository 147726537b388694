//! A test runtime with only System and Bylaws. The co-op origin is simulated: a test sets the
//! decision the next root-origin call carries, as `pallet-governance` would after a vote.

use crate as pallet_bylaws;
use datacoop_primitives::coop::{CoopDecision, DecisionScope, Tally};
use frame_support::{derive_impl, parameter_types, traits::EnsureOrigin};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Bylaws: pallet_bylaws,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

parameter_types! {
	/// The decision a root-origin call carries in these tests.
	pub static NextDecision: Option<CoopDecision<u64>> = None;
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

/// A decision of `coop` on proposal `proposal` with the given scope.
pub fn decision(coop: u32, proposal: u32, amends_bylaws: bool) -> CoopDecision<u64> {
	CoopDecision {
		coop,
		proposal,
		proposer: 1,
		scope: DecisionScope { amends_bylaws, ..Default::default() },
		tally: Tally { ayes: 3, nays: 0, abstentions: 0, electorate: 3 },
	}
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<RuntimeOrigin> for BenchHelper {
	fn amendment_origin(coop: u32) -> RuntimeOrigin {
		NextDecision::set(Some(decision(coop, 1, true)));
		RuntimeOrigin::root()
	}
}

impl pallet_bylaws::Config for Test {
	type CoopOrigin = TestCoopOrigin;
	type MinVotingPeriod = frame_support::traits::ConstU64<10>;
	type MaxVotingPeriod = frame_support::traits::ConstU64<1_000>;
	type MaxVouches = frame_support::traits::ConstU32<5>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

/// Fresh state at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run `test` on fresh state, then check the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Bylaws::do_try_state().expect("invariants hold");
	});
}
