//! End-to-end tests: they drive the real `schoolpeers` binary on fixtures in data/.

mod adversarial;
mod bad_input;
mod browser;
mod check;
mod cluster;
mod common;
mod config;
mod demo;
mod docs;
mod evaluation;
mod exit_codes;
mod generated;
mod golden;
mod headers;
mod help;
mod judgement;
mod mentors;
mod notebooks;
mod objectivity;
mod output_folder;
mod outputs;
mod properties;
mod safe_outputs;
mod scorecard;
mod shapes;
mod targets;
