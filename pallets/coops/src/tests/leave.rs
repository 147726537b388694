//! Leaving, always possible, with the deposit released.

use super::*;

#[test]
fn leaving_always_works_and_releases_the_deposit() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		assert_ok!(Coops::leave(RuntimeOrigin::signed(4), coop));
		System::assert_last_event(Event::MemberLeft { coop, who: 4 }.into());
		assert_eq!(held(4), 0);
		assert_eq!(Coops::member_count(coop), 3);
		assert_eq!(left(), vec![(coop, 4, 3)]);
		assert_noop!(Coops::leave(RuntimeOrigin::signed(4), coop), Error::<Test>::NotMember);
		assert_noop!(Coops::leave(RuntimeOrigin::signed(4), 7), Error::<Test>::NotMember);

		// A founding member's deposit goes back to the founder who paid it.
		assert_ok!(Coops::leave(RuntimeOrigin::signed(2), coop));
		assert_eq!(held(1), FOUNDING_DEPOSIT + 2 * MEMBER_DEPOSIT);

		// Even the founder, and even when the co-op becomes empty.
		assert_ok!(Coops::leave(RuntimeOrigin::signed(3), coop));
		assert_ok!(Coops::leave(RuntimeOrigin::signed(1), coop));
		assert_eq!(Coops::member_count(coop), 0);
	});
}
