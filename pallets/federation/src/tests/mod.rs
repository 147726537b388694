//! Tests of the federation pallet: admission by one-co-op-one-vote motions, removal, leaving,
//! validators and their limits, parameters, and every refusal. One file per concern.

mod admission;
mod leave;
mod migrations;
mod motions;
mod params;
mod validators;

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

fn last_motion() -> MotionId {
	NextMotionId::<Test>::get() - 1
}
