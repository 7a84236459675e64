using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>
/// Two real console processes on one database (a SQLite file here, PostgreSQL in <see cref="TwoNodesOnPostgresTests"/>),
/// each with its own due sweep and workers: claims in the database mean no delivery is sent twice while both live, and
/// when one is killed with -9 the other takes its work over once the killed node's leases lapse.
/// </summary>
[Trait("Lane", "Process")]
public class TwoNodesOnOneFileTests
{
    /// <summary>Extra arguments for both nodes (the database they share beside the SQLite path).</summary>
    protected virtual Task<string[]> DatabaseArgsAsync() => Task.FromResult(Array.Empty<string>());

    /// <summary>Deliveries per status, read straight from the shared database.</summary>
    protected virtual async Task<Dictionary<string, long>> StatusCountsAsync(string dbPath)
    {
        await using var connection = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Status, COUNT(*) FROM Deliveries GROUP BY Status";
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    // A tiny lease, so a dead node's work comes back within seconds (it must outlast one attempt: timeout + 2 s).
    private static readonly string[] Timing = ["--Delivery:Timeout=00:00:03", "--Delivery:LeaseDuration=00:00:06", "--Delivery:RetrySchedule=1s,1s,1s"];

    [Fact]
    public async Task No_delivery_is_sent_twice_and_a_killed_node_s_work_is_finished_by_the_other()
    {
        var dbPath = Path.Combine(Path.GetTempPath(), $"wc-nodes-{Guid.NewGuid():N}.db");
        await using var receiver = await TestReceiver.StartAsync();
        // Every first attempt fails, so every retry is claimed by whichever node's due sweep gets to it first.
        var seen = new ConcurrentDictionary<string, byte>();
        receiver.Respond = async (_, ctx) =>
        {
            await Task.Delay(20);
            ctx.Response.StatusCode = seen.TryAdd(ctx.Request.Headers["webhook-id"].ToString(), 0) ? 500 : 200;
        };
        var accepted = new ConcurrentBag<string>();
        try
        {
            var settings = Timing.Concat(await DatabaseArgsAsync()).ToArray();
            await using var a = await AppProcess.StartAsync(dbPath, settings);
            await using var b = await AppProcess.StartAsync(dbPath, settings);
            using var apiA = a.ApiClient();
            using var apiB = b.ApiClient();
            await AppProcess.SetUpLoyaltyRouteAsync(apiA, "prg-nodes", receiver.Url);

            // 1. Both live: events posted to both nodes are each attempted exactly twice (the failure, then the retry).
            await Task.WhenAll(Enumerable.Range(0, 8).Select(stream => Task.Run(async () =>
            {
                var api = stream % 2 == 0 ? apiA : apiB;
                for (var n = 0; n < 25; n++) accepted.Add(await PostAsync(api, $"live-{stream}-{n}") ?? throw new InvalidOperationException("not accepted"));
            })));
            await WaitForAllSucceededAsync(dbPath, accepted.Count, TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(3)); // several sweeps of both nodes later, still once each
            var perEvent = ReceivedPerEvent(receiver);
            Assert.Equal(accepted.Order(), perEvent.Keys.Order());
            var wrong = perEvent.Where(p => p.Value != 2).Select(p => $"{p.Key}: {p.Value}").ToList();
            Assert.True(wrong.Count == 0, $"{wrong.Count} events were not attempted exactly twice while both nodes lived, e.g. {wrong.FirstOrDefault()}");

            // 2. kill -9 of node A mid-stream (its claims in flight, queued or parked die with it); B is never restarted.
            var slow = true;
            var killing = false;
            receiver.Respond = async (_, ctx) => { await Task.Delay(slow ? 200 : 5); ctx.Response.StatusCode = 200; };
            using var stop = new CancellationTokenSource();
            var streams = Enumerable.Range(0, 4).Select(stream => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        if (await PostAsync(stream == 0 ? apiB : apiA, $"kill-{stream}-{n}") is { } id) accepted.Add(id);
                    }
                    catch (Exception) when (stop.IsCancellationRequested || Volatile.Read(ref killing))
                    {
                        await Task.Delay(10); // node A is gone mid-request: that event was never acknowledged
                    }
                }
            })).ToArray();
            // Killed once both nodes have taken a good part of this phase's traffic (with attempts in flight on A, the
            // receiver being slow), then B alone takes some more before the streams stop.
            var beforeKill = accepted.Count;
            await Eventually.TrueAsync(() => accepted.Count >= beforeKill + 100, "both nodes took traffic before the kill", TimeSpan.FromSeconds(60));
            Volatile.Write(ref killing, true);
            a.KillHard();
            slow = false;
            var atKill = accepted.Count;
            await Eventually.TrueAsync(() => accepted.Count >= atKill + 20, "node B took events after A was gone", TimeSpan.FromSeconds(60));
            await stop.CancelAsync();
            await Task.WhenAll(streams);

            var all = accepted.Distinct().ToList();
            var (open, byStatus) = await WaitForAllSucceededAsync(dbPath, all.Count, TimeSpan.FromSeconds(60));
            Assert.True(open == 0, $"{open} deliveries still open on node B: {string.Join(", ", byStatus)}");
            var received = ReceivedPerEvent(receiver);
            var missing = all.Where(id => !received.ContainsKey(id)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} acknowledged events never reached the receiver, e.g. {missing.FirstOrDefault()}");
        }
        finally
        {
            AppProcess.DeleteDatabase(dbPath);
            await DropDatabaseAsync();
        }
    }

    private static async Task<string?> PostAsync(HttpClient api, string member)
    {
        using var response = await api.PostAsJsonAsync("/api/v1/events", new
        {
            type = "loyalty.points_earned",
            source = new { programId = "prg-nodes" },
            data = new { member = new { id = "mbr-" + member }, points = 5 },
        });
        return response.StatusCode == HttpStatusCode.Accepted ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString() : null;
    }

    private static Dictionary<string, int> ReceivedPerEvent(TestReceiver receiver) => receiver.Requests
        .SelectMany(r => JsonDocument.Parse(r.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!))
        .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Waits until every delivery of at least <paramref name="events"/> events succeeded; returns what is still open.</summary>
    private async Task<(int Open, List<string> ByStatus)> WaitForAllSucceededAsync(string dbPath, int events, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var counts = await StatusCountsAsync(dbPath);
            var open = (int)counts.Where(c => c.Key != "succeeded").Sum(c => c.Value);
            var byStatus = counts.Select(c => $"{c.Key}: {c.Value}").ToList();
            if ((open == 0 && counts.GetValueOrDefault("succeeded") >= events) || DateTime.UtcNow > deadline) return (open, byStatus);
            await Task.Delay(200);
        }
    }
}

/// <summary>Two console nodes on one PostgreSQL database with Hangfire's PostgreSQL storage: the cluster set-up.</summary>
[Trait("Lane", "Postgres")]
public class TwoNodesOnPostgresTests : TwoNodesOnOneFileTests
{
    private string? connectionString;
    private readonly string keyFile = Path.Combine(Path.GetTempPath(), $"wc-nodes-{Guid.NewGuid():N}.key");

    protected override async Task<string[]> DatabaseArgsAsync()
    {
        connectionString = await TestPostgres.CreateDatabaseAsync();
        // Both nodes name the same key file for the key ring, as a cluster's nodes must (AppProcess.DeleteDatabase removes it).
        return ["--Database:Provider=Postgres", $"--ConnectionStrings:Postgres={connectionString}", $"--DataProtection:KeyFile={keyFile}"];
    }

    protected override async Task<Dictionary<string, long>> StatusCountsAsync(string dbPath)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""SELECT "Status", COUNT(*) FROM "Deliveries" GROUP BY "Status" """, connection);
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    protected override async Task DropDatabaseAsync()
    {
        File.Delete(keyFile);
        if (connectionString is not null) await TestPostgres.DropDatabaseAsync(connectionString);
    }

    [Fact]
    public async Task Saving_on_one_node_applies_at_once_on_the_other()
    {
        var dbPath = Path.Combine(Path.GetTempPath(), $"wc-cache-{Guid.NewGuid():N}.db");
        await using var receiver = await TestReceiver.StartAsync();
        try
        {
            var settings = await DatabaseArgsAsync();
            await using var a = await AppProcess.StartAsync(dbPath, settings);
            await using var b = await AppProcess.StartAsync(dbPath, settings);
            using var apiA = a.ApiClient();
            using var apiB = b.ApiClient();
            await AppProcess.PostOkAsync(apiA, "/api/v1/programs", new { id = "prg-cache", name = "Cache" });
            // Node B routes an event before any rule exists: it now holds the reference data in memory.
            var unrouted = await AppProcess.PostOkAsync(apiB, "/api/v1/events", CacheEvent("before"));
            Assert.Equal(0, unrouted.GetProperty("deliveries").GetArrayLength());

            // A rule saved on node A routes the very next event posted to node B.
            var integrationId = (await AppProcess.PostOkAsync(apiA, "/api/v1/integrations", new { name = "Cache", url = receiver.Url, kind = "loyalty", active = true }))
                .GetProperty("id").GetString()!;
            await AppProcess.PostOkAsync(apiA, "/api/v1/push-rules", new
            {
                scope = new { kind = "program", id = "prg-cache" },
                eventTypes = new[] { "loyalty.points_earned" },
                destinations = new[] { integrationId },
            });
            var routed = await AppProcess.PostOkAsync(apiB, "/api/v1/events", CacheEvent("after"));
            Assert.Equal(1, routed.GetProperty("deliveries").GetArrayLength());
            await receiver.WaitForAsync(1);

            // Switched off on node A: node B keeps the next event as skipped at once, not after its settings cache.
            using (var off = await apiA.PatchAsJsonAsync($"/api/v1/integrations/{integrationId}", new { active = false }))
                Assert.True(off.IsSuccessStatusCode);
            var skipped = (await AppProcess.PostOkAsync(apiB, "/api/v1/events", CacheEvent("off"))).GetProperty("deliveries")[0];
            Assert.Equal("skipped", skipped.GetProperty("status").GetString());
            // Kept at rest, not merely late: stored as skipped with no attempt, so nothing is left to send it.
            var stored = await apiA.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries/{skipped.GetProperty("id").GetString()}");
            Assert.Equal(("skipped", 0), (stored.GetProperty("status").GetString(), stored.GetProperty("attemptCount").GetInt32()));
            Assert.Single(receiver.Requests);
        }
        finally
        {
            AppProcess.DeleteDatabase(dbPath);
            await DropDatabaseAsync();
        }
    }

    private static object CacheEvent(string member) => new
    {
        type = "loyalty.points_earned",
        source = new { programId = "prg-cache" },
        data = new { member = new { id = "mbr-" + member }, points = 5 },
    };
}
