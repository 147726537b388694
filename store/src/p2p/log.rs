//! The access log (`access.log`, JSON lines): every request a grant's buyer makes, served or
//! refused, and why; and, within a rate limit, the requests refused before the store knew the
//! requester holds the grant they name. Those a stranger can send at will, so beyond
//! [`STRANGER_LINES_PER_SEC`] (a burst of [`STRANGER_BURST`]) they are only counted, and the
//! count is written as one `suppressed` line. Every field is of bounded size, and the log is
//! rotated to `access.log.1` at [`MAX_LOG_BYTES`], so it never takes more than twice that.

use std::{
	num::NonZeroU32,
	path::{Path, PathBuf},
	sync::{
		atomic::{AtomicU64, Ordering},
		Mutex,
	},
};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};

use super::now_secs;
use crate::Error;

/// The size at which `access.log` is rotated to `access.log.1` (which it replaces).
pub const MAX_LOG_BYTES: u64 = 8 * 1024 * 1024;
/// Lines a second for requests refused before the grant was known.
pub const STRANGER_LINES_PER_SEC: u32 = 5;
/// How many such lines may come at once.
pub const STRANGER_BURST: u32 = 50;
/// The longest `detail` kept, in characters.
const MAX_DETAIL_CHARS: usize = 256;

/// One line of the access log.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessEntry {
	/// Unix time (seconds).
	pub at: u64,
	/// The peer that asked.
	pub peer: String,
	/// The account the request claims to be from.
	pub buyer: String,
	/// The grant it names (0 for a shared request).
	pub grant: u64,
	/// The co-op and purpose of a shared request (the member's consent to the requester);
	/// `None` under a grant.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub shared: Option<(u32, u16)>,
	/// The category.
	pub category: u16,
	/// What was asked: `list`, `acknowledge` or the item id.
	pub want: String,
	/// `served`, `refused`, or `suppressed` for a count of refusals over the rate limit.
	pub outcome: String,
	/// Why it was refused, or what was served.
	pub detail: String,
}

/// The access log of the store in `dir`, oldest first (the rotated part, then the current).
pub fn access_log(dir: &Path) -> Result<Vec<AccessEntry>, Error> {
	let mut entries = Vec::new();
	for name in ["access.log.1", "access.log"] {
		let path = dir.join(name);
		let text = match std::fs::read_to_string(&path) {
			Ok(text) => text,
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
			Err(source) => return Err(Error::Io { path, source }),
		};
		// A line cut short by a crash is skipped, not fatal.
		entries.extend(text.lines().filter_map(|line| serde_json::from_str(line).ok()));
	}
	Ok(entries)
}

/// The writer of a store's access log.
pub(super) struct AccessLog {
	path: PathBuf,
	rotated: PathBuf,
	max_bytes: u64,
	strangers: DefaultDirectRateLimiter,
	suppressed: AtomicU64,
	/// Held while appending or rotating.
	writing: Mutex<()>,
}

impl AccessLog {
	/// The log of the store in `dir`.
	pub(super) fn new(dir: &Path) -> Self {
		Self::with_bounds(dir, MAX_LOG_BYTES, STRANGER_LINES_PER_SEC, STRANGER_BURST)
	}

	fn with_bounds(dir: &Path, max_bytes: u64, per_second: u32, burst: u32) -> Self {
		let rate = |n: u32| NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
		Self {
			path: dir.join("access.log"),
			rotated: dir.join("access.log.1"),
			max_bytes,
			strangers: RateLimiter::direct(
				Quota::per_second(rate(per_second)).allow_burst(rate(burst)),
			),
			suppressed: AtomicU64::new(0),
			writing: Mutex::new(()),
		}
	}

	/// Log `entry`: always if `vouched` (the requester holds the grant it names, or was
	/// served), else within the strangers' rate limit, and only counted beyond it. An error
	/// means the line that had to be written was not.
	pub(super) fn record(&self, mut entry: AccessEntry, vouched: bool) -> Result<(), Error> {
		if !vouched && self.strangers.check().is_err() {
			self.suppressed.fetch_add(1, Ordering::Relaxed);
			return Ok(());
		}
		if entry.detail.chars().count() > MAX_DETAIL_CHARS {
			entry.detail = entry.detail.chars().take(MAX_DETAIL_CHARS).collect();
		}
		let mut lines = self.suppressed_line();
		lines.push(entry);
		self.append(&lines)
	}

	/// Write the count of suppressed refusals, if there are any: called now and then, so a
	/// flood that stops is still on record.
	pub(super) fn flush(&self) -> Result<(), Error> {
		let lines = self.suppressed_line();
		if lines.is_empty() {
			return Ok(());
		}
		self.append(&lines)
	}

	fn suppressed_line(&self) -> Vec<AccessEntry> {
		let count = self.suppressed.swap(0, Ordering::Relaxed);
		if count == 0 {
			return Vec::new();
		}
		vec![AccessEntry {
			at: now_secs(),
			peer: String::new(),
			buyer: String::new(),
			grant: 0,
			shared: None,
			category: 0,
			want: String::new(),
			outcome: "suppressed".into(),
			detail: format!("{count} refused requests not logged (over the log's rate limit)"),
		}]
	}

	fn append(&self, entries: &[AccessEntry]) -> Result<(), Error> {
		use std::io::Write;
		let mut bytes = Vec::new();
		for entry in entries {
			serde_json::to_writer(&mut bytes, entry).map_err(|e| Error::Corrupt(e.to_string()))?;
			bytes.push(b'\n');
		}
		let io = |path: &Path| {
			let path = path.to_path_buf();
			move |source| Error::Io { path, source }
		};
		let _writing = self.writing.lock().map_err(|_| Error::Corrupt("log poisoned".into()))?;
		let size = std::fs::metadata(&self.path).map_or(0, |m| m.len());
		if size > 0 && size.saturating_add(bytes.len() as u64) > self.max_bytes {
			std::fs::rename(&self.path, &self.rotated).map_err(io(&self.path))?;
		}
		crate::append_private(&self.path)
			.and_then(|mut f| f.write_all(&bytes).and_then(|_| f.sync_data()))
			.map_err(io(&self.path))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn entry(detail: &str) -> AccessEntry {
		AccessEntry {
			at: 1,
			peer: "p".into(),
			buyer: "b".into(),
			grant: 0,
			shared: None,
			category: 1,
			want: "list".into(),
			outcome: "refused".into(),
			detail: detail.into(),
		}
	}

	/// A flood of strangers' refusals writes a burst and a count, not a line each; a grant's
	/// buyer is always logged; details are capped; and the log rotates, so it stays within
	/// twice its bound on disk however long the flood goes on.
	#[test]
	fn the_log_is_bounded_whoever_floods_it() {
		let dir = std::env::temp_dir().join(format!("datacoop-log-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		std::fs::create_dir_all(&dir).unwrap();
		let log = AccessLog::with_bounds(&dir, 64 * 1024, 1, 10);
		let started = std::time::Instant::now();
		for _ in 0..1_000 {
			log.record(entry(&"x".repeat(10_000)), false).unwrap();
		}
		log.record(entry("the buyer's"), true).unwrap();
		let lines = access_log(&dir).unwrap();
		// The burst, a line a second since, the count and the buyer's.
		let most = 10 + started.elapsed().as_secs() as usize + 1 + 2;
		assert!(lines.len() <= most, "{} lines for 1,000 refusals", lines.len());
		assert!(lines.iter().all(|l| l.detail.len() <= MAX_DETAIL_CHARS));
		let suppressed = lines.iter().find(|l| l.outcome == "suppressed").expect("a count");
		assert!(suppressed.detail.contains("refused requests not logged"), "{suppressed:?}");
		assert_eq!(lines.last().map(|l| l.detail.as_str()), Some("the buyer's"));
		for _ in 0..5_000 {
			log.record(entry("vouched"), true).unwrap();
		}
		let size = |name: &str| std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
		assert!(size("access.log") <= 64 * 1024 && size("access.log.1") <= 64 * 1024);
		assert!(size("access.log.1") > 0, "rotated");
		assert!(access_log(&dir).unwrap().len() > 300, "the newest lines are all kept");
		let _ = std::fs::remove_dir_all(&dir);
	}
}
