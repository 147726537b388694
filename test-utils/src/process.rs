//! The workspace's binaries, run to completion or kept running under a guard.

use std::{
	io::{BufRead, BufReader},
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::mpsc,
	time::Duration,
};

/// A binary cargo built for this test run (`datacoop-node`, `coop`, `datacoop-store`), found next
/// to the test executable's folder (`target/<profile>/deps/..`).
pub fn bin(name: &str) -> PathBuf {
	let exe = std::env::current_exe().expect("the test knows its own path");
	let dir = exe.parent().and_then(Path::parent).expect("the test runs from a target dir");
	let path = dir.join(name);
	assert!(
		path.exists(),
		"{} is missing: build the workspace first (cargo test --workspace --no-run)",
		path.display()
	);
	path
}

/// The passphrase every test store's member key is wrapped under (`COOP_STORE_PASSPHRASE`).
pub const STORE_PASSPHRASE: &str = "correct horse battery staple";

/// A command for binary `name` ([`bin`]), with [`STORE_PASSPHRASE`] in its environment, so
/// that the stores it creates or opens are wrapped under it.
pub fn command(name: &str) -> Command {
	let mut command = Command::new(bin(name));
	command.env("COOP_STORE_PASSPHRASE", STORE_PASSPHRASE);
	command
}

/// How a finished process ended: exit status and its output, trimmed.
#[derive(Debug)]
pub struct Outcome {
	pub success: bool,
	pub stdout: String,
	pub stderr: String,
}

impl Outcome {
	/// Stdout of a process that must have succeeded.
	pub fn ok(self, what: &str) -> String {
		assert!(self.success, "{what} failed:\n{}\n{}", self.stderr, self.stdout);
		self.stdout
	}
}

/// Run `command` to completion.
pub fn run(command: &mut Command) -> Outcome {
	let out = command.output().unwrap_or_else(|e| panic!("{command:?} cannot start: {e}"));
	Outcome {
		success: out.status.success(),
		stdout: String::from_utf8_lossy(&out.stdout).trim().to_string(),
		stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
	}
}

/// Run `coop --url <url> <args>`.
pub fn coop(url: &str, args: &[&str]) -> Outcome {
	run(command("coop").arg("--url").arg(url).args(args))
}

/// Run `coop --url <url> <args>`, which must succeed; its stdout.
pub fn coop_ok(url: &str, args: &[&str]) -> String {
	coop(url, args).ok(&format!("coop {args:?}"))
}

/// On a dev node at `url`, the demo co-op (0) votes in offer `offer` of category 1 for purpose
/// 0 through `coop`: Alice proposes it, Alice, Bob and Charlie vote aye, Charlie closes (waiting
/// out the minimum voting time). `terms` is the terms document, if any.
pub fn vote_in_offer(
	url: &str,
	(price, duration, min_contributors): (u128, u32, u32),
	terms: Option<&std::path::Path>,
) {
	let (price, duration, min) =
		(price.to_string(), duration.to_string(), min_contributors.to_string());
	let mut args = vec![
		"--suri", "//Alice", "propose", "0", "offer", "--purpose", "0", "--categories", "1",
		"--price", &price, "--duration", &duration, "--min-contributors", &min,
	];
	let terms = terms.map(|t| t.to_str().expect("UTF-8 path").to_string());
	if let Some(terms) = &terms {
		args.extend(["--terms", terms]);
	}
	let proposed = coop_ok(url, &args);
	assert!(proposed.contains("Governance.Proposed"), "{proposed}");
	let proposal = proposed_id(url);
	for voter in ["//Alice", "//Bob", "//Charlie"] {
		coop_ok(url, &["--suri", voter, "vote", &proposal, "aye"]);
	}
	let closed = coop_ok(url, &["--suri", "//Charlie", "close", &proposal, "--wait"]);
	assert!(closed.contains("Market.OfferPublished"), "{closed}");
}

/// The newest open proposal of co-op 0.
fn proposed_id(url: &str) -> String {
	let open: serde_json::Value =
		serde_json::from_str(&coop_ok(url, &["--json", "proposals", "--coop", "0"])).expect("JSON");
	open.as_array()
		.and_then(|list| list.iter().filter_map(|p| p["proposal"].as_u64()).max())
		.expect("an open proposal")
		.to_string()
}

/// A child process killed (SIGKILL) and reaped when this guard drops, so that a failing test
/// leaves nothing running.
#[derive(Debug)]
pub struct Guarded(Option<Child>);

impl Guarded {
	pub fn new(child: Child) -> Self {
		Guarded(Some(child))
	}

	/// Start `command` with stdout piped and wait up to `timeout` for a line starting with
	/// `prefix`; returns the guard and the rest of that line. Later stdout is drained.
	pub fn until_line(command: &mut Command, prefix: &str, timeout: Duration) -> (Guarded, String) {
		let mut child = command
			.stdout(Stdio::piped())
			.spawn()
			.unwrap_or_else(|e| panic!("{command:?} cannot start: {e}"));
		let stdout = child.stdout.take().expect("stdout is piped");
		let guard = Guarded::new(child);
		let (tx, rx) = mpsc::channel();
		let wanted = prefix.to_string();
		std::thread::spawn(move || {
			let mut sent = false;
			for line in BufReader::new(stdout).lines().map_while(Result::ok) {
				if !sent {
					if let Some(rest) = line.strip_prefix(&wanted) {
						let _ = tx.send(rest.to_string());
						sent = true;
					}
				}
			}
		});
		let line = rx.recv_timeout(timeout).unwrap_or_else(|_| {
			panic!("{command:?} printed no line starting with {prefix:?} within {timeout:?}")
		});
		(guard, line)
	}

	/// The process id, to signal it. (Never a made-up 0: `kill 0` would signal the whole
	/// process group, the test runner included.)
	pub fn id(&self) -> u32 {
		self.0.as_ref().map(Child::id).expect("the child is guarded until drop")
	}

	/// The child, for `try_wait` and friends.
	pub fn child(&mut self) -> &mut Child {
		self.0.as_mut().expect("the child is guarded until drop")
	}

	/// Give up the guard: the caller waits for or kills the child itself.
	pub fn into_inner(mut self) -> Child {
		self.0.take().expect("the child is guarded until drop")
	}

	/// Send `signal` (e.g. `-9`, `-INT`, `-STOP`) with `kill`.
	pub fn signal(&self, signal: &str) {
		let _ = Command::new("kill").args([signal, &self.id().to_string()]).status();
	}
}

impl Drop for Guarded {
	fn drop(&mut self) {
		if let Some(mut child) = self.0.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

/// Run `coop store --dir <dir> <args>`, which must succeed; its stdout.
pub fn store(dir: &Path, args: &[&str]) -> String {
	run(command("coop").arg("store").arg("--dir").arg(dir).args(args))
		.ok(&format!("coop store {args:?}"))
}

/// On a dev node at `url` where offer 0 (co-op 0, category 1, purpose 0) is published, a store
/// in `dir` for the member `suri` keeping each of `contents` as an item of category 1 for co-op
/// 0, its commitment registered and the member's consent to offer 0 given.
pub fn member_store(url: &str, suri: &str, dir: &Path, contents: &[&str]) {
	store(dir, &["init"]);
	let files: Vec<PathBuf> = (0..contents.len())
		.map(|i| dir.with_extension(format!("item-{i}.csv")))
		.collect();
	let mut import = vec!["import", "--coop", "0", "--category", "1"];
	for (file, content) in files.iter().zip(contents) {
		std::fs::write(file, content).expect("a file to import");
		import.push(file.to_str().expect("path"));
	}
	store(dir, &import);
	let dir = dir.to_str().expect("UTF-8 path");
	let registered = coop_ok(
		url,
		&["--suri", suri, "store", "--dir", dir, "register", "--coop", "0", "--category", "1"],
	);
	assert!(registered.contains("Consent.DataCommitted"), "{registered}");
	let given = coop_ok(
		url,
		&[
			"--suri", suri, "consent", "give", "--coop", "0", "--offer", "0", "--purpose", "0",
			"--categories", "1",
		],
	);
	assert!(given.contains("Consent.ConsentGiven"), "{given}");
}

/// `coop --url <url> --suri <suri> store --dir <dir> serve` on loopback ports with `serve_args`
/// (how it follows the chain, limits), until it prints where buyers reach it; the guard and
/// that address.
pub fn serve_store(url: &str, suri: &str, dir: &Path, serve_args: &[&str]) -> (Guarded, String) {
	let (guard, line) = Guarded::until_line(
		command("coop")
			.args(["--url", url, "--suri", suri, "store", "--dir"])
			.arg(dir)
			.args(["serve", "--listen", "127.0.0.1:0", "--p2p", "/ip4/127.0.0.1/tcp/0"])
			.args(serve_args)
			.stderr(Stdio::inherit()),
		"buyers reach this store at ",
		Duration::from_secs(180),
	);
	(guard, line.split_whitespace().next().unwrap_or_default().to_string())
}
