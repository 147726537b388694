//! `datacoop-store`: a member's data store on the command line (see [`datacoop_store::cli`]).
//! Errors end in one `Error:` line and exit 1.

use clap::Parser;

fn main() {
	match datacoop_store::cli::run(datacoop_store::cli::Cli::parse()) {
		Ok(text) if text.is_empty() => {},
		Ok(text) => println!("{text}"),
		Err(e) => {
			eprintln!("Error: {e}");
			std::process::exit(1);
		},
	}
}
