using WebhookConsole.Dispatch;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>No number of receivers that accept and never answer may keep a healthy integration's deliveries from going out.</summary>
public class FairDispatchTests
{
    private const int Hanging = 12;

    [Fact]
    public async Task Twelve_hanging_integrations_with_backlogs_do_not_keep_a_healthy_one_waiting()
    {
        // The default workers and caps: 12 integrations × 8 slots are more requests than the 64 workers. The timeout is far
        // beyond the wait below, so the healthy deliveries can only arrive if no worker waits out a hanging request.
        await using var factory = new ConsoleFactory()
            .With("Delivery:AllowPrivateNetworks", "true").With("Delivery:Timeout", "00:02:00").With("Delivery:LeaseDuration", "00:05:00");
        var receivers = new List<TestReceiver>();
        await using var hangingReceivers = new AsyncDisposables(receivers);
        for (var i = 0; i < Hanging; i++)
        {
            var receiver = await TestReceiver.StartAsync();
            receiver.Respond = (_, ctx) => Task.Delay(Timeout.Infinite, ctx.RequestAborted);
            receivers.Add(receiver);
        }
        await using var healthy = await TestReceiver.StartAsync();
        _ = factory.Server;

        var slow = new List<Integration>();
        foreach (var receiver in receivers) slow.Add(await factory.AddIntegrationAsync(receiver.Url));
        for (var n = 0; n < 20; n++)
            foreach (var integration in slow)
                await factory.AddDeliveryAsync(integration);
        // Wait until the hanging receivers hold as many requests as there are workers.
        await WaitUntil(() => receivers.Sum(r => r.Requests.Count) >= 64, "the hanging receivers never held 64 requests");

        var fast = await factory.AddIntegrationAsync(healthy.Url);
        var deliveries = new List<string>();
        for (var i = 0; i < 30; i++) deliveries.Add((await factory.AddDeliveryAsync(fast)).Id);
        foreach (var id in deliveries) await factory.WaitForStatusAsync(id, DeliveryStatus.Succeeded, TimeSpan.FromSeconds(60));

        Assert.Equal(30, healthy.Requests.Count);
        // The hanging ones were tried, each within its own cap, and their backlogs wait rather than pile up requests.
        Assert.All(receivers, r => Assert.InRange(r.Requests.Count, 1, 8));
    }

    private static async Task WaitUntil(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail(failure);
            await Task.Delay(25);
        }
    }

    /// <summary>Stops the hanging receivers before the console, so its shutdown does not wait out their requests.</summary>
    private sealed class AsyncDisposables(List<TestReceiver> receivers) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var receiver in receivers) await receiver.DisposeAsync();
        }
    }
}
