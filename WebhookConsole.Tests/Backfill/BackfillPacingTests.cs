using Microsoft.Extensions.Time.Testing;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Tests.Backfill;

/// <summary>
/// How a backfilled delivery is paced on a fake clock: due at its slot, or later when a completion delay holds it longer,
/// and `scheduled` only while that due time lies ahead.
/// </summary>
[Trait("Lane", "Unit")]
public class BackfillPacingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Start);

    private static Delivery New(DeliveryStatus status, DateTimeOffset due) => Delivery.FromRow(new DeliveryRow { Id = "dlv_1", Status = status, NextAttemptAt = due });

    [Fact]
    public void Deliveries_are_spread_one_slot_apart_at_the_rate()
    {
        const int rate = 4; // per second
        var deliveries = Enumerable.Range(0, 6).Select(_ => New(DeliveryStatus.Pending, Start)).ToList();
        foreach (var (d, n) in deliveries.Select((d, n) => (d, n)))
            d.PaceAsBackfill(Start + TimeSpan.FromSeconds((double)n / rate), clock.GetUtcNow());

        Assert.Equal([0, 250, 500, 750, 1000, 1250], deliveries.Select(d => (d.NextAttemptAt!.Value - Start).TotalMilliseconds));
        Assert.All(deliveries, d => Assert.Equal((DeliveryStatus.Pending, true), (d.Status, d.Backfill)));
    }

    [Theory]
    [InlineData(60, 0, DeliveryStatus.Scheduled, 60)] // the completion delay outlasts the slot: it keeps its later due time
    [InlineData(60, 61, DeliveryStatus.Pending, 60)]  // the clock passed that due time by the time it is paced
    [InlineData(5, 0, DeliveryStatus.Scheduled, 10)]  // the slot is later than the delay: the slot wins
    public void A_held_back_completion_keeps_the_later_of_its_delay_and_its_slot(int delaySeconds, int secondsLater, DeliveryStatus status, int dueSeconds)
    {
        var d = New(DeliveryStatus.Scheduled, Start.AddSeconds(delaySeconds));
        clock.Advance(TimeSpan.FromSeconds(secondsLater));
        d.PaceAsBackfill(Start.AddSeconds(10), clock.GetUtcNow());
        Assert.Equal((status, Start.AddSeconds(dueSeconds)), (d.Status, d.NextAttemptAt!.Value));
    }
}
