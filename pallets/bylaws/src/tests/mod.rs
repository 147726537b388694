//! Tests of the bylaws pallet: founding, amending, every refusal. One file per concern.

mod amend;
mod founding;
mod invariants;
mod migrations;
mod parameters;

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{DispatchError, Perbill};

fn params() -> BylawsParams<u64> {
	BylawsParams::for_tests(100)
}

fn doc(fill: u8) -> DocumentRef {
	DocumentRef::truncate_from(vec![fill; 32])
}

fn found(coop: CoopId) {
	assert_ok!(<Bylaws as CoopBylaws<u64>>::adopt_founding(coop, doc(1), params()));
}

fn amend_as(
	coop: CoopId,
	proposal: ProposalId,
	document: DocumentRef,
	p: BylawsParams<u64>,
) -> DispatchResult {
	NextDecision::set(Some(decision(coop, proposal, true)));
	Bylaws::amend(RuntimeOrigin::root(), document, p)
}
