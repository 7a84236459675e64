using System.Net;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Data;

/// <summary>
/// Requests that touch the database borrow pooled connections and give them back: thousands of them leave no more
/// connections to the file open than ran at once.
/// </summary>
public class ConnectionPoolingTests
{
    private const int Requests = 1500;
    private const int InFlight = 16;

    [Fact]
    public async Task Many_database_requests_leave_no_more_connections_open_than_ran_at_once()
    {
        await using var factory = new ConsoleFactory();
        using var api = factory.ApiClient();
        using var anonymous = factory.ApiClient(apiKey: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        var before = OpenHandlesOn(factory.DatabasePath);

        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < Requests)
            {
                using var health = await anonymous.GetAsync("/health");
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                using var list = await api.GetAsync("/api/v1/integrations");
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            }
        }));

        var after = OpenHandlesOn(factory.DatabasePath);
        Assert.True(before > 0, "the database file is not open at all: the count below would prove nothing");
        // Pooled connections stay open for reuse, at most one per request in flight plus the writer and the sweep.
        Assert.InRange(after, before, before + InFlight + 4);
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
