using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using WebhookConsole.Api;
using WebhookConsole.Dispatch;
using WebhookConsole.Hosting;
using WebhookConsole.Identity;

namespace WebhookConsole.Ingest;

/// <summary>
/// `POST /api/v1/events` and `POST /api/v1/events/batch`. Bodies are read and parsed here rather than bound, so that a
/// too-large body is a 413 and every refusal names its field. Admin and Ingest keys: the platform's key needs only Ingest.
/// </summary>
internal static partial class IngestApi
{
    /// <summary>A batch holds at most 1000 events of at most 256 KiB each, and its body at most 32 MiB: split bigger ones.</summary>
    public const int MaxBatchBodyBytes = 32 * 1024 * 1024;
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int ReadChunkBytes = 64 * 1024;

    private const string Description = """
        Reports one event. It is answered `202 Accepted` with `{id, deliveries}` only once the event and every delivery
        it causes are committed; `deliveries` lists each as `{id, integrationId, status, nextAttemptAt}` (empty when no
        push rule routes the event). Sending the same `idempotencyKey` again (in the body, or the `Idempotency-Key`
        header) answers with the first event's `id` and stores nothing; the header `Idempotent-Replayed: true` says so.

        **Participation events** (`participation.started`, `participation.completed`) name their campaign in
        `source.campaignId` (and may name its website in `source.websiteId`). Their `data` (schema
        [`/schemas/event-request.json`](/schemas/event-request.json), `$defs/participationData`):
        `id` (participation id, required), `ip`, `url`, `browser`, `startedAt`, `completedAt` (RFC 3339; default to
        `occurredAt`), `campaign.id` (optional, must equal `source.campaignId`), `form: [{id, label, value}]`,
        `optins: [{id, label, value: boolean}]`, `questionnaire: [{questionId, question, answers: [{id, answer}]}]`,
        `result: {score, maxScore, profile, prizes: [{id, name}]}`. Other fields are ignored.

        **Loyalty events** (`loyalty.*`) name their program in `source.programId`; `data` needs `member.id` and may hold
        anything else about the event (points, balance, level, reward, identifier…), passed on as it is.

        Refusals are `application/problem+json` whose `errors` name each bad field: 400 for missing, unknown or
        malformed fields and unknown sources, 409 when the idempotency key belongs to an event of another type, 413 for
        a body over 256 KiB, 415 when the body is not JSON. Payloads sent to integrations:
        [`participation-v2.json`](/schemas/participation-v2.json), [`participation-v1.json`](/schemas/participation-v1.json),
        [`loyalty.json`](/schemas/loyalty.json).
        """;

    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        var events = api.MapGroup("/events").WithTags("Events");
        events.MapPost("/", PostAsync)
            .AllowIngestKeys()
            .WithBodyLimit(EventParser.MaxEventBytes)
            .JsonBody<EventRequest>()
            .Produces<EventAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Report an event")
            .WithDescription(Description);
        events.MapPost("/batch", PostBatchAsync)
            .AllowIngestKeys()
            .WithBodyLimit(MaxBatchBodyBytes)
            .JsonBody<EventBatchRequest>()
            .Produces<BatchAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Report up to 1000 events at once, all or nothing")
            .WithDescription("""
                `{events: [...]}` with 1 to 1000 events, each shaped as for `POST /api/v1/events` and at most 256 KiB (the
                body at most 32 MiB). Either every event is stored with its deliveries and the answer is `202 {ids}` (in
                the order sent; a repeated idempotency key gives the first event's id), or none is and the problem names
                each bad field as `events[i].field`.
                """);
        events.MapGet("/{id}", GetAsync)
            .WithSummary("One event with its deliveries")
            .Produces<EventView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>
    /// Documents a JSON request body without <c>Accepts</c> metadata, which would make routing answer a non-JSON body
    /// with a bare 415 before the handler can name the Content-Type.
    /// </summary>
    private static RouteHandlerBuilder JsonBody<T>(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, ct);
            operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });

    private static async Task<IResult> PostAsync(HttpContext http, IngestService ingest, CancellationToken ct)
    {
        var (document, refusal) = await ReadJsonAsync(http, EventParser.MaxEventBytes, ct);
        if (refusal is not null) return refusal;
        using (document)
        {
            var root = document!.RootElement;
            var header = http.Request.Headers["Idempotency-Key"].ToString();
            if (header.Length > 0 && root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("idempotencyKey", out var inBody) && inBody.ValueKind == JsonValueKind.String && inBody.GetString() != header)
                    throw new ValidationException(new Dictionary<string, string[]>
                    {
                        ["idempotencyKey"] = ["The Idempotency-Key header and idempotencyKey in the body differ; send one of them."],
                    });
                root = WithKey(root, header);
            }
            var result = (await ingest.AcceptAsync([root], [""], ct))[0];
            var deliveries = result.Replayed ? await ingest.DeliveriesOfAsync(result.Id, ct) : result.Deliveries;
            if (result.Replayed) http.Response.Headers[ReplayedHeader] = "true";
            http.Response.Headers.Location = $"/api/v1/events/{result.Id}";
            return TypedResults.Json(new EventAccepted(result.Id, deliveries.Select(ToAccepted).ToList()), IngestJson.Default.EventAccepted,
                statusCode: StatusCodes.Status202Accepted);
        }
    }

    private static async Task<IResult> PostBatchAsync(HttpContext http, IngestService ingest, LargeBodyGate gate, CancellationToken ct)
    {
        // A body announced over the threshold waits for a slot before it is read; one of unknown length takes a slot
        // once it has grown past the threshold. The slot is held until the batch is stored.
        using var slot = new LargeBodyGate.Holder(gate);
        if (http.Request.ContentLength > LargeBodyGate.Threshold && !await slot.EnterAsync(ct)) return Busy(http);
        var (body, refusal) = await ReadBodyAsync(http, MaxBatchBodyBytes, ct, () => slot.EnterAsync(ct));
        if (refusal is not null) return refusal;
        var (events, tooLarge) = ReadBatch(body);
        if (tooLarge is not null) return tooLarge;
        var results = await ingest.AcceptAsync(events, events.Select((_, i) => $"events[{i}].").ToList(), ct);
        return TypedResults.Accepted((string?)null, new BatchAccepted(results.Select(r => r.Id).ToList()));
    }

    private static async Task<Ok<EventView>> GetAsync(string id, IngestService ingest, CancellationToken ct)
    {
        var e = await ingest.FindAsync(id, ct);
        if (e is null) throw new KeyNotFoundException($"Event '{id}' does not exist.");
        var deliveries = await ingest.DeliveriesOfAsync(id, ct);
        using var data = JsonDocument.Parse(e.Data);
        return TypedResults.Ok(new EventView(e.Id, e.Type, e.OccurredAt, e.ReceivedAt,
            new EventSourceRef(e.WebsiteId, e.CampaignId, e.ProgramId), e.SubjectId, data.RootElement.Clone(), e.IdempotencyKey,
            deliveries.Select(ToAccepted).ToList()));
    }

    private static AcceptedDelivery ToAccepted(Delivery d) => new(d.Id, d.IntegrationId, d.Status.Name(), d.NextAttemptAt);

    /// <summary>Reads at most <paramref name="limit"/> bytes of JSON; anything else is refused with a problem naming what is wrong.</summary>
    private static async Task<(JsonDocument?, IResult?)> ReadJsonAsync(HttpContext http, int limit, CancellationToken ct)
    {
        var (body, refusal) = await ReadBodyAsync(http, limit, ct);
        if (refusal is not null) return (null, refusal);
        try
        {
            return (JsonDocument.Parse(body, DocumentOptions), null);
        }
        catch (JsonException e)
        {
            return (null, InvalidJson(e));
        }
        catch (InvalidOperationException)
        {
            return (null, LoneSurrogate("body"));
        }
    }

    /// <summary>503 with Retry-After: the large-batch gate is full, so this batch was not stored and may be sent again.</summary>
    private static IResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "5";
        return Problem(StatusCodes.Status503ServiceUnavailable, "Busy",
            $"Other large batches are being stored; this one was not. Retry in a few seconds, or send batches under {LargeBodyGate.Threshold / 1024} KiB.", "body");
    }

    private static async Task<(ReadOnlyMemory<byte>, IResult?)> ReadBodyAsync(HttpContext http, int limit, CancellationToken ct,
        Func<Task<bool>>? whenLarge = null)
    {
        var request = http.Request;
        if (!request.HasJsonContentType())
            return (default, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send JSON with Content-Type: application/json (got '{request.ContentType ?? "none"}').", "Content-Type"));
        if (request.ContentLength > limit)
            return (default, TooLarge("body", $"The body is {request.ContentLength / 1024} KiB; at most {limit / 1024} KiB are accepted here. Nothing was stored."));

        // Let the server read one byte past the limit so we, not it, decide and phrase the refusal.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit + 1L;
        // Sized once when the length is announced: growing by doubling would allocate twice the body on the way.
        var buffer = new MemoryStream((int)Math.Min(request.ContentLength ?? 0, limit + 1L));
        // A pooled read buffer: a fresh 80 KiB one per request was most of a single event's allocations, and its GCs.
        var chunk = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, ReadChunkBytes), ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (whenLarge is not null && buffer.Length > LargeBodyGate.Threshold && !await whenLarge())
                    return (default, Busy(http));
                if (buffer.Length > limit)
                    return (default, TooLarge("body", $"The body is over {limit / 1024} KiB, the most accepted here. Nothing was stored."));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        if (buffer.Length == 0)
            return (default, Problem(StatusCodes.Status400BadRequest, "The request is not valid.", "The body is empty; send the event as JSON.", "body"));
        return (buffer.GetBuffer().AsMemory(0, (int)buffer.Length), null);
    }

    /// <summary>Duplicate properties are refused: stored, the last would win while receivers could read either.</summary>
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    private static IResult InvalidJson(JsonException e)
    {
        if (DuplicateProperty.Message(e) is { } duplicate)
            return Problem(StatusCodes.Status400BadRequest, "The request is not valid.", duplicate, "body");
        var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
        return Problem(StatusCodes.Status400BadRequest, "The body is not valid JSON.",
            $"The body is not valid JSON{where}: {PositionSuffix().Replace(e.Message, "")}", "body");
    }

    /// <summary>
    /// The duplicate-property check unescapes every property name, and a name holding a lone surrogate (<c>"\ud800"</c>)
    /// cannot be unescaped into text: the reader throws an <see cref="InvalidOperationException"/>, not a JSON error.
    /// </summary>
    private static IResult LoneSurrogate(string field) =>
        Problem(StatusCodes.Status400BadRequest, "The request is not valid.", Api.JsonText.LoneSurrogate, field);

    /// <summary>The body's event with <c>idempotencyKey</c> set from the header.</summary>
    private static JsonElement WithKey(JsonElement root, string key)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(root.GetRawText())!.AsObject();
        node["idempotencyKey"] = key;
        return JsonSerializer.SerializeToElement(node);
    }

    private static IResult TooLarge(string field, string message) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", message, field);

    private static IResult Problem(int status, string title, string detail, string field) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] })
        {
            Status = status,
            Title = title,
            Detail = detail,
        });

    [GeneratedRegex(@"\s*(Path: .*)?\|?\s*LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex PositionSuffix();
}

/// <summary>An event as stored, with the deliveries it caused.</summary>
public sealed record EventView(string Id, string Type, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, EventSourceRef Source,
    string? SubjectId, JsonElement Data, string? IdempotencyKey, IReadOnlyList<AcceptedDelivery> Deliveries);
