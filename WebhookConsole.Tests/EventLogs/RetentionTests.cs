using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.EventLogs;

[Trait("Lane", "Integration")]
public class RetentionTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new ConsoleFactory().With("Retention:Days", "30").With("Retention:BatchSize", "3");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Deletes_old_attempts_and_empties_old_finished_payloads_in_batches()
    {
        var now = DateTimeOffset.UtcNow;
        var old = Enumerable.Range(0, 7).Select(i => DeliverySeed.Delivery("int_a", now.AddDays(-40).AddMinutes(i), i % 2 == 0 ? DeliveryStatus.Succeeded : DeliveryStatus.Failed)).ToList();
        var oldWaiting = DeliverySeed.Delivery("int_a", now.AddDays(-40), DeliveryStatus.Retrying);
        var recent = DeliverySeed.Delivery("int_a", now.AddDays(-5), DeliveryStatus.Succeeded);
        await using (var db = factory.NewDb())
        {
            db.Deliveries.AddRange([.. old, oldWaiting, recent]);
            foreach (var d in old) db.Attempts.Add(DeliverySeed.Attempt(d, 1, 200));
            db.Attempts.Add(DeliverySeed.Attempt(recent, 1, 200));
            await db.SaveChangesAsync();
        }

        var job = factory.Services.GetRequiredService<RetentionJob>();
        await job.RunAsync(CancellationToken.None);

        await using var check = factory.NewDb();
        Assert.Equal([recent.Id], await check.Attempts.Select(a => a.DeliveryId).ToListAsync());
        var payloads = await check.Deliveries.ToDictionaryAsync(d => d.Id, d => d.Payload.Length);
        Assert.All(old, d => Assert.Equal(0, payloads[d.Id]));
        Assert.True(payloads[oldWaiting.Id] > 0);
        Assert.True(payloads[recent.Id] > 0);
        // The deliveries themselves stay listed.
        Assert.Equal(9, payloads.Count);

        var again = await factory.Services.GetRequiredService<RetentionService>().RunOnceAsync();
        Assert.Equal((0, 0), (again.AttemptsDeleted, again.PayloadsRemoved));
    }

    [Fact]
    public async Task A_delivery_without_payload_shows_so_and_cannot_be_replayed()
    {
        var d = DeliverySeed.Delivery("int_a", DateTimeOffset.UtcNow.AddDays(-45), DeliveryStatus.Failed);
        d = d.With(row => row with { Payload = [] });
        await using (var db = factory.NewDb())
        {
            db.Integrations.Add(DeliverySeed.Integration("int_a", "Alpha"));
            db.Deliveries.Add(d);
            await db.SaveChangesAsync();
        }
        var detail = await factory.Services.GetRequiredService<DeliveryQueries>().GetAsync(d.Id);
        Assert.True(detail!.PayloadRemoved);
        Assert.Null(detail.Payload);
        await Assert.ThrowsAsync<WebhookConsole.Data.ConflictException>(() =>
            factory.Services.GetRequiredService<ReplayService>().ReplayAsync(d.Id, "test"));
    }
}
