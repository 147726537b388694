//! Benchmarks of the federation pallet, each in its worst case: the most validators touched.

use super::*;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

const SEED: u32 = 0;

/// A new co-op with an open admission motion; returns it and the motion.
fn admission<T: Config>() -> Result<(CoopId, MotionId), BenchmarkError> {
	let coop = T::BenchmarkHelper::coop();
	let motion = NextMotionId::<T>::get();
	Pallet::<T>::apply(T::BenchmarkHelper::coop_origin(coop))
		.map_err(|_| BenchmarkError::Stop("apply"))?;
	Ok((coop, motion))
}

/// Make the federation at least `n` co-ops strong.
fn members<T: Config>(n: u32) -> Result<(), BenchmarkError> {
	while MemberCount::<T>::get() < n {
		Pallet::<T>::add_member(T::BenchmarkHelper::coop())
			.map_err(|_| BenchmarkError::Stop("member"))?;
	}
	Ok(())
}

/// A member co-op, in a federation of at least two.
fn voter<T: Config>() -> Result<CoopId, BenchmarkError> {
	members::<T>(2)?;
	let coop = Members::<T>::iter_keys().next().ok_or(BenchmarkError::Stop("no member"))?;
	Ok(coop)
}

/// Give member `coop` at least `v` validators (it may have some already), under the widest
/// parameters.
fn fill_validators<T: Config>(coop: CoopId, v: u32) -> Result<(), BenchmarkError> {
	Params::<T>::put(FederationParams {
		validators_per_coop: T::MaxValidatorsPerCoop::get(),
		max_validators: T::MaxValidators::get(),
	});
	let mut i = 0;
	while (Validators::<T>::decode_len(coop).unwrap_or(0) as u32) < v {
		let validator: T::AccountId = account("validator", i, SEED);
		i = i.saturating_add(1);
		if !ValidatorOwner::<T>::contains_key(&validator) {
			Pallet::<T>::add_validator(coop, validator)
				.map_err(|_| BenchmarkError::Stop("validator"))?;
		}
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn apply() {
		let coop = T::BenchmarkHelper::coop();
		let origin = T::BenchmarkHelper::coop_origin(coop);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);

		assert!(MotionAbout::<T>::contains_key(coop) || Members::<T>::contains_key(coop));
	}

	#[benchmark]
	fn propose_removal() -> Result<(), BenchmarkError> {
		members::<T>(2)?;
		let proposer = voter::<T>()?;
		let target = Members::<T>::iter_keys()
			.find(|c| *c != proposer)
			.ok_or(BenchmarkError::Stop("need two members"))?;
		let origin = T::BenchmarkHelper::coop_origin(proposer);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, target);

		assert!(MotionAbout::<T>::contains_key(target));
		Ok(())
	}

	#[benchmark]
	fn propose_params() -> Result<(), BenchmarkError> {
		let origin = T::BenchmarkHelper::coop_origin(voter::<T>()?);
		let params = FederationParams { validators_per_coop: 1, max_validators: 1 };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);

		assert_eq!(OpenMotions::<T>::get(), 1);
		Ok(())
	}

	/// The deciding vote of a removal of a co-op with `v` validators.
	#[benchmark]
	fn vote(v: Linear<0, { T::MaxValidatorsPerCoop::get() }>) -> Result<(), BenchmarkError> {
		members::<T>(5)?;
		let members: Vec<CoopId> = Members::<T>::iter_keys().collect();
		let (target, voters) = members.split_last().ok_or(BenchmarkError::Stop("members"))?;
		fill_validators::<T>(*target, v)?;
		let motion = NextMotionId::<T>::get();
		let first = *voters.first().ok_or(BenchmarkError::Stop("need two members"))?;
		Pallet::<T>::propose_removal(T::BenchmarkHelper::coop_origin(first), *target)
			.map_err(|_| BenchmarkError::Stop("propose"))?;
		// Everyone but the last voter has voted aye; the last vote carries it.
		let needed = (members.len() as u32).saturating_div(2).saturating_add(1);
		let (last, before) = voters
			.get(..needed as usize)
			.and_then(|v| v.split_last())
			.ok_or(BenchmarkError::Stop("need a majority of other members"))?;
		for coop in before {
			Pallet::<T>::vote(T::BenchmarkHelper::coop_origin(*coop), motion, true)
				.map_err(|_| BenchmarkError::Stop("vote"))?;
		}
		let origin = T::BenchmarkHelper::coop_origin(*last);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, motion, true);

		assert!(!Members::<T>::contains_key(target));
		Ok(())
	}

	#[benchmark]
	fn close() -> Result<(), BenchmarkError> {
		let (_, motion) = admission::<T>()?;
		let end = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::MotionDuration::get())
			.saturating_add(1u32.into());
		frame_system::Pallet::<T>::set_block_number(end);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), motion);

		assert_eq!(OpenMotions::<T>::get(), 0);
		Ok(())
	}

	#[benchmark]
	fn leave(v: Linear<0, { T::MaxValidatorsPerCoop::get() }>) -> Result<(), BenchmarkError> {
		let coop = voter::<T>()?;
		fill_validators::<T>(coop, v)?;
		let origin = T::BenchmarkHelper::coop_origin(coop);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);

		assert!(!Members::<T>::contains_key(coop));
		Ok(())
	}

	#[benchmark]
	fn register_validator() -> Result<(), BenchmarkError> {
		let coop = voter::<T>()?;
		fill_validators::<T>(coop, 0)?;
		let origin = T::BenchmarkHelper::coop_origin(coop);
		let validator: T::AccountId = account("new validator", 0, SEED);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, validator.clone());

		assert_eq!(ValidatorOwner::<T>::get(&validator), Some(coop));
		Ok(())
	}

	#[benchmark]
	fn deregister_validator() -> Result<(), BenchmarkError> {
		let coop = voter::<T>()?;
		fill_validators::<T>(coop, T::MaxValidatorsPerCoop::get().saturating_sub(1))?;
		let validator: T::AccountId = account("new validator", 0, SEED);
		Pallet::<T>::add_validator(coop, validator.clone())
			.map_err(|_| BenchmarkError::Stop("validator"))?;
		let origin = T::BenchmarkHelper::coop_origin(coop);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, validator.clone());

		assert!(!ValidatorOwner::<T>::contains_key(&validator));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
