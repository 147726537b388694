//! Benchmarks of the bylaws pallet.

use super::*;
use frame_benchmarking::v2::*;
use sp_runtime::{traits::Zero, Perbill};

fn params<T: Config>() -> BylawsParams<BlockNumberFor<T>> {
	BylawsParams {
		quorum: Perbill::from_percent(50),
		approval: Perbill::from_percent(50),
		amendment_approval: Perbill::from_percent(66),
		expulsion_approval: Perbill::from_percent(75),
		voting_period: T::MinVotingPeriod::get(),
		min_voting_period: Zero::zero(),
		membership_maturity: Zero::zero(),
		admission: AdmissionPolicy::Invitation { vouches: T::MaxVouches::get() },
		revenue_share: Perbill::from_percent(10),
		max_members: Some(u32::MAX),
		max_items_per_commitment: Some(u32::MAX),
		vocabulary: datacoop_primitives::coop::Vocabulary { purposes: 8, categories: 32 },
	}
}

fn document(fill: u8) -> DocumentRef {
	DocumentRef::truncate_from([fill; MAX_DOCUMENT_REF_LEN as usize].to_vec())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Amending with the longest document and every optional parameter set.
	#[benchmark]
	fn amend() -> Result<(), BenchmarkError> {
		let coop: CoopId = 7;
		Pallet::<T>::adopt_founding(coop, document(1), params::<T>())
			.map_err(|_| BenchmarkError::Stop("founding bylaws"))?;
		let origin = T::BenchmarkHelper::amendment_origin(coop);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, document(2), params::<T>());

		assert_eq!(Current::<T>::get(coop), Some(2));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
