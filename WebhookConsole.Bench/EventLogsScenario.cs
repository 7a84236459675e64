using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;
using WebhookConsole.Data;

namespace WebhookConsole.Bench;

/// <summary>
/// 7. The event logs on a large database: the console started on a file holding <see cref="Sizes.LogDeliveries"/>
/// deliveries (one event each, about two attempts each) spread over 30 days, then the deliveries API asked what the
/// event-logs screen asks: the first page, each filter, a search, a detail. Each is timed warm (median of 5) after a cold first call.
/// </summary>
public sealed class EventLogsScenario(Sizes sizes, string work)
{
    private static readonly string[] Integrations = ["int_logs_a", "int_logs_b", "int_logs_c", "int_logs_d", "int_logs_e"];
    private static readonly string[] Types = ["loyalty.points_earned", "loyalty.level_changed", "participation.completed", "participation.incomplete"];

    public async Task<BenchResult> RunAsync()
    {
        var db = Path.Combine(work, "logs.db");
        await using (await AppProcess.StartAsync(db)) { }
        var seeded = Stopwatch.StartNew();
        var probe = await SeedAsync(db, sizes.LogDeliveries);
        Console.WriteLine($"  seeded {sizes.LogDeliveries:N0} deliveries in {seeded.Elapsed.TotalSeconds:0} s");

        await using var app = await AppProcess.StartAsync(db);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppProcess.ApiKey);
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-3).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-2).ToString("O"));
        var queries = new (string Name, string Path)[]
        {
            ("first page", "/api/v1/deliveries"),
            ("status=failed", "/api/v1/deliveries?status=failed"),
            ("integration", $"/api/v1/deliveries?integrationId={Integrations[3]}"),
            ("event type", "/api/v1/deliveries?eventType=loyalty.level_changed"),
            ("one day", $"/api/v1/deliveries?from={from}&to={to}"),
            ("failed + integration + type", $"/api/v1/deliveries?status=failed&integrationId={Integrations[1]}&eventType=participation.completed"),
            ("search member", $"/api/v1/deliveries?search={probe.SubjectId}"),
            ("search webhook-id", $"/api/v1/deliveries?search={probe.MessageId}"),
            ("page 2", "/api/v1/deliveries?status=failed&cursor=" + Uri.EscapeDataString(await CursorAsync(http, "/api/v1/deliveries?status=failed"))),
            ("detail", $"/api/v1/deliveries/{probe.DeliveryId}"),
        };
        var timings = new List<(string Name, double Cold, double Warm)>();
        foreach (var (name, path) in queries)
        {
            var cold = await TimeAsync(http, path);
            var warm = new List<double>();
            for (var i = 0; i < 5; i++) warm.Add(await TimeAsync(http, path));
            timings.Add((name, cold, warm.Order().ElementAt(2)));
        }
        var worst = timings.MaxBy(t => t.Warm);
        var note = string.Join("; ", timings.Select(t => $"{t.Name} {t.Warm:0.#} ms (cold {t.Cold:0.#})"));
        return new BenchResult("event-logs", $"event logs with {sizes.LogDeliveries:N0} deliveries, slowest query warm ({worst.Name})", worst.Warm, "ms", "≤ 300 ms",
            timings.All(t => t.Warm <= 300 && t.Cold <= 300), note);
    }

    private static async Task<double> TimeAsync(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        clock.Stop();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} → {(int)response.StatusCode}: {body}");
        if (!path.Contains("/deliveries/") && !body.Contains("\"items\":[{")) throw new InvalidOperationException($"GET {path} found nothing: {body[..Math.Min(200, body.Length)]}");
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<string> CursorAsync(HttpClient http, string path)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(path));
        return doc.RootElement.GetProperty("nextCursor").GetString() ?? throw new InvalidOperationException("no second page");
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset At;
        public override DateTimeOffset GetUtcNow() => At;
    }

    private sealed record Probe(string DeliveryId, string SubjectId, string MessageId);

    /// <summary>Fills the database with plain inserts while the console is down, oldest first as ids are time-ordered.</summary>
    private static async Task<Probe> SeedAsync(string db, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={db}");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=OFF;";
            await pragma.ExecuteNonQueryAsync();
        }
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        foreach (var id in Integrations)
        {
            await using var integration = connection.CreateCommand();
            integration.CommandText = """
                INSERT INTO Integrations (Id, Name, Url, Active, Kind, PayloadVersion, DelaySeconds, SendAnswers, SendLeads, IncompleteSend, IncompleteDelaySeconds, CreatedAt, UpdatedAt)
                VALUES ($id, $id, 'https://example.com/hook', 1, 'loyalty', '2.0', 0, 0, 0, 0, 3600, $now, $now)
                """;
            integration.Parameters.AddWithValue("$id", id);
            integration.Parameters.AddWithValue("$now", now);
            await integration.ExecuteNonQueryAsync();
        }

        var insertEvent = Prepare(connection, "INSERT INTO Events (Id, Type, ProgramId, SubjectId, OccurredAt, ReceivedAt, Data) VALUES (@p0, @p1, NULL, @p2, @p3, @p3, '{}')");
        var insertDelivery = Prepare(connection, """
            INSERT INTO Deliveries (Id, EventId, EventType, IntegrationId, SubjectId, Status, AttemptCount, LastStatusCode, LastError, NextAttemptAt, CreatedAt, UpdatedAt, MessageId, Payload)
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p10, @p11, @p12)
            """);
        var insertAttempt = Prepare(connection, """
            INSERT INTO Attempts (DeliveryId, Number, StartedAt, DurationMs, RequestHeaders, StatusCode, ResponseHeaders, ResponseBody, Error)
            VALUES (@p0, @p1, @p2, 42, '{"Content-Type":"application/json"}', @p3, '{"Server":"Kestrel"}', @p4, NULL)
            """);
        var payload = Encoding.UTF8.GetBytes("""[{"id":"evt","type":"loyalty.points_earned","member":{"id":"mbr"},"data":{"points":10}}]""");
        var clock = new Clock();
        var random = new Random(7);
        var span = TimeSpan.FromDays(30).TotalMilliseconds;
        Probe? probe = null;
        for (var i = 0; i < count; i++)
        {
            clock.At = start.AddMilliseconds(span * i / count);
            var at = clock.At.ToUnixTimeMilliseconds();
            var eventId = Ids.New("evt", clock);
            var deliveryId = Ids.New("dlv", clock);
            var subject = $"mbr-{random.Next(200_000)}";
            var type = Types[i % Types.Length];
            var roll = random.Next(100);
            var (status, attempts, code) = roll < 88 ? ("succeeded", 1, 200) : roll < 95 ? ("failed", 8, 500) : ("retrying", 3, 503);
            Run(insertEvent, eventId, type, subject, at);
            Run(insertDelivery, deliveryId, eventId, type, Integrations[i % Integrations.Length], subject, status, attempts, code,
                status == "succeeded" ? null : "HTTP " + code, status == "retrying" ? now + 3_600_000 : null, at, "msg_" + deliveryId[4..], payload);
            for (var n = 1; n <= attempts; n++)
                Run(insertAttempt, deliveryId, n, at + n * 1000L, n == attempts ? code : 500, n == attempts && code == 200 ? "ok" : "database unavailable");
            if (i == count * 2 / 3) probe = new Probe(deliveryId, subject, "msg_" + deliveryId[4..]);
        }
        await tx.CommitAsync();
        await using (var analyze = connection.CreateCommand())
        {
            // What a running console has after its hourly housekeeping (RetentionService runs PRAGMA optimize).
            analyze.CommandText = "PRAGMA optimize;";
            await analyze.ExecuteNonQueryAsync();
        }
        return probe!;

        static SqliteCommand Prepare(SqliteConnection connection, string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            for (var p = 0; sql.Contains($"@p{p}"); p++) command.Parameters.Add(new SqliteParameter($"@p{p}", null));
            return command;
        }

        static void Run(SqliteCommand command, params object?[] values)
        {
            for (var p = 0; p < values.Length; p++) command.Parameters[p].Value = values[p] ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }
}
