//! Invariants of the consent pallet, checked after every unit test and by `try-runtime`.

use crate::*;

/// The key of one pool size: co-op, grantee, purpose, category.
type PoolKey<AccountId> = (CoopId, Grantee<AccountId>, PurposeCode, CategoryCode);
use alloc::collections::btree_map::BTreeMap;
use frame_support::traits::fungible::InspectHold;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// - Pool sizes are exactly the counts of live consents per (co-op, grantee, purpose,
	///   category); no zero entries are kept.
	/// - Every given consent is in the live indexes and the indexes hold nothing else; its
	///   member is still a member of its co-op; its expiry is scheduled exactly once, on the
	///   page `ExpiryPageOf` names (the first if none), at or after the expiry cursor (the
	///   chain has marked every expiry before it).
	/// - Every scheduled expiry is a given consent's, ending in the block it is scheduled in;
	///   no block has more further pages than `ExpiryPages` counts.
	/// - Every record has its versions 1..=version in the history, and none beyond.
	/// - Held deposits equal the deposits on record.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let now = frame_system::Pallet::<T>::block_number();
		let cursor = ExpiryCursor::<T>::get().unwrap_or((now, 0));
		ensure!(cursor.0 <= now.saturating_add(1u32.into()), "the expiry cursor is ahead");
		let mut scheduled = 0usize;
		let mut pools: BTreeMap<PoolKey<T::AccountId>, u32> = BTreeMap::new();
		let mut held: BTreeMap<T::AccountId, (BalanceOf<T>, BalanceOf<T>)> = BTreeMap::new();
		let mut live = 0u32;

		for (member, id, record) in Consents::<T>::iter() {
			ensure!(id < NextConsentId::<T>::get(&member), "consent number from the future");
			for version in 1..=record.version {
				ensure!(History::<T>::contains_key((&member, id, version)), "a version is missing");
			}
			let deposits = held.entry(member.clone()).or_default();
			deposits.0 = deposits.0.saturating_add(record.deposit);
			if record.state != ConsentState::Given {
				continue;
			}
			live = live.saturating_add(1);
			ensure!(
				T::Membership::is_member(record.coop, &member),
				"a live consent of someone who is not a member"
			);
			ensure!(
				LiveIndex::<T>::get((&member, record.coop, &record.grantee, record.purpose))
					== Some(id),
				"a live consent missing from the index"
			);
			ensure!(
				LiveInCoop::<T>::get(record.coop, &member).contains(&id),
				"a live consent missing from the member's list"
			);
			if let Some(end) = record.terms.expires {
				scheduled = scheduled.saturating_add(1);
				let page = ExpiryPageOf::<T>::get(&member, id).unwrap_or(0);
				ensure!((end, page) >= cursor, "a passed expiry not marked");
				let due = if page == 0 {
					Expiries::<T>::get(end)
				} else {
					ExpiryOverflow::<T>::get(end, page)
				};
				let entry = (member.clone(), id);
				ensure!(
					due.iter().filter(|e| **e == entry).count() == 1,
					"an expiry not scheduled"
				);
			} else {
				ensure!(!ExpiryPageOf::<T>::contains_key(&member, id), "a page of no expiry");
			}
			for category in record.terms.categories.iter() {
				let n = pools
					.entry((record.coop, record.grantee.clone(), record.purpose, *category))
					.or_default();
				*n = n.saturating_add(1);
			}
		}
		for ((member, id, version), _) in History::<T>::iter() {
			let record = Consents::<T>::get(&member, id).ok_or("history of a removed consent")?;
			ensure!(version >= 1 && version <= record.version, "a version beyond the latest");
			ensure!(version <= T::MaxVersions::get(), "more versions than MaxVersions");
		}
		ensure!(LiveIndex::<T>::iter().count() as u32 == live, "stale entries in the live index");
		let listed: u32 = LiveInCoop::<T>::iter_values().map(|ids| ids.len() as u32).sum();
		ensure!(listed == live, "stale entries in the members' live lists");
		let stored: BTreeMap<_, _> = PoolSize::<T>::iter().collect();
		ensure!(stored == pools, "pool sizes differ from live consents");
		let first = Expiries::<T>::iter().map(|(at, due)| (at, 0u32, due));
		let further = ExpiryOverflow::<T>::iter();
		let mut entries = 0usize;
		for (at, page, due) in first.chain(further) {
			ensure!((at, page) >= cursor, "a passed expiry page left");
			ensure!(page <= ExpiryPages::<T>::get(at), "a page beyond the block's count");
			for (member, id) in due {
				entries = entries.saturating_add(1);
				let record =
					Consents::<T>::get(&member, id).ok_or("expiry of a removed consent")?;
				ensure!(record.state == ConsentState::Given, "expiry of an ended consent");
				ensure!(record.terms.expires == Some(at), "expiry in the wrong block");
				let on = ExpiryPageOf::<T>::get(&member, id).unwrap_or(0);
				ensure!(on == page, "expiry on another page than its record says");
			}
		}
		ensure!(entries == scheduled, "expiries scheduled twice or of no consent");
		for (member, id, page) in ExpiryPageOf::<T>::iter() {
			ensure!(page > 0, "the first page recorded");
			let record = Consents::<T>::get(&member, id).ok_or("a page of a removed consent")?;
			ensure!(record.state == ConsentState::Given, "a page of an ended consent");
		}
		for ((_, member, _), commitment) in Commitments::<T>::iter() {
			ensure!(commitment.items > 0, "an empty commitment");
			let deposits = held.entry(member).or_default();
			deposits.1 = deposits.1.saturating_add(commitment.deposit);
		}
		for (member, record) in StoreAddresses::<T>::iter() {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::StoreAddress.into(), &member)
					== record.deposit,
				"store address deposit held differs from the record"
			);
		}
		for (member, (consents, commitments)) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Consent.into(), &member) == consents,
				"consent deposits held differ from records"
			);
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Commitment.into(), &member)
					== commitments,
				"commitment deposits held differ from records"
			);
		}
		Ok(())
	}
}
