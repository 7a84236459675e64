using Microsoft.Extensions.Time.Testing;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>
/// When the due sweep loop wakes, on a fake clock: at the earliest known due time but no later than the sweep interval,
/// at once for a due time already past, and only when the clock reaches the due time.
/// </summary>
[Trait("Lane", "Unit")]
public class WakeupScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    // A hang guard only: the sleep ends on the fake clock, long before this.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider clock = new(Start);
    private readonly WakeupSchedule schedule;

    public WakeupScheduleTests() => schedule = new WakeupSchedule(clock);

    // Nothing has been swept yet: no wake-up is dropped as served.
    private static readonly long NothingSwept = Start.AddDays(-1).ToUnixTimeMilliseconds();

    [Fact]
    public void With_nothing_due_the_loop_sleeps_one_sweep_interval() =>
        Assert.Equal(Interval, schedule.NextWait(NothingSwept, Interval));

    [Theory]
    [InlineData(5000, 5000)]   // due before the interval ends: wake then
    [InlineData(29_000, 29_000)]
    [InlineData(45_000, 30_000)] // due after it: the interval caps the sleep
    [InlineData(1001, 1020)]   // rounded up to the 20 ms bucket, never early
    public void The_loop_wakes_at_the_earliest_due_time_capped_by_the_interval(int dueMs, int expectedMs)
    {
        schedule.WakeAt(Start.AddMilliseconds(dueMs));
        schedule.WakeAt(Start.AddMilliseconds(dueMs + 2000)); // a later one does not move the wake-up
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), schedule.NextWait(NothingSwept, Interval));
    }

    [Fact]
    public void The_wait_shrinks_as_the_clock_advances_toward_the_due_time()
    {
        schedule.WakeAt(Start.AddSeconds(20));
        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.NextWait(NothingSwept, Interval));
    }

    [Fact]
    public void A_wake_up_beyond_the_horizon_is_left_to_the_periodic_sweep_unless_the_sweep_read_it()
    {
        var interval = TimeSpan.FromMinutes(5);
        var far = Start + WakeupSchedule.Horizon + TimeSpan.FromSeconds(10);
        Assert.False(schedule.Add(far));
        Assert.Equal(interval, schedule.NextWait(NothingSwept, interval));

        Assert.True(schedule.Add(far, beyondHorizon: true)); // the sweep's own next due time is kept however far ahead
        Assert.Equal(far - Start, schedule.NextWait(NothingSwept, interval));
    }

    [Fact]
    public void Wake_ups_served_by_the_last_sweep_are_dropped()
    {
        schedule.WakeAt(Start.AddSeconds(2));
        schedule.WakeAt(Start.AddSeconds(8));
        clock.Advance(TimeSpan.FromSeconds(3));
        var sweptUpTo = clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.NextWait(sweptUpTo, Interval));
    }

    [Fact]
    public void A_wake_up_that_fell_due_during_the_sweep_means_no_sleep_at_all()
    {
        var sweptUpTo = clock.GetUtcNow().ToUnixTimeMilliseconds();
        schedule.WakeAt(Start.AddSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(2)); // the sweep ran past it
        Assert.True(schedule.NextWait(sweptUpTo, Interval) <= TimeSpan.Zero);
        Assert.True(schedule.SleepAsync(sweptUpTo, Interval, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_sleep_ends_when_the_clock_reaches_the_due_time_and_not_before()
    {
        var sweptUpTo = clock.GetUtcNow().ToUnixTimeMilliseconds();
        schedule.Add(Start.AddSeconds(10));
        var sleep = schedule.SleepAsync(sweptUpTo, Interval, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(sleep.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await sleep.WaitAsync(Guard, TimeProvider.System);
        Assert.Equal(Start.AddSeconds(10), clock.GetUtcNow());
    }

    [Fact]
    public async Task A_due_time_in_the_past_wakes_a_sleeping_loop_at_once()
    {
        var sleep = schedule.SleepAsync(NothingSwept, Interval, CancellationToken.None);
        Assert.False(sleep.IsCompleted);

        schedule.WakeAt(Start.AddSeconds(-1));
        await sleep.WaitAsync(Guard, TimeProvider.System);
        Assert.Equal(Start, clock.GetUtcNow()); // woken without the clock moving
    }

    [Fact]
    public async Task An_earlier_due_time_cuts_a_long_sleep_short_and_a_later_one_does_not()
    {
        schedule.Add(Start.AddSeconds(20)); // noted without a nudge, as the sweep loop does before it sleeps
        var sleep = schedule.SleepAsync(NothingSwept, Interval, CancellationToken.None);

        schedule.WakeAt(Start.AddSeconds(25)); // later than the earliest: no nudge
        Assert.False(sleep.IsCompleted);
        schedule.WakeAt(Start.AddSeconds(5)); // earlier: the loop wakes to sleep again for the shorter time
        await sleep.WaitAsync(Guard, TimeProvider.System);
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.NextWait(NothingSwept, Interval));
    }
}
