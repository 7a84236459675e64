using WebhookConsole.Dispatch;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>The ready queue on its own: what a ticket carries, and that it is all ids behind a long queue.</summary>
public class DeliveryDispatcherTests
{
    // Work due now never touches Hangfire, so no job client is needed.
    private readonly DeliveryDispatcher dispatcher = new(jobs: null!, TimeProvider.System);

    private static Delivery Committed(int n) => new()
    {
        Id = $"dlv_{n:D8}",
        EventId = $"evt_{n:D8}",
        EventType = "loyalty.points_earned",
        IntegrationId = "int_a",
        MessageId = $"msg_{n:D8}",
        Payload = new byte[600],
    };

    [Fact]
    public void A_committed_delivery_goes_on_the_ready_queue_with_a_copy_of_its_row()
    {
        var delivery = Committed(1);
        dispatcher.Enqueue(delivery);

        Assert.True(dispatcher.Ready.TryRead(out var ticket));
        Assert.Equal(delivery.Id, ticket.DeliveryId);
        Assert.NotNull(ticket.Row);
        Assert.NotSame(delivery, ticket.Row); // the caller keeps its own object (the API answer is built from it)
        Assert.Equal(delivery.MessageId, ticket.Row.MessageId);
        Assert.True(dispatcher.Holds(delivery.Id));
    }

    [Fact]
    public void Behind_a_long_ready_queue_tickets_carry_ids_only_so_a_flood_does_not_hold_every_payload()
    {
        var total = DeliveryDispatcher.MaxReadyWithRows + 50;
        for (var n = 0; n < total; n++) dispatcher.Enqueue(Committed(n));

        Assert.Equal(total, dispatcher.ReadyCount);
        var withRows = 0;
        var withoutRows = 0;
        while (dispatcher.Ready.TryRead(out var ticket))
        {
            dispatcher.Taken();
            if (ticket.Row is null) withoutRows++;
            else withRows++;
        }
        Assert.Equal(DeliveryDispatcher.MaxReadyWithRows, withRows);
        Assert.Equal(50, withoutRows);
        Assert.Equal(0, dispatcher.ReadyCount);
    }

    [Fact]
    public void Work_due_beyond_the_horizon_stays_in_the_database_only()
    {
        dispatcher.Enqueue("dlv_later", DateTimeOffset.UtcNow + DeliveryDispatcher.Horizon + TimeSpan.FromMinutes(1));

        Assert.False(dispatcher.Ready.TryRead(out _));
        Assert.False(dispatcher.Holds("dlv_later"));
    }
}
