//! Benchmarks of the co-ops pallet. Member-count independence: every call below runs against a
//! co-op whose member count is set to a million first, and costs the same as with three.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use sp_runtime::Saturating;

const SEED: u32 = 0;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let amount = T::FoundingDeposit::get()
		.saturating_add(T::MemberDeposit::get().saturating_mul(1_000u32.into()))
		.saturating_mul(10u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

/// A co-op founded by `founder` with `members`, then grown to a million members on paper.
fn coop_with<T: Config>(
	founder: &T::AccountId,
	members: Vec<T::AccountId>,
	admission: AdmissionPolicy,
) -> Result<CoopId, BenchmarkError> {
	let coop = NextCoopId::<T>::get();
	let members = BoundedVec::try_from(members).map_err(|_| BenchmarkError::Stop("members"))?;
	Pallet::<T>::found(
		RawOrigin::Signed(founder.clone()).into(),
		members,
		DocumentRef::truncate_from([1u8; 32].to_vec()),
		T::BenchmarkHelper::bylaws(admission),
	)
	.map_err(|_| BenchmarkError::Stop("found"))?;
	CoopInfoOf::<T>::mutate(coop, |info| {
		if let Some(info) = info {
			info.members = info.members.saturating_add(1_000_000);
			info.next_admission = info.next_admission.saturating_add(1_000_000);
		}
	});
	Ok(coop)
}

fn vouchers<T: Config>(v: u32) -> Vec<T::AccountId> {
	(0..v).map(|i| funded::<T>("voucher", i)).collect()
}

/// An application to `coop` with `v` vouches already given by founding members `vouchers`.
fn application_with_vouches<T: Config>(
	coop: CoopId,
	applicant: &T::AccountId,
	vouchers: &[T::AccountId],
) -> Result<(), BenchmarkError> {
	Pallet::<T>::apply(RawOrigin::Signed(applicant.clone()).into(), coop)
		.map_err(|_| BenchmarkError::Stop("apply"))?;
	for voucher in vouchers {
		Pallet::<T>::vouch(RawOrigin::Signed(voucher.clone()).into(), coop, applicant.clone())
			.map_err(|_| BenchmarkError::Stop("vouch"))?;
	}
	Ok(())
}

/// An invitation co-op needing `MaxVouches` vouches, and an application to it holding `v` of
/// them: `(co-op, founder, applicant)`.
fn pending_application<T: Config>(
	v: u32,
) -> Result<(CoopId, T::AccountId, T::AccountId), BenchmarkError> {
	let founder = funded::<T>("founder", 0);
	let vouchers = vouchers::<T>(v);
	let needed = T::MaxVouches::get();
	let coop = coop_with::<T>(
		&founder,
		vouchers.clone(),
		AdmissionPolicy::Invitation { vouches: needed },
	)?;
	let who = funded::<T>("applicant", 0);
	application_with_vouches::<T>(coop, &who, &vouchers)?;
	Ok((coop, founder, who))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn found(m: Linear<0, { T::MaxFoundingMembers::get() }>) -> Result<(), BenchmarkError> {
		let founder = funded::<T>("founder", 0);
		let members: Vec<T::AccountId> = (0..m).map(|i| account("member", i, SEED)).collect();
		let members = BoundedVec::try_from(members).map_err(|_| BenchmarkError::Stop("members"))?;
		let params = T::BenchmarkHelper::bylaws(AdmissionPolicy::Open);
		let coop = NextCoopId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(founder),
			members,
			DocumentRef::truncate_from([1u8; 64].to_vec()),
			params,
		);

		assert_eq!(Pallet::<T>::member_count(coop), m.saturating_add(1));
		Ok(())
	}

	#[benchmark]
	fn join() -> Result<(), BenchmarkError> {
		let founder = funded::<T>("founder", 0);
		let coop = coop_with::<T>(&founder, Vec::new(), AdmissionPolicy::Open)?;
		let who = funded::<T>("joiner", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), coop);

		assert!(Pallet::<T>::is_member(coop, &who));
		Ok(())
	}

	#[benchmark]
	fn apply() -> Result<(), BenchmarkError> {
		let founder = funded::<T>("founder", 0);
		let coop = coop_with::<T>(&founder, Vec::new(), AdmissionPolicy::Vote)?;
		let who = funded::<T>("applicant", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), coop);

		assert!(Applications::<T>::contains_key(coop, &who));
		Ok(())
	}

	#[benchmark]
	fn withdraw_application(
		v: Linear<0, { T::MaxVouches::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let (coop, _, who) = pending_application::<T>(v)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), coop);

		assert!(!Applications::<T>::contains_key(coop, &who));
		Ok(())
	}

	/// The vouch that completes `v` vouches and admits the applicant.
	#[benchmark]
	fn vouch(v: Linear<1, { T::MaxVouches::get() }>) -> Result<(), BenchmarkError> {
		let founder = funded::<T>("founder", 0);
		let vouchers = vouchers::<T>(v);
		let coop =
			coop_with::<T>(&founder, vouchers.clone(), AdmissionPolicy::Invitation { vouches: v })?;
		let who = funded::<T>("applicant", 0);
		let (last, earlier) = vouchers.split_last().ok_or(BenchmarkError::Stop("vouchers"))?;
		application_with_vouches::<T>(coop, &who, earlier)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), coop, who.clone());

		assert!(Pallet::<T>::is_member(coop, &who));
		Ok(())
	}

	#[benchmark]
	fn admit(
		v: Linear<0, { T::MaxVouches::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let (coop, founder, who) = pending_application::<T>(v)?;
		let origin = T::BenchmarkHelper::coop_origin(coop, founder);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Pallet::<T>::is_member(coop, &who));
		Ok(())
	}

	#[benchmark]
	fn reject_application(
		v: Linear<0, { T::MaxVouches::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let (coop, founder, who) = pending_application::<T>(v)?;
		let origin = T::BenchmarkHelper::coop_origin(coop, founder);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Applications::<T>::contains_key(coop, &who));
		Ok(())
	}

	#[benchmark]
	fn leave() -> Result<(), BenchmarkError> {
		let founder = funded::<T>("founder", 0);
		let coop = coop_with::<T>(&founder, Vec::new(), AdmissionPolicy::Open)?;
		let who = funded::<T>("member", 0);
		Pallet::<T>::join(RawOrigin::Signed(who.clone()).into(), coop)
			.map_err(|_| BenchmarkError::Stop("join"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), coop);

		assert!(!Pallet::<T>::is_member(coop, &who));
		Ok(())
	}

	#[benchmark]
	fn expel() -> Result<(), BenchmarkError> {
		let founder = funded::<T>("founder", 0);
		let coop = coop_with::<T>(&founder, Vec::new(), AdmissionPolicy::Open)?;
		let who = funded::<T>("member", 0);
		Pallet::<T>::join(RawOrigin::Signed(who.clone()).into(), coop)
			.map_err(|_| BenchmarkError::Stop("join"))?;
		let origin = T::BenchmarkHelper::coop_origin(coop, founder);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Pallet::<T>::is_member(coop, &who));
		Ok(())
	}

	#[benchmark]
	fn spend() -> Result<(), BenchmarkError> {
		let founder = funded::<T>("founder", 0);
		let coop = coop_with::<T>(&founder, Vec::new(), AdmissionPolicy::Open)?;
		let treasury = Pallet::<T>::account_of(coop);
		let amount = T::MemberDeposit::get().saturating_mul(100u32.into());
		T::Currency::set_balance(&treasury, amount.saturating_mul(2u32.into()));
		let to: T::AccountId = account("payee", 0, SEED);
		let origin = T::BenchmarkHelper::coop_origin(coop, founder);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, to.clone(), amount);

		assert_eq!(T::Currency::balance(&to), amount);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
