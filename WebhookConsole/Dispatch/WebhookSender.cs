using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Sends one signed POST through a single pooled connection handler: connect and total timeouts,
/// no redirects, destinations checked on the resolved address at connect time, at most 32 KiB of the
/// response read. Secret values never leave this class unmasked.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const int MaxResponseBytes = 32 * 1024;
    public static readonly string UserAgent =
        "WebhookConsole/" + (typeof(WebhookSender).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0");

    // Header names and values as they are; the default encoder would escape the mask's bullets.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    // Invokers straight on the handlers: HttpClient adds nothing the sender uses (no base address, default headers, response
    // buffering or timeout of its own) but a linked cancellation source and two registrations per request.
    private readonly HttpMessageInvoker client;
    private readonly HttpMessageInvoker binClient;
    private readonly AttemptTimeouts timeouts = new();
    private const int MaxCachedUris = 1024;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Uri> uris = new(StringComparer.Ordinal);
    private readonly DeliveryOptions options;
    private readonly TimeProvider time;
    private readonly IOwnListenerRoute? ownListener;

    public WebhookSender(DeliveryOptions options, TimeProvider time, IOwnListenerRoute? ownListener = null)
    {
        this.options = options;
        this.time = time;
        this.ownListener = ownListener;
        client = new HttpMessageInvoker(Handler(ConnectAsync));
        // The console's own request bins: a pool of its own that can open nothing but this process's listening socket
        // (see IOwnListenerRoute); the certificate is not checked there because the socket itself is pinned to ourselves.
        var bins = Handler(ConnectToOwnListenerAsync);
#pragma warning disable CA5359 // the connection can only reach this process (see above), so there is nothing to authenticate
        bins.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        binClient = new HttpMessageInvoker(bins);
    }

    private SocketsHttpHandler Handler(Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> connect) =>
        new()
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            // No limit per host and port: it would be shared by every integration on that host, so two hanging ones could
            // starve a healthy third. Requests in flight are bounded per integration (the throttle) and by the workers.
            MaxConnectionsPerServer = int.MaxValue,
            ConnectCallback = connect,
            // No propagator: the handler then leaves out its diagnostics stage, which started an Activity of its own per
            // request (and wrote its context) under the attempt's `send` span. The sender writes `traceparent` from that
            // span itself (TraceContext), for a fraction of the cost.
            ActivityHeadersPropagator = null,
        };

    /// <summary>Never throws but for <paramref name="ct"/>: whatever goes wrong on the wire is a failed attempt with its error.</summary>
    public async Task<SendResult> SendAsync(IntegrationSnapshot integration, string messageId, byte[] body, int attemptNumber, CancellationToken ct)
    {
        var startedAt = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var attempt = new Attempt { Number = attemptNumber, StartedAt = startedAt };
        var shownHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        var bin = ownListener?.Resolve(integration.Url);
        using var message = new HttpRequestMessage(HttpMethod.Post, bin?.Uri ?? UriOf(integration.Url)) { Content = new ByteArrayContent(body) };
        if (bin is not null) message.Headers.Host = bin.Host;
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        shownHeaders["Content-Type"] = "application/json";
        shownHeaders["User-Agent"] = UserAgent;
        if (!string.IsNullOrEmpty(integration.AuthHeaderName) && integration.AuthHeaderValue is not null)
        {
            message.Headers.TryAddWithoutValidation(integration.AuthHeaderName, integration.AuthHeaderValue);
            shownHeaders[integration.AuthHeaderName] = IntegrationSecrets.Mask;
        }
        var timestamp = startedAt.ToUnixTimeSeconds();
        TraceContext.Write(message.Headers, Activity.Current);
        message.Headers.TryAddWithoutValidation("webhook-id", messageId);
        var timestampText = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        message.Headers.TryAddWithoutValidation("webhook-timestamp", timestampText);
        shownHeaders["webhook-id"] = messageId;
        shownHeaders["webhook-timestamp"] = timestampText;
        if (integration.SigningSecrets.Count > 0)
        {
            var legacy = WebhookSigner.QualifioSignature(integration.SigningSecrets[0], body);
            var standard = WebhookSigner.StandardSignature(integration.SigningSecrets, messageId, timestamp, body);
            message.Headers.TryAddWithoutValidation(options.SignatureHeader, legacy);
            message.Headers.TryAddWithoutValidation("webhook-signature", standard);
            shownHeaders[options.SignatureHeader] = legacy;
            shownHeaders["webhook-signature"] = standard;
        }
        attempt.RequestHeaders = JsonSerializer.Serialize(shownHeaders, Json);

        var timeout = timeouts.Start(options.Timeout);
        var stop = ct.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeout);
        TimeSpan? retryAfter = null;
        var succeeded = false;
        try
        {
            // The handler answers once the headers are in; the body is read below (at most 32 KiB).
            using var response = await (bin is null ? client : binClient).SendAsync(message, timeout.Token);
            attempt.StatusCode = (int)response.StatusCode;
            attempt.ResponseHeaders = JsonSerializer.Serialize(HeadersOf(response), Json);
            attempt.ResponseBody = await ReadCappedAsync(response, timeout.Token);
            succeeded = attempt.StatusCode is >= 200 and < 300;
            if (!succeeded && (int)response.StatusCode is 429 or 503) retryAfter = RetryAfterOf(response);
            if (attempt.StatusCode is >= 300 and < 400)
                attempt.Error = $"redirect to {response.Headers.Location?.ToString() ?? "(no Location)"} not followed";
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (e is OperationCanceledException || e is HttpRequestException && timeout.IsCancellationRequested))
        {
            // A request failing while its time ran out failed for that (HttpClient turned such failures into cancellations).
            attempt.Error = $"timeout: no complete response within {options.Timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e)
        {
            attempt.Error = Describe(e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A body cut short or reset after the headers (HttpIOException), a malformed response: a failed attempt, never an escape.
            attempt.Error = "error: " + e.Message;
            succeeded = false;
        }
        finally
        {
            // The response is disposed and its body read by now: nothing holds the token any more.
            stop.Dispose();
            timeouts.Return(timeout, stopwatch.Elapsed, options.Timeout);
        }
        attempt.DurationMs = (int)stopwatch.ElapsedMilliseconds;
        return new SendResult(attempt, succeeded, retryAfter);
    }

    private async ValueTask<Stream> ConnectToOwnListenerAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        if (ownListener is null || !ownListener.IsOwnEndpoint(host, port))
            throw new BlockedDestinationException($"blocked: {host}:{port} is not this console's own listening address");
        return await OpenAsync([IPAddress.Parse(host.Trim('[', ']'))], port, ct);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal)) addresses = [literal];
        else
        {
            try { addresses = await Dns.GetHostAddressesAsync(host, ct); }
            catch (SocketException e) { throw new HttpRequestException($"dns: {host} could not be resolved ({e.SocketErrorCode})", e); }
        }
        var allowed = options.AllowPrivateNetworks ? addresses : addresses.Where(NetworkGuard.IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new BlockedDestinationException(
                $"blocked: {host} resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}, a private, reserved, multicast or this host's own address (Delivery:AllowPrivateNetworks is off)");

        return await OpenAsync(allowed, context.DnsEndPoint.Port, ct);
    }

    private static async ValueTask<Stream> OpenAsync(IPAddress[] addresses, int port, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<string?> ReadCappedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        // Pooled: a fresh 32 KiB array per attempt showed up in the profile as time spent zeroing memory.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(MaxResponseBytes);
        try
        {
            var total = 0;
            while (total < MaxResponseBytes)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(total, MaxResponseBytes - total), ct);
                if (read == 0) break;
                total += read;
            }
            // Anything beyond 32 KiB is left unread; disposing the response drops the connection.
            return total == 0 ? null : Encoding.UTF8.GetString(buffer, 0, total);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The response's headers as the receiver sent them, values of one name joined: read without validation, which parses
    /// none of them into header objects (the validating view built a parsed value and a string array per header).
    /// </summary>
    private static Dictionary<string, string> HeadersOf(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated) headers[name] = values.ToString();
        foreach (var (name, values) in response.Content.Headers.NonValidated) headers[name] = values.ToString();
        return headers;
    }

    /// <summary>An integration's URL parsed once, not once per attempt (a handful of integrations take every delivery).</summary>
    private Uri UriOf(string url)
    {
        if (uris.TryGetValue(url, out var uri)) return uri;
        if (uris.Count >= MaxCachedUris) uris.Clear();
        return uris[url] = new Uri(url, UriKind.RelativeOrAbsolute);
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }

    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case BlockedDestinationException blocked: return blocked.Message;
                case AuthenticationException tls: return "tls: " + tls.Message;
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }: return "refused: the connection was refused";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } dns: return "dns: " + dns.Message;
                case SocketException { SocketErrorCode: SocketError.TimedOut }: return "timeout: connect timed out";
                case TimeoutException: return "timeout: connect timed out";
                case OperationCanceledException: return "timeout: connect timed out";
            }
        }
        if (e.Message.StartsWith("dns:", StringComparison.Ordinal)) return e.Message;
        return "error: " + e.Message;
    }

    public void Dispose()
    {
        client.Dispose();
        binClient.Dispose();
    }
}
