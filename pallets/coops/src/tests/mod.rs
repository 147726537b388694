//! Tests of the co-ops pallet: founding, the three admission paths, leaving, expulsion,
//! treasury, deposits, and every refusal. One file per concern.

mod admission;
mod expel;
mod found;
mod invariants;
mod join;
mod leave;
mod maturity;
mod migrations;
mod treasury;

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{InspectHold, Mutate},
};
use sp_runtime::{DispatchError, Perbill, TokenError};

fn params(admission: AdmissionPolicy) -> BylawsParams<u64> {
	BylawsParams { admission, ..BylawsParams::for_tests(100) }
}

fn doc() -> DocumentRef {
	DocumentRef::truncate_from(vec![7; 32])
}

fn members(list: &[u64]) -> BoundedVec<u64, ConstU32<10>> {
	BoundedVec::truncate_from(list.to_vec())
}

/// Account 1 founds a co-op with members 2 and 3; returns its id.
fn found(admission: AdmissionPolicy) -> CoopId {
	let coop = NextCoopId::<Test>::get();
	assert_ok!(Coops::found(RuntimeOrigin::signed(1), members(&[2, 3]), doc(), params(admission)));
	coop
}

fn held(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::Membership.into(), &who)
		+ Balances::balance_on_hold(&HoldReason::CoopFounding.into(), &who)
}
