using System.Globalization;
using System.Net;
using Npgsql;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Data;

/// <summary>
/// Requests that touch the database borrow pooled connections and give them back: thousands of them leave no more
/// connections to the database open than ran at once.
/// </summary>
public class ConnectionPoolingTests
{
    private const int Requests = 1500;
    private const int InFlight = 16;

    protected virtual Task<ConsoleFactory> OnProviderAsync(ConsoleFactory factory) => Task.FromResult(factory);

    /// <summary>Connections of the console open on its database now.</summary>
    protected virtual Task<int> OpenConnectionsAsync(ConsoleFactory factory) => Task.FromResult(OpenHandlesOn(factory.DatabasePath));

    [Fact]
    public async Task Many_database_requests_leave_no_more_connections_open_than_ran_at_once()
    {
        await using var factory = await OnProviderAsync(new ConsoleFactory());
        using var api = factory.ApiClient();
        using var anonymous = factory.ApiClient(apiKey: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/integrations")).StatusCode);
        // Idle pooled connections may be pruned, so this may be 0: the bound below counts from it.
        var before = await OpenConnectionsAsync(factory);

        var first = await BurstAsync(api, anonymous, Requests / 2, factory);
        var second = await BurstAsync(api, anonymous, Requests * 2, factory);
        Assert.True(first > 0, "no connection to the database is open at all: the counts below would prove nothing");
        // Pooled connections stay open for reuse: up to one per request in flight, plus the console's own loops (writer,
        // checkpoints, sweep, gauges). The pool may still be growing towards that after the first burst, so each burst is
        // held to the same ceiling, not to the one before it. A leak grows with the number of requests: the second burst,
        // four times the first, would leave thousands open.
        var ceiling = before + 2 * InFlight + 8;
        Assert.InRange(first, 1, ceiling);
        Assert.InRange(second, 1, ceiling);
    }

    private async Task<int> BurstAsync(HttpClient api, HttpClient anonymous, int requests, ConsoleFactory factory)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < requests)
            {
                using var health = await anonymous.GetAsync("/health");
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                using var list = await api.GetAsync("/api/v1/integrations");
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            }
        }));
        return await OpenConnectionsAsync(factory);
    }

    /// <summary>File descriptors of this process open on the database file itself.</summary>
    private static int OpenHandlesOn(string path)
    {
        var full = Path.GetFullPath(path);
        return new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(fd =>
        {
            try { return fd.LinkTarget == full; }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        });
    }
}

/// <summary>The same on PostgreSQL: sessions on the console's database, as the server counts them.</summary>
public class ConnectionPoolingOnPostgresTests : ConnectionPoolingTests
{
    protected override Task<ConsoleFactory> OnProviderAsync(ConsoleFactory factory) => factory.OnPostgresAsync();

    protected override async Task<int> OpenConnectionsAsync(ConsoleFactory factory)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(factory.PostgresConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
