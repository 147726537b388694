//! A test runtime with System, Balances, Governance and a small `target` pallet whose calls take
//! the co-op origin. Membership and bylaws are in-memory stand-ins for `pallet-coops` and
//! `pallet-bylaws`.

use crate as pallet_governance;
use core::cell::RefCell;
use datacoop_primitives::coop::{
	AdmissionSeq, BylawsParams, BylawsVersion, CoopBylaws, CoopId, CoopMembership, DecisionScope,
	DocumentRef, OnMemberLeft,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32},
	weights::Weight,
};
use sp_runtime::{BuildStorage, DispatchResult, Perbill};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;

/// Calls that only a co-op decision may make; each records the decision it got.
#[frame_support::pallet]
pub mod target {
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		type CoopOrigin: EnsureOrigin<
			Self::RuntimeOrigin,
			Success = datacoop_primitives::coop::CoopDecision<Self::AccountId>,
		>;
	}

	/// Decisions received, in order.
	#[pallet::storage]
	#[pallet::unbounded]
	pub type Received<T: Config> =
		StorageValue<_, Vec<datacoop_primitives::coop::CoopDecision<T::AccountId>>, ValueQuery>;

	#[pallet::error]
	pub enum Error<T> {
		/// Asked to fail.
		Refused,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// An ordinary co-op action.
		#[pallet::call_index(0)]
		#[pallet::weight(Weight::from_parts(1_000, 0))]
		pub fn act(origin: OriginFor<T>) -> DispatchResult {
			let decision = T::CoopOrigin::ensure_origin(origin)?;
			Received::<T>::append(decision);
			Ok(())
		}
		/// Stands for a bylaws amendment.
		#[pallet::call_index(1)]
		#[pallet::weight(Weight::from_parts(1_000, 0))]
		pub fn amend(origin: OriginFor<T>) -> DispatchResult {
			Self::act(origin)
		}
		/// Stands for an expulsion.
		#[pallet::call_index(2)]
		#[pallet::weight(Weight::from_parts(1_000, 0))]
		pub fn expel(origin: OriginFor<T>) -> DispatchResult {
			Self::act(origin)
		}
		/// Always fails.
		#[pallet::call_index(3)]
		#[pallet::weight(Weight::from_parts(1_000, 0))]
		pub fn fail(origin: OriginFor<T>) -> DispatchResult {
			T::CoopOrigin::ensure_origin(origin)?;
			Err(Error::<T>::Refused.into())
		}
		/// An ordinary co-op action carrying some bytes.
		#[pallet::call_index(5)]
		#[pallet::weight(Weight::from_parts(1_000, 0))]
		pub fn note(origin: OriginFor<T>, data: Vec<u8>) -> DispatchResult {
			let _ = data;
			Self::act(origin)
		}
		/// Stands for a federation decision (needs the amendment threshold).
		#[pallet::call_index(6)]
		#[pallet::weight(Weight::from_parts(1_000, 0))]
		pub fn federate(origin: OriginFor<T>) -> DispatchResult {
			Self::act(origin)
		}
		/// Declares more weight than any `close` may carry.
		#[pallet::call_index(7)]
		#[pallet::weight(Weight::from_parts(u64::MAX / 2, 0))]
		pub fn heavy(origin: OriginFor<T>) -> DispatchResult {
			Self::act(origin)
		}
		/// Outside co-op scope.
		#[pallet::call_index(4)]
		#[pallet::weight(Weight::from_parts(1_000, 0))]
		pub fn forbidden(origin: OriginFor<T>) -> DispatchResult {
			Self::act(origin)
		}
	}
}

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Governance: pallet_governance,
		Target: target,
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

impl target::Config for Test {
	type CoopOrigin = crate::EnsureCoop<u64>;
}

#[derive(Default)]
struct CoopState {
	members: BTreeMap<u64, AdmissionSeq>,
	/// Members on record beyond those in `members` (for benchmarks of large co-ops).
	extra: u32,
	next: AdmissionSeq,
	bylaws: Vec<BylawsParams<u64>>,
	/// Block of each admission after founding (founding members are mature at once).
	admitted_at: BTreeMap<AdmissionSeq, u64>,
}

thread_local! {
	static COOPS: RefCell<BTreeMap<CoopId, CoopState>> = RefCell::new(BTreeMap::new());
}

/// Membership kept in memory.
pub struct TestMembership;
impl CoopMembership<u64> for TestMembership {
	fn coop_exists(coop: CoopId) -> bool {
		COOPS.with(|c| c.borrow().contains_key(&coop))
	}
	fn admission_of(coop: CoopId, who: &u64) -> Option<AdmissionSeq> {
		COOPS.with(|c| c.borrow().get(&coop).and_then(|s| s.members.get(who).copied()))
	}
	fn next_admission(coop: CoopId) -> AdmissionSeq {
		COOPS.with(|c| c.borrow().get(&coop).map(|s| s.next).unwrap_or_default())
	}
	fn member_count(coop: CoopId) -> u32 {
		COOPS.with(|c| {
			c.borrow()
				.get(&coop)
				.map(|s| s.members.len() as u32 + s.extra)
				.unwrap_or_default()
		})
	}
	fn coop_account(coop: CoopId) -> u64 {
		1_000 + coop as u64
	}
	/// As `pallet-coops` answers it, without its cohorts: the first admission still maturing.
	fn voting_members(coop: CoopId) -> (AdmissionSeq, u32) {
		let now = System::block_number();
		COOPS.with(|c| {
			let c = c.borrow();
			let Some(s) = c.get(&coop) else { return (0, 0) };
			let maturity = s.bylaws.last().map_or(0, |b| b.membership_maturity);
			let cutoff = s
				.admitted_at
				.iter()
				.find(|(_, at)| **at + maturity > now)
				.map_or(s.next, |(seq, _)| *seq);
			let count = s.members.values().filter(|seq| **seq < cutoff).count() as u32 + s.extra;
			(cutoff, count)
		})
	}
}

/// Bylaws kept in memory: the last pushed version is in force.
pub struct TestBylaws;
impl CoopBylaws<u64> for TestBylaws {
	fn current(coop: CoopId) -> Option<(BylawsVersion, BylawsParams<u64>)> {
		COOPS.with(|c| {
			let c = c.borrow();
			let bylaws = &c.get(&coop)?.bylaws;
			bylaws.last().cloned().map(|p| (bylaws.len() as u32, p))
		})
	}
	fn validate(_: &BylawsParams<u64>) -> DispatchResult {
		Ok(())
	}
	fn adopt_founding(_: CoopId, _: DocumentRef, _: BylawsParams<u64>) -> DispatchResult {
		Ok(())
	}
}

/// The mock's scope: `forbidden` is out, `amend` and `expel` need their thresholds.
pub struct TestScope;
impl crate::CallScope<RuntimeCall> for TestScope {
	fn scope(call: &RuntimeCall) -> Option<DecisionScope> {
		match call {
			RuntimeCall::Target(target::Call::forbidden {}) => None,
			RuntimeCall::Target(target::Call::amend {}) => {
				Some(DecisionScope { amends_bylaws: true, ..Default::default() })
			},
			RuntimeCall::Target(target::Call::expel {}) => {
				Some(DecisionScope { expels: true, ..Default::default() })
			},
			RuntimeCall::Target(target::Call::federate {}) => {
				Some(DecisionScope { federation: true, ..Default::default() })
			},
			RuntimeCall::Target(_) => Some(DecisionScope::default()),
			RuntimeCall::Governance(crate::Call::as_coop_account { .. }) => {
				Some(DecisionScope::default())
			},
			_ => None,
		}
	}

	/// A co-op may make remarks with an event from its own account, nothing else.
	fn as_coop_account(call: &RuntimeCall) -> bool {
		matches!(call, RuntimeCall::System(frame_system::Call::remark_with_event { .. }))
	}
}

pub const PROPOSAL_DEPOSIT: Balance = 50;

impl pallet_governance::Config for Test {
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Membership = TestMembership;
	type Bylaws = TestBylaws;
	type CallScope = TestScope;
	type CoopOrigin = crate::EnsureCoop<u64>;
	type ProposalDeposit = ConstU128<PROPOSAL_DEPOSIT>;
	type MaxCalls = ConstU32<4>;
	type MaxProposalLen = ConstU32<64>;
	type MaxOpenProposals = ConstU32<3>;
	type MaxOpenPerMember = ConstU32<2>;
	type MaxCloseWeight = MaxCloseWeight;
	type ClosedRetention = frame_support::traits::ConstU64<5>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

parameter_types! {
	/// What one `close` may use in the mock: room for the calls `target` declares, not for
	/// `heavy`.
	pub MaxCloseWeight: Weight = Weight::from_parts(100_000_000_000, 10_000_000);
}

/// Bylaws: quorum 50%, approval 50%, amendment 2/3, expulsion 75%, 10-block votes, no minimum
/// voting time, no maturity.
pub fn bylaws() -> BylawsParams<u64> {
	BylawsParams {
		amendment_approval: Perbill::from_rational(2u32, 3u32),
		..BylawsParams::for_tests(10)
	}
}

/// A co-op with these members, admitted in order, under [`bylaws`].
pub fn coop(id: CoopId, members: &[u64]) {
	COOPS.with(|c| {
		let mut state = CoopState { bylaws: vec![bylaws()], ..Default::default() };
		for who in members {
			state.members.insert(*who, state.next);
			state.next += 1;
		}
		c.borrow_mut().insert(id, state);
	});
}

/// Admit `who` to `coop` now.
pub fn admit(coop: CoopId, who: u64) {
	COOPS.with(|c| {
		let mut c = c.borrow_mut();
		let state = c.get_mut(&coop).unwrap();
		state.members.insert(who, state.next);
		state.admitted_at.insert(state.next, System::block_number());
		state.next += 1;
	});
}

/// `who` leaves `coop`, and governance is told as `pallet-coops` would tell it.
pub fn leave(coop: CoopId, who: u64) {
	let admission =
		COOPS.with(|c| c.borrow_mut().get_mut(&coop).unwrap().members.remove(&who).unwrap());
	Governance::on_member_left(coop, &who, admission);
}

/// Put new bylaws in force for `coop`.
pub fn amend_bylaws(coop: CoopId, params: BylawsParams<u64>) {
	COOPS.with(|c| c.borrow_mut().get_mut(&coop).unwrap().bylaws.push(params));
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64, RuntimeCall> for BenchHelper {
	fn coop_with_members(voters: u32, on_record: u32) -> (CoopId, Vec<u64>) {
		let accounts: Vec<u64> = (100..100 + voters as u64).collect();
		coop(7, &accounts);
		COOPS.with(|c| {
			let mut c = c.borrow_mut();
			let state = c.get_mut(&7).unwrap();
			state.extra = on_record.saturating_sub(voters);
			state.next += state.extra as u64;
		});
		for who in &accounts {
			let _ = <Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(
				who, 1_000_000,
			);
		}
		(7, accounts)
	}
	fn in_scope_call() -> RuntimeCall {
		RuntimeCall::Target(target::Call::act {})
	}
	fn coop_account_call() -> RuntimeCall {
		RuntimeCall::System(frame_system::Call::remark_with_event { remark: Vec::new() })
	}
}

/// Accounts 1..=20 hold 1,000 each.
pub fn new_test_ext() -> sp_io::TestExternalities {
	COOPS.with(|c| c.borrow_mut().clear());
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
		Governance::do_try_state().expect("invariants hold");
	});
}
