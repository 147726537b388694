//! `coop`: see the library for the commands. Errors end in one `Error:` line and exit 1; a
//! command line clap refuses (a bad address, hash or choice) prints its usage and exits 2.

use anyhow::Context as _;
use clap::Parser;
use datacoop_cli::{
	commands::store::{self, Inherited},
	Cli, Client, Command,
};

fn main() {
	datacoop_cli::logging();
	let cli = Cli::parse();
	match run(cli) {
		Ok(output) => {
			if !output.is_empty() {
				println!("{output}");
			}
		},
		Err(e) => {
			eprintln!("Error: {e}");
			std::process::exit(1);
		},
	}
}

/// Run the command line; returns what to print.
fn run(cli: Cli) -> anyhow::Result<String> {
	let json = cli.json;
	let url = cli.node_url();
	// The store runs on its own: most of its commands need no node, and it has its own runtime.
	if let Command::Store(args) = cli.command {
		let inherited = Inherited { url: cli.url, suri: cli.suri, keystore: cli.keystore, json };
		let store_cli = args.parse(inherited).unwrap_or_else(|e| e.exit());
		return Ok(store::run(store_cli)?);
	}
	// Only commands that talk to a node need the key (a keystore asks for its password).
	let signer = cli.signer()?;
	let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
	let report = runtime.block_on(async {
		let client = Client::connect(&url, signer).await?;
		client.run(cli.command).await
	})?;
	Ok(if json { report.json.to_string() } else { report.text })
}
