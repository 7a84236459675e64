using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WebhookConsole.Testing;

namespace WebhookConsole.Tests.Infrastructure;

public sealed record ReceivedRequest(int Number, DateTimeOffset At, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// A real Kestrel receiver on 127.0.0.1 with a random port. <see cref="Respond"/> decides each answer
/// from the 1-based request number; every request is recorded.
/// </summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly LoopbackServer server;
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();
    private readonly System.Threading.Channels.Channel<ReceivedRequest> arrivals = System.Threading.Channels.Channel.CreateUnbounded<ReceivedRequest>();
    public Func<int, HttpContext, Task> Respond { get; set; } = (_, ctx) => { ctx.Response.StatusCode = 200; return Task.CompletedTask; };
    public string BaseUrl => server.BaseUrl;
    public string Url => BaseUrl + "/hook";
    private int count;

    private TestReceiver(LoopbackServer server) => this.server = server;

    public static async Task<TestReceiver> StartAsync()
    {
        TestReceiver? receiver = null;
        var server = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            var number = Interlocked.Increment(ref receiver!.count);
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new ReceivedRequest(number, DateTimeOffset.UtcNow, ctx.Request.Path, headers, buffer.ToArray());
            receiver.Requests.Enqueue(request);
            receiver.arrivals.Writer.TryWrite(request);
            await receiver.Respond(number, ctx);
        }), stopTimeout: TimeSpan.FromSeconds(1));
        receiver = new TestReceiver(server);
        return receiver;
    }

    /// <summary>The next request not yet taken by this method, or a timeout naming what was awaited.</summary>
    public async Task<ReceivedRequest> NextAsync(TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await arrivals.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The receiver got no request for {what} within {timeout.TotalSeconds:0} s.");
        }
    }

    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int requests, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
        while (Requests.Count < requests && DateTime.UtcNow < deadline) await Task.Delay(25);
        Assert.True(Requests.Count >= requests, $"Receiver got {Requests.Count} of {requests} requests in time.");
        return Requests.ToList();
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
