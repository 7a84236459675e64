using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
    private readonly WebApplication app;
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();
    private readonly System.Threading.Channels.Channel<ReceivedRequest> arrivals = System.Threading.Channels.Channel.CreateUnbounded<ReceivedRequest>();
    public Func<int, HttpContext, Task> Respond { get; set; } = (_, ctx) => { ctx.Response.StatusCode = 200; return Task.CompletedTask; };
    public string BaseUrl { get; }
    public string Url => BaseUrl + "/hook";
    private int count;

    private TestReceiver(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<TestReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TestReceiver? receiver = null;
        app.Run(async ctx =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            var number = Interlocked.Increment(ref receiver!.count);
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new ReceivedRequest(number, DateTimeOffset.UtcNow, ctx.Request.Path, headers, buffer.ToArray());
            receiver.Requests.Enqueue(request);
            receiver.arrivals.Writer.TryWrite(request);
            await receiver.Respond(number, ctx);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new TestReceiver(app, address.TrimEnd('/'));
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

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(TimeSpan.FromSeconds(1).ToCancellationToken());
        await app.DisposeAsync();
    }
}

internal static class TimeSpanExtensions
{
    public static CancellationToken ToCancellationToken(this TimeSpan span) => new CancellationTokenSource(span).Token;
}
