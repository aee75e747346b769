//! `--flag value` pairs, boolean switches and positional arguments.

use super::CliError;

pub struct Flags {
    positional: Vec<String>,
    values: Vec<(String, String)>,
    switches: Vec<String>,
}

impl Flags {
    /// `valued`: options that take a value; `switches`: options that do not.
    pub fn parse(args: Vec<String>, valued: &[&str], switches: &[&str]) -> Result<Flags, CliError> {
        Flags::parse_with_repeatable(args, valued, &[], switches)
    }

    /// As [`Flags::parse`], where the options in `repeatable` (also in `valued`) may be given
    /// more than once ([`Flags::get_all`] reads them in order).
    pub fn parse_with_repeatable(
        args: Vec<String>,
        valued: &[&str],
        repeatable: &[&str],
        switches: &[&str],
    ) -> Result<Flags, CliError> {
        let mut flags = Flags { positional: Vec::new(), values: Vec::new(), switches: Vec::new() };
        let mut it = args.into_iter();
        while let Some(arg) = it.next() {
            if !arg.starts_with("--") || arg == "--" {
                flags.positional.push(arg);
                continue;
            }
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                None => (arg.clone(), None),
            };
            if switches.contains(&name.as_str()) {
                if inline.is_some() {
                    return Err(CliError::Usage(format!("{name} takes no value")));
                }
                flags.switches.push(name);
                continue;
            }
            if !valued.contains(&name.as_str()) {
                return Err(CliError::Usage(format!("unknown option {name}")));
            }
            let value = match inline {
                Some(v) => v,
                None => it.next().ok_or_else(|| CliError::Usage(format!("{name} needs a value")))?,
            };
            if !repeatable.contains(&name.as_str()) && flags.values.iter().any(|(n, _)| *n == name) {
                return Err(CliError::Usage(format!("{name} given twice")));
            }
            flags.values.push((name, value));
        }
        Ok(flags)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Every value of an option, in the order given (several only for a repeatable option).
    pub fn get_all(&self, name: &str) -> Vec<&str> {
        self.values.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    pub fn has(&self, switch: &str) -> bool {
        self.switches.iter().any(|s| s == switch)
    }

    pub fn require(&self, name: &str) -> Result<&str, CliError> {
        self.get(name).ok_or_else(|| CliError::Usage(format!("{name} is required")))
    }

    pub fn one_positional(&self, what: &str) -> Result<&str, CliError> {
        match self.positional.as_slice() {
            [one] => Ok(one),
            [] => Err(CliError::Usage(format!("{what} is required"))),
            more => Err(CliError::Usage(format!("expected one {what}, got {}", more.len()))),
        }
    }

    pub fn no_positional(&self) -> Result<(), CliError> {
        match self.positional.first() {
            None => Ok(()),
            Some(p) => Err(CliError::Usage(format!("unexpected argument {p:?}"))),
        }
    }
}
