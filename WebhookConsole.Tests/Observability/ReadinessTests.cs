using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WebhookConsole.Dispatch;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Observability;

[Trait("Lane", "Integration")]
public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_fails_when_the_database_file_is_corrupted()
    {
        await using var factory = new ConsoleFactory();
        var client = factory.ApiClient(apiKey: null);
        await WaitForAsync(client, "/health/ready", HttpStatusCode.OK);

        // Everything committed goes into the main file, which is then overwritten with garbage of the same length.
        await using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }
        var garbage = new byte[new FileInfo(factory.DatabasePath).Length];
        new Random(23).NextBytes(garbage);
        await using (var file = new FileStream(factory.DatabasePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            await file.WriteAsync(garbage);

        var body = await WaitForAsync(client, "/health/ready", HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Ready_fails_when_the_dispatcher_loop_stalls()
    {
        await using var factory = new ConsoleFactory().With("Delivery:SweepInterval", "00:00:00.250");
        var client = factory.ApiClient(apiKey: null);
        var healthy = await WaitForAsync(client, "/health/ready", HttpStatusCode.OK);
        Assert.Equal("healthy", healthy.GetProperty("checks").GetProperty("dispatcher").GetProperty("status").GetString());

        await factory.Services.GetRequiredService<DeliveryScheduler>().StopAsync(CancellationToken.None);

        var body = await WaitForAsync(client, "/health/ready", HttpStatusCode.ServiceUnavailable);
        var checks = body.GetProperty("checks");
        Assert.Equal("unhealthy", checks.GetProperty("dispatcher").GetProperty("status").GetString());
        Assert.Equal("healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Live_answers_without_checks_and_ready_lists_every_check()
    {
        await using var factory = new ConsoleFactory();
        var client = factory.ApiClient(apiKey: null);
        var ready = await WaitForAsync(client, "/health/ready", HttpStatusCode.OK);
        var names = ready.GetProperty("checks").EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(["database", "dispatcher", "hangfire"], names);
        var live = JsonDocument.Parse(await client.GetStringAsync("/health/live")).RootElement;
        Assert.Empty(live.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Every_probe_asks_the_same_check_instances_so_their_kept_outcomes_are_reused()
    {
        await using var factory = new ConsoleFactory();
        _ = factory.Server;
        var registrations = factory.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Equal(3, registrations.Count);
        foreach (var registration in registrations)
        {
            // The health check service resolves each check from a fresh scope per probe, as here.
            await using var first = factory.Services.CreateAsyncScope();
            await using var second = factory.Services.CreateAsyncScope();
            Assert.Same(registration.Factory(first.ServiceProvider), registration.Factory(second.ServiceProvider));
        }
    }

    /// <summary>Polls until the endpoint answers <paramref name="status"/> (the loop beats and caches expire on their own time).</summary>
    internal static async Task<JsonElement> WaitForAsync(HttpClient client, string path, HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            var response = await client.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == status) return JsonDocument.Parse(text).RootElement;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{path} answered {(int)response.StatusCode} {text}, expected {(int)status}.");
            await Task.Delay(100);
        }
    }
}
