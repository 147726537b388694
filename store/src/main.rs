//! `datacoop-store`: a member's data store on the command line (see [`datacoop_store::cli`]).
//! Errors end in one `Error:` line and exit 1. Logs go to standard error, filtered by
//! `RUST_LOG` (`RUST_LOG=datacoop_store=debug` shows every buyer request); by default only
//! warnings.

use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() {
	let filter = EnvFilter::try_from_default_env()
		.unwrap_or_else(|_| EnvFilter::new("off,datacoop_store=warn,datacoop_client=warn"));
	let _ = tracing_subscriber::fmt()
		.with_env_filter(filter)
		.with_writer(std::io::stderr)
		.try_init();
	match datacoop_store::cli::run(datacoop_store::cli::Cli::parse()) {
		Ok(text) if text.is_empty() => {},
		Ok(text) => println!("{text}"),
		Err(e) => {
			eprintln!("Error: {e}");
			std::process::exit(1);
		},
	}
}
