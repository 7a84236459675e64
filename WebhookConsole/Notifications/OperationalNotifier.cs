using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Notifications;

/// <summary>
/// Publishes operational events: keeps the latest in memory for the header's bell (this node's, since its start) and,
/// when `Notifications:Url` is set, POSTs each there in the background, signed like deliveries with
/// `Notifications:Secret` (`X-Qualifio-Signature` and the Standard Webhooks headers), retried a few times.
/// Publishing never waits on the network: the dispatcher calls it on its hot path's rare branches.
/// </summary>
public sealed class OperationalNotifier(IConfiguration config, DeliveryOptions delivery, TimeProvider time, ILogger<OperationalNotifier> logger)
    : BackgroundService
{
    public const int Kept = 50;
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string? url = string.IsNullOrWhiteSpace(config["Notifications:Url"]) ? null : config["Notifications:Url"]!.Trim();
    private readonly string? secret = string.IsNullOrEmpty(config["Notifications:Secret"]) ? null : config["Notifications:Secret"];
    private readonly Channel<OperationalEvent> outbox = Channel.CreateBounded<OperationalEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly LinkedList<OperationalEvent> recent = new();
    private readonly HttpClient client = new() { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>Raised after an event is published (the bell re-renders).</summary>
    public event Action? Published;

    /// <summary>The latest events on this node, newest first.</summary>
    public IReadOnlyList<OperationalEvent> Recent
    {
        get
        {
            lock (recent) return recent.ToList();
        }
    }

    public OperationalEvent Publish(string type, object data, string summary)
    {
        var e = new OperationalEvent(Ids.New("opv", time), type, time.GetUtcNow(), data, summary);
        lock (recent)
        {
            recent.AddFirst(e);
            while (recent.Count > Kept) recent.RemoveLast();
        }
        if (url is not null) outbox.Writer.TryWrite(e);
        Published?.Invoke();
        return e;
    }

    /// <summary>The exact body POSTed for an event.</summary>
    public static byte[] Body(OperationalEvent e) => JsonSerializer.SerializeToUtf8Bytes(new { type = e.Type, occurredAt = e.OccurredAt, data = e.Data }, Json);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (url is null) return;
        try
        {
            await foreach (var e in outbox.Reader.ReadAllAsync(stoppingToken)) await SendWithRetriesAsync(e, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendWithRetriesAsync(OperationalEvent e, CancellationToken ct)
    {
        var body = Body(e);
        for (var attempt = 0; ; attempt++)
        {
            var failure = await SendAsync(e, body, ct);
            if (failure is null) return;
            if (attempt >= Backoff.Length)
            {
                logger.LogWarning("Operational event {Type} {Id} was not accepted by Notifications:Url after {Attempts} attempts: {Failure}", e.Type, e.Id, attempt + 1, failure);
                return;
            }
            await Task.Delay(Backoff[attempt], time, ct);
        }
    }

    /// <summary>Null when the receiver answered 2xx, otherwise what went wrong.</summary>
    private async Task<string?> SendAsync(OperationalEvent e, byte[] body, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.TryAddWithoutValidation("User-Agent", WebhookSender.UserAgent);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        message.Headers.TryAddWithoutValidation("webhook-id", e.Id);
        message.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString());
        if (secret is not null)
        {
            message.Headers.TryAddWithoutValidation(delivery.SignatureHeader, WebhookSigner.QualifioSignature(secret, body));
            message.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.StandardSignature([secret], e.Id, timestamp, body));
        }
        try
        {
            using var response = await client.SendAsync(message, ct);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return ex.Message;
        }
    }

    public override void Dispose()
    {
        client.Dispose();
        base.Dispose();
    }
}
