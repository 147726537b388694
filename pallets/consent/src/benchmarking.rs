//! Benchmarks of the consent pallet. Every call is measured in its worst case: the most
//! categories, an expiry that starts a new page of its block's schedule, the most versions. Nothing depends on the
//! number of members or of other members' consents.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Hooks;
use frame_system::RawOrigin;

const SEED: u32 = 0;

fn member<T: Config>(index: u32) -> (T::AccountId, CoopId) {
	let who: T::AccountId = account("member", index, SEED);
	let categories = T::MaxCategories::get().saturating_mul(2) as u16;
	(who.clone(), T::BenchmarkHelper::coop_with_member(&who, categories))
}

fn codes(from: u32, count: u32) -> Vec<CategoryCode> {
	(from..from.saturating_add(count)).map(|c| c as CategoryCode).collect()
}

fn block<T: Config>(offset: u32) -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number().saturating_add(offset.into())
}

/// Fill the first page of `asked`'s expiry schedule and one further page, so that a consent
/// ending at `asked` starts a new page (the most storage an expiry touches).
fn crowd_expiries<T: Config>(asked: BlockNumberFor<T>) {
	let filler: T::AccountId = account("filler", 0, SEED);
	let full = BoundedVec::truncate_from(
		(0..T::ExpiryPageSize::get()).map(|i| (filler.clone(), i)).collect::<Vec<_>>(),
	);
	Expiries::<T>::insert(asked, full.clone());
	ExpiryOverflow::<T>::insert(asked, 1, full);
	ExpiryPages::<T>::insert(asked, 1);
}

fn give_consent<T: Config>(
	who: &T::AccountId,
	coop: CoopId,
	buyer: u32,
	categories: Vec<CategoryCode>,
	expires: Option<BlockNumberFor<T>>,
) -> Result<ConsentId, BenchmarkError> {
	let id = NextConsentId::<T>::get(who);
	Pallet::<T>::give(
		RawOrigin::Signed(who.clone()).into(),
		coop,
		Grantee::Buyer(account("buyer", buyer, SEED)),
		0,
		categories,
		expires,
		T::Hash::default(),
	)
	.map_err(|_| BenchmarkError::Stop("give"))?;
	Ok(id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn give(c: Linear<1, { T::MaxCategories::get() }>) -> Result<(), BenchmarkError> {
		let (who, coop) = member::<T>(0);
		let asked = block::<T>(1_000);
		crowd_expiries::<T>(asked);
		let buyer = Grantee::Buyer(account("buyer", 0, SEED));

		#[extrinsic_call]
		_(
			RawOrigin::Signed(who.clone()),
			coop,
			buyer.clone(),
			0,
			codes(0, c),
			Some(asked),
			T::Hash::default(),
		);

		assert!(Pallet::<T>::consent_covers(&who, coop, &buyer, 0, 0, block::<T>(0)));
		Ok(())
	}

	#[benchmark]
	fn update(c: Linear<1, { T::MaxCategories::get() }>) -> Result<(), BenchmarkError> {
		let (who, coop) = member::<T>(0);
		// The old expiry is on a further page, and so will the new one be.
		crowd_expiries::<T>(block::<T>(500));
		let id = give_consent::<T>(&who, coop, 0, codes(0, c), Some(block::<T>(500)))?;
		let asked = block::<T>(1_000);
		crowd_expiries::<T>(asked);

		// Every category changes, and so does the expiry.
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id, codes(c, c), Some(asked), T::Hash::default());

		assert_eq!(Consents::<T>::get(&who, id).map(|r| r.version), Some(2));
		Ok(())
	}

	#[benchmark]
	fn withdraw(c: Linear<1, { T::MaxCategories::get() }>) -> Result<(), BenchmarkError> {
		let (who, coop) = member::<T>(0);
		// The expiry is on a further page of its block's schedule.
		crowd_expiries::<T>(block::<T>(500));
		let id = give_consent::<T>(&who, coop, 0, codes(0, c), Some(block::<T>(500)))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id);

		assert!(LiveInCoop::<T>::get(coop, &who).is_empty());
		Ok(())
	}

	#[benchmark]
	fn remove(v: Linear<2, { T::MaxVersions::get() }>) -> Result<(), BenchmarkError> {
		let (who, coop) = member::<T>(0);
		let categories = codes(0, T::MaxCategories::get());
		let id = give_consent::<T>(&who, coop, 0, categories.clone(), None)?;
		for _ in 2..v {
			Pallet::<T>::update(
				RawOrigin::Signed(who.clone()).into(),
				id,
				categories.clone(),
				None,
				T::Hash::default(),
			)
			.map_err(|_| BenchmarkError::Stop("update"))?;
		}
		Pallet::<T>::withdraw(RawOrigin::Signed(who.clone()).into(), id)
			.map_err(|_| BenchmarkError::Stop("withdraw"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id);

		assert!(Consents::<T>::get(&who, id).is_none());
		Ok(())
	}

	#[benchmark]
	fn commit() {
		let (who, coop) = member::<T>(0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), coop, 0, T::Hash::default(), 1_000, 1_000_000);

		assert!(Commitments::<T>::contains_key((coop, &who, 0)));
	}

	#[benchmark]
	fn remove_commitment() -> Result<(), BenchmarkError> {
		let (who, coop) = member::<T>(0);
		Pallet::<T>::commit(
			RawOrigin::Signed(who.clone()).into(),
			coop,
			0,
			T::Hash::default(),
			1,
			1,
		)
		.map_err(|_| BenchmarkError::Stop("commit"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), coop, 0);

		assert!(!Commitments::<T>::contains_key((coop, &who, 0)));
		Ok(())
	}

	/// A member's commitment reported by another account with the member's signed listing (what
	/// telling the market costs is charged on top, as for `commit`).
	#[benchmark]
	fn report_commitment() -> Result<(), BenchmarkError> {
		let signer = T::BenchmarkHelper::listing_signer();
		let categories = T::MaxCategories::get().saturating_mul(2) as u16;
		let coop = T::BenchmarkHelper::coop_with_member(&signer, categories);
		let root = T::Hash::default();
		Pallet::<T>::commit(RawOrigin::Signed(signer.clone()).into(), coop, 0, root, 10, 1)
			.map_err(|_| BenchmarkError::Stop("commit"))?;
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let signature = T::BenchmarkHelper::sign_listing(&listing_payload(
			&genesis, coop, &signer, 0, &root, 3,
		));
		let (reporter, _) = member::<T>(1);

		#[extrinsic_call]
		_(RawOrigin::Signed(reporter), signer.clone(), coop, 0, 3, signature);

		assert!(!Commitments::<T>::contains_key((coop, &signer, 0)));
		Ok(())
	}

	/// The longest address, registered for the first time (the deposit is held).
	#[benchmark]
	fn set_store_address() -> Result<(), BenchmarkError> {
		let (who, _) = member::<T>(0);
		let address: StoreAddressBytes = alloc::vec![b'/'; MAX_STORE_ADDRESS_LEN as usize]
			.try_into()
			.map_err(|_| BenchmarkError::Stop("address"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), address);

		assert!(StoreAddresses::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn clear_store_address() -> Result<(), BenchmarkError> {
		let (who, _) = member::<T>(0);
		let address: StoreAddressBytes = alloc::vec![b'/'; MAX_STORE_ADDRESS_LEN as usize]
			.try_into()
			.map_err(|_| BenchmarkError::Stop("address"))?;
		Pallet::<T>::set_store_address(RawOrigin::Signed(who.clone()).into(), address)
			.map_err(|_| BenchmarkError::Stop("set_store_address"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!StoreAddresses::<T>::contains_key(&who));
		Ok(())
	}

	/// `n` consents, each with the most categories, expire in one block.
	#[benchmark]
	fn expire(n: Linear<0, { T::ExpiryPageSize::get() }>) -> Result<(), BenchmarkError> {
		let at = block::<T>(10);
		let categories = codes(0, T::MaxCategories::get());
		let mut members = Vec::new();
		for i in 0..n {
			let (who, coop) = member::<T>(i);
			give_consent::<T>(&who, coop, 0, categories.clone(), Some(at))?;
			members.push((who, coop));
		}
		frame_system::Pallet::<T>::set_block_number(at);

		#[block]
		{
			Pallet::<T>::on_initialize(at);
		}

		for (who, coop) in members {
			assert!(LiveInCoop::<T>::get(coop, &who).is_empty());
		}
		Ok(())
	}

	/// A member with `n` live consents, each with the most categories and an expiry, leaves.
	#[benchmark]
	fn on_member_left(n: Linear<0, { T::MaxLiveConsents::get() }>) -> Result<(), BenchmarkError> {
		let (who, coop) = member::<T>(0);
		let categories = codes(0, T::MaxCategories::get());
		for buyer in 0..n {
			give_consent::<T>(&who, coop, buyer, categories.clone(), Some(block::<T>(500)))?;
		}

		#[block]
		{
			<Pallet<T> as OnMemberLeft<T::AccountId>>::on_member_left(coop, &who, 0);
		}

		assert!(LiveInCoop::<T>::get(coop, &who).is_empty());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
