//! The README and `--help` agree: every command of the binary is in the README's Quick start,
//! every option the README shows for a command is one of the command's, with values it
//! accepts, and every option of a command is in the README (the options every command takes,
//! once, in the sentence that says so).

use std::collections::{BTreeMap, BTreeSet};

use crate::common::*;

/// The `--options` of a text, in order.
fn options(text: &str) -> Vec<String> {
    text.match_indices("--")
        .filter(|(i, _)| {
            *i == 0 || !text[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '-')
        })
        .map(|(i, _)| {
            let rest = &text[i + 2..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(rest.len());
            format!("--{}", &rest[..end])
        })
        .filter(|o| o.len() > 2)
        .collect()
}

/// The Quick start's command lines (comments dropped, continued lines joined), by command.
fn readme_commands(readme: &str) -> BTreeMap<String, Vec<String>> {
    let section = readme
        .split("## Quick start")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the README has a Quick start");
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for block in section.split("```sh\n").skip(1) {
        for line in block.split("```").next().unwrap_or("").lines() {
            let code = line.split(" # ").next().unwrap_or("").trim_end();
            match code.strip_suffix('\\') {
                Some(start) => current.push_str(&format!("{} ", start.trim())),
                None => {
                    current.push_str(code.trim());
                    lines.push(std::mem::take(&mut current));
                }
            }
        }
    }
    let mut commands: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in lines {
        // What follows the command's name (`cargo run --release -- demo` is `demo`).
        let Some(rest) = (line.strip_prefix("schoolpeers "))
            .or_else(|| line.strip_prefix("cargo run --release -- "))
        else {
            continue;
        };
        let (command, options) = rest.split_once(' ').unwrap_or((rest, ""));
        commands
            .entry(command.to_owned())
            .or_default()
            .push(options.to_owned());
    }
    commands
}

/// A command's options from its `--help`, each with the values it accepts (empty: any).
fn help_options(command: &str) -> BTreeMap<String, BTreeSet<String>> {
    let o = schoolpeers(&[command, "--help"]);
    assert_success(&o);
    let help = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut found = BTreeMap::new();
    for line in help.lines().map(str::trim_start) {
        let line = line.strip_prefix("-h, ").unwrap_or(line);
        let Some(option) = line.starts_with("--").then(|| options(line)[0].clone()) else {
            continue;
        };
        let values = line
            .split("[possible values: ")
            .nth(1)
            .and_then(|v| v.split(']').next())
            .map(|v| v.split(", ").map(str::to_owned).collect())
            .unwrap_or_default();
        found.insert(option, values);
    }
    found.remove("--help");
    found
}

/// The commands of the binary, from its `--help`.
fn binary_commands() -> Vec<String> {
    let o = schoolpeers(&["--help"]);
    let help = String::from_utf8_lossy(&o.stdout).into_owned();
    let commands = help
        .split("Commands:")
        .nth(1)
        .and_then(|s| s.split("Options:").next())
        .expect("the help lists the commands");
    (commands.lines())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// Each `[--option a|b|c]` of a line with its values.
fn bracketed_values(line: &str) -> Vec<(String, Vec<String>)> {
    (line.split('[').skip(1))
        .filter_map(|part| {
            let inside = part.split(']').next()?;
            let mut words = inside.split_whitespace();
            let option = words.next()?.to_owned();
            let values = words.next()?;
            values
                .contains('|')
                .then(|| (option, values.split('|').map(str::to_owned).collect()))
        })
        .collect()
}

#[test]
fn the_readme_and_the_help_agree_on_every_command_and_option() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README");
    let quick_start = readme.split("## Quick start").nth(1).expect("Quick start");
    let quick_start = quick_start.split("\n## ").next().unwrap_or("");
    let commands = readme_commands(&readme);
    let every: Vec<String> = binary_commands();
    let helps: BTreeMap<&str, BTreeMap<String, BTreeSet<String>>> = every
        .iter()
        .map(|c| (c.as_str(), help_options(c)))
        .collect();
    let global: BTreeSet<&String> = (helps.values().next().expect("a command").keys())
        .filter(|o| helps.values().all(|h| h.contains_key(*o)))
        .collect();
    for option in &global {
        assert!(
            quick_start.contains(option.as_str()),
            "the README's Quick start says every command takes {option}"
        );
        for value in &helps[every[0].as_str()][*option] {
            assert!(
                quick_start.contains(value.as_str()),
                "{option} {value} in the README"
            );
        }
    }
    for command in &every {
        let lines = (commands.get(command))
            .unwrap_or_else(|| panic!("the README's Quick start shows `schoolpeers {command}`"));
        let help = &helps[command.as_str()];
        let shown: BTreeSet<String> = lines.iter().flat_map(|l| options(l)).collect();
        for option in &shown {
            assert!(
                help.contains_key(option),
                "README: `{command} {option}` is no option of it"
            );
        }
        for option in help.keys().filter(|o| !global.contains(o)) {
            assert!(
                shown.contains(option),
                "README: `{command}` does not show {option}"
            );
        }
        for (option, values) in lines.iter().flat_map(|l| bracketed_values(l)) {
            let accepted = &help[&option];
            for value in values.iter().filter(|_| !accepted.is_empty()) {
                assert!(
                    accepted.contains(value),
                    "README: `{command} {option} {value}` is refused"
                );
            }
        }
    }
}
