//! `coop store <command>`: the member's own data store, run in this process as
//! `datacoop-store <command>` would run it, with `coop`'s `--url`, `--suri` and `--keystore` as
//! the store's chain arguments where the store command takes them.

use std::path::PathBuf;

use clap::{Args, Parser};

use crate::Error;

/// The store command and its arguments.
#[derive(Debug, Args)]
pub struct Store {
	/// The store command and its arguments.
	#[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
	pub args: Vec<String>,
}

/// `coop`'s global arguments a store command inherits.
#[derive(Debug, Default)]
pub struct Inherited {
	/// `--url`.
	pub url: Option<String>,
	/// `--suri`.
	pub suri: Option<String>,
	/// `--keystore`.
	pub keystore: Option<PathBuf>,
	/// `--json`.
	pub json: bool,
}

impl Store {
	/// The store's command line: its own arguments, and `inherited` where it names none. A
	/// command line the store does not take is clap's error (help included), for the caller to
	/// print and exit with.
	pub fn parse(self, inherited: Inherited) -> Result<datacoop_store::cli::Cli, clap::Error> {
		let mut argv = vec!["coop store".to_string()];
		if inherited.json {
			argv.push("--json".into());
		}
		argv.extend(self.args);
		let mut cli = datacoop_store::cli::Cli::try_parse_from(argv)?;
		if let Some(chain) = cli.command.chain_mut() {
			chain.url = chain.url.take().or(inherited.url);
			chain.suri = chain.suri.take().or(inherited.suri);
			chain.keystore = chain.keystore.take().or(inherited.keystore);
		}
		Ok(cli)
	}
}

/// Run a parsed store command; returns what to print.
pub fn run(cli: datacoop_store::cli::Cli) -> Result<String, Error> {
	Ok(datacoop_store::cli::run(cli)?)
}
