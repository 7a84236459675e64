using System.Text.Encodings.Web;
using System.Text.Json;
using WebhookConsole.Api;
using WebhookConsole.Hosting;
using WebhookConsole.Ingest;
using WebhookConsole.Routing;

namespace WebhookConsole.Inspector;

/// <summary>
/// `/inspect/{id}[/…]`: any method, anonymous, no antiforgery. Records method, path, headers (credentials masked), the
/// body's first 256 KiB with its whole length, time and source; answers the bin's status. A body over 16 MiB gets 413
/// and nothing is recorded; an unknown or expired bin gets 404.
/// </summary>
internal static class InspectorEndpoint
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapInspectorEndpoint(this IEndpointRouteBuilder app)
    {
        app.Map("/inspect/{id}/{**rest}", ReceiveAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(InspectorRateLimit.Policy)
            .WithMetadata(new BodyLimit(InspectorOptions.MaxAcceptedBodyBytes))
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(string id, string? rest, HttpContext context, InspectorService inspector, InspectorMisses misses,
        ReferenceDataCache referenceData, CancellationToken ct)
    {
        var client = context.Connection.RemoteIpAddress;
        if (misses.Exhausted(client))
        {
            context.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem("Too many requests to request bins that do not exist from this address; nothing was recorded. Wait a minute.",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
        }
        var bin = await inspector.FindLiveAsync(id, ct);
        if (bin is null)
        {
            misses.Record(client);
            return TypedResults.Problem($"There is no request bin '{id}', or it has expired.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var (body, length) = await ReadCappedAsync(context.Request.Body, ct);
        var request = context.Request;
        var path = string.IsNullOrEmpty(rest) && !request.QueryString.HasValue ? null : "/" + rest + request.QueryString;
        // Every integration's auth header is masked too, whatever its name: its value must never sit in the database in clear.
        var authHeaders = (await referenceData.GetAsync(ct)).Integrations.Values.Select(i => i.AuthHeaderName).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var capture = new Capture(request.Method, path, JsonSerializer.Serialize(HeadersOf(request, authHeaders), Json), body, length,
            context.Connection.RemoteIpAddress?.ToString());
        var requestId = await inspector.RecordAsync(bin, capture, ct);
        // 204 and 304 carry no body; others say what happened so a person trying the URL by hand sees it worked.
        if (bin.ResponseStatus is 204 or 304) return TypedResults.StatusCode(bin.ResponseStatus);
        return TypedResults.Json(new { bin = bin.Id, request = requestId, recordedBytes = body.Length, bodyLength = length }, statusCode: bin.ResponseStatus);
    }

    /// <summary>The first 256 KiB, and the count of every byte (the rest is read and dropped so the client gets its answer).</summary>
    private static async Task<(byte[] Body, long Length)> ReadCappedAsync(Stream stream, CancellationToken ct)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            var room = InspectorOptions.MaxStoredBodyBytes - (int)kept.Length;
            if (room > 0) kept.Write(buffer, 0, Math.Min(room, read));
            total += read;
        }
        return (kept.ToArray(), total);
    }

    /// <summary>Headers as received, repeated ones joined; credentials a bin has no business keeping are masked.</summary>
    private static Dictionary<string, string> HeadersOf(HttpRequest request, HashSet<string> authHeaders)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
            headers[name] = IsCredential(name) || authHeaders.Contains(name) ? Audit.AuditLog.Mask : values.ToString();
        return headers;
    }

    /// <summary>Authorization, cookies and anything named like a key, token, secret or password (an integration's auth header).</summary>
    internal static bool IsCredential(string name)
    {
        var n = name.ToLowerInvariant();
        return n is "cookie" || n.Contains("auth") || n.Contains("token") || n.Contains("secret") || n.Contains("password")
            || n.Contains("key") || Audit.AuditLog.IsSecretName(n);
    }
}
