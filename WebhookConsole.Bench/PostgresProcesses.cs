using System.Globalization;

namespace WebhookConsole.Bench;

/// <summary>
/// The server's CPU split by process type (client backends, autovacuum workers, walwriter, checkpointer, background writer,
/// the rest), sampled from <c>/proc/&lt;pid&gt;/stat</c> of every child of the postmaster every 100 ms while a run goes on:
/// autovacuum workers and some backends exit before the run ends, and a single reading at the end would only see them in
/// the postmaster's reaped-children total, with no type.
/// </summary>
internal sealed class PostgresProcesses : IAsyncDisposable
{
    private readonly int postmaster;
    private readonly Dictionary<int, (string Type, long First, long Last, bool New, long FirstFaults, long LastFaults)> seen = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampler;

    private PostgresProcesses(int postmaster)
    {
        this.postmaster = postmaster;
        Sample(initial: true);
        sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try { await Task.Delay(100, stop.Token); } catch (OperationCanceledException) { }
                Sample(initial: false);
            }
        });
    }

    public static PostgresProcesses Start(int postmaster) => new(postmaster);

    /// <summary>
    /// Stops sampling and returns per process type the µs of CPU since the start, how many of its processes started during
    /// the run (a new backend's start-up, its catalog caches filled again, is far dearer than a statement) and their minor
    /// page faults (each backend maps a shared buffer on its first touch: the more backends share the work, the more
    /// faults), largest first.
    /// </summary>
    public async Task<List<(string Type, double Microseconds, int Started, long Faults)>> StopAsync()
    {
        await stop.CancelAsync();
        await sampler;
        lock (seen)
            return seen.Values.GroupBy(v => v.Type).Select(g => (g.Key, g.Sum(v => (double)(v.Last - v.First)) * 10_000, g.Count(v => v.New), g.Sum(v => v.LastFaults - v.FirstFaults)))
                .OrderByDescending(t => t.Item2).ToList();
    }

    private void Sample(bool initial)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == postmaster) continue;
            string stat, cmdline;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) != postmaster) continue;
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                var faults = long.Parse(fields[7], CultureInfo.InvariantCulture); // field 10, minflt: first touches of shared buffers
                lock (seen)
                {
                    // A child forked a moment ago still carries the postmaster's command line: read its title again later.
                    if (seen.TryGetValue(pid, out var known))
                        seen[pid] = known with { Last = ticks, LastFaults = faults, Type = known.Type.StartsWith("other", StringComparison.Ordinal) ? TypeOf(File.ReadAllText(Path.Combine(dir, "cmdline"))) : known.Type };
                    else
                    {
                        cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                        // A process that appears later started during the run: all of its CPU counts.
                        seen[pid] = (TypeOf(cmdline), initial ? ticks : 0, ticks, !initial, initial ? faults : 0, faults);
                    }
                }
            }
            catch (IOException) { } // exited meanwhile
        }
    }

    /// <summary>The process type from its title ("postgres: walwriter", "postgres: user db 127.0.0.1(port) idle", …).</summary>
    private static string TypeOf(string title)
    {
        var t = title.Replace('\0', ' ').Trim();
        foreach (var known in (string[])["autovacuum worker", "autovacuum launcher", "walwriter", "checkpointer", "background writer", "logical replication"])
            if (t.Contains(known, StringComparison.Ordinal)) return known;
        return t.StartsWith("postgres: ", StringComparison.Ordinal) && t.Contains('(') ? "client backends" : "other: " + t;
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested) await StopAsync();
        stop.Dispose();
    }
}
