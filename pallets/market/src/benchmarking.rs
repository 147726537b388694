//! Benchmarks of the market pallet. `purchase`, `redeem`, `claim` and `prune_grant` (the
//! refund) are measured with pools of `n` contributors, from 10 to 100,000, each a real
//! position in the pool's storage (not a counter set high): their cost must not depend on `n`.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;

const SEED: u32 = 0;
const ITEMS: u32 = 100;

/// High enough that every one of a million contributors earns something from one sale.
fn price<T: Config>() -> BalanceOf<T> {
	T::MinPrice::get().saturating_mul(1_000_000_000u32.into())
}

fn categories<T: Config>(c: u32) -> Vec<CategoryCode> {
	(0..c).map(|c| c as CategoryCode).collect()
}

/// An open offer of a new co-op with `c` categories and one real contributor, whose pool has
/// `n` contributors on record.
fn offer_with_pool<T: Config>(c: u32, n: u32) -> Result<(OfferId, T::AccountId), BenchmarkError> {
	let coop = T::BenchmarkHelper::coop(T::MaxCategories::get() as u16);
	let offer = NextOfferId::<T>::get();
	Pallet::<T>::publish_offer(
		T::BenchmarkHelper::coop_origin(coop),
		0,
		categories::<T>(c),
		price::<T>(),
		10u32.into(),
		1,
		T::Hash::default(),
	)
	.map_err(|_| BenchmarkError::Stop("publish"))?;
	let member: T::AccountId = account("member", 0, SEED);
	T::BenchmarkHelper::contributor(coop, &member, offer, 0, &categories::<T>(c), ITEMS);
	other_contributors::<T>(offer, n);
	Ok((offer, member))
}

/// Fill `offer`'s pool up to `n` contributors with real positions of `ITEMS` weight each, in
/// the storage the calls read and write, and the pool's totals to match.
fn other_contributors<T: Config>(offer: OfferId, n: u32) {
	let mut pool = Pools::<T>::get(offer);
	let others = n.saturating_sub(pool.contributors);
	let weight = PoolWeight::from(ITEMS);
	for i in 0..others {
		let who: T::AccountId = account("contributor", i, SEED);
		Positions::<T>::insert(
			offer,
			&who,
			Position { weight, acc_at: pool.acc, owed: Zero::zero() },
		);
	}
	pool.contributors = pool.contributors.saturating_add(others);
	pool.total_weight = pool
		.total_weight
		.saturating_add(u128::from(others).saturating_mul(u128::from(ITEMS)));
	Pools::<T>::insert(offer, pool);
}

fn funded_buyer<T: Config>() -> T::AccountId {
	let buyer: T::AccountId = account("buyer", 0, SEED);
	T::Currency::set_balance(&buyer, price::<T>().saturating_mul(100u32.into()));
	buyer
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn publish_offer(c: Linear<1, { T::MaxCategories::get() }>) {
		let before = NextOfferId::<T>::get();
		let coop = T::BenchmarkHelper::coop(T::MaxCategories::get() as u16);
		let origin = T::BenchmarkHelper::coop_origin(coop);

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			0,
			categories::<T>(c),
			price::<T>(),
			10u32.into(),
			1,
			T::Hash::default(),
		);

		assert_eq!(NextOfferId::<T>::get(), before.saturating_add(1));
	}

	#[benchmark]
	fn set_offer_state() -> Result<(), BenchmarkError> {
		let (offer, _) = offer_with_pool::<T>(1, 1)?;
		let coop = Offers::<T>::get(offer).map(|o| o.coop).unwrap_or_default();
		let origin = T::BenchmarkHelper::coop_origin(coop);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, offer, OfferState::Paused);

		assert_eq!(Offers::<T>::get(offer).map(|o| o.state), Some(OfferState::Paused));
		Ok(())
	}

	#[benchmark]
	fn purchase(n: Linear<10, 100_000>) -> Result<(), BenchmarkError> {
		let (offer, _) = offer_with_pool::<T>(T::MaxCategories::get(), n)?;
		let buyer = funded_buyer::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), offer, price::<T>());

		assert!(NextGrantId::<T>::get() > 0);
		Ok(())
	}

	#[benchmark]
	fn claim(n: Linear<10, 100_000>) -> Result<(), BenchmarkError> {
		let (offer, member) = offer_with_pool::<T>(T::MaxCategories::get(), n)?;
		Pallet::<T>::legacy_sale(offer, price::<T>()).map_err(|_| BenchmarkError::Stop("sale"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(member.clone()), offer);

		assert!(Pools::<T>::get(offer).claimed > Zero::zero());
		Ok(())
	}

	#[benchmark]
	fn prune_grant(n: Linear<10, 100_000>) -> Result<(), BenchmarkError> {
		let (offer, member) = offer_with_pool::<T>(1, n)?;
		Pallet::<T>::purchase(RawOrigin::Signed(funded_buyer::<T>()).into(), offer, price::<T>())
			.map_err(|_| BenchmarkError::Stop("purchase"))?;
		let record = Grants::<T>::get(0).ok_or(BenchmarkError::Stop("grant"))?;
		frame_system::Pallet::<T>::set_block_number(Pallet::<T>::redemption_closes(&record));

		// The worst case: nothing was redeemed, the whole price is refunded.
		#[extrinsic_call]
		_(RawOrigin::Signed(member), 0);

		assert!(Grants::<T>::get(0).is_none() && Escrows::<T>::get(0).is_none());
		Ok(())
	}

	/// The member redeems a receipt for all their items in a pool of `n` contributors, the
	/// first redemption under the grant (which holds the deposit), and with a weight history
	/// to read.
	#[benchmark]
	fn redeem(n: Linear<10, 100_000>) -> Result<(), BenchmarkError> {
		let c = T::MaxCategories::get();
		let (offer, member) = offer_with_pool::<T>(c, n)?;
		let buyer = T::BenchmarkHelper::receipt_signer();
		Pallet::<T>::purchase(RawOrigin::Signed(buyer).into(), offer, price::<T>())
			.map_err(|_| BenchmarkError::Stop("purchase"))?;
		let grant = NextGrantId::<T>::get().saturating_sub(1);
		let items = PoolWeight::from(ITEMS).saturating_mul(u64::from(c));
		let store = StoreId::truncate_from(alloc::vec![7; 38]);
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let signature = T::BenchmarkHelper::sign_receipt(&receipt_payload(
			&genesis, grant, &member, &store, items,
		));

		#[extrinsic_call]
		_(RawOrigin::Signed(member.clone()), grant, items, store, signature);

		assert_eq!(Redemptions::<T>::get(grant, &member).map(|r| r.items), Some(items));
		Ok(())
	}

	#[benchmark]
	fn prune_redemption() -> Result<(), BenchmarkError> {
		let (offer, member) = offer_with_pool::<T>(1, 1)?;
		let buyer = T::BenchmarkHelper::receipt_signer();
		Pallet::<T>::purchase(RawOrigin::Signed(buyer).into(), offer, price::<T>())
			.map_err(|_| BenchmarkError::Stop("purchase"))?;
		let grant = NextGrantId::<T>::get().saturating_sub(1);
		let store = StoreId::truncate_from(alloc::vec![7; 38]);
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let items = PoolWeight::from(ITEMS);
		let signature = T::BenchmarkHelper::sign_receipt(&receipt_payload(
			&genesis, grant, &member, &store, items,
		));
		Pallet::<T>::redeem(
			RawOrigin::Signed(member.clone()).into(),
			grant,
			items,
			store,
			signature,
		)
		.map_err(|_| BenchmarkError::Stop("redeem"))?;
		let record = Grants::<T>::get(grant).ok_or(BenchmarkError::Stop("grant"))?;
		frame_system::Pallet::<T>::set_block_number(Pallet::<T>::redemption_closes(&record));
		Pallet::<T>::prune_grant(RawOrigin::Signed(member.clone()).into(), grant)
			.map_err(|_| BenchmarkError::Stop("prune grant"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(member.clone()), grant, member.clone());

		assert!(Redemptions::<T>::get(grant, &member).is_none());
		Ok(())
	}

	#[benchmark]
	fn prune_weight_history() -> Result<(), BenchmarkError> {
		let (offer, member) = offer_with_pool::<T>(1, 1)?;
		let now = frame_system::Pallet::<T>::block_number();
		let history = alloc::vec![(0, now, ITEMS.into()), (1, now, 0)];
		WeightHistory::<T>::insert(offer, &member, BoundedVec::truncate_from(history));
		Positions::<T>::remove(offer, &member);
		let later = now.saturating_add(Pallet::<T>::history_horizon()).saturating_add(2u32.into());
		frame_system::Pallet::<T>::set_block_number(later);

		#[extrinsic_call]
		_(RawOrigin::Signed(member.clone()), offer, member.clone());

		assert!(WeightHistory::<T>::get(offer, &member).is_empty());
		Ok(())
	}

	/// A member's weight is found stale and brought up to date over `c` categories.
	#[benchmark]
	fn refresh(c: Linear<1, { T::MaxCategories::get() }>) -> Result<(), BenchmarkError> {
		let (offer, member) = offer_with_pool::<T>(c, 100_000)?;
		Positions::<T>::mutate(offer, &member, |p| {
			if let Some(p) = p {
				p.weight = 1;
			}
		});

		#[block]
		{
			Pallet::<T>::refresh(offer, &member).map_err(|_| BenchmarkError::Stop("refresh"))?;
		}

		let expected = PoolWeight::from(ITEMS).saturating_mul(u64::from(c));
		assert_eq!(Positions::<T>::get(offer, &member).map(|p| p.weight), Some(expected));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
