//! Loopback ports nobody listens on.

use std::net::TcpListener;

/// A port the OS hands out as free right now (from its ephemeral range).
pub fn free() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.map(|addr| addr.port())
		.expect("the OS hands out a free port")
}

/// The first of `len` consecutive ports that are all free right now, below the OS's ephemeral
/// range (32768 and up on Linux), so that no [`free`] port handed to a test running beside this
/// one falls inside the block. For scripts that take base ports, like `federation.sh`.
pub fn free_block(len: u16) -> u16 {
	const LOW: u32 = 10_000;
	const HIGH: u32 = 32_000;
	let slots = (HIGH - LOW) / u32::from(len.max(1));
	let start = std::process::id();
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
