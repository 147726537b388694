//! Records the bylaws pallet keeps on chain.

use codec::{Decode, Encode, MaxEncodedLen};
use datacoop_primitives::coop::{BylawsParams, DocumentRef, ProposalId};
use scale_info::TypeInfo;

/// One version of a co-op's bylaws, as the chain keeps it forever.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct BylawsRecord<BlockNumber> {
	/// Blake2-256 hash or CID of the bylaws document.
	pub document: DocumentRef,
	/// What the document sets on chain.
	pub params: BylawsParams<BlockNumber>,
	/// The proposal that enacted this version; `None` for the founding bylaws.
	pub enacted_by: Option<ProposalId>,
	/// Block at which this version came into force.
	pub enacted_at: BlockNumber,
}
