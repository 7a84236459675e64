using Microsoft.Extensions.Time.Testing;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>
/// What a finished attempt does to its delivery, on a fake clock: the retry schedule step by step, the receiver's
/// Retry-After, the jitter's bounds, and giving up once the schedule is used.
/// </summary>
[Trait("Lane", "Unit")]
public class RetryDelayTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    private static DeliveryOptions Options(string schedule = "5s,5m,30m", double jitter = 0) => new() { RetrySchedule = schedule, Jitter = jitter };

    private static Delivery Sending() => Delivery.FromRow(new DeliveryRow { Id = "dlv_1", Status = DeliveryStatus.Sending, LeaseOwner = "node-a", LeaseUntil = DateTimeOffset.MaxValue });

    private void Fail(Delivery d, DeliveryOptions options, TimeSpan? retryAfter = null, int status = 500)
    {
        var attempt = new Attempt { DeliveryId = d.Id, Number = d.AttemptCount + 1, StartedAt = clock.GetUtcNow(), StatusCode = status };
        DeliveryLifecycle.Attempted(d, attempt, new SendResult(attempt, Succeeded: false, retryAfter), clock.GetUtcNow(), options.Retries());
    }

    [Fact]
    public void Each_failure_waits_the_next_step_of_the_schedule_then_the_delivery_fails()
    {
        var options = Options();
        var d = Sending();
        foreach (var step in new[] { TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30) })
        {
            Fail(d, options);
            Assert.Equal(DeliveryStatus.Retrying, d.Status);
            Assert.Equal(clock.GetUtcNow() + step, d.NextAttemptAt);
            Assert.Null(d.LeaseOwner); // the claim is given back: any node may take the retry
            clock.Advance(step);
            d.Claim("node-a", DateTimeOffset.MaxValue);
        }

        Fail(d, options);
        Assert.Equal(DeliveryStatus.Failed, d.Status);
        Assert.Equal(4, d.AttemptCount);
        Assert.Null(d.NextAttemptAt);
    }

    [Fact]
    public void An_empty_schedule_fails_after_the_first_attempt()
    {
        var d = Sending();
        Fail(d, Options(schedule: ""));
        Assert.Equal(DeliveryStatus.Failed, d.Status);
    }

    [Theory]
    [InlineData(60, 60)]          // longer than the planned 5 s: the receiver's wish wins
    [InlineData(2, 5)]            // shorter: the schedule keeps its pace
    [InlineData(3 * 86400, 86400)] // at most a day
    public void A_receivers_retry_after_wins_when_longer_within_a_day(int retryAfterSeconds, int expectedSeconds)
    {
        var d = Sending();
        Fail(d, Options(), TimeSpan.FromSeconds(retryAfterSeconds), status: 429);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(expectedSeconds), d.NextAttemptAt);
    }

    [Fact]
    public void Jitter_spreads_retries_within_its_fraction_either_way()
    {
        var options = Options(schedule: "100s", jitter: 0.2);
        var delays = Enumerable.Range(0, 500).Select(_ =>
        {
            var d = Sending();
            Fail(d, options);
            return (d.NextAttemptAt!.Value - clock.GetUtcNow()).TotalSeconds;
        }).ToList();

        Assert.All(delays, s => Assert.InRange(s, 80, 120));
        Assert.True(delays.Min() < 95 && delays.Max() > 105, $"500 retries spread over {delays.Min():0.0}–{delays.Max():0.0} s");
    }

    [Fact]
    public void A_success_rests_the_delivery_without_a_next_attempt()
    {
        var d = Sending();
        var attempt = new Attempt { DeliveryId = d.Id, Number = 1, StartedAt = clock.GetUtcNow(), StatusCode = 200 };
        DeliveryLifecycle.Attempted(d, attempt, new SendResult(attempt, Succeeded: true, null), clock.GetUtcNow(), Options().Retries());
        Assert.Equal((DeliveryStatus.Succeeded, 1, (DateTimeOffset?)null, (string?)null), (d.Status, d.AttemptCount, d.NextAttemptAt, d.LeaseOwner));
    }
}
