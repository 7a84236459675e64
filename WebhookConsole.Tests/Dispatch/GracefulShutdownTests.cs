using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>
/// SIGTERM of the real process with attempts in flight: it stops taking events, lets the attempts it started finish
/// and records them, exits cleanly within the shutdown timeout, and the next start sends the rest exactly once.
/// </summary>
[Trait("Lane", "Process")]
public class GracefulShutdownTests
{
    private const int Events = 24;

    [Fact]
    public async Task Sigterm_finishes_and_records_attempts_in_flight_then_exits_in_time()
    {
        var dbPath = Path.Combine(Path.GetTempPath(), $"wc-term-{Guid.NewGuid():N}.db");
        await using var receiver = await TestReceiver.StartAsync();
        // Slow enough that the first wave (the per-integration cap of 8) is in flight when the signal comes.
        receiver.Respond = async (_, ctx) => { await Task.Delay(2000); ctx.Response.StatusCode = 200; };
        // Shutdown timeout = Delivery:Timeout + 10 s. The host's lifetime messages say when shutdown begins.
        string[] settings = ["--Delivery:Timeout=00:00:05", "--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Information"];
        var shutdownBudget = TimeSpan.FromSeconds(15);

        await using (var app = await AppProcess.StartAsync(dbPath, settings))
        {
            using var api = app.ApiClient();
            await AppProcess.SetUpLoyaltyRouteAsync(api, "prg-term", receiver.Url);
            using (var batch = await api.PostAsJsonAsync("/api/v1/events/batch", new { events = Enumerable.Range(0, Events).Select(Event).ToArray() }))
                Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
            await WaitUntil(() => receiver.Requests.Count >= 8, TimeSpan.FromSeconds(20), "the first wave never reached the receiver");

            var clock = Stopwatch.StartNew();
            app.Terminate();
            // The host logs this once shutdown has begun (the API refuses writes from then on), not a guessed moment later.
            await WaitUntil(() => app.Output.Any(l => l.Contains("Application is shutting down", StringComparison.Ordinal)), shutdownBudget, "the host never began shutting down");
            // No longer taking events: refused, or answered 503, but never acknowledged.
            try
            {
                using var late = await api.PostAsJsonAsync("/api/v1/events", Event(999));
                Assert.NotEqual(HttpStatusCode.Accepted, late.StatusCode);
            }
            catch (HttpRequestException)
            {
            }

            using var exitWait = new CancellationTokenSource(shutdownBudget + TimeSpan.FromSeconds(10));
            await app.WaitForExitAsync(exitWait.Token);
            clock.Stop();
            Assert.True(app.ExitCode == 0, $"exit code {app.ExitCode}: {string.Join('\n', app.Output.TakeLast(20))}");
            Assert.True(clock.Elapsed < shutdownBudget, $"took {clock.Elapsed.TotalSeconds:0.0} s to exit");
        }

        // Every request the receiver got before the exit is recorded as a succeeded attempt; nothing else was attempted.
        var receivedBeforeExit = receiver.Requests.Select(r => r.Header("webhook-id")!).ToList();
        var stored = await Deliveries(dbPath);
        Assert.Equal(Events, stored.Count);
        var succeeded = stored.Where(d => d.Status == "succeeded").Select(d => d.MessageId).ToHashSet();
        Assert.Equal(receivedBeforeExit.ToHashSet(), succeeded);
        Assert.All(stored.Where(d => d.Status != "succeeded"), d => Assert.Equal((0, "pending"), (d.Attempts, d.Status)));
        Assert.InRange(succeeded.Count, 8, Events - 1);

        // The next start sends the rest, and nothing twice.
        receiver.Respond = (_, ctx) => { ctx.Response.StatusCode = 200; return Task.CompletedTask; };
        await using (await AppProcess.StartAsync(dbPath, settings))
        {
            await WaitUntil(() => receiver.Requests.Count >= Events, TimeSpan.FromSeconds(30), "the rest was not sent after restart");
            await WaitUntil(() => Deliveries(dbPath).Result.All(d => d.Status == "succeeded"), TimeSpan.FromSeconds(10), "not all recorded as succeeded");
        }
        var ids = receiver.Requests.Select(r => r.Header("webhook-id")!).ToList();
        Assert.Equal(Events, ids.Count);
        Assert.Equal(Events, ids.Distinct().Count());

        AppProcess.DeleteDatabase(dbPath);
    }

    private static object Event(int n) => new
    {
        type = "loyalty.points_earned",
        source = new { programId = "prg-term" },
        data = new { member = new { id = $"mbr-{n}" }, points = 5 },
    };

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }



    private sealed record StoredDelivery(string MessageId, string Status, long Attempts);

    private static async Task<List<StoredDelivery>> Deliveries(string dbPath)
    {
        await using var connection = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT d.MessageId, d.Status, (SELECT COUNT(*) FROM Attempts a WHERE a.DeliveryId = d.Id) FROM Deliveries d";
        var result = new List<StoredDelivery>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(new StoredDelivery(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return result;
    }
}
