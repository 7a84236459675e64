using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace WebhookConsole.Bench;

/// <summary>
/// CPU of the console per unit of work: its user + system time from /proc/&lt;pid&gt;/stat across a run of units, less what
/// it burns idle over the same wall time (timers, the due sweep, Hangfire), divided by the units. Steadier than a rate on a
/// shared machine: other processes slow the run down but do not add to the console's own CPU.
/// </summary>
public sealed class CpuScenario(Sizes sizes, Receiver receiver, string work)
{
    private const int Connections = 16;

    public async Task<List<BenchResult>> RunAsync()
    {
        var results = new List<BenchResult>();
        var db = Path.Combine(work, Guid.NewGuid().ToString("N")[..8] + ".db");
        await using var app = await AppProcess.StartAsync(db);
        using var api = new ConsoleApi(app.BaseUrl);
        var integration = await api.CreateLoyaltySetupAsync("prg-cpu", receiver.BaseUrl + "/hook");
        await api.PostAsync("/api/v1/programs", new { id = "prg-cpu-quiet", name = "No rules: ingest only" });
        using var anonymous = Client(app.BaseUrl, null);
        using var keyed = Client(app.BaseUrl, AppProcess.ApiKey);
        // BENCH_CPU_ROWS="integrations,event-types" measures only those rows (after the same warm-up), BENCH_CPU_UNITS="50000"
        // makes each longer: enough to attach a profiler to the printed pid while one row runs.
        var n = sizes.CpuUnits;
        var units = int.TryParse(Environment.GetEnvironmentVariable("BENCH_CPU_UNITS"), out var chosen) ? chosen : n;
        var deliveries = units * (sizes.CpuDeliveries / n);
        var rows = Environment.GetEnvironmentVariable("BENCH_CPU_ROWS")?.Split(',', StringSplitOptions.TrimEntries);
        bool Wanted(string row) => rows is null || rows.Contains(row);

        // Warm every path first (JIT, caches, pools), in rounds until the runtime's tiered compilation has settled (its
        // thread's CPU grew by less than 2 % of a round's CPU), so the rows measure the steady state, not the JIT recompiling
        // the hot path; then let the process settle and measure its idle burn.
        var eventTypes = await Available(keyed, "/api/v1/event-types");
        using var jitClock = new JitClock(app.Pid);
        for (var round = 1; round <= 6; round++)
        {
            var (cpu, jit) = (CpuMicroseconds(app.Pid), jitClock.Microseconds);
            await Repeat(n / 5, _ => Get(anonymous, "/health"));
            await Repeat(n / 5, _ => Get(keyed, "/api/v1/integrations"));
            // The event-type list is the pipeline without a database (routing, key check, JSON); not every build serves it.
            if (eventTypes) await Repeat(n / 5, _ => Get(keyed, "/api/v1/event-types"));
            await Repeat(n / 5, i => api.PostEventAsync(ConsoleApi.LoyaltyEvent("prg-cpu-quiet", -round * 1_000_000 - i - 1)));
            await DeliverAsync(api, db, integration, Math.Max(1000, sizes.CpuDeliveries / 5), first: -10_000_000 * round);
            var (roundCpu, roundJit) = (CpuMicroseconds(app.Pid) - cpu, jitClock.Microseconds - jit);
            Console.Error.WriteLine($"  warm-up round {round}: {roundCpu / 1000:N0} ms CPU, of which tiered JIT {roundJit / 1000:N0} ms");
            if (roundJit < 0.02 * roundCpu) break;
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        var idle = await IdleRateAsync(app.Pid);

        if (Wanted("delivery"))
            results.Add(await MeasureAsync(app.Pid, jitClock, idle, "cpu-delivery", "CPU per delivery end to end (batched ingest, routed, rendered, signed POST, attempt recorded)",
                deliveries, 100, () => DeliverAsync(api, db, integration, deliveries, first: 0)));
        if (Wanted("single-event"))
            results.Add(await MeasureAsync(app.Pid, jitClock, idle, "cpu-single-event", "CPU per single-event POST /api/v1/events (no delivery)",
                units, 150, () => Repeat(units, i => api.PostEventAsync(ConsoleApi.LoyaltyEvent("prg-cpu-quiet", i)))));
        if (Wanted("health"))
            results.Add(await MeasureAsync(app.Pid, jitClock, idle, "cpu-health", "CPU per GET /health (keep-alive)",
                units, 50, () => Repeat(units, _ => Get(anonymous, "/health"))));
        if (Wanted("integrations"))
            results.Add(await MeasureAsync(app.Pid, jitClock, idle, "cpu-integrations", "CPU per GET /api/v1/integrations with a key",
                units, 150, () => Repeat(units, _ => Get(keyed, "/api/v1/integrations"))));
        if (Wanted("event-types"))
            results.Add(eventTypes
                ? await MeasureAsync(app.Pid, jitClock, idle, "cpu-event-types", "CPU per GET /api/v1/event-types with a key",
                    units, 50, () => Repeat(units, _ => Get(keyed, "/api/v1/event-types")))
                : new BenchResult("cpu-event-types", "CPU per GET /api/v1/event-types with a key", 0, "n/a", "≤ 50 µs", false, "this build has no such endpoint (404)"));
        return results;
    }

    private static async Task<BenchResult> MeasureAsync(int pid, JitClock jitClock, double idlePerSecond, string key, string name, int units, double goal, Func<Task> run)
    {
        Console.Error.WriteLine($"  {DateTime.UtcNow:HH:mm:ss} measuring {key} (console pid {pid})");
        var (before, jitBefore) = (CpuMicroseconds(pid), jitClock.Microseconds);
        var clock = Stopwatch.StartNew();
        await run();
        clock.Stop();
        var used = CpuMicroseconds(pid) - before;
        var jit = jitClock.Microseconds - jitBefore;
        var net = used - idlePerSecond * clock.Elapsed.TotalSeconds;
        var perUnit = net / units;
        return new BenchResult(key, name, perUnit, "µs CPU", $"≤ {goal} µs", perUnit <= goal,
            $"{units:N0} units in {clock.Elapsed.TotalSeconds:0.0} s, {used / 1000:N0} ms CPU of which idle {idlePerSecond * clock.Elapsed.TotalSeconds / 1000:N0} ms, tiered JIT {jit / 1000:N0} ms");
    }

    /// <summary>The console's CPU per wall second with nothing to do.</summary>
    private static async Task<double> IdleRateAsync(int pid)
    {
        var before = CpuMicroseconds(pid);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(5));
        return (CpuMicroseconds(pid) - before) / clock.Elapsed.TotalSeconds;
    }

    /// <summary>User + system CPU of the process so far, from /proc/&lt;pid&gt;/stat (fields 14 and 15, in clock ticks of 10 ms).</summary>
    public static double CpuMicroseconds(int pid) => CpuMicroseconds(File.ReadAllText($"/proc/{pid}/stat"));

    /// <summary>User + system CPU in a /proc stat line (of a process or of one of its threads).</summary>
    public static double CpuMicroseconds(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is the state (field 3), so field 14 is fields[11].
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 10_000.0;
    }

    private static async Task DeliverAsync(ConsoleApi api, string db, string integration, int events, int first)
    {
        var already = await CountSucceededAsync(db, integration);
        foreach (var chunk in Enumerable.Range(first, events).Chunk(1000))
            await api.PostBatchAsync(chunk.Select(i => ConsoleApi.LoyaltyEvent("prg-cpu", i)));
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (await CountSucceededAsync(db, integration) - already < events)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("deliveries did not all succeed within 10 minutes");
            await Task.Delay(100);
        }
    }

    private static async Task<long> CountSucceededAsync(string db, string integration)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Deliveries WHERE IntegrationId = $i AND Status = 'succeeded'";
        command.Parameters.AddWithValue("$i", integration);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs <paramref name="count"/> calls over <see cref="Connections"/> keep-alive connections.</summary>
    private static async Task Repeat(int count, Func<int, Task> call)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) await call(i);
        }));
    }

    private static async Task<bool> Available(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.IsSuccessStatusCode;
    }

    private static async Task Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        await response.Content.CopyToAsync(Stream.Null);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} → {(int)response.StatusCode}");
    }

    private static HttpClient Client(string baseUrl, string? apiKey) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = Connections })
        {
            BaseAddress = new Uri(baseUrl),
            DefaultRequestHeaders = { Authorization = apiKey is null ? null : new AuthenticationHeaderValue("Bearer", apiKey) },
        };
}
