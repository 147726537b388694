//! Configuration of the co-op pallets: co-ops, bylaws, governance, consent, and what a co-op may
//! decide.

use datacoop_primitives::coop::DecisionScope;
use frame_support::{parameter_types, traits::ConstU32, PalletId};

use crate::{
	currency::{MILLI_UNIT, UNIT},
	time::{DAYS, MINUTES},
	AccountId, Balance, Balances, BlockNumber, Bylaws, Consent, Coops, Governance, Market, Runtime,
	RuntimeCall, RuntimeHoldReason, RuntimeOrigin, Signature,
};

/// The co-op's collective decision, produced by governance when a proposal carries.
pub type CoopOrigin = pallet_governance::EnsureCoop<AccountId>;

parameter_types! {
	pub const CoopsPalletId: PalletId = PalletId(*b"dc/coops");
	/// Held from a founder while the co-op exists.
	pub const FoundingDeposit: Balance = 10 * UNIT;
	/// Held for each membership or application: small, so joining stays open to everyone.
	pub const MemberDeposit: Balance = 10 * MILLI_UNIT;
	/// Held from a proposer while the proposal is open.
	pub const ProposalDeposit: Balance = 100 * MILLI_UNIT;
}

/// The most vouches bylaws may require.
pub type MaxVouches = ConstU32<10>;

impl pallet_coops::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CoopOrigin = CoopOrigin;
	type Bylaws = Bylaws;
	// Leaving takes the member's votes out of open proposals and withdraws their consents.
	type OnMemberLeft = (Governance, Consent);
	type PalletId = CoopsPalletId;
	type FoundingDeposit = FoundingDeposit;
	type MemberDeposit = MemberDeposit;
	type MaxFoundingMembers = ConstU32<64>;
	type MaxVouches = MaxVouches;
	type MaxCohorts = ConstU32<16>;
	type WeightInfo = pallet_coops::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::CoopBenchmarks;
}

parameter_types! {
	pub const MinVotingPeriod: BlockNumber = MINUTES;
	pub const MaxVotingPeriod: BlockNumber = 30 * DAYS;
}

impl pallet_bylaws::Config for Runtime {
	type CoopOrigin = CoopOrigin;
	type MinVotingPeriod = MinVotingPeriod;
	type MaxVotingPeriod = MaxVotingPeriod;
	type MaxVouches = MaxVouches;
	type WeightInfo = pallet_bylaws::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::CoopBenchmarks;
}

parameter_types! {
	/// The most storage deposit one contract call from a co-op's account may lock in the
	/// treasury: enough to change an access contract's terms, not a way to pay out.
	pub const MaxCoopStorageDeposit: Balance = UNIT;
}

/// What a co-op may decide by vote, and which raised threshold each decision needs. Everything
/// else (balances of members, system, sudo, other co-ops) is out of a co-op's reach.
pub struct CoopCallScope;
impl pallet_governance::CallScope<RuntimeCall> for CoopCallScope {
	fn scope(call: &RuntimeCall) -> Option<DecisionScope> {
		let ordinary = DecisionScope::default();
		match call {
			RuntimeCall::Coops(pallet_coops::Call::admit { .. })
			| RuntimeCall::Coops(pallet_coops::Call::reject_application { .. })
			| RuntimeCall::Coops(pallet_coops::Call::spend { .. })
			| RuntimeCall::Market(pallet_market::Call::publish_offer { .. })
			| RuntimeCall::Market(pallet_market::Call::set_offer_state { .. }) => Some(ordinary),
			// Acting in the federation (applying, voting on motions, leaving, registering the
			// validators that author the chain) needs the amendment threshold: it changes who
			// runs everyone's chain, not only the co-op.
			RuntimeCall::Federation(_) => Some(DecisionScope { federation: true, ..ordinary }),
			// Acting from the co-op's own account: the inner call is checked when proposed.
			RuntimeCall::Governance(pallet_governance::Call::as_coop_account { call }) => {
				Self::as_coop_account(call).then_some(ordinary)
			},
			RuntimeCall::Coops(pallet_coops::Call::expel { .. }) => {
				Some(DecisionScope { expels: true, ..ordinary })
			},
			RuntimeCall::Bylaws(pallet_bylaws::Call::amend { .. }) => {
				Some(DecisionScope { amends_bylaws: true, ..ordinary })
			},
			_ => None,
		}
	}

	/// From its own account a co-op may only call contracts, e.g. update the terms of the
	/// access contracts it owns, and sends them no value and at most `MaxCoopStorageDeposit`
	/// of storage deposit: money leaves the treasury only by `coops.spend` (to a contract's
	/// address too), which shows as a `TreasurySpent`.
	fn as_coop_account(call: &RuntimeCall) -> bool {
		matches!(
			call,
			RuntimeCall::Revive(pallet_revive::Call::call { value: 0, storage_deposit_limit, .. })
				if *storage_deposit_limit <= MaxCoopStorageDeposit::get()
		)
	}
}

parameter_types! {
	/// The most one `close` may declare: the largest ordinary extrinsic, less a twentieth for
	/// the transaction extensions' own weight.
	pub MaxCloseWeight: frame_support::weights::Weight = {
		let weights = crate::configs::RuntimeBlockWeights::get();
		let largest = weights
			.get(frame_support::dispatch::DispatchClass::Normal)
			.max_extrinsic
			.unwrap_or(weights.max_block);
		let share = sp_runtime::Perbill::from_percent(95);
		frame_support::weights::Weight::from_parts(
			share.mul_floor(largest.ref_time()),
			share.mul_floor(largest.proof_size()),
		)
	};
}

impl pallet_governance::Config for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Membership = Coops;
	type Bylaws = Bylaws;
	type CallScope = CoopCallScope;
	type CoopOrigin = CoopOrigin;
	type ProposalDeposit = ProposalDeposit;
	type MaxCalls = ConstU32<8>;
	type MaxProposalLen = ConstU32<4096>;
	type MaxOpenProposals = ConstU32<16>;
	// Jamming all 16 slots then takes eight members, each holding two deposits.
	type MaxOpenPerMember = ConstU32<2>;
	type MaxCloseWeight = MaxCloseWeight;
	// Outcomes stay readable on chain for a week (events keep them for good).
	type ClosedRetention = ConstU32<{ 7 * DAYS }>;
	type WeightInfo = pallet_governance::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::CoopBenchmarks;
}

parameter_types! {
	/// Held per consent record with its history (up to `MaxVersions` versions).
	pub const ConsentDeposit: Balance = 20 * MILLI_UNIT;
	/// Held per data commitment.
	pub const CommitmentDeposit: Balance = 5 * MILLI_UNIT;
}

impl pallet_consent::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Membership = Coops;
	type Bylaws = Bylaws;
	type Offers = Market;
	type OnChange = Market;
	type ConsentDeposit = ConsentDeposit;
	type CommitmentDeposit = CommitmentDeposit;
	type MaxCategories = ConstU32<16>;
	type MaxVersions = ConstU32<16>;
	type MaxLiveConsents = ConstU32<32>;
	// Each expiry may tell the market; two pages of 16 keep the worst `on_initialize` well under
	// a tenth of a block. More consents may end in one block: they are marked in the next ones.
	type ExpiryPageSize = ConstU32<16>;
	type ExpiryPagesPerBlock = ConstU32<2>;
	type OffchainSignature = Signature;
	type SigningPublicKey = <Signature as sp_runtime::traits::Verify>::Signer;
	type WeightInfo = pallet_consent::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::CoopBenchmarks;
}

parameter_types! {
	pub const MarketPalletId: PalletId = PalletId(*b"dc/markt");
	/// Lowest price of an offer: its co-op share stays above the existential deposit.
	pub const MinPrice: Balance = UNIT;
	/// Longest access one purchase gives.
	pub const MaxAccessDuration: BlockNumber = 90 * DAYS;
	/// Held from a buyer per grant until it is pruned after expiry.
	pub const GrantDeposit: Balance = 10 * MILLI_UNIT;
	/// A grant's members may redeem delivery receipts until a day after it ends.
	pub const RedemptionWindow: BlockNumber = DAYS;
	/// Held from a member per grant they redeem under, until pruned after the grant.
	pub const RedemptionDeposit: Balance = MILLI_UNIT;
}

impl pallet_market::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CoopOrigin = CoopOrigin;
	type Membership = Coops;
	type Bylaws = Bylaws;
	type Consent = Consent;
	type PalletId = MarketPalletId;
	type MaxCategories = ConstU32<16>;
	type MinPrice = MinPrice;
	type MaxAccessDuration = MaxAccessDuration;
	type GrantDeposit = GrantDeposit;
	type RedemptionWindow = RedemptionWindow;
	type RedemptionDeposit = RedemptionDeposit;
	type OffchainSignature = Signature;
	type SigningPublicKey = <Signature as sp_runtime::traits::Verify>::Signer;
	type WeightInfo = pallet_market::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::CoopBenchmarks;
}

parameter_types! {
	/// A federation motion stays open for a day.
	pub const MotionDuration: BlockNumber = DAYS;
}

impl pallet_federation::Config for Runtime {
	type CoopOrigin = CoopOrigin;
	type Membership = Coops;
	type MaxCoops = ConstU32<64>;
	type MaxValidatorsPerCoop = ConstU32<4>;
	type MaxValidators = ConstU32<32>;
	type MaxOpenMotions = ConstU32<16>;
	// Co-ops outside may hold a quarter of the slots with applications; the rest stay the members'.
	type MaxOpenApplications = ConstU32<4>;
	// The other twelve slots take at least six member co-ops to fill.
	type MaxMotionsPerCoop = ConstU32<2>;
	type MotionDuration = MotionDuration;
	type WeightInfo = pallet_federation::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::CoopBenchmarks;
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helpers {
	use super::*;
	use alloc::vec::Vec;
	use datacoop_primitives::coop::{
		AdmissionPolicy, BylawsParams, CoopDecision, CoopId, DocumentRef, Tally,
	};
	use frame_support::{traits::fungible::Mutate, weights::Weight};
	use sp_runtime::Perbill;

	pub struct CoopBenchmarks;

	fn origin(coop: CoopId, proposer: AccountId) -> RuntimeOrigin {
		pallet_governance::RawOrigin::Coop(CoopDecision {
			coop,
			proposal: 0,
			proposer,
			scope: DecisionScope { amends_bylaws: true, expels: true, federation: true },
			tally: Tally::default(),
		})
		.into()
	}

	fn params(admission: AdmissionPolicy) -> BylawsParams<BlockNumber> {
		BylawsParams {
			quorum: Perbill::from_percent(50),
			approval: Perbill::from_percent(50),
			amendment_approval: Perbill::from_percent(66),
			expulsion_approval: Perbill::from_percent(75),
			voting_period: MinVotingPeriod::get(),
			min_voting_period: 0,
			membership_maturity: 0,
			admission,
			revenue_share: Perbill::from_percent(10),
			max_members: None,
			max_items_per_commitment: None,
			vocabulary: datacoop_primitives::coop::Vocabulary { purposes: 8, categories: 32 },
		}
	}

	impl pallet_consent::BenchmarkHelper<AccountId, Signature> for CoopBenchmarks {
		fn listing_signer() -> AccountId {
			<Self as pallet_market::BenchmarkHelper<AccountId, RuntimeOrigin, Signature>>::receipt_signer()
		}

		fn sign_listing(message: &[u8]) -> Signature {
			<Self as pallet_market::BenchmarkHelper<AccountId, RuntimeOrigin, Signature>>::sign_receipt(message)
		}

		fn coop_with_member(member: &AccountId, categories: u16) -> CoopId {
			let _ = Balances::set_balance(member, 1_000 * UNIT);
			let coop = pallet_coops::NextCoopId::<Runtime>::get();
			let mut bylaws = params(AdmissionPolicy::Open);
			bylaws.vocabulary.categories = categories.max(1);
			let _ = Coops::found(
				frame_system::RawOrigin::Signed(member.clone()).into(),
				frame_support::BoundedVec::new(),
				DocumentRef::truncate_from([1u8; 32].to_vec()),
				bylaws,
			);
			coop
		}
	}

	impl pallet_market::BenchmarkHelper<AccountId, RuntimeOrigin, Signature> for CoopBenchmarks {
		fn receipt_signer() -> AccountId {
			let public = receipt_key();
			let account = AccountId::from(public);
			// A hundred times the benchmarks' price (a billion times `MinPrice`), with room for
			// deposits and fees: exactly one price failed `purchase` in `redeem`'s benchmark.
			let _ = Balances::set_balance(&account, 100_000_000_000 * UNIT);
			account
		}

		fn sign_receipt(message: &[u8]) -> Signature {
			let public = receipt_key();
			sp_io::crypto::sr25519_sign(RECEIPT_KEY_TYPE, &public, message)
				.map(Signature::from)
				.unwrap_or_else(|| Signature::from(sp_core::sr25519::Signature::from_raw([0; 64])))
		}

		fn coop(categories: u16) -> CoopId {
			let founder: AccountId = frame_benchmarking::account("founder", 0, 0);
			<Self as pallet_consent::BenchmarkHelper<AccountId, Signature>>::coop_with_member(
				&founder, categories,
			)
		}

		fn coop_origin(coop: CoopId) -> RuntimeOrigin {
			origin(coop, AccountId::new([0; 32]))
		}

		fn contributor(
			coop: CoopId,
			member: &AccountId,
			offer: pallet_market::OfferId,
			purpose: u16,
			categories: &[u16],
			items: u32,
		) {
			let _ = Balances::set_balance(member, 1_000 * UNIT);
			let signed = || RuntimeOrigin::from(frame_system::RawOrigin::Signed(member.clone()));
			if !pallet_coops::Members::<Runtime>::contains_key(coop, member) {
				let _ = Coops::join(signed(), coop);
			}
			for category in categories {
				let _ = Consent::commit(signed(), coop, *category, Default::default(), items, 1);
			}
			let _ = Consent::give(
				signed(),
				coop,
				pallet_consent::Grantee::Offer(offer),
				purpose,
				categories.to_vec(),
				None,
				Default::default(),
			);
		}
	}

	/// Key type of the benchmark buyer's receipt key.
	const RECEIPT_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"rcpt");

	/// The benchmark buyer's sr25519 key, made on first use in the benchmark's keystore.
	fn receipt_key() -> sp_core::sr25519::Public {
		sp_io::crypto::sr25519_public_keys(RECEIPT_KEY_TYPE)
			.first()
			.copied()
			.unwrap_or_else(|| sp_io::crypto::sr25519_generate(RECEIPT_KEY_TYPE, None))
	}

	impl pallet_federation::BenchmarkHelper<RuntimeOrigin> for CoopBenchmarks {
		fn coop() -> CoopId {
			let founder: AccountId = frame_benchmarking::account("federation founder", 0, 0);
			<Self as pallet_consent::BenchmarkHelper<AccountId, Signature>>::coop_with_member(
				&founder, 1,
			)
		}

		fn coop_origin(coop: CoopId) -> RuntimeOrigin {
			origin(coop, AccountId::new([0; 32]))
		}
	}

	impl pallet_bylaws::BenchmarkHelper<RuntimeOrigin> for CoopBenchmarks {
		fn amendment_origin(coop: CoopId) -> RuntimeOrigin {
			origin(coop, AccountId::new([0; 32]))
		}
	}

	impl pallet_coops::BenchmarkHelper<RuntimeOrigin, AccountId, BlockNumber> for CoopBenchmarks {
		fn coop_origin(coop: CoopId, proposer: AccountId) -> RuntimeOrigin {
			origin(coop, proposer)
		}
		fn bylaws(admission: AdmissionPolicy) -> BylawsParams<BlockNumber> {
			params(admission)
		}
	}

	impl pallet_governance::BenchmarkHelper<AccountId, RuntimeCall> for CoopBenchmarks {
		fn coop_with_members(voters: u32, on_record: u32) -> (CoopId, Vec<AccountId>) {
			let accounts: Vec<AccountId> =
				(0..voters).map(|i| frame_benchmarking::account("member", i, 0)).collect();
			for who in &accounts {
				let _ = Balances::set_balance(who, 1_000 * UNIT);
			}
			let coop = pallet_coops::NextCoopId::<Runtime>::get();
			let (founder, rest) =
				accounts.split_first().map(|(f, r)| (f.clone(), r.to_vec())).unwrap_or_else(|| {
					let founder: AccountId = frame_benchmarking::account("founder", 0, 0);
					let _ = Balances::set_balance(&founder, 1_000 * UNIT);
					(founder, Vec::new())
				});
			let _ = Coops::found(
				frame_system::RawOrigin::Signed(founder).into(),
				frame_support::BoundedVec::truncate_from(rest),
				DocumentRef::truncate_from([1u8; 32].to_vec()),
				params(AdmissionPolicy::Open),
			);
			// Members on record beyond the funded ones: votes and close must not care.
			let extra = on_record.saturating_sub(voters);
			pallet_coops::CoopInfoOf::<Runtime>::mutate(coop, |info| {
				if let Some(info) = info {
					info.members = info.members.saturating_add(extra);
					info.next_admission = info.next_admission.saturating_add(u64::from(extra));
				}
			});
			(coop, accounts)
		}

		fn coop_account_call() -> RuntimeCall {
			RuntimeCall::Revive(pallet_revive::Call::call {
				dest: Default::default(),
				value: 0,
				weight_limit: Weight::zero(),
				storage_deposit_limit: 0,
				data: Vec::new(),
			})
		}

		fn in_scope_call() -> RuntimeCall {
			RuntimeCall::Coops(pallet_coops::Call::spend { to: AccountId::new([7; 32]), amount: 0 })
		}
	}
}
