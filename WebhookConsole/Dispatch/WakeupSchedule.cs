using System.Threading.Channels;

namespace WebhookConsole.Dispatch;

/// <summary>
/// When the due sweep loop wakes next: the earliest of the times this node knows something falls due and the sweep
/// interval. Times are kept in 20 ms buckets so a burst of retries due together wakes the loop once; a nudge cuts a sleep
/// short when an earlier time arrives while the loop sleeps.
/// </summary>
public sealed class WakeupSchedule(TimeProvider time)
{
    /// <summary>Wake-ups are kept for work due within this; later work is found by the periodic sweep.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(1);
    private const long BucketMs = 20;

    private readonly Channel<byte> nudge = Channel.CreateBounded<byte>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SortedSet<long> wakeups = [];

    /// <summary>Wake at <paramref name="due"/> (now when null or past).</summary>
    public void WakeAt(DateTimeOffset? due)
    {
        if (due is null || due <= time.GetUtcNow() || Add(due.Value)) Nudge(); // the sleeper recomputes how long to sleep
    }

    /// <summary>Notes a wake-up at <paramref name="due"/>'s bucket; true when it is now the earliest one.</summary>
    /// <param name="beyondHorizon">Keep it however far ahead (the sweep's one next due time: a single entry, whatever the sweep interval).</param>
    public bool Add(DateTimeOffset due, bool beyondHorizon = false)
    {
        if (!beyondHorizon && due - time.GetUtcNow() > Horizon) return false;
        var bucket = (due.ToUnixTimeMilliseconds() + BucketMs - 1) / BucketMs * BucketMs;
        lock (wakeups)
            return wakeups.Add(bucket) && wakeups.Min == bucket;
    }

    /// <summary>Ends the current sleep (or the next one) at once.</summary>
    public void Nudge() => nudge.Writer.TryWrite(0);

    /// <summary>
    /// How long to sleep from now: until the earliest wake-up after <paramref name="sweptUpTo"/> (those up to it were served
    /// by the sweep that started then, and are dropped), at most <paramref name="interval"/>; zero or less means at once.
    /// </summary>
    public TimeSpan NextWait(long sweptUpTo, TimeSpan interval)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var wait = interval;
        lock (wakeups)
        {
            wakeups.RemoveWhere(w => w <= sweptUpTo);
            if (wakeups.Count > 0 && TimeSpan.FromMilliseconds(wakeups.Min - nowMs) is var untilNext && untilNext < wait) wait = untilNext;
        }
        return wait;
    }

    /// <summary>Sleeps for <see cref="NextWait"/>, or until nudged.</summary>
    public async Task SleepAsync(long sweptUpTo, TimeSpan interval, CancellationToken stoppingToken)
    {
        var wait = NextWait(sweptUpTo, interval);
        if (wait <= TimeSpan.Zero) return;
        using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(wait, time, sleep.Token);
        var nudged = nudge.Reader.WaitToReadAsync(sleep.Token).AsTask();
        try
        {
            await Task.WhenAny(delay, nudged);
        }
        finally
        {
            await sleep.CancelAsync();
            nudge.Reader.TryRead(out _);
        }
    }
}
