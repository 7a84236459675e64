using System.Diagnostics;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;

namespace WebhookConsole.Bench;

/// <summary>
/// 8. Retry storm: <see cref="Sizes.StormRate"/> new deliveries a second for <see cref="Sizes.StormSeconds"/> to an endpoint
/// that always answers 500, with the default schedule (5 s, 5 min, …; jitter off so every due time is known). Reports how far
/// each retry started from its due time (attempt start + duration + the schedule's delay) and how many Hangfire jobs the
/// whole storm created: retries come due from the database, so that number must not grow with deliveries.
/// </summary>
public sealed class RetryStormScenario(Sizes sizes, Receiver receiver, string work)
{
    private static readonly TimeSpan[] Schedule = [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)];

    public async Task<BenchResult> RunAsync()
    {
        var db = Path.Combine(work, "storm-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var settings = new Dictionary<string, string> { ["Delivery:Jitter"] = "0", ["Delivery:RetrySchedule"] = "5s,5m,30m,2h,5h,10h,10h" };
        long jobs;
        await using (var app = await AppProcess.StartAsync(db, settings))
        {
            using var api = new ConsoleApi(app.BaseUrl);
            await api.CreateLoyaltySetupAsync("prg-storm", receiver.BaseUrl + "/fail");
            var clock = Stopwatch.StartNew();
            var batch = Math.Max(1, sizes.StormRate / 10);
            var posted = 0;
            // Ten batches a second, paced by sleeping so the load generator leaves the cores to the console.
            for (var tick = 0; tick < sizes.StormSeconds * 10; tick++)
            {
                var wait = TimeSpan.FromMilliseconds(tick * 100) - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                var first = posted;
                await api.PostBatchAsync(Enumerable.Range(first, batch).Select(n => ConsoleApi.LoyaltyEvent("prg-storm", n)));
                posted += batch;
            }
            // The last deliveries' first retries fall 5 s after their first attempt.
            await Task.Delay(TimeSpan.FromSeconds(8));
            jobs = CountHangfireJobs(Path.Combine(work, Path.GetFileNameWithoutExtension(db) + "-hangfire.db"));
        }

        var lateness = await RetryLatenessAsync(db);
        if (lateness.Length == 0) throw new InvalidOperationException("no retries were recorded");
        var abs = lateness.Select(Math.Abs).Order().ToArray();
        var p99 = abs[Math.Min(abs.Length - 1, (int)(abs.Length * 0.99))];
        var worst = abs[^1];
        var total = sizes.StormRate * sizes.StormSeconds;
        return new BenchResult("retry-storm",
            $"retry storm: {sizes.StormRate:N0} failing deliveries/s for {sizes.StormSeconds:N0} s, worst retry start vs schedule", worst, "ms",
            "within ±1,000 ms, O(1) Hangfire jobs", worst <= 1000 && jobs < 100,
            $"{lateness.Length:N0} retries of {total:N0} deliveries; p50 {abs[abs.Length / 2]:N0} ms, p99 {p99:N0} ms, mean {lateness.Average():N0} ms; {jobs} Hangfire jobs in all");
    }

    /// <summary>Per retry: its start minus (previous attempt's start + duration + the schedule's delay), in ms.</summary>
    private static async Task<double[]> RetryLatenessAsync(string db)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.StartedAt - (p.StartedAt + p.DurationMs), a.Number FROM Attempts a
            JOIN Attempts p ON p.DeliveryId = a.DeliveryId AND p.Number = a.Number - 1
            """;
        var result = new List<double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var number = reader.GetInt32(1);
            if (number - 2 >= Schedule.Length) continue;
            result.Add(reader.GetInt64(0) - Schedule[number - 2].TotalMilliseconds);
        }
        return result.ToArray();
    }

    private static long CountHangfireJobs(string path)
    {
        using var storage = new SQLiteStorage(path, new SQLiteStorageOptions());
        var monitoring = storage.GetMonitoringApi();
        var stats = monitoring.GetStatistics();
        return stats.Succeeded + stats.Scheduled + stats.Enqueued + stats.Processing + stats.Failed + stats.Deleted;
    }
}
