//! Founding bylaws: version 1, once per co-op.

use super::*;

#[test]
fn founding_bylaws_are_version_one() {
	build_and_execute(|| {
		found(0);
		System::assert_last_event(Event::BylawsAdopted { coop: 0, document: doc(1) }.into());
		assert_eq!(Current::<Test>::get(0), Some(1));
		let (version, record) = Bylaws::current_bylaws(0).unwrap();
		assert_eq!(version, 1);
		assert_eq!(record.enacted_by, None);
		assert_eq!(record.enacted_at, 1);
		assert_eq!(<Bylaws as CoopBylaws<u64>>::current(0), Some((1, params())));
	});
}

#[test]
fn founding_twice_is_refused() {
	build_and_execute(|| {
		found(0);
		assert_noop!(
			<Bylaws as CoopBylaws<u64>>::adopt_founding(0, doc(2), params()),
			Error::<Test>::AlreadyFounded
		);
	});
}
