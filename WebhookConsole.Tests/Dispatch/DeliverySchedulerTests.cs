using Microsoft.Extensions.Logging.Abstractions;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>The ready queue on its own: which committed rows go to the workers at once, and what a claim carries.</summary>
[Trait("Lane", "Unit")]
public class DeliverySchedulerTests
{
    private static readonly DeliveryOptions Options = new();
    // Handing over claimed rows never touches the database, so no writer is needed.
    private readonly DeliveryClaims claims = new(writer: null!, new DispatchNode(), Options, TimeProvider.System, NullLogger<DeliveryClaims>.Instance);
    private readonly DeliveryScheduler scheduler;

    public DeliverySchedulerTests() => scheduler = new DeliveryScheduler(claims, Options, TimeProvider.System, NullLogger<DeliveryScheduler>.Instance);

    private Delivery Committed(int n, bool claimedHere = true)
    {
        var d = Delivery.FromRow(new DeliveryRow
        {
            Id = $"dlv_{n:D8}",
            EventId = $"evt_{n:D8}",
            EventType = "loyalty.points_earned",
            IntegrationId = "int_a",
            MessageId = $"msg_{n:D8}",
            Payload = new byte[600],
            NextAttemptAt = DateTimeOffset.UtcNow,
        });
        if (claimedHere) scheduler.ClaimOnInsert(d, DateTimeOffset.UtcNow);
        return d;
    }

    [Fact]
    public void A_row_claimed_in_its_insert_goes_on_the_ready_queue_with_a_copy_of_its_row_and_its_lease()
    {
        var delivery = Committed(1);
        Assert.Equal(DeliveryStatus.Sending, delivery.Status);
        Assert.Equal(claims.Owner, delivery.LeaseOwner);
        scheduler.Enqueue(delivery);

        Assert.True(scheduler.Ready.TryRead(out var claim));
        Assert.Equal(delivery.Id, claim.DeliveryId);
        Assert.Equal(delivery.LeaseUntil, claim.LeaseUntil);
        Assert.NotNull(claim.Row);
        Assert.NotSame(delivery, claim.Row); // the caller keeps its own object (the API answer is built from it)
        Assert.Equal(delivery.MessageId, claim.Row.MessageId);
    }

    [Fact]
    public void A_row_due_later_is_not_claimed_in_its_insert()
    {
        var later = Delivery.FromRow(new DeliveryRow { Id = "dlv_later", Status = DeliveryStatus.Scheduled, NextAttemptAt = DateTimeOffset.UtcNow.AddMinutes(5) });
        scheduler.ClaimOnInsert(later, DateTimeOffset.UtcNow);
        Assert.Equal(DeliveryStatus.Scheduled, later.Status);
        Assert.Null(later.LeaseOwner);
    }

    [Fact]
    public void Behind_a_long_ready_queue_claims_carry_ids_only_so_a_flood_does_not_hold_every_payload()
    {
        var total = DeliveryScheduler.MaxReadyWithRows + 50;
        for (var n = 0; n < total; n++) scheduler.Enqueue(Committed(n));

        Assert.Equal(total, scheduler.ReadyCount);
        var withRows = 0;
        var withoutRows = 0;
        while (scheduler.Ready.TryRead(out var claim))
        {
            scheduler.Taken();
            if (claim.Row is null) withoutRows++;
            else withRows++;
        }
        Assert.Equal(DeliveryScheduler.MaxReadyWithRows, withRows);
        Assert.Equal(50, withoutRows);
        Assert.Equal(0, scheduler.ReadyCount);
    }

    [Fact]
    public void A_row_this_node_did_not_claim_waits_for_the_sweep()
    {
        scheduler.Enqueue(Committed(7, claimedHere: false));
        Assert.False(scheduler.Ready.TryRead(out _));
    }
}
