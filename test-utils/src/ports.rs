//! Loopback ports nobody listens on.

use std::{
	net::TcpListener,
	sync::atomic::{AtomicU32, Ordering},
};

/// Blocks handed out by this process so far, so that two nodes a test starts before either has
/// bound its ports are not given the same block.
static HANDED_OUT: AtomicU32 = AtomicU32::new(0);

/// A port the OS hands out as free right now (from its ephemeral range).
pub fn free() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.map(|addr| addr.port())
		.expect("the OS hands out a free port")
}

/// The first of `len` consecutive ports that are all free right now, below the OS's ephemeral
/// range (32768 and up on Linux), so that neither a [`free`] port handed to a test running beside
/// this one nor the local end of anyone's outgoing connection falls inside the block. Where the
/// search starts depends on the process and on how many blocks it took before; another process
/// may still bind a port between this check and its use, so a node's RPC port is read back from
/// its log ([`crate::node::Node::rpc_port`]).
pub fn free_block(len: u16) -> u16 {
	const LOW: u32 = 10_000;
	const HIGH: u32 = 32_000;
	let slots = (HIGH - LOW) / u32::from(len.max(1));
	let start = std::process::id()
		.wrapping_add(HANDED_OUT.fetch_add(1, Ordering::Relaxed).wrapping_mul(104_729));
	for attempt in 0..slots {
		let slot = (start.wrapping_mul(7919).wrapping_add(attempt)) % slots;
		let base = LOW + slot * u32::from(len);
		let Ok(base) = u16::try_from(base) else { continue };
		let all_free = (0..len).all(|offset| {
			base.checked_add(offset)
				.is_some_and(|port| TcpListener::bind(("127.0.0.1", port)).is_ok())
		});
		if all_free {
			return base;
		}
	}
	panic!("no {len} consecutive free ports between {LOW} and {HIGH}");
}
