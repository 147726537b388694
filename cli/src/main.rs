//! `coop`: see the library for the commands. Errors end in one `Error:` line and exit 1.

use clap::Parser;
use datacoop_cli::{Cli, Client, Command};

fn main() {
	let cli = Cli::parse();
	let json = cli.json;
	let url = cli.node_url();
	// Only commands that talk to a node need the key (a keystore asks for its password).
	let signer = if matches!(cli.command, Command::Store { .. }) { Ok(None) } else { cli.signer() };
	let outcome = match cli.command {
		// The store runs on its own: it needs no node for most commands, and its own runtime.
		Command::Store { args } => {
			if let Some(url) = &cli.url {
				std::env::set_var("COOP_URL", url);
			}
			if let Some(suri) = &cli.suri {
				std::env::set_var("COOP_SURI", suri);
			}
			if let Some(keystore) = &cli.keystore {
				std::env::set_var("COOP_KEYSTORE", keystore);
			}
			let mut argv = vec!["coop store".to_string()];
			if json {
				argv.push("--json".into());
			}
			argv.extend(args);
			let store_cli =
				datacoop_store::cli::Cli::try_parse_from(argv).unwrap_or_else(|e| e.exit());
			match datacoop_store::cli::run(store_cli) {
				Ok(text) => {
					if !text.is_empty() {
						println!("{text}");
					}
					return;
				},
				Err(e) => Err(datacoop_cli::Error::Input(e.to_string())),
			}
		},
		command => tokio::runtime::Runtime::new()
			.map_err(|e| datacoop_cli::Error::Input(e.to_string()))
			.and_then(|runtime| {
				runtime.block_on(async {
					let client = Client::connect(&url, signer?).await?;
					client.run(command).await
				})
			}),
	};
	match outcome {
		Ok(report) if json => println!("{}", report.json),
		Ok(report) => println!("{}", report.text),
		Err(e) => {
			eprintln!("Error: {e}");
			std::process::exit(1);
		},
	}
}
