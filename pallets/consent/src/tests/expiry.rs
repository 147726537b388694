//! Expiry: honoured without anyone acting, and the per-block limit.

use super::*;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

#[test]
fn an_expired_consent_counts_as_withdrawn_without_anyone_acting() {
	build_and_execute(|| {
		let id = give_to_buyer(1, 0, &[0, 1], Some(10));
		give_to_buyer(2, 0, &[0], None);
		run_to_block(9);
		assert!(covers_now(1, 0));
		assert_eq!(buyer_pool(0, 0), 2);
		run_to_block(10);
		assert!(!covers_now(1, 0));
		assert_eq!((buyer_pool(0, 0), buyer_pool(0, 1)), (1, 0));
		let record = Consents::<Test>::get(1, id).unwrap();
		assert_eq!((record.state, record.version), (ConsentState::Expired { at: 10 }, 2));
		System::assert_has_event(Event::ConsentExpired { member: 1, consent: id, coop: 0 }.into());
		assert_noop!(Consent::withdraw(RuntimeOrigin::signed(1), id), Error::<Test>::NotLive);
		assert_ok!(Consent::remove(RuntimeOrigin::signed(1), id));
	});
}

/// `member` consents through co-op 0 to `buyer`, purpose 1, category 0, until `expires`.
fn give_to(member: u64, buyer: u64, expires: u64) -> ConsentId {
	let id = NextConsentId::<Test>::get(member);
	assert_ok!(Consent::give(
		RuntimeOrigin::signed(member),
		0,
		Grantee::Buyer(buyer),
		1,
		vec![0],
		Some(expires),
		receipt(1)
	));
	id
}

fn ends(member: u64, id: ConsentId) -> Option<u64> {
	Consents::<Test>::get(member, id).unwrap().terms.expires
}

fn state(member: u64, id: ConsentId) -> ConsentState<u64> {
	Consents::<Test>::get(member, id).unwrap().state
}

/// Members 1, 2, 3 each consent to buyers 20, 21 and 22 until block 20: nine consents, five
/// pages of two (the mock's page size), marked one page per block (the mock's budget).
fn flood_block_20() -> Vec<(u64, ConsentId)> {
	let mut given = Vec::new();
	for member in [1, 2, 3] {
		for buyer in [20, 21, 22] {
			given.push((member, give_to(member, buyer, 20)));
		}
	}
	given
}

#[test]
fn a_full_expiry_block_never_refuses_or_moves_an_expiry() {
	build_and_execute(|| {
		let given = flood_block_20();
		// Every consent ends exactly when asked; the block's schedule grew pages.
		assert!(given.iter().all(|(m, id)| ends(*m, *id) == Some(20)));
		assert_eq!(Expiries::<Test>::get(20).len(), 2);
		assert_eq!(ExpiryPages::<Test>::get(20), 4);
		run_to_block(19);
		assert!(given.iter().all(|(m, id)| state(*m, *id) == ConsentState::Given));

		// From block 20 on none of them covers anything, marked or not.
		run_to_block(20);
		let covering = |buyer| {
			[1, 2, 3].iter().any(|m| {
				Consent::consent_covers(m, 0, &Grantee::Buyer(buyer), 1, 0, System::block_number())
			})
		};
		assert!(![20, 21, 22].into_iter().any(covering));
		let marked = || {
			given
				.iter()
				.filter(|(m, id)| state(*m, *id) == ConsentState::Expired { at: 20 })
				.count()
		};
		assert_eq!(marked(), 2);
		run_to_block(22);
		assert_eq!(marked(), 6);
		run_to_block(24);
		assert_eq!(marked(), 9);
		// Done with block 20; blocks 21 to 24 are looked at in the next block.
		assert_eq!(ExpiryCursor::<Test>::get(), Some((21, 0)));
		run_to_block(25);
		assert_eq!(ExpiryCursor::<Test>::get(), Some((26, 0)));
		assert!(Expiries::<Test>::iter().next().is_none());
		assert!(ExpiryOverflow::<Test>::iter().next().is_none());
		assert!(ExpiryPages::<Test>::iter().next().is_none());
		assert!(ExpiryPageOf::<Test>::iter().next().is_none());
		for buyer in [20, 21, 22] {
			assert_eq!(Consent::pool_size(0, Grantee::Buyer(buyer), 1, 0), 0);
		}
	});
}

/// The attack version 0 allowed: a member of any co-op fills the expiry slots of a window of
/// blocks, and everyone else's consents ending there fail (`ExpiryCongested`) or end earlier.
/// Now the flood only delays when the chain marks expiries; it refuses and moves nothing.
#[test]
fn a_flood_of_expiries_refuses_nobody_and_only_delays_the_marking() {
	build_and_execute(|| {
		flood_block_20();
		// Member 4 of another co-op asks for the same block: given, ending exactly then.
		let id = NextConsentId::<Test>::get(4);
		assert_ok!(Consent::give(
			RuntimeOrigin::signed(4),
			1,
			Grantee::Buyer(10),
			1,
			vec![0, 1],
			Some(20),
			receipt(1)
		));
		assert_eq!(ends(4, id), Some(20));
		run_to_block(20);
		assert!(!Consent::consent_covers(&4, 1, &Grantee::Buyer(10), 1, 0, 20));
		assert_eq!(state(4, id), ConsentState::Given);
		assert_eq!(Consent::pool_size(1, Grantee::Buyer(10), 1, 0), 1);

		// Not marked yet, the consent is no longer live for anything the member does: a new
		// consent to the same buyer is given (the old one is marked on the way), not refused.
		let again = NextConsentId::<Test>::get(4);
		assert_ok!(Consent::give(
			RuntimeOrigin::signed(4),
			1,
			Grantee::Buyer(10),
			1,
			vec![0],
			None,
			receipt(2)
		));
		assert_eq!(state(4, id), ConsentState::Expired { at: 20 });
		System::assert_has_event(Event::ConsentExpired { member: 4, consent: id, coop: 1 }.into());
		assert_eq!(Consent::pool_size(1, Grantee::Buyer(10), 1, 0), 1);
		assert_eq!(Consent::pool_size(1, Grantee::Buyer(10), 1, 1), 0);
		assert!(Consent::consent_covers(&4, 1, &Grantee::Buyer(10), 1, 0, 20));
		assert_eq!(state(4, again), ConsentState::Given);
		run_to_block(30);
		assert_eq!(Consent::pool_size(1, Grantee::Buyer(10), 1, 0), 1);
	});
}

#[test]
fn a_passed_unmarked_expiry_is_not_live_and_can_be_removed() {
	build_and_execute(|| {
		let given = flood_block_20();
		let (member, id) = *given.last().unwrap();
		run_to_block(20);
		assert_eq!(state(member, id), ConsentState::Given);
		assert_eq!(ExpiryPageOf::<Test>::get(member, id), Some(4));
		assert_noop!(
			Consent::update(RuntimeOrigin::signed(member), id, vec![1], None, receipt(2)),
			Error::<Test>::NotLive
		);
		assert_noop!(Consent::withdraw(RuntimeOrigin::signed(member), id), Error::<Test>::NotLive);
		let held = || Balances::balance_on_hold(&HoldReason::Consent.into(), &member);
		let before = held();
		assert_ok!(Consent::remove(RuntimeOrigin::signed(member), id));
		assert_eq!(held(), before - CONSENT_DEPOSIT);
		assert!(!ExpiryPageOf::<Test>::contains_key(member, id));
		assert!(ExpiryOverflow::<Test>::get(20, 4).is_empty());
		System::assert_has_event(Event::ConsentExpired { member, consent: id, coop: 0 }.into());
		run_to_block(25);
		assert!(Expiries::<Test>::iter().next().is_none());
	});
}

#[test]
fn a_member_who_leaves_with_a_passed_unmarked_expiry_has_it_expired_not_withdrawn() {
	build_and_execute(|| {
		let given = flood_block_20();
		let (member, id) = *given.last().unwrap();
		run_to_block(21);
		leave(0, member);
		assert_eq!(state(member, id), ConsentState::Expired { at: 20 });
		System::assert_has_event(Event::ConsentExpired { member, consent: id, coop: 0 }.into());
	});
}

#[test]
fn withdrawing_or_changing_an_expiry_takes_it_off_its_page() {
	build_and_execute(|| {
		let given = flood_block_20();
		let (member, id) = given[4];
		let page = ExpiryPageOf::<Test>::get(member, id).unwrap();
		assert_ok!(Consent::update(
			RuntimeOrigin::signed(member),
			id,
			vec![0],
			Some(40),
			receipt(2)
		));
		assert!(!ExpiryOverflow::<Test>::get(20, page).iter().any(|e| *e == (member, id)));
		assert_eq!(ExpiryPageOf::<Test>::get(member, id), None);
		assert_eq!(Expiries::<Test>::get(40).into_inner(), vec![(member, id)]);
		let (member, id) = given[8];
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(member), id));
		assert!(!ExpiryPageOf::<Test>::contains_key(member, id));
		// A later consent for block 20 fills the last page again.
		give_to(member, 23, 20);
		run_to_block(41);
		assert!(Expiries::<Test>::iter().next().is_none());
		assert!(ExpiryOverflow::<Test>::iter().next().is_none());
	});
}

#[test]
fn a_cursor_behind_catches_up_over_empty_blocks() {
	build_and_execute(|| {
		flood_block_20();
		// A consent ending at block 22 waits behind the flood of block 20.
		let late = NextConsentId::<Test>::get(4);
		assert_ok!(Consent::give(
			RuntimeOrigin::signed(4),
			1,
			Grantee::Buyer(10),
			1,
			vec![0],
			Some(22),
			receipt(1)
		));
		run_to_block(24);
		assert_eq!(state(4, late), ConsentState::Given);
		assert_eq!(Consent::pool_size(1, Grantee::Buyer(10), 1, 0), 1);
		run_to_block(25);
		assert_eq!(state(4, late), ConsentState::Expired { at: 22 });
		assert_eq!(Consent::pool_size(1, Grantee::Buyer(10), 1, 0), 0);
		run_to_block(26);
		assert_eq!(ExpiryCursor::<Test>::get(), Some((27, 0)));
	});
}

#[test]
fn an_expiry_must_be_after_the_current_block() {
	build_and_execute(|| {
		run_to_block(5);
		assert_noop!(
			Consent::give(
				RuntimeOrigin::signed(3),
				0,
				Grantee::Buyer(10),
				1,
				vec![0],
				Some(5),
				receipt(1)
			),
			Error::<Test>::ExpiryInPast
		);
		let id = give_to_buyer(3, 0, &[0], Some(6));
		assert_noop!(
			Consent::update(RuntimeOrigin::signed(3), id, vec![0], Some(4), receipt(2)),
			Error::<Test>::ExpiryInPast
		);
	});
}

#[test]
fn pages_everyone_left_are_dropped_from_the_count() {
	build_and_execute(|| {
		let given = flood_block_20();
		assert_eq!(ExpiryPages::<Test>::get(20), 4);
		// The consents on the last two pages (indexes 6, 7 and 8) move away.
		for (member, id) in given[6..].iter().copied() {
			assert_ok!(Consent::withdraw(RuntimeOrigin::signed(member), id));
		}
		assert_eq!(ExpiryPages::<Test>::get(20), 2);
	});
}

#[test]
fn expiries_are_marked_by_a_block_only_once_the_cursor_passed_it() {
	build_and_execute(|| {
		flood_block_20();
		run_to_block(19);
		assert!(Consent::expiries_marked_by(19));
		run_to_block(20);
		assert!(!Consent::expiries_marked_by(20));
		run_to_block(24);
		assert!(!Consent::expiries_marked_by(24));
		run_to_block(25);
		assert!(Consent::expiries_marked_by(25));
	});
}
