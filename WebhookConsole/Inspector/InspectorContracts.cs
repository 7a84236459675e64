using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebhookConsole.Inspector;

/// <summary>`POST /api/v1/inspector/bins`: a name and the status the bin answers with (200 when absent).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BinRequest(string? Name, int? ResponseStatus = null);

/// <summary>A bin as the API and the page show it; <paramref name="Url"/> is where to send requests.</summary>
public sealed record BinView(string Id, string Name, string Url, int ResponseStatus, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? CreatedBy);

/// <summary>One captured request. <paramref name="Body"/> is its first 256 KiB as UTF-8; <paramref name="BodyLength"/> the whole.</summary>
public sealed record InspectedRequestView(
    long Id,
    DateTimeOffset ReceivedAt,
    string Method,
    string? Path,
    JsonElement Headers,
    string Body,
    long BodyLength,
    bool BodyTruncated,
    string? SourceAddress,
    int StatusReturned);

/// <summary>`GET /api/v1/inspector/bins/{id}/requests`: newest first.</summary>
public sealed record InspectedRequestList(IReadOnlyList<InspectedRequestView> Items);

/// <summary>A request as it arrived at `/inspect/{id}`, ready to be stored.</summary>
public sealed record Capture(string Method, string? Path, string Headers, byte[] Body, long BodyLength, string? SourceAddress);
