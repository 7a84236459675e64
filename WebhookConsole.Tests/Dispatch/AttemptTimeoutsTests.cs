using WebhookConsole.Dispatch;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>
/// The attempt timeouts' pool: a source is reused only when nothing can cancel it any more, and nothing registered on it
/// during one attempt hears of a later attempt's cancellation.
/// </summary>
[Trait("Lane", "Unit")]
public class AttemptTimeoutsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public void A_reused_source_drops_the_registrations_of_its_previous_attempt()
    {
        var timeouts = new AttemptTimeouts();
        var first = timeouts.Start(Timeout);
        var heard = 0;
        // A registration its owner forgot to dispose.
        first.Token.Register(() => Interlocked.Increment(ref heard));
        timeouts.Return(first, TimeSpan.FromMilliseconds(5), Timeout);
        Assert.Equal(1, timeouts.Pooled);

        var second = timeouts.Start(Timeout);
        Assert.Same(first, second);
        Assert.False(second.IsCancellationRequested);
        second.Cancel();
        Assert.Equal(0, heard);
    }

    [Fact]
    public void A_reused_source_still_times_out()
    {
        var timeouts = new AttemptTimeouts();
        timeouts.Return(timeouts.Start(Timeout), TimeSpan.FromMilliseconds(5), Timeout);
        var again = timeouts.Start(TimeSpan.FromMilliseconds(1));
        Assert.True(again.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)));
        Assert.True(again.IsCancellationRequested);
    }

    [Fact]
    public void A_cancelled_source_or_one_close_to_its_deadline_is_never_reused()
    {
        var timeouts = new AttemptTimeouts();
        var cancelled = timeouts.Start(Timeout);
        cancelled.Cancel();
        timeouts.Return(cancelled, TimeSpan.FromMilliseconds(5), Timeout);
        var late = timeouts.Start(Timeout);
        timeouts.Return(late, Timeout - AttemptTimeouts.Margin, Timeout);
        Assert.Equal(0, timeouts.Pooled);
        Assert.NotSame(cancelled, timeouts.Start(Timeout));
        // Disposed, not pooled: their timers are gone.
        Assert.Throws<ObjectDisposedException>(() => late.CancelAfter(1));
    }

    [Fact]
    public void The_pool_keeps_at_most_its_bound()
    {
        var timeouts = new AttemptTimeouts();
        var sources = Enumerable.Range(0, AttemptTimeouts.MaxPooled + 10).Select(_ => timeouts.Start(Timeout)).ToList();
        foreach (var source in sources) timeouts.Return(source, TimeSpan.FromMilliseconds(5), Timeout);
        Assert.Equal(AttemptTimeouts.MaxPooled, timeouts.Pooled);
    }
}
