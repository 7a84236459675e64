using System.Collections.Concurrent;

namespace WebhookConsole.Dispatch;

/// <summary>
/// The cancellation sources that bound each attempt's time, reused from attempt to attempt: a fresh source and its timer
/// per attempt were a few hundred bytes of garbage per delivery. A source goes back only when it is certain no one can
/// cancel it any more: it was never cancelled, its reset succeeded (which also drops any registration still on it, so none
/// outlives its attempt), and the attempt ended well before its deadline, so the timer cannot be firing right then.
/// </summary>
internal sealed class AttemptTimeouts
{
    /// <summary>Sources kept at most: beyond the attempts that run at once, more would only sit in memory.</summary>
    public const int MaxPooled = 256;

    /// <summary>How far before its deadline an attempt must end for its source to be reused.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    private readonly ConcurrentQueue<CancellationTokenSource> pool = new();
    private int pooled;

    /// <summary>A source that cancels after <paramref name="timeout"/>.</summary>
    public CancellationTokenSource Start(TimeSpan timeout)
    {
        if (pool.TryDequeue(out var source)) Interlocked.Decrement(ref pooled);
        else source = new CancellationTokenSource();
        source.CancelAfter(timeout);
        return source;
    }

    /// <summary>Hands back a source from <see cref="Start"/>, once nothing uses its token; it is reused or disposed.</summary>
    public void Return(CancellationTokenSource source, TimeSpan elapsed, TimeSpan timeout)
    {
        if (elapsed < timeout - Margin && source.TryReset())
        {
            if (Interlocked.Increment(ref pooled) <= MaxPooled)
            {
                pool.Enqueue(source);
                return;
            }
            Interlocked.Decrement(ref pooled);
        }
        source.Dispose();
    }

    /// <summary>Sources waiting for reuse (tests).</summary>
    public int Pooled => pool.Count;
}
