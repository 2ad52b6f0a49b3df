//! [`Tee`]: one computation watched by two sinks — the output being written
//! and, say, the archive's figures ([`crate::archive::Figures`]) — so that what
//! is recorded is exactly what was written, from the same pass of the engine.

use crate::engine::{MonthView, Sink, TeamView, Traced};
use std::convert::Infallible;

/// A sink handing every team and the month to `0`, then to `1`. The first
/// sink's error type is the tee's; the second's must convert into it (a sink
/// that cannot fail has `Infallible`).
#[derive(Debug, Default)]
pub struct Tee<A, B>(pub A, pub B);

impl<A: Sink, B: Sink> Sink for Tee<A, B>
where
    B::Error: Into<A::Error>,
{
    type Error = A::Error;

    fn team(&mut self, team: &TeamView) -> Result<(), A::Error> {
        self.0.team(team)?;
        self.1.team(team).map_err(Into::into)
    }

    fn traced(&self) -> Traced {
        self.0.traced().max(self.1.traced())
    }

    fn finish(&mut self, month: &MonthView) -> Result<(), A::Error> {
        self.0.finish(month)?;
        self.1.finish(month).map_err(Into::into)
    }
}

/// A sink that cannot fail teed with an output.
impl From<Infallible> for super::Error {
    fn from(never: Infallible) -> super::Error {
        match never {}
    }
}

/// A sink lent to a tee (`Tee(&mut output, &mut figures)`), kept by its owner.
impl<S: Sink + ?Sized> Sink for &mut S {
    type Error = S::Error;

    fn team(&mut self, team: &TeamView) -> Result<(), S::Error> {
        (**self).team(team)
    }

    fn traced(&self) -> Traced {
        (**self).traced()
    }

    fn finish(&mut self, month: &MonthView) -> Result<(), S::Error> {
        (**self).finish(month)
    }
}
