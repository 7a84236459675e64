using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Ingest;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Ingest;

/// <summary>Only large batches queue for the large-body slot; ordinary ones, announced or streamed, never wait for it.</summary>
[Trait("Lane", "Integration")]
public class LargeBodyGateTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();
    private string baseUrl = "";

    public async Task InitializeAsync()
    {
        baseUrl = factory.StartKestrel();
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/v1/programs", new { id = "prg-1", name = "Rewards" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task A_small_streamed_batch_is_not_held_up_by_a_large_one_in_progress()
    {
        using var client = Client();

        // A large batch streamed without a length: 2 MiB arrive, then the sender pauses holding the slot.
        var release = new TaskCompletionSource();
        var large = client.PostAsync("/api/v1/events/batch", new StalledBody(2 * 1024 * 1024, release.Task));
        var gate = factory.Services.GetRequiredService<LargeBodyGate>();
        await Eventually.TrueAsync(() => gate.Free == 0, "the paused large batch holds the slot");

        // PostAsJsonAsync streams too (no Content-Length): it must not wait for the slot.
        var small = new { events = new[] { new { type = "loyalty.points_earned", source = new { programId = "prg-1" }, data = new { member = new { id = "m-1" } } } } };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/api/v1/events/batch", small);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");

        // Another large batch, announced, does wait for the slot the paused one holds.
        var waiting = client.PostAsync("/api/v1/events/batch", new ByteArrayContent(Encoding.UTF8.GetBytes(
            "{\"events\":[" + string.Join(",", Enumerable.Repeat(Padded('y'), 600)) + "]}"))
        { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        await Eventually.TrueAsync(() => gate.Waiting == 1, "the announced large batch waits at the gate");
        Assert.False(waiting.IsCompleted);

        release.SetResult();
        Assert.Equal(HttpStatusCode.BadRequest, (await large).StatusCode); // their events name an unknown program
        Assert.Equal(HttpStatusCode.BadRequest, (await waiting).StatusCode);
    }

    /// <summary>An event of an unknown program, about 2.3 KB.</summary>
    private static string Padded(char fill) =>
        """{"type":"loyalty.points_earned","source":{"programId":"prg-none"},"data":{"member":{"id":"m"},"note":""" + $"\"{new string(fill, 2200)}\"" + "}}";

    private HttpClient Client() => new()
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", ConsoleFactory.AdminApiKey) },
    };

    /// <summary>`{"events":[…` of about <c>bytes</c>, then waits for <c>release</c> before closing the JSON.</summary>
    private sealed class StalledBody : HttpContent
    {
        private readonly int bytes;
        private readonly Task release;

        public StalledBody(int bytes, Task release)
        {
            this.bytes = bytes;
            this.release = release;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var one = Encoding.UTF8.GetBytes(Padded('x') + ",");
            await stream.WriteAsync("{\"events\":["u8.ToArray());
            for (var written = 0; written < bytes && written / one.Length < 999; written += one.Length) await stream.WriteAsync(one);
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(Encoding.UTF8.GetBytes("""{"type":"loyalty.points_earned","source":{"programId":"prg-none"},"data":{"member":{"id":"m"}}}]}"""));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
