//! `coop`: see the library for the commands. Errors end in one `Error:` line and exit 1.

use clap::Parser;
use datacoop_cli::{Cli, Client};

#[tokio::main]
async fn main() {
	let cli = Cli::parse();
	let json = cli.json;
	let outcome = async {
		let client = Client::connect(&cli.node_url(), cli.secret().as_deref()).await?;
		client.run(cli.command).await
	}
	.await;
	match outcome {
		Ok(report) if json => println!("{}", report.json),
		Ok(report) => println!("{}", report.text),
		Err(e) => {
			eprintln!("Error: {e}");
			std::process::exit(1);
		},
	}
}
