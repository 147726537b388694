//! Benchmarks of the governance pallet. `vote` and `close` run in a co-op with a million members
//! on record and cost the same as in a co-op of three: nothing loops over members.

use super::*;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin as SystemOrigin;

fn calls<T: Config>(
	c: u32,
) -> Result<BoundedVec<Box<<T as Config>::RuntimeCall>, T::MaxCalls>, BenchmarkError> {
	let list: Vec<_> = (0..c).map(|_| Box::new(T::BenchmarkHelper::in_scope_call())).collect();
	BoundedVec::try_from(list).map_err(|_| BenchmarkError::Stop("too many calls"))
}

/// A co-op of `voters` real members and `on_record` members in all, and an open proposal of
/// `c` calls by the first of them.
fn open_proposal<T: Config>(
	voters: u32,
	on_record: u32,
	c: u32,
) -> Result<(ProposalId, Vec<T::AccountId>), BenchmarkError> {
	let (coop, accounts) = T::BenchmarkHelper::coop_with_members(voters, on_record);
	let proposer = accounts.first().cloned().ok_or(BenchmarkError::Stop("no members"))?;
	let id = NextProposalId::<T>::get();
	Pallet::<T>::propose(SystemOrigin::Signed(proposer).into(), coop, calls::<T>(c)?)
		.map_err(|_| BenchmarkError::Stop("propose"))?;
	Ok((id, accounts))
}

fn vote_all<T: Config>(
	id: ProposalId,
	voters: &[T::AccountId],
	choice: VoteChoice,
) -> Result<(), BenchmarkError> {
	for voter in voters {
		Pallet::<T>::vote(SystemOrigin::Signed(voter.clone()).into(), id, choice)
			.map_err(|_| BenchmarkError::Stop("vote"))?;
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn propose(
		c: Linear<1, { T::MaxCalls::get() }>,
		l: Linear<0, { T::MaxProposalLen::get() }>,
	) -> Result<(), BenchmarkError> {
		// `l` is covered by the calls' own length; the component keeps the weight honest for
		// long calls.
		let _ = l;
		let (coop, accounts) = T::BenchmarkHelper::coop_with_members(3, 3);
		let proposer = accounts.first().cloned().ok_or(BenchmarkError::Stop("no members"))?;
		let calls = calls::<T>(c)?;

		#[extrinsic_call]
		_(SystemOrigin::Signed(proposer), coop, calls);

		assert_eq!(NextProposalId::<T>::get(), 1);
		Ok(())
	}

	/// Changing an existing vote (the most work a vote does) in a co-op of `m` members.
	#[benchmark]
	fn vote(m: Linear<3, WEIGHT_MEMBERS>) -> Result<(), BenchmarkError> {
		let (id, accounts) = open_proposal::<T>(3, m, 1)?;
		let voter = accounts.get(1).cloned().ok_or(BenchmarkError::Stop("voter"))?;
		vote_all::<T>(id, &[voter.clone()], VoteChoice::Nay)?;

		#[extrinsic_call]
		_(SystemOrigin::Signed(voter.clone()), id, VoteChoice::Aye);

		assert_eq!(Votes::<T>::get(id, &voter), Some(VoteChoice::Aye));
		Ok(())
	}

	/// Closing a carried proposal of `c` calls (their own weight is added at dispatch) in a co-op
	/// of `m` members.
	#[benchmark]
	fn close_approved(
		c: Linear<1, { T::MaxCalls::get() }>,
		l: Linear<0, { T::MaxProposalLen::get() }>,
		m: Linear<3, WEIGHT_MEMBERS>,
	) -> Result<(), BenchmarkError> {
		let _ = l;
		let (id, accounts) = open_proposal::<T>(3, m, c)?;
		vote_all::<T>(id, &accounts, VoteChoice::Aye)?;
		// The other members on record voted aye too: the tally is what `close` reads, whatever
		// the size of the co-op.
		Proposals::<T>::mutate(id, |p| {
			if let Some(p) = p {
				p.tally = Tally { ayes: m, nays: 0, abstentions: 0, electorate: m };
			}
		});
		frame_system::Pallet::<T>::set_block_number(
			Proposals::<T>::get(id)
				.map(|p| p.ends_at)
				.ok_or(BenchmarkError::Stop("proposal"))?,
		);
		let closer = accounts.first().cloned().ok_or(BenchmarkError::Stop("closer"))?;

		#[extrinsic_call]
		close(SystemOrigin::Signed(closer), id, Weight::MAX);

		assert!(matches!(Closed::<T>::get(id).map(|c| c.outcome), Some(Outcome::Approved { .. })));
		Ok(())
	}

	/// Closing a rejected proposal in a co-op of `m` members.
	#[benchmark]
	fn close_rejected(m: Linear<3, WEIGHT_MEMBERS>) -> Result<(), BenchmarkError> {
		let (id, accounts) = open_proposal::<T>(3, m, 1)?;
		vote_all::<T>(id, &accounts, VoteChoice::Nay)?;
		frame_system::Pallet::<T>::set_block_number(
			Proposals::<T>::get(id)
				.map(|p| p.ends_at)
				.ok_or(BenchmarkError::Stop("proposal"))?,
		);
		let closer = accounts.first().cloned().ok_or(BenchmarkError::Stop("closer"))?;

		#[extrinsic_call]
		close(SystemOrigin::Signed(closer), id, Weight::zero());

		assert_eq!(Closed::<T>::get(id).map(|c| c.outcome), Some(Outcome::Rejected));
		Ok(())
	}

	#[benchmark]
	fn withdraw() -> Result<(), BenchmarkError> {
		let (id, accounts) = open_proposal::<T>(3, 3, 1)?;
		let proposer = accounts.first().cloned().ok_or(BenchmarkError::Stop("proposer"))?;

		#[extrinsic_call]
		_(SystemOrigin::Signed(proposer), id);

		assert_eq!(Closed::<T>::get(id).map(|c| c.outcome), Some(Outcome::Withdrawn));
		Ok(())
	}

	/// A member who voted on `p` open proposals leaves.
	#[benchmark]
	fn on_member_left(p: Linear<0, { T::MaxOpenProposals::get() }>) -> Result<(), BenchmarkError> {
		// One proposer per proposal: each member may only have `MaxOpenPerMember` open.
		let (coop, accounts) =
			T::BenchmarkHelper::coop_with_members(p.saturating_add(1), p.saturating_add(1));
		let voter = accounts.first().cloned().ok_or(BenchmarkError::Stop("voter"))?;
		for proposer in accounts.iter().skip(1).take(p as usize) {
			let id = NextProposalId::<T>::get();
			Pallet::<T>::propose(
				SystemOrigin::Signed(proposer.clone()).into(),
				coop,
				calls::<T>(1)?,
			)
			.map_err(|_| BenchmarkError::Stop("propose"))?;
			vote_all::<T>(id, &[voter.clone()], VoteChoice::Aye)?;
		}
		let admission =
			T::Membership::admission_of(coop, &voter).ok_or(BenchmarkError::Stop("member"))?;

		#[block]
		{
			<Pallet<T> as OnMemberLeft<T::AccountId>>::on_member_left(coop, &voter, admission);
		}

		assert!(Votes::<T>::iter().next().is_none());
		Ok(())
	}

	/// Pruning one closed proposal past its retention, with its `v` votes.
	#[benchmark]
	fn clean_votes(v: Linear<0, 50>) -> Result<(), BenchmarkError> {
		let (id, accounts) = open_proposal::<T>(v.max(1), v.max(1), 1)?;
		let voters = accounts.get(..v as usize).ok_or(BenchmarkError::Stop("voters"))?;
		vote_all::<T>(id, voters, VoteChoice::Nay)?;
		frame_system::Pallet::<T>::set_block_number(
			Proposals::<T>::get(id)
				.map(|p| p.ends_at)
				.ok_or(BenchmarkError::Stop("proposal"))?,
		);
		let closer = accounts.first().cloned().ok_or(BenchmarkError::Stop("closer"))?;
		Pallet::<T>::close(SystemOrigin::Signed(closer).into(), id, Weight::zero())
			.map_err(|_| BenchmarkError::Stop("close"))?;
		let closed_at = Closed::<T>::get(id)
			.map(|c| c.closed_at)
			.ok_or(BenchmarkError::Stop("closed"))?;
		frame_system::Pallet::<T>::set_block_number(
			closed_at.saturating_add(T::ClosedRetention::get()),
		);

		#[block]
		{
			Pallet::<T>::prune_closed(Weight::MAX, 1);
		}

		assert_eq!(Votes::<T>::iter_prefix(id).count(), 0);
		assert!(Closed::<T>::get(id).is_none());
		Ok(())
	}

	#[benchmark]
	fn as_coop_account() -> Result<(), BenchmarkError> {
		let call = T::BenchmarkHelper::coop_account_call();
		let origin =
			T::CoopOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin, Box::new(call));

		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
