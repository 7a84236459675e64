using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace WebhookConsole.Bench;

/// <summary>
/// The console on PostgreSQL: loyalty events ingested in batches of 1,000, each delivered to the local receiver. Measures the
/// console's CPU and the PostgreSQL server's CPU per delivery (idle burn subtracted, as in <see cref="CpuScenario"/>), the
/// rate with one node and with two nodes on the same database, and the statements the server ran per delivery
/// (pg_stat_statements, reset before the run). Needs a cluster with pg_stat_statements preloaded
/// (scripts/postgres-cluster.sh starts one) named by WC_BENCH_POSTGRES or WC_TEST_POSTGRES, and runs on its machine.
/// </summary>
public sealed class PostgresScenario(Sizes sizes, Receiver receiver, string work)
{
    private const int BatchSize = 1000;
    /// <summary>Marks the benchmark's own queries, so the statement counts leave them out.</summary>
    private const string Marker = "/* wc-bench */";

    public async Task<List<BenchResult>> RunAsync()
    {
        var admin = Environment.GetEnvironmentVariable("WC_BENCH_POSTGRES") is { Length: > 0 } b ? b
            : Environment.GetEnvironmentVariable("WC_TEST_POSTGRES") is { Length: > 0 } t ? t
            : throw new InvalidOperationException("set WC_BENCH_POSTGRES (or WC_TEST_POSTGRES) to a cluster started by scripts/postgres-cluster.sh");
        var name = "wcbench_" + Guid.NewGuid().ToString("N")[..8];
        await Admin(admin, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        await Admin(admin, $"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        // BENCH_PG_APP_OPTIONS="Max Pool Size=4" tries connection options of the console without a rebuild.
        var appConnectionString = Environment.GetEnvironmentVariable("BENCH_PG_APP_OPTIONS") is { Length: > 0 } extra ? connectionString + ";" + extra : connectionString;
        var postmaster = await PostmasterPidAsync(admin);
        var keyFile = Path.Combine(work, name + ".key");
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = appConnectionString,
            ["DataProtection:KeyFile"] = keyFile,
        };
        try
        {
            var results = new List<BenchResult>();
            var events = sizes.CpuDeliveries;
            await using (var a = await AppProcess.StartAsync(Path.Combine(work, name + ".db"), settings))
            {
                using var api = new ConsoleApi(a.BaseUrl);
                var integration = await api.CreateLoyaltySetupAsync("prg-pg", receiver.BaseUrl + "/hook");
                // Warm up in rounds until the runtime's tiered compilation has settled, as the SQLite CPU rows do: after one
                // round of 2,000 the JIT still recompiled the hot path during the measured run (a third of the console's
                // samples), and the "idle" burn measured next was its backlog, not idling.
                using var jitClock = new JitClock(a.Pid);
                for (var round = 1; round <= 6; round++)
                {
                    var (cpu, jit) = (CpuScenario.CpuMicroseconds(a.Pid), jitClock.Microseconds);
                    await DeliverAsync([api], connectionString, integration, Math.Max(1000, events / 10), first: -100_000_000 * round);
                    var (roundCpu, roundJit) = (CpuScenario.CpuMicroseconds(a.Pid) - cpu, jitClock.Microseconds - jit);
                    Console.Error.WriteLine($"  warm-up round {round}: {roundCpu / 1000:N0} ms CPU, of which tiered JIT {roundJit / 1000:N0} ms");
                    if (roundJit < 0.02 * roundCpu) break;
                }
                await Task.Delay(TimeSpan.FromSeconds(2));
                var (consoleIdle, serverIdle) = await IdleRatesAsync(a.Pid, postmaster);
                await Admin(admin, "SELECT pg_stat_statements_reset()");
                var writesBefore = await PostgresWrites.ReadAsync(connectionString, TimeSpan.Zero);

                var consoleBefore = CpuScenario.CpuMicroseconds(a.Pid);
                var jitBefore = jitClock.Microseconds;
                var serverBefore = ServerCpuMicroseconds(postmaster);
                await using var processes = PostgresProcesses.Start(postmaster);
                var clock = Stopwatch.StartNew();
                await DeliverAsync([api], connectionString, integration, events, first: 0);
                clock.Stop();
                var split = await processes.StopAsync();
                var seconds = clock.Elapsed.TotalSeconds;
                var consoleUsed = CpuScenario.CpuMicroseconds(a.Pid) - consoleBefore;
                var jitUsed = jitClock.Microseconds - jitBefore;
                var serverUsed = ServerCpuMicroseconds(postmaster) - serverBefore;
                var console = (consoleUsed - consoleIdle * seconds) / events;
                var server = (serverUsed - serverIdle * seconds) / events;
                var (calls, walBytes, top) = await StatementsAsync(admin, name);
                var writes = await PostgresWrites.ReadAsync(connectionString, TimeSpan.FromSeconds(11));
                results.Add(new BenchResult("pg-console-cpu", "PostgreSQL: console CPU per delivery", console, "µs CPU", "≤ 150 µs", console <= 150,
                    $"{events:N0} deliveries in {seconds:0.0} s, idle {consoleIdle / 1000:N0} ms/s subtracted, gross {consoleUsed / events:N0} µs, tiered JIT {jitUsed / 1000:N0} ms"));
                results.Add(new BenchResult("pg-server-cpu", "PostgreSQL: server CPU per delivery (every postgres process)", server, "µs CPU", "≤ 150 µs", server <= 150,
                    $"idle {serverIdle / 1000:N0} ms/s subtracted, gross {serverUsed / events:N0} µs"));
                results.Add(new BenchResult("pg-rate-one", "PostgreSQL: deliveries/s, one node", events / seconds, "deliveries/s", "≥ 1,500/s", events / seconds >= 1500));
                results.Add(new BenchResult("pg-statements", "PostgreSQL: statements per delivery (pg_stat_statements calls)", (double)calls / events, "statements", "(fewer is better)", true,
                    $"{calls:N0} calls"));
                // Load-independent: the bytes of WAL the console's statements wrote (index entries make most of it).
                results.Add(new BenchResult("pg-wal", "PostgreSQL: WAL bytes per delivery (pg_stat_statements)", (double)walBytes / events, "bytes", "(fewer is better)", true));
                results.Add(new BenchResult("pg-index-buffers", "PostgreSQL: index buffer accesses per delivery (Deliveries, Events, Attempts)", writes.IndexBuffersPer(writesBefore, events), "buffers", "(fewer is better)", true,
                    $"updates not HOT per delivery {writes.NonHotUpdatesPer(writesBefore, events):N2}"));
                Console.WriteLine("  server CPU by process type, µs per delivery (gross): "
                    + string.Join(", ", split.Select(t => $"{t.Type} {t.Microseconds / events:N1}" + (t.Started > 0 ? $" ({t.Started} started during the run)" : "") + $", {(double)t.Faults / events:N2} page faults")));
                Console.WriteLine("  top statements by calls:");
                foreach (var (count, query) in top) Console.WriteLine($"    {count,8:N0}  {query}");
                await PrintIndexUseAsync(connectionString);
                writes.Print(writesBefore, events);

                // Two nodes on the same database: a second console joins and the batches alternate between them.
                await using var b2 = await AppProcess.StartAsync(Path.Combine(work, name + "-b.db"), settings);
                using var apiB = new ConsoleApi(b2.BaseUrl);
                await DeliverAsync([apiB], connectionString, integration, 2000, first: -20_000_000); // warm node B
                clock.Restart();
                await DeliverAsync([api, apiB], connectionString, integration, events, first: 1_000_000);
                var two = events / clock.Elapsed.TotalSeconds;
                results.Add(new BenchResult("pg-rate-two", "PostgreSQL: deliveries/s, two nodes on one machine", two, "deliveries/s", "(scales with machines)", true));
            }
            return results;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            // BENCH_PG_KEEP=1 keeps the database (schema and rows) for experiments in psql.
            if (Environment.GetEnvironmentVariable("BENCH_PG_KEEP") == "1") Console.WriteLine($"  kept database {name}");
            else await Admin(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            File.Delete(keyFile);
        }
    }

    /// <summary>Posts the events in batches of 1,000 (two at a time, spread over the nodes) and waits until every delivery succeeded.</summary>
    private async Task DeliverAsync(ConsoleApi[] nodes, string connectionString, string integration, int events, int first)
    {
        var already = await CountSucceededAsync(connectionString, integration);
        var sent = receiver.Count;
        var batches = Enumerable.Range(first, events).Chunk(BatchSize).Select((chunk, i) => (chunk, api: nodes[i % nodes.Length])).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (batch, _) =>
            await batch.api.PostBatchAsync(batch.chunk.Select(i => ConsoleApi.LoyaltyEvent("prg-pg", i))));
        var deadline = DateTime.UtcNow.AddMinutes(10);
        // The receiver's count first (no queries while the run goes on), then the database for "attempt recorded".
        while (receiver.Count - sent < events && DateTime.UtcNow < deadline) await Task.Delay(20);
        while (await CountSucceededAsync(connectionString, integration) - already < events)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("deliveries did not all succeed within 10 minutes");
            await Task.Delay(50);
        }
    }

    private static async Task<long> CountSucceededAsync(string connectionString, string integration)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            Marker + """ SELECT COUNT(*) FROM "Deliveries" WHERE "IntegrationId" = @i AND "Status" = 'succeeded'""", connection);
        command.Parameters.AddWithValue("i", integration);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(double Console, double Server)> IdleRatesAsync(int pid, int postmaster)
    {
        var console = CpuScenario.CpuMicroseconds(pid);
        var server = ServerCpuMicroseconds(postmaster);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var seconds = clock.Elapsed.TotalSeconds;
        return ((CpuScenario.CpuMicroseconds(pid) - console) / seconds, (ServerCpuMicroseconds(postmaster) - server) / seconds);
    }

    /// <summary>
    /// CPU of the whole cluster so far: the postmaster with its reaped children (fields 14–17) plus every live child (14–15),
    /// so backends that exit during the run still count.
    /// </summary>
    private static double ServerCpuMicroseconds(int postmaster)
    {
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; } // exited meanwhile
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state), so field 4 (ppid) is fields[1] and field 14 (utime) is fields[11].
            if (pid == postmaster) ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture) + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            else if (int.Parse(fields[1], CultureInfo.InvariantCulture) == postmaster) ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        return ticks * 10_000;
    }

    private static async Task<int> PostmasterPidAsync(string admin)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW data_directory", connection);
        var dataDirectory = (string)(await command.ExecuteScalarAsync())!;
        return int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Calls of every statement in the benchmark's database since the reset, the WAL they wrote, and the most called ones with
    /// their server time, WAL bytes and plans (how often the server planned them; 0 unless the cluster tracks planning,
    /// which scripts/postgres-cluster.sh turns on).
    /// </summary>
    private static async Task<(long Calls, long WalBytes, List<(long Calls, string Query)> Top)> StatementsAsync(string admin, string database)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            {Marker} SELECT s.calls, s.total_exec_time, s.query, s.plans, s.wal_bytes::bigint FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = @db AND s.query NOT LIKE '%wc-bench%' ORDER BY s.calls DESC
            """, connection);
        command.Parameters.AddWithValue("db", database);
        var all = new List<(long Calls, long Wal, string Query)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            all.Add((reader.GetInt64(0), reader.GetInt64(4), $"[{reader.GetDouble(1):N0} ms, {reader.GetInt64(4) / 1024:N0} KiB WAL, {reader.GetInt64(3):N0} plans] "
                + string.Join(' ', reader.GetString(2).Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries))));
        return (all.Sum(s => s.Calls), all.Sum(s => s.Wal), all.Take(15).Select(s => (s.Calls, s.Query.Length > 190 ? s.Query[..190] + "…" : s.Query)).ToList());
    }

    /// <summary>Scans per index of the hot tables during the run (an index never scanned only costs its upkeep on every write).</summary>
    private static async Task PrintIndexUseAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            {Marker} SELECT relname, indexrelname, idx_scan FROM pg_stat_user_indexes
            WHERE relname IN ('Deliveries', 'Events', 'Attempts') ORDER BY relname, indexrelname
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine("  index scans since start:");
        while (await reader.ReadAsync()) Console.WriteLine($"    {reader.GetInt64(2),8:N0}  {reader.GetString(0)}.{reader.GetString(1)}");
    }

    private static async Task Admin(string admin, string sql)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
