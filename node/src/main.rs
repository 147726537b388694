//! The DataCoop node: a validator of a federation of data cooperatives.

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() {
	if let Err(error) = command::run() {
		// One line, no backtrace: the operator needs to know what to fix, not where we were.
		eprintln!("Error: {error}");
		std::process::exit(1);
	}
}
