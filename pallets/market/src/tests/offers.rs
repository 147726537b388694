//! Publishing, pausing and closing offers.

use super::*;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn a_coop_publishes_an_offer_by_decision() {
	build_and_execute(|| {
		let offer = publish(100, 2);
		System::assert_last_event(
			Event::OfferPublished {
				offer,
				coop: 0,
				purpose: 1,
				categories: BoundedVec::truncate_from(vec![0, 1]),
				price: 100,
				duration: 10,
				min_contributors: 2,
				terms: H256::repeat_byte(1),
			}
			.into(),
		);
		assert_eq!(Market::offer_scope(offer), Some(OfferScope { coop: 0, purpose: 1 }));
		assert!(Market::offer_includes(offer, 1) && !Market::offer_includes(offer, 2));
		assert_eq!(Offers::<Test>::get(offer).unwrap().state, OfferState::Open);
	});
}

#[test]
fn bad_offers_are_refused() {
	build_and_execute(|| {
		let publish = |purpose, categories: Vec<u16>, price, duration, min| {
			Market::publish_offer(
				coop_origin(0),
				purpose,
				categories,
				price,
				duration,
				min,
				H256::zero(),
			)
		};
		assert_noop!(
			Market::publish_offer(RuntimeOrigin::signed(1), 1, vec![0], 100, 10, 1, H256::zero()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Market::publish_offer(coop_origin(11), 1, vec![0], 100, 10, 1, H256::zero()),
			Error::<Test>::UnknownCoop
		);
		assert_noop!(publish(4, vec![0], 100, 10, 1), Error::<Test>::UnknownPurpose);
		assert_noop!(publish(1, vec![8], 100, 10, 1), Error::<Test>::UnknownCategory);
		assert_noop!(publish(1, vec![], 100, 10, 1), Error::<Test>::NoCategories);
		assert_noop!(publish(1, vec![1, 1], 100, 10, 1), Error::<Test>::DuplicateCategory);
		assert_noop!(publish(1, vec![0, 1, 2, 3, 4], 100, 10, 1), Error::<Test>::TooManyCategories);
		assert_noop!(publish(1, vec![0], MIN_PRICE - 1, 10, 1), Error::<Test>::PriceTooLow);
		assert_noop!(publish(1, vec![0], 100, 0, 1), Error::<Test>::DurationOutOfRange);
		assert_noop!(publish(1, vec![0], 100, 101, 1), Error::<Test>::DurationOutOfRange);
		assert_noop!(publish(1, vec![0], 100, 10, 0), Error::<Test>::NoContributorsNeeded);
	});
}

#[test]
fn only_the_owner_coop_pauses_reopens_and_closes_and_closing_is_final() {
	build_and_execute(|| {
		let offer = publish(100, 1);
		assert_noop!(
			Market::set_offer_state(coop_origin(1), offer, OfferState::Paused),
			Error::<Test>::NotOfferOwner
		);
		assert_noop!(
			Market::set_offer_state(RuntimeOrigin::signed(1), offer, OfferState::Paused),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Market::set_offer_state(coop_origin(0), 9, OfferState::Paused),
			Error::<Test>::UnknownOffer
		);
		assert_ok!(Market::set_offer_state(coop_origin(0), offer, OfferState::Paused));
		System::assert_last_event(
			Event::OfferStateChanged { offer, state: OfferState::Paused }.into(),
		);
		assert_ok!(Market::set_offer_state(coop_origin(0), offer, OfferState::Open));
		assert_ok!(Market::set_offer_state(coop_origin(0), offer, OfferState::Closed));
		assert_noop!(
			Market::set_offer_state(coop_origin(0), offer, OfferState::Open),
			Error::<Test>::OfferClosed
		);
	});
}
