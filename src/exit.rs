//! Exit codes, documented in the README.

use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything computed and written.
    Ok = 0,
    /// Bad input or a bad scheme: the messages say what and where; nothing was written.
    BadInput = 1,
    /// The command line was wrong (clap's own code).
    Usage = 2,
    /// Something outside the user's files failed: a disk error, a bug.
    Internal = 3,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}
