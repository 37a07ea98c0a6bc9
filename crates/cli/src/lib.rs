//! The commands behind the `schoolpeers` binary. `main.rs` parses the command line and calls
//! them; it is a library too so that the workspace's benches (benches/) time the whole run as
//! the binary does it.

pub mod adapter;
pub mod commands;
pub mod config;
pub mod console;
pub mod error;
pub mod interrupt;
pub mod output;
mod rerun;
mod scorecard;
pub mod settings;
