namespace WebhookConsole.Bench;

/// <summary>
/// CPU so far of the console's tiered-compilation thread (it recompiles hot methods optimized in the background), from
/// /proc/&lt;pid&gt;/task/*/stat: how much of a run was the JIT rather than the work. The runtime ends that thread when it
/// has nothing to do and starts a new one later, taking its CPU out of the per-thread figures, so each thread is sampled
/// every 50 ms and its last figure kept (a thread living less than that can be missed: a lower bound).
/// </summary>
public sealed class JitClock : IDisposable
{
    private readonly int pid;
    private readonly Dictionary<string, double> threads = [];
    private readonly Timer timer;

    public JitClock(int pid)
    {
        this.pid = pid;
        timer = new Timer(_ => Sample(), null, 0, 50);
    }

    public double Microseconds
    {
        get
        {
            Sample();
            lock (threads) return threads.Values.Sum();
        }
    }

    private void Sample()
    {
        lock (threads)
        {
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                {
                    try
                    {
                        if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                            threads[task] = CpuScenario.CpuMicroseconds(File.ReadAllText(Path.Combine(task, "stat")));
                    }
                    catch (IOException) { } // the thread ended meanwhile
                }
            }
            catch (IOException) { } // the process ended
        }
    }

    public void Dispose() => timer.Dispose();
}
