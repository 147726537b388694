//! Giving consent: what is recorded, and every refusal.

use super::*;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::{DispatchError, TokenError};

#[test]
fn a_member_gives_consent_and_it_is_recorded_counted_and_deposited() {
	build_and_execute(|| {
		assert_ok!(Consent::give(
			RuntimeOrigin::signed(1),
			0,
			Grantee::Buyer(10),
			1,
			vec![3, 0],
			Some(50),
			receipt(7),
		));
		System::assert_last_event(
			Event::ConsentGiven {
				member: 1,
				consent: 0,
				coop: 0,
				grantee: Grantee::Buyer(10),
				purpose: 1,
				categories: BoundedVec::truncate_from(vec![0, 3]),
				expires: Some(50),
			}
			.into(),
		);
		let record = Consents::<Test>::get(1, 0).unwrap();
		assert_eq!(record.terms.categories.to_vec(), vec![0, 3], "categories are kept sorted");
		assert_eq!(record.terms.receipt, receipt(7));
		assert_eq!((record.state, record.version, record.given_at), (ConsentState::Given, 1, 1));
		assert_eq!(History::<Test>::get((1, 0, 1)).unwrap().terms, record.terms);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Consent.into(), &1), CONSENT_DEPOSIT);
		assert_eq!((buyer_pool(0, 0), buyer_pool(0, 3), buyer_pool(0, 1)), (1, 1, 0));
		assert!(covers_now(1, 3));
		assert!(!covers_now(1, 1), "a category outside the consent");
		assert!(!Consent::consent_covers(&1, 0, &Grantee::Buyer(11), 1, 3, 1), "another buyer");
		assert!(!Consent::consent_covers(&1, 0, &Grantee::Buyer(10), 2, 3, 1), "another purpose");
		assert!(!Consent::consent_covers(&1, 1, &Grantee::Buyer(10), 1, 3, 1), "another co-op");
		assert!(!Consent::consent_covers(&1, 0, &Grantee::Buyer(10), 1, 3, 50), "at its expiry");
		assert!(Consent::consent_covers(&1, 0, &Grantee::Buyer(10), 1, 3, 49), "before it");

		give_to_buyer(2, 0, &[3], None);
		assert_eq!(buyer_pool(0, 3), 2, "the pool counts members");
		assert_eq!(NextConsentId::<Test>::get(1), 1);
	});
}

#[test]
fn consent_to_an_offer_must_match_the_offer() {
	build_and_execute(|| {
		offer(7, 0, 2, &[1, 2]);
		offer(8, 1, 2, &[1, 2]);
		let give = |grantee, purpose, categories: Vec<u16>| {
			Consent::give(
				RuntimeOrigin::signed(1),
				0,
				grantee,
				purpose,
				categories,
				None,
				receipt(1),
			)
		};
		assert_noop!(give(Grantee::Offer(9), 2, vec![1]), Error::<Test>::UnknownOffer);
		assert_noop!(give(Grantee::Offer(8), 2, vec![1]), Error::<Test>::OfferOfOtherCoop);
		assert_noop!(give(Grantee::Offer(7), 1, vec![1]), Error::<Test>::PurposeNotOffered);
		assert_noop!(give(Grantee::Offer(7), 2, vec![1, 3]), Error::<Test>::CategoryNotOffered);
		assert_ok!(give(Grantee::Offer(7), 2, vec![2, 1]));
		assert_eq!(Consent::pool_size(0, Grantee::Offer(7), 2, 1), 1);
		assert!(Consent::consent_covers(&1, 0, &Grantee::Offer(7), 2, 2, 1));
		// One live consent per grantee and purpose; a consent to a buyer is separate.
		assert_noop!(give(Grantee::Offer(7), 2, vec![1]), Error::<Test>::AlreadyConsented);
		assert_ok!(give(Grantee::Buyer(10), 2, vec![1]));
	});
}

/// Fresh accounts joining an open co-op used to count at once towards an offer's minimum of
/// contributors, so a handful of them made a pool of one real member sellable.
#[test]
fn newcomers_count_in_an_offers_pool_only_once_mature() {
	build_and_execute(|| {
		offer(7, 0, 2, &[1]);
		join_maturing(0, 15);
		let give = |grantee| {
			Consent::give(RuntimeOrigin::signed(15), 0, grantee, 2, vec![1], None, receipt(1))
		};
		assert_noop!(give(Grantee::Offer(7)), Error::<Test>::NotMature);
		assert_eq!(Consent::pool_size(0, Grantee::Offer(7), 2, 1), 0);
		// Sharing straight with a buyer of their choice is theirs to decide at once.
		assert_ok!(give(Grantee::Buyer(10)));
	});
}

#[test]
fn only_members_consent_and_only_for_their_own_data() {
	build_and_execute(|| {
		let give = |who, coop| {
			Consent::give(
				RuntimeOrigin::signed(who),
				coop,
				Grantee::Buyer(10),
				1,
				vec![0],
				None,
				receipt(1),
			)
		};
		assert_noop!(give(9, 0), Error::<Test>::NotMember);
		assert_noop!(give(4, 0), Error::<Test>::NotMember); // member of co-op 1 only
		assert_noop!(give(1, 1), Error::<Test>::NotMember);
		assert_noop!(give(1, 5), Error::<Test>::UnknownCoop);
		assert_noop!(
			Consent::give(
				RuntimeOrigin::none(),
				0,
				Grantee::Buyer(10),
				1,
				vec![0],
				None,
				receipt(1)
			),
			DispatchError::BadOrigin
		);
		// The consent is always the caller's: another member cannot touch it.
		let id = give_to_buyer(1, 0, &[0], None);
		assert_noop!(
			Consent::withdraw(RuntimeOrigin::signed(2), id),
			Error::<Test>::UnknownConsent
		);
		assert_noop!(
			Consent::update(RuntimeOrigin::signed(2), id, vec![1], None, receipt(2)),
			Error::<Test>::UnknownConsent
		);
		assert!(covers_now(1, 0));
	});
}

#[test]
fn bad_terms_are_refused_and_change_nothing() {
	build_and_execute(|| {
		let give = |purpose, categories: Vec<u16>, expires| {
			Consent::give(
				RuntimeOrigin::signed(1),
				0,
				Grantee::Buyer(10),
				purpose,
				categories,
				expires,
				receipt(1),
			)
		};
		assert_noop!(give(4, vec![0], None), Error::<Test>::UnknownPurpose);
		assert_noop!(give(1, vec![8], None), Error::<Test>::UnknownCategory);
		assert_noop!(give(1, vec![], None), Error::<Test>::NoCategories);
		assert_noop!(give(1, vec![2, 1, 2], None), Error::<Test>::DuplicateCategory);
		assert_noop!(give(1, vec![0, 1, 2, 3, 4], None), Error::<Test>::TooManyCategories);
		assert_noop!(give(1, vec![0; 10_000], None), Error::<Test>::TooManyCategories);
		assert_noop!(give(1, vec![0], Some(1)), Error::<Test>::ExpiryInPast);
		assert_noop!(give(1, vec![0], Some(0)), Error::<Test>::ExpiryInPast);
	});
}

#[test]
fn the_deposit_must_be_affordable_and_live_consents_are_bounded() {
	build_and_execute(|| {
		coop(2, &[30]); // account 30 has no funds
		assert_noop!(
			Consent::give(
				RuntimeOrigin::signed(30),
				2,
				Grantee::Buyer(10),
				1,
				vec![0],
				None,
				receipt(1)
			),
			TokenError::FundsUnavailable
		);
		for buyer in 0..MAX_LIVE as u64 {
			assert_ok!(Consent::give(
				RuntimeOrigin::signed(1),
				0,
				Grantee::Buyer(100 + buyer),
				1,
				vec![0],
				None,
				receipt(1)
			));
		}
		assert_noop!(
			Consent::give(
				RuntimeOrigin::signed(1),
				0,
				Grantee::Buyer(99),
				1,
				vec![0],
				None,
				receipt(1)
			),
			Error::<Test>::TooManyConsents
		);
		// Live consents are counted per co-op: a member of another co-op is not limited by this one.
		coop(3, &[1]);
		assert_ok!(Consent::give(
			RuntimeOrigin::signed(1),
			3,
			Grantee::Buyer(99),
			1,
			vec![0],
			None,
			receipt(1)
		));
	});
}

#[test]
fn the_market_is_told_when_a_contribution_to_an_offer_may_change() {
	build_and_execute(|| {
		offer(7, 0, 2, &[1, 2]);
		let give = |who| {
			Consent::give(
				RuntimeOrigin::signed(who),
				0,
				Grantee::Offer(7),
				2,
				vec![1],
				Some(9),
				receipt(1),
			)
		};
		assert_ok!(give(1));
		assert_eq!(take_changes(), vec![(0, 1, 7)]);
		// Commitments in a consented category tell; others and buyer consents do not.
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 1, receipt(1), 3, 3));
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 2, receipt(1), 3, 3));
		give_to_buyer(1, 0, &[1], None);
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 1, receipt(2), 4, 4));
		assert_eq!(take_changes(), vec![(0, 1, 7), (0, 1, 7)]);
		assert_ok!(Consent::update(RuntimeOrigin::signed(1), 0, vec![1, 2], Some(9), receipt(2)));
		assert_ok!(Consent::remove_commitment(RuntimeOrigin::signed(1), 0, 2));
		assert_eq!(take_changes(), vec![(0, 1, 7), (0, 1, 7)]);
		// Withdrawal, expiry and leaving tell too, after the record is stored.
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(1), 0));
		assert_ok!(give(2));
		take_changes();
		run_to_block(9);
		assert_eq!(take_changes(), vec![(0, 2, 7)]);
		assert_ok!(Consent::give(
			RuntimeOrigin::signed(3),
			0,
			Grantee::Offer(7),
			2,
			vec![1],
			None,
			receipt(1)
		));
		leave(0, 3);
		assert_eq!(take_changes(), vec![(0, 3, 7), (0, 3, 7)]);
	});
}
