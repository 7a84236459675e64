using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using WebhookConsole.Api;
using WebhookConsole.Identity;

namespace WebhookConsole.Integrations;

internal static class IntegrationsApi
{
    public static RouteGroupBuilder MapIntegrationsRoutes(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/integrations").WithTags("Integrations");

        group.MapGet("/", async (IntegrationService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(ct)))
            .WithSummary("List integrations")
            .WithDescription("Any role. `secret` and `authHeaderValue` are masked (`••••••••`) when set, null when not. `lastDelivery` is the newest delivery to the integration.");

        group.MapGet("/{id}", async (string id, IntegrationService s, HttpContext http, CancellationToken ct) => TypedResults.Ok(Tag(http, await s.GetAsync(id, ct))))
            .WithSummary("Get an integration")
            .WithDescription("Any role. Secrets masked. The `ETag` header carries the version: send it back as `If-Match` on PUT, PATCH or DELETE to refuse (412) a change made to an older version.");

        group.MapPost("/", async Task<Created<IntegrationDto>> (IntegrationRequest r, IntegrationService s, ClaimsPrincipal u, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(r, CurrentActor.Of(u), ct);
                return TypedResults.Created($"/api/v1/integrations/{created.Id}", created);
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Create an integration (secret: absent/null → generated, \"\" → no signing)")
            .WithDescription("Admin. `secret` absent or null generates a `whsec_…` secret; `\"\"` creates the integration without signing; " +
                             "any other value is used as typed (≥ 16 characters; after a `whsec_` prefix it must be base64). " +
                             "The 201 response is the only one (with rotate-secret's) that carries the secret in clear: store it now. " +
                             "`active` defaults to true. At most one participation integration per account scope and per website (409) unless `Webhooks:AllowMultiplePerScope=true`; a duplicate name is a 409 too.");

        group.MapPut("/{id}", async (string id, IntegrationRequest r, IntegrationService s, ClaimsPrincipal u, HttpContext http, CancellationToken ct) =>
                TypedResults.Ok(Tag(http, await s.UpdateAsync(id, r, CurrentActor.Of(u), ct, ETags.IfMatch(http.Request)))))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Replace an integration's settings")
            .WithDescription("Admin. Same body as create. `secret` and `authHeaderValue`: absent, null or the mask keep the stored value, `\"\"` removes it, " +
                             "any other value replaces it at once (no overlap; use rotate-secret for one). Omitted optional fields take their defaults, except `active`, which is kept. " +
                             "`kind` cannot change. Deliveries see changes within `Delivery:SettingsCacheDuration` (default 5 minutes).");

        group.MapPatch("/{id}", async (string id, HttpRequest request, IntegrationService s, ClaimsPrincipal u, CancellationToken ct) =>
                TypedResults.Ok(Tag(request.HttpContext, await s.PatchAsync(id, await ReadPatchAsync(request, ct), CurrentActor.Of(u), ct, ETags.IfMatch(request)))))
            .Accepts<IntegrationRequest>("application/merge-patch+json", "application/json")
            .Produces<IntegrationDto>()
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Change some of an integration's settings (JSON merge patch)")
            .WithDescription("Admin. An RFC 7396 merge patch over the current settings, e.g. `{\"active\": false}` or `{\"options\": {\"sendLeads\": true}}`. " +
                             "`null` clears a field (websiteId → account scope, authHeaderName → no auth header) except `secret` and `authHeaderValue`, " +
                             "where null keeps the stored value and `\"\"` removes it. Same rules as PUT.");

        group.MapDelete("/{id}", async (string id, IntegrationService s, ClaimsPrincipal u, HttpRequest request, CancellationToken ct) =>
                TypedResults.Ok(await s.DeleteAsync(id, CurrentActor.Of(u), ct, ETags.IfMatch(request))))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Delete an integration (also removes it from push rules)")
            .WithDescription("Admin. In one transaction: removes the integration from the destinations of every push rule that names it " +
                             "and fails its queued deliveries with \"integration deleted\"; delivery history is kept. " +
                             "Returns how many push rules were updated and deliveries cancelled.");

        group.MapPost("/{id}/rotate-secret", async (string id, IntegrationService s, ClaimsPrincipal u, CancellationToken ct) =>
                TypedResults.Ok(await s.RotateSecretAsync(id, CurrentActor.Of(u), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Rotate the signing secret (the previous one keeps signing for 24 h)")
            .WithDescription("Admin. Generates a new `whsec_…` secret and returns it in clear, once. The previous secret keeps signing beside it " +
                             "(two entries in `webhook-signature`) until `previousSecretExpiresAt`, 24 hours from now. " +
                             "`X-Qualifio-Signature` uses the new secret once deliveries pick up the change (settings cache).");

        group.MapPost("/{id}/test", async (string id, IntegrationService s, ClaimsPrincipal u, CancellationToken ct) =>
                TypedResults.Ok(await s.TestAsync(id, CurrentActor.Of(u), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Send a sample event now and return the attempt")
            .WithDescription("Admin. POSTs a sample event of the integration's kind (participation: one object; loyalty: an array with one event; ids start with `test_`) " +
                             "with the saved settings, signed like real deliveries, whether or not the integration is active. Returns the attempt " +
                             "(`number, startedAt, durationMs, statusCode, requestHeaders` (secrets masked)`, responseHeaders, responseBody` (first 32 KiB)`, error`) plus `requestBody` and `succeeded`. " +
                             "Not recorded as a delivery.");
        return api;
    }

    private static IntegrationDto Tag(HttpContext http, IntegrationDto dto) => http.Tagged(dto, dto.Version);

    private static async Task<JsonObject> ReadPatchAsync(HttpRequest request, CancellationToken ct)
    {
        // Read whole (the body is capped at 1 MiB) so its UTF-8 can be checked: the JSON reader would pass bad bytes
        // inside strings through to storage and to receivers.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (!System.Text.Unicode.Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
            throw new ValidationException(new Dictionary<string, string[]> { ["body"] = ["The body is not valid UTF-8."] });
        JsonNode? node;
        try
        {
            using (var document = JsonDocument.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length).ToArray()))
                if (JsonText.FindInvalid(document.RootElement) is { } notText)
                    throw new ValidationException(new Dictionary<string, string[]> { [notText.Length == 0 ? "body" : notText] = [JsonText.LoneSurrogate] });
            node = JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The body is not valid JSON.", StatusCodes.Status400BadRequest, e);
        }
        catch (InvalidOperationException)
        {
            // A property name with a lone surrogate, unescaped by the duplicate-property check.
            throw new ValidationException(new Dictionary<string, string[]> { ["body"] = [JsonText.LoneSurrogate] });
        }
        return node as JsonObject ?? throw new BadHttpRequestException("The body must be a JSON object (a merge patch), e.g. {\"active\": false}.");
    }
}
