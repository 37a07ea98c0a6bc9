//! The pipeline behind the `schoolpeers` binary. `main.rs` parses the command
//! line and calls it; it is a library too so that the workspace's benches
//! (benches/) time the whole run as the binary does it.

pub mod config;
pub mod error;
pub mod pipeline;
pub mod progress;
