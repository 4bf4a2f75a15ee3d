//! A cap on what one command's answer may bring in.
//!
//! The IMAP reader buffers a whole response (a `FETCH` literal included)
//! before handing it over; a hostile or broken server could announce a
//! small message and send gigabytes. [`Budgeted`] counts the bytes read
//! since the budget was last set and fails the read past it, so memory
//! stays bounded by the budget whatever the server sends.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The error a read past the budget returns (inside an [`io::Error`]).
#[derive(Debug)]
pub(crate) struct BudgetExceeded;

impl std::fmt::Display for BudgetExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("response larger than its cap")
    }
}

impl std::error::Error for BudgetExceeded {}

/// True when `error` is a read past the budget.
pub(crate) fn is_budget_exceeded(error: &io::Error) -> bool {
    error
        .get_ref()
        .is_some_and(|inner| inner.is::<BudgetExceeded>())
}

/// A stream whose reads stop with [`BudgetExceeded`] after `remaining`
/// bytes; writes pass through.
#[derive(Debug)]
pub(crate) struct Budgeted<S> {
    inner: S,
    remaining: u64,
}

impl<S> Budgeted<S> {
    pub(crate) fn new(inner: S, budget: u64) -> Self {
        Self {
            inner,
            remaining: budget,
        }
    }

    /// Allows `budget` more bytes from now on.
    pub(crate) fn set_budget(&mut self, budget: u64) {
        self.remaining = budget;
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Budgeted<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        if this.remaining == 0 {
            return Poll::Ready(Err(io::Error::other(BudgetExceeded)));
        }
        let max = usize::try_from(this.remaining)
            .unwrap_or(usize::MAX)
            .min(buf.remaining());
        let n = {
            let window = buf.initialize_unfilled_to(max);
            let mut limited = ReadBuf::new(window);
            ready!(Pin::new(&mut this.inner).poll_read(cx, &mut limited))?;
            limited.filled().len()
        };
        buf.advance(n);
        this.remaining = this.remaining.saturating_sub(n as u64);
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Budgeted<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, data)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt as _;

    #[tokio::test]
    async fn reads_stop_at_the_budget() {
        let data = [7u8; 100];
        let mut stream = Budgeted::new(&data[..], 60);
        let mut got = Vec::new();
        let error = stream.read_to_end(&mut got).await.unwrap_err();
        assert!(is_budget_exceeded(&error));
        assert_eq!(got.len(), 60);
        // A new budget lets the rest through; the end of the data is an
        // ordinary end of stream.
        stream.set_budget(1000);
        stream.read_to_end(&mut got).await.unwrap();
        assert_eq!(got.len(), 100);
    }
}
