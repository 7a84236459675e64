using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using WebhookConsole.Dispatch;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Dispatch;

[Trait("Lane", "Integration")]
public class IsolationAndCacheTests
{
    [Fact]
    public async Task A_hanging_receiver_times_out()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Respond = (_, ctx) => Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
        await using var factory = new ConsoleFactory()
            .With("Delivery:AllowPrivateNetworks", "true").With("Delivery:RetrySchedule", "").With("Delivery:Timeout", "00:00:01");
        _ = factory.Server;
        var integration = await factory.AddIntegrationAsync(receiver.Url);
        var delivery = await factory.AddDeliveryAsync(integration);

        var failed = await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Failed);
        var attempt = (await factory.AttemptsAsync(delivery.Id)).Single();
        Assert.StartsWith("timeout", attempt.Error);
        Assert.Null(attempt.StatusCode);
        Assert.InRange(attempt.DurationMs, 900, 5000);
        Assert.Equal(1, failed.AttemptCount);
    }

    [Fact]
    public async Task A_changed_url_is_used_only_after_the_settings_cache_duration()
    {
        await using var first = await TestReceiver.StartAsync();
        await using var second = await TestReceiver.StartAsync();
        await using var factory = new ConsoleFactory()
            .With("Delivery:AllowPrivateNetworks", "true").With("Delivery:SettingsCacheDuration", "00:00:02");
        _ = factory.Server;
        var integration = await factory.AddIntegrationAsync(first.Url);
        await factory.WaitForStatusAsync((await factory.AddDeliveryAsync(integration)).Id, DeliveryStatus.Succeeded);
        var cachedAt = Stopwatch.StartNew();

        await using (var db = factory.NewDb())
        {
            var row = await db.Integrations.FindAsync(integration.Id);
            row!.Url = second.Url;
            await db.SaveChangesAsync();
        }
        await factory.WaitForStatusAsync((await factory.AddDeliveryAsync(integration)).Id, DeliveryStatus.Succeeded);
        Assert.True(cachedAt.Elapsed < TimeSpan.FromSeconds(2), "test machine too slow to observe the cache");
        Assert.Equal(2, first.Requests.Count);
        Assert.Empty(second.Requests);

        await Task.Delay(TimeSpan.FromSeconds(2.2) - cachedAt.Elapsed);
        await factory.WaitForStatusAsync((await factory.AddDeliveryAsync(integration)).Id, DeliveryStatus.Succeeded);
        Assert.Single(second.Requests);
        Assert.Equal(2, first.Requests.Count);
    }

    [Fact]
    public async Task A_hanging_endpoint_does_not_delay_a_healthy_one()
    {
        await using var hanging = await TestReceiver.StartAsync();
        hanging.Respond = (_, ctx) => Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
        await using var healthy = await TestReceiver.StartAsync();
        await using var factory = new ConsoleFactory()
            .With("Delivery:AllowPrivateNetworks", "true").With("Delivery:Timeout", "00:00:10")
            .With("Delivery:Workers", "8").With("Delivery:MaxConcurrencyPerIntegration", "2");
        _ = factory.Server;
        var slow = await factory.AddIntegrationAsync(hanging.Url);
        var fast = await factory.AddIntegrationAsync(healthy.Url);

        for (var i = 0; i < 30; i++) await factory.AddDeliveryAsync(slow);
        await hanging.WaitForAsync(2); // its two slots are taken and hang

        var clock = Stopwatch.StartNew();
        var deliveries = new List<string>();
        for (var i = 0; i < 30; i++) deliveries.Add((await factory.AddDeliveryAsync(fast)).Id);
        foreach (var id in deliveries) await factory.WaitForStatusAsync(id, DeliveryStatus.Succeeded, TimeSpan.FromSeconds(8));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"healthy deliveries took {clock.Elapsed.TotalSeconds:0.0} s behind a hanging endpoint");
        Assert.Equal(2, hanging.Requests.Count); // the cap held: the other 28 wait in memory, not on workers
    }
}

/// <summary>Connection limits are not shared per host: integrations on one host and port are isolated by their own caps.</summary>
[Trait("Lane", "Integration")]
public class SameHostIsolationTests
{
    [Fact]
    public async Task Two_hanging_integrations_do_not_starve_a_healthy_one_on_the_same_host_and_port()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Respond = (_, ctx) => ctx.Request.Path.StartsWithSegments("/hang")
            ? Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted)
            : Task.CompletedTask;
        // Caps of 12 twice: 24 hanging connections to one host and port, more than any per-host limit of 16 would allow beside them.
        await using var factory = new ConsoleFactory()
            .With("Delivery:AllowPrivateNetworks", "true").With("Delivery:Timeout", "00:00:10")
            .With("Delivery:Workers", "40").With("Delivery:MaxConcurrencyPerIntegration", "12");
        _ = factory.Server;
        var hangA = await factory.AddIntegrationAsync(receiver.BaseUrl + "/hang/a");
        var hangB = await factory.AddIntegrationAsync(receiver.BaseUrl + "/hang/b");
        var healthy = await factory.AddIntegrationAsync(receiver.BaseUrl + "/ok");

        for (var i = 0; i < 20; i++)
        {
            await factory.AddDeliveryAsync(hangA);
            await factory.AddDeliveryAsync(hangB);
        }
        await receiver.WaitForAsync(24); // both caps taken, every request hanging on the one port

        var clock = Stopwatch.StartNew();
        var deliveries = new List<string>();
        for (var i = 0; i < 60; i++) deliveries.Add((await factory.AddDeliveryAsync(healthy)).Id);
        foreach (var id in deliveries) await factory.WaitForStatusAsync(id, DeliveryStatus.Succeeded, TimeSpan.FromSeconds(8));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"the healthy integration took {clock.Elapsed.TotalSeconds:0.0} s beside two hanging ones on its host");
        Assert.Equal(24, receiver.Requests.Count(r => r.Path.StartsWith("/hang", StringComparison.Ordinal)));
    }
}
