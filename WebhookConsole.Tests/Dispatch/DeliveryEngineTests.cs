using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Data;
using WebhookConsole.Dispatch;
using WebhookConsole.Integrations;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>The dispatcher against real Kestrel receivers on 127.0.0.1, through real Hangfire and SQLite.</summary>
[Trait("Lane", "Integration")]
[Collection(RunsAloneCollection.Name)]
public class DeliveryEngineTests : IAsyncLifetime
{
    private ConsoleFactory factory = default!;
    private TestReceiver receiver = default!;

    private static ConsoleFactory NewFactory(string schedule = "100ms,100ms,100ms,100ms,100ms,100ms,100ms") => new ConsoleFactory()
        .With("Delivery:AllowPrivateNetworks", "true")
        .With("Delivery:RetrySchedule", schedule)
        .With("Delivery:Jitter", "0");

    /// <summary>The database the engine runs on: a SQLite file here, PostgreSQL in <see cref="DeliveryEngineOnPostgresTests"/>.</summary>
    protected virtual Task<ConsoleFactory> OnProviderAsync(ConsoleFactory factory) => Task.FromResult(factory);

    public async Task InitializeAsync()
    {
        factory = await OnProviderAsync(NewFactory());
        receiver = await TestReceiver.StartAsync();
        _ = factory.Server;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_delivery_queued_with_its_row_is_not_sent_once_its_integration_is_deleted()
    {
        var integration = await factory.AddIntegrationAsync(receiver.Url);
        var delivery = await factory.AddDeliveryAsync(integration, enqueue: false, claimed: true);
        var services = factory.Services;
        // Settings cached, as they are once anything went to the integration.
        Assert.NotNull(await services.GetRequiredService<IntegrationSettingsCache>().GetAsync(integration.Id, default));
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IntegrationService>().DeleteAsync(integration.Id, "test");

        // A claim that sat on the ready queue across the delete, carrying the row as ingest committed it.
        await services.GetRequiredService<DeliveryProcessor>().ProcessAsync(new DeliveryClaim(delivery.Id, delivery.LeaseUntil!.Value, Row: delivery), default);

        Assert.Empty(receiver.Requests);
        var stored = await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Failed);
        Assert.Equal(DeliveryLifecycle.DeletedReason, stored.LastError);
        Assert.Empty(await factory.AttemptsAsync(delivery.Id));
    }

    [Fact]
    public async Task A_signed_post_verifies_with_standardwebhooks_and_the_legacy_header()
    {
        var secret = IntegrationSecrets.Generate();
        var integration = await factory.AddIntegrationAsync(receiver.Url, secret, "x-test-authorization-header", "123456ots");
        var delivery = await factory.AddDeliveryAsync(integration, "[{\"id\":\"evt_1\",\"type\":\"loyalty.points_earned\"}]");

        var request = (await receiver.WaitForAsync(1))[0];
        await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Succeeded);

        Assert.Equal("[{\"id\":\"evt_1\",\"type\":\"loyalty.points_earned\"}]", request.BodyText);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.StartsWith("WebhookConsole/", request.Header("User-Agent"));
        Assert.Equal("123456ots", request.Header("x-test-authorization-header"));
        Assert.Equal(delivery.MessageId, request.Header("webhook-id"));

        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), request.Body));
        Assert.Equal(expected, request.Header("X-Qualifio-Signature"));

        var (ok, output) = await NodeVerifier.VerifyAsync(secret, request);
        Assert.True(ok, output);

        // The verifier really checks: a tampered body fails.
        var (tamperedOk, _) = await NodeVerifier.VerifyAsync(secret, request with { Body = Encoding.UTF8.GetBytes("[{\"id\":\"evt_2\"}]") });
        Assert.False(tamperedOk);
    }

    [Fact]
    public async Task A_plain_typed_secret_verifies_too()
    {
        const string secret = "a-typed-secret-of-some-length";
        var integration = await factory.AddIntegrationAsync(receiver.Url, secret);
        await factory.AddDeliveryAsync(integration);
        var request = (await receiver.WaitForAsync(1))[0];
        var (ok, output) = await NodeVerifier.VerifyAsync(secret, request);
        Assert.True(ok, output);
    }

    [Fact]
    public async Task No_secret_means_no_signature_headers()
    {
        var integration = await factory.AddIntegrationAsync(receiver.Url);
        await factory.AddDeliveryAsync(integration);
        var request = (await receiver.WaitForAsync(1))[0];
        Assert.Null(request.Header("X-Qualifio-Signature"));
        Assert.Null(request.Header("webhook-signature"));
        Assert.NotNull(request.Header("webhook-id"));
    }

    [Fact]
    public async Task Two_failures_then_success_on_attempt_three_with_the_same_webhook_id()
    {
        receiver.Respond = (n, ctx) => { ctx.Response.StatusCode = n < 3 ? 500 : 200; return Task.CompletedTask; };
        var integration = await factory.AddIntegrationAsync(receiver.Url, IntegrationSecrets.Generate(), "Authorization", "Bearer s3cr3t-value");
        var delivery = await factory.AddDeliveryAsync(integration);

        var done = await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Succeeded);
        Assert.Equal(3, done.AttemptCount);
        Assert.Equal(200, done.LastStatusCode);
        var requests = receiver.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => r.Header("webhook-id")).Distinct());

        var attempts = await factory.AttemptsAsync(delivery.Id);
        Assert.Equal([500, 500, 200], attempts.Select(a => a.StatusCode));
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Number));
        // The auth value is masked in what is stored.
        Assert.All(attempts, a => Assert.DoesNotContain("s3cr3t-value", a.RequestHeaders));
        Assert.Contains(IntegrationSecrets.Mask, attempts[0].RequestHeaders);
    }

    [Fact]
    public async Task An_always_failing_receiver_gets_exactly_eight_attempts_then_failed()
    {
        receiver.Respond = (_, ctx) => { ctx.Response.StatusCode = 500; return ctx.Response.WriteAsync("boom"); };
        var integration = await factory.AddIntegrationAsync(receiver.Url);
        var delivery = await factory.AddDeliveryAsync(integration);

        var failed = await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Failed);
        Assert.Equal(8, failed.AttemptCount);
        Assert.Null(failed.NextAttemptAt);
        // A sweep now finds nothing of it to claim: the row stays failed and no ninth request goes out.
        await factory.SweepAfterAsync(DateTimeOffset.UtcNow);
        await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Failed, TimeSpan.Zero);
        Assert.Equal(8, receiver.Requests.Count);
        Assert.Equal("boom", (await factory.AttemptsAsync(delivery.Id))[^1].ResponseBody);
    }

    [Fact]
    public async Task Retry_after_on_503_is_honoured()
    {
        receiver.Respond = (n, ctx) =>
        {
            if (n == 1)
            {
                ctx.Response.StatusCode = 503;
                ctx.Response.Headers.RetryAfter = "2";
            }
            return Task.CompletedTask;
        };
        var integration = await factory.AddIntegrationAsync(receiver.Url);
        var delivery = await factory.AddDeliveryAsync(integration);

        await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Succeeded, TimeSpan.FromSeconds(15));
        var requests = receiver.Requests.ToList();
        var gap = requests[1].At - requests[0].At;
        Assert.True(gap >= TimeSpan.FromSeconds(1.9), $"second attempt came after {gap.TotalMilliseconds} ms, not after the 2 s Retry-After");
    }

    [Fact]
    public async Task A_redirect_is_a_failure_and_is_not_followed()
    {
        receiver.Respond = (n, ctx) =>
        {
            if (ctx.Request.Path == "/hook") { ctx.Response.StatusCode = 302; ctx.Response.Headers.Location = receiver.BaseUrl + "/elsewhere"; }
            return Task.CompletedTask;
        };
        var integration = await factory.AddIntegrationAsync(receiver.Url);
        var delivery = await factory.AddDeliveryAsync(integration);

        var first = await WaitForAttemptAsync(delivery.Id);
        Assert.Equal(302, first.StatusCode);
        Assert.Contains("not followed", first.Error);
        // The attempt is recorded only after its request ended: a followed redirect would have reached /elsewhere by now.
        Assert.DoesNotContain(receiver.Requests, r => r.Path == "/elsewhere");
    }

    [Fact]
    public async Task Private_destinations_are_blocked_unless_allowed()
    {
        await using var strict = new ConsoleFactory().With("Delivery:AllowPrivateNetworks", "false").With("Delivery:RetrySchedule", "");
        _ = strict.Server;
        var port = new Uri(receiver.BaseUrl).Port;
        foreach (var host in new[] { "127.0.0.1", "localhost" })
        {
            var integration = await strict.AddIntegrationAsync($"http://{host}:{port}/hook");
            var delivery = await strict.AddDeliveryAsync(integration);
            var failed = await strict.WaitForStatusAsync(delivery.Id, DeliveryStatus.Failed);
            Assert.StartsWith("blocked", failed.LastError);
        }
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task A_large_response_is_stored_as_32_KiB()
    {
        receiver.Respond = (_, ctx) => ctx.Response.WriteAsync(new string('x', 1024 * 1024));
        var integration = await factory.AddIntegrationAsync(receiver.Url);
        var delivery = await factory.AddDeliveryAsync(integration);
        await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Succeeded);
        var attempt = (await factory.AttemptsAsync(delivery.Id)).Single();
        Assert.Equal(32 * 1024, attempt.ResponseBody!.Length);
    }

    [Fact]
    public async Task A_delivery_due_for_an_inactive_integration_is_kept_as_skipped()
    {
        var integration = await factory.AddIntegrationAsync(receiver.Url, active: false);
        var delivery = await factory.AddDeliveryAsync(integration);
        var skipped = await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Skipped);
        Assert.Equal(DeliveryLifecycle.InactiveReason, skipped.LastError);
        Assert.Null(skipped.LeaseOwner);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Retries_this_node_never_heard_of_start_on_time_not_at_the_next_periodic_sweep()
    {
        // Retries written by another node (or due beyond this node's wake-up horizon): nothing tells this node about them
        // but the database. The periodic sweep alone (every 5 s here) would find these five, due within 2 s of each other,
        // at one sweep: whatever its phase, one of them at least 3 s late. With the look-ahead the sweep before the first
        // due time (one runs within 5 s of the writes) finds them all and wakes at each. The 1.5 s bound leaves room for a
        // loaded machine and still fails without the look-ahead.
        await using var node = await OnProviderAsync(NewFactory().With("Delivery:SweepInterval", "00:00:05"));
        _ = node.Server;
        var integration = await node.AddIntegrationAsync(receiver.Url);
        var offsets = new[] { 5300, 5800, 6300, 6800, 7300 };
        var due = new Dictionary<string, DateTimeOffset>();
        await using (var db = node.NewDb())
        {
            // Parked far ahead first, then given their due times in one quick pass: the times count from when the rows
            // are written, so a slow first write (a cold, loaded node) does not eat into the sweep's 300 ms margin.
            var ids = new List<string>();
            foreach (var _ in offsets)
            {
                var delivery = await node.AddDeliveryAsync(integration, enqueue: false);
                await db.Deliveries.Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Pending).ExecuteUpdateAsync(u => u
                    .SetProperty(d => d.Status, DeliveryStatus.Retrying)
                    .SetProperty(d => d.AttemptCount, 1)
                    .SetProperty(d => d.NextAttemptAt, DateTimeOffset.UtcNow.AddHours(1)));
                ids.Add(delivery.Id);
            }
            var start = DateTimeOffset.UtcNow;
            foreach (var (id, ms) in ids.Zip(offsets))
            {
                due[id] = start.AddMilliseconds(ms);
                await db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, due[id]));
            }
        }
        foreach (var (id, at) in due)
        {
            await node.WaitForStatusAsync(id, DeliveryStatus.Succeeded, TimeSpan.FromSeconds(20));
            var attempt = (await node.AttemptsAsync(id)).Single();
            var late = attempt.StartedAt - at;
            Assert.True(late >= TimeSpan.FromMilliseconds(-1) && late < TimeSpan.FromMilliseconds(1500), $"retry due {at:HH:mm:ss.fff} started {late.TotalMilliseconds:0} ms late");
        }
    }

    [Fact]
    public async Task Two_sweeps_at_once_claim_a_due_delivery_once()
    {
        // The background sweep runs at start, then only when told or after an hour: this test runs the sweeps itself.
        await using var quiet = await OnProviderAsync(NewFactory().With("Delivery:SweepInterval", "01:00:00"));
        _ = quiet.Server;
        var reconciler = quiet.Services.GetRequiredService<DeliveryReconciler>();
        var scheduler = quiet.Services.GetRequiredService<DeliveryScheduler>();
        // The startup sweep has begun (its beat) and is over (a sweep of ours waits for it), so it cannot take the row below.
        await Eventually.TrueAsync(() => scheduler.LastLoopAt is not null, "the startup sweep began");
        await scheduler.SweepAsync();
        var integration = await quiet.AddIntegrationAsync(receiver.Url);
        var delivery = await quiet.AddDeliveryAsync(integration, enqueue: false);
        await using (var db = quiet.NewDb())
        {
            var row = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == delivery.Id);
            Assert.Equal(DeliveryStatus.Pending, row.Status); // nobody claimed it yet
            Assert.Null(row.LeaseOwner);
        }
        Assert.Equal(0, scheduler.ReadyCount);
        Assert.Empty(receiver.Requests);

        var runs = await Task.WhenAll(reconciler.RunAsync(default), scheduler.SweepAsync(default), reconciler.RunAsync(default));
        Assert.Equal(1, runs.Sum());
        await quiet.WaitForStatusAsync(delivery.Id, DeliveryStatus.Succeeded);
        await quiet.SweepAfterAsync(DateTimeOffset.UtcNow);
        await quiet.WaitForAllAtRestAsync();
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Deliveries_committed_before_a_restart_are_delivered_after_it()
    {
        var dbPath = factory.DatabasePath;
        // The first run sends nothing (as if it died right after the commit); the second must pick the row up.
        await using (var first = new ConsoleFactory().With("ConnectionStrings:Sqlite", $"Data Source={dbPath}.restart").With("Delivery:Enabled", "false"))
        {
            _ = first.Server;
            var integration = await first.AddIntegrationAsync(receiver.Url);
            await using var db = first.NewDb();
            db.Deliveries.Add(Delivery.FromRow(new DeliveryRow
            {
                Id = Ids.New("dlv"),
                EventId = "evt_x",
                EventType = "loyalty.points_earned",
                IntegrationId = integration.Id,
                Status = DeliveryStatus.Retrying,
                AttemptCount = 1,
                NextAttemptAt = DateTimeOffset.UtcNow.AddSeconds(-5),
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
                MessageId = "msg_restart",
                Payload = "[]"u8.ToArray(),
            }));
            await db.SaveChangesAsync();
        }
        await using var second = NewFactory().With("ConnectionStrings:Sqlite", $"Data Source={dbPath}.restart");
        _ = second.Server;
        var request = (await receiver.WaitForAsync(1))[0];
        Assert.Equal("msg_restart", request.Header("webhook-id"));
    }

    private async Task<Attempt> WaitForAttemptAsync(string deliveryId)
    {
        for (var i = 0; i < 600; i++)
        {
            var attempts = await factory.AttemptsAsync(deliveryId);
            if (attempts.Count > 0) return attempts[0];
            await Task.Delay(50);
        }
        throw new TimeoutException("no attempt recorded");
    }
}

/// <summary>The same engine tests on PostgreSQL: claims with SKIP LOCKED, timestamptz, RETURNING.</summary>
[Trait("Lane", "Postgres")]
[Collection(RunsAloneCollection.Name)]
public class DeliveryEngineOnPostgresTests : DeliveryEngineTests
{
    protected override Task<ConsoleFactory> OnProviderAsync(ConsoleFactory factory) => factory.OnPostgresAsync();
}
