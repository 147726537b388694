//! `coop`'s commands, one file per area: each holds its clap arguments and runs them against a
//! [`crate::Client`].

pub mod account;
pub mod bylaws;
pub mod consent;
pub mod contract;
pub mod coops;
pub mod fetch;
pub mod governance;
pub mod market;
pub mod store;
