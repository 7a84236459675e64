using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WebhookConsole.Bench;

/// <summary>The console as a child process (Release build beside this one) on a temp SQLite file.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string ApiKey = "whc_bench_admin_key_0123456789abcdef";
    private readonly Process process;
    public string BaseUrl { get; }
    public string DatabasePath { get; }
    public int Pid => process.Id;

    private AppProcess(Process process, string baseUrl, string databasePath)
    {
        this.process = process;
        BaseUrl = baseUrl;
        DatabasePath = databasePath;
    }

    public static async Task<AppProcess> StartAsync(string databasePath, IDictionary<string, string>? settings = null, bool quiet = true)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var dll = Path.Combine(AppContext.BaseDirectory, "WebhookConsole.dll");
        var args = new List<string>
        {
            dll, "--urls", baseUrl,
            $"--ConnectionStrings:Sqlite=Data Source={databasePath}",
            "--Bootstrap:AdminEmail=bench@bench.local", "--Bootstrap:AdminPassword=Bench-Password-1",
            $"--Bootstrap:ApiKey={ApiKey}",
            "--Delivery:AllowPrivateNetworks=true",
            "--Serilog:MinimumLevel:Default=Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) args.Add($"--{k}={v}");
        // BENCH_APP_ARGS="--Delivery:Workers=32 …" tries settings without a rebuild.
        args.AddRange((Environment.GetEnvironmentVariable("BENCH_APP_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_gcServer"] = "0" },
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (!quiet && e.Data is not null) Console.WriteLine("  app| " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  app! " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(180); // start-up on a loaded shared machine (PostgreSQL migrations) can take a minute
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The console exited with {process.ExitCode} during start-up.");
            try
            {
                if ((await http.GetAsync(baseUrl + "/health")).IsSuccessStatusCode) return new AppProcess(process, baseUrl, databasePath);
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        process.Kill(true);
        throw new TimeoutException("The console did not answer /health within 180 s.");
    }

    /// <summary>Peak resident set size (VmHWM) of the process, in MiB.</summary>
    public double PeakRssMiB() => ReadStatusKiB("VmHWM") / 1024.0;
    public double RssMiB() => ReadStatusKiB("VmRSS") / 1024.0;

    private long ReadStatusKiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return 0;
    }

    public void Kill() => process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
