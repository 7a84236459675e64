using WebhookConsole.Testing;

namespace WebhookConsole.Bench;

/// <summary>
/// The console as a child process (Release build beside this one) on a temp SQLite file, with the bench's admin and
/// settings; the process handling is <see cref="ConsoleProcess"/>, shared with the tests.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string ApiKey = "whc_bench_admin_key_0123456789abcdef";
    private readonly ConsoleProcess process;
    public string BaseUrl => process.BaseUrl;
    public string DatabasePath { get; }
    public int Pid => process.Id;

    private AppProcess(ConsoleProcess process, string databasePath)
    {
        this.process = process;
        DatabasePath = databasePath;
    }

    public static async Task<AppProcess> StartAsync(string databasePath, IDictionary<string, string>? settings = null, bool quiet = true)
    {
        var args = new List<string> { "--Delivery:AllowPrivateNetworks=true" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) args.Add($"--{k}={v}");
        // BENCH_APP_ARGS="--Delivery:Workers=32 …" tries settings without a rebuild.
        args.AddRange((Environment.GetEnvironmentVariable("BENCH_APP_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var process = await ConsoleProcess.StartAsync(new ConsoleLaunch(databasePath, "bench@bench.local", "Bench-Password-1", ApiKey)
        {
            ExtraArgs = args,
            StartupTimeout = TimeSpan.FromSeconds(180), // start-up on a loaded shared machine (PostgreSQL migrations) can take a minute
            OnOutput = line => { if (!quiet) Console.WriteLine("  app| " + line); },
            OnError = line => Console.Error.WriteLine("  app! " + line),
        });
        return new AppProcess(process, databasePath);
    }

    /// <summary>Peak resident set size (VmHWM) of the process, in MiB.</summary>
    public double PeakRssMiB() => process.PeakRssMiB();
    public double RssMiB() => process.RssMiB();

    public void Kill() => process.Kill();

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
