//! Access contracts: `pallet-revive` (PolkaVM contracts, written in ink! 6) and the market
//! precompile through which a contract sells access.
//!
//! A contract carries an offer's commercial terms (price tiers, allow-list, sales cap); the
//! market pallet keeps everything that protects members. The only way a contract reaches the
//! market is [`MarketPrecompile`], and all it can do there is [`pallet_market::Pallet::purchase_for`]:
//! pay at least the co-op's price, for at most the co-op's duration, into escrow, split by the
//! bylaws, only while the offer is open and enough members consent. A refusal reverts and moves
//! no money.

use core::{marker::PhantomData, num::NonZero};

use alloy_core::{primitives::U256, sol, sol_types::SolValue};
use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64},
};
use frame_system::EnsureSigned;
use pallet_market::WeightInfo as _;
use pallet_revive::{
	precompiles::{AddressMatcher, Error, Ext, Precompile},
	AccountId32Mapper, ExecOrigin as Origin,
};
use sp_runtime::{FixedU128, Perbill};

use crate::{
	currency::{MICRO_UNIT, MILLI_UNIT},
	AccountId, Balance, Balances, Market, Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason,
	RuntimeOrigin, Timestamp,
};

/// Where contracts find the market: `0x00000000000000000000000000000000dc010000`.
pub const MARKET_PRECOMPILE: AddressMatcher =
	AddressMatcher::Fixed(NonZero::new(0xDC01).expect("0xDC01 is not zero"));

/// Contract values are in 18-decimal units (as Ethereum tooling expects); the native token has
/// 12 decimals.
pub const NATIVE_TO_ETH_RATIO: u32 = 1_000_000;

/// Storage deposit for `items` storage items of `bytes` bytes in all.
const fn deposit(items: u32, bytes: u32) -> Balance {
	(items as Balance)
		.saturating_mul(20 * MILLI_UNIT)
		.saturating_add((bytes as Balance).saturating_mul(10 * MICRO_UNIT))
}

parameter_types! {
	pub const DepositPerItem: Balance = deposit(1, 0);
	pub const DepositPerChildTrieItem: Balance = deposit(1, 0).saturating_div(100);
	pub const DepositPerByte: Balance = deposit(0, 1);
	/// Instantiating holds 30 % of the code's deposit, so code in use cannot be removed cheaply.
	pub const CodeHashLockupDepositPercent: Perbill = Perbill::from_percent(30);
	pub const MaxEthExtrinsicWeight: FixedU128 = FixedU128::from_rational(9, 10);
}

impl pallet_revive::Config for Runtime {
	type Time = Timestamp;
	type Balance = Balance;
	type Currency = Balances;
	type OnBurn = ();
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeHoldReason = RuntimeHoldReason;
	type WeightInfo = pallet_revive::weights::SubstrateWeight<Self>;
	type Precompiles = (MarketPrecompile<Self>,);
	type FindAuthor = ();
	type DepositPerByte = DepositPerByte;
	type DepositPerItem = DepositPerItem;
	type DepositPerChildTrieItem = DepositPerChildTrieItem;
	type CodeHashLockupDepositPercent = CodeHashLockupDepositPercent;
	type AddressMapper = AccountId32Mapper<Self>;
	// Only PolkaVM code (ink! 6): no EVM bytecode, so no second contract language to audit.
	type AllowEVMBytecode = ConstBool<false>;
	type UploadOrigin = EnsureSigned<AccountId>;
	type InstantiateOrigin = EnsureSigned<AccountId>;
	type RuntimeMemory = ConstU32<{ 128 * 1024 * 1024 }>;
	type PVFMemory = ConstU32<{ 512 * 1024 * 1024 }>;
	type ChainId = ConstU64<0x000D_A7AC>;
	type NativeToEthRatio = ConstU32<NATIVE_TO_ETH_RATIO>;
	// Substrate transactions only: no Ethereum transactions or RPC, so no Ethereum fee model.
	type FeeInfo = ();
	type Deposit = ();
	type MaxEthExtrinsicWeight = MaxEthExtrinsicWeight;
	type DebugEnabled = ConstBool<false>;
	// Every account is mapped when created, so wallets' sr25519 accounts call contracts
	// without a `map_account` step first.
	type AutoMap = ConstBool<true>;
	type GasScale = ConstU32<10>;
}

sol! {
	/// DataCoop's market, as access contracts see it.
	interface IMarket {
		/// Buy access through `offer` for the account that signed the transaction, paying
		/// `price` (18-decimal units, a whole number of native units) from the calling
		/// contract's balance, for `duration` blocks. Returns the grant's number.
		function purchase(uint32 offer, uint256 price, uint32 duration) external returns (uint64);

		/// An offer as the market keeps it: whether it exists, its state (0 open, 1 paused,
		/// 2 closed), its price (18-decimal units), its longest access, how many members
		/// contribute to its pool now and how many it needs.
		function offer(uint32 offer) external view returns (bool, uint32, uint256, uint32, uint32, uint32);
	}
}

/// The market, for contracts: buy through escrow, read an offer's state and pool size.
pub struct MarketPrecompile<T>(PhantomData<T>);

impl Precompile for MarketPrecompile<Runtime> {
	type T = Runtime;
	type Interface = IMarket::IMarketCalls;
	const MATCHER: AddressMatcher = MARKET_PRECOMPILE;
	const HAS_CONTRACT_INFO: bool = false;

	fn call(
		_address: &[u8; 20],
		input: &Self::Interface,
		env: &mut impl Ext<T = Self::T>,
	) -> Result<alloc::vec::Vec<u8>, Error> {
		use IMarket::IMarketCalls;
		match input {
			IMarketCalls::purchase(IMarket::purchaseCall { offer, price, duration }) => {
				if env.is_read_only() {
					return Err(pallet_revive::Error::<Runtime>::StateChangeDenied.into());
				}
				// The purchase, and the record of the contract as the deposit's holder.
				env.charge(
					<Runtime as pallet_market::Config>::WeightInfo::purchase(
						pallet_market::WEIGHT_CONTRIBUTORS,
					)
					.saturating_add(<Runtime as frame_system::Config>::DbWeight::get().writes(1)),
				)?;
				// The contract pays out of its own balance (what the buyer sent it) ...
				let caller = env.caller();
				let payer = caller.account_id()?.clone();
				// ... and the grant is the signer's: a contract cannot buy in someone else's
				// name, nor hold a deposit of an account that did not sign.
				let buyer = match env.origin() {
					Origin::Signed(who) => who.clone(),
					Origin::Root => return Err(revert("a purchase needs a signed buyer")),
				};
				let price = to_native(*price)?;
				let grant = Market::purchase_for(&payer, &buyer, *offer, price, *duration)
					.map_err(|e| revert(<&'static str>::from(e)))?;
				Ok(grant.abi_encode())
			},
			IMarketCalls::offer(IMarket::offerCall { offer }) => {
				env.charge(<Runtime as frame_system::Config>::DbWeight::get().reads(2))?;
				let answer = match Market::offer(*offer) {
					Some((record, pool)) => (
						true,
						record.state as u32,
						to_eth(record.price),
						record.duration,
						pool.contributors,
						record.min_contributors,
					),
					None => (false, 0, U256::ZERO, 0, 0, 0),
				};
				Ok(answer.abi_encode())
			},
		}
	}
}

/// A refusal the calling contract sees as a revert with this reason; nothing it did is kept.
fn revert(reason: &str) -> Error {
	Error::Revert(reason.into())
}

/// 18-decimal contract units to native units; a value with a remainder is refused.
fn to_native(value: U256) -> Result<Balance, Error> {
	let ratio = U256::from(NATIVE_TO_ETH_RATIO);
	let (native, rest) = value.div_rem(ratio);
	if !rest.is_zero() {
		return Err(revert("price is not a whole number of native units"));
	}
	Balance::try_from(native).map_err(|_| revert("price too large"))
}

/// Native units to 18-decimal contract units.
fn to_eth(value: Balance) -> U256 {
	U256::from(value).saturating_mul(U256::from(NATIVE_TO_ETH_RATIO))
}
