//! Leaving the co-op withdraws the member's consents given through it.

use super::*;
use frame_support::assert_ok;

#[test]
fn leaving_withdraws_every_consent_given_through_that_coop_only() {
	build_and_execute(|| {
		coop(2, &[1]);
		let a = give_to_buyer(1, 0, &[0], Some(30));
		assert_ok!(Consent::give(
			RuntimeOrigin::signed(1),
			0,
			Grantee::Buyer(11),
			2,
			vec![1],
			None,
			receipt(1)
		));
		let elsewhere = give_to_buyer(1, 2, &[0], None);
		run_to_block(4);
		leave(0, 1);
		System::assert_has_event(Event::ConsentWithdrawn { member: 1, consent: a, coop: 0 }.into());
		assert_eq!(Consents::<Test>::get(1, a).unwrap().state, ConsentState::Withdrawn { at: 4 });
		assert_eq!(buyer_pool(0, 0), 0);
		assert_eq!(Consent::pool_size(0, Grantee::Buyer(11), 2, 1), 0);
		assert!(LiveInCoop::<Test>::get(0, 1).is_empty());
		assert_eq!(Consents::<Test>::get(1, elsewhere).unwrap().state, ConsentState::Given);
		assert_eq!(buyer_pool(2, 0), 1);
		// After leaving: no new consent, but the old records can be cleaned up.
		assert_eq!(
			Consent::give(
				RuntimeOrigin::signed(1),
				0,
				Grantee::Buyer(10),
				1,
				vec![0],
				None,
				receipt(1)
			),
			Err(Error::<Test>::NotMember.into())
		);
		assert_ok!(Consent::remove(RuntimeOrigin::signed(1), a));
	});
}
