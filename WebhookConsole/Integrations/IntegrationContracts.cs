using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Integrations;

/// <summary>
/// Body of POST and PUT /api/v1/integrations. On create, an absent or null <see cref="Secret"/> generates a
/// `whsec_` secret, "" means no signing. On update, null, absent or the mask keep the stored secret and
/// auth value, "" removes them; a new value replaces them at once (use rotate-secret for an overlap).
/// </summary>
public sealed record IntegrationRequest(
    [property: Description("Display name, unique, at most 200 characters.")] string? Name,
    [property: Description("Absolute http(s) URL the events are POSTed to. HTTPS is strongly recommended.")] string? Url,
    [property: Description("`participation` or `loyalty`. Cannot change after creation.")] string? Kind,
    [property: Description("Whether deliveries are sent. Defaults to true.")] bool? Active = null,
    [property: Description("Participation only: the one website this integration receives events of; null for the whole account.")] string? WebsiteId = null,
    [property: Description("Optional header sent with every request, e.g. Authorization or x-api-key.")] string? AuthHeaderName = null,
    [property: Description("Value of the auth header. Stored encrypted, returned masked.")] string? AuthHeaderValue = null,
    [property: Description("Signing secret: absent/null generates one on create and keeps the stored one on update; \"\" means no signing; otherwise ≥ 16 characters (a `whsec_` prefix must be followed by base64).")] string? Secret = null,
    [property: Description("`2.0` (default; Qualifio's participation webhook), `1.0` (legacy flat payload, deprecated) or `poltio` (Poltio's webhook payload); the last two for participation integrations only.")] string? PayloadVersion = null,
    [property: Description("Participation delivery options.")] IntegrationOptionsRequest? Options = null,
    [property: Description("Keep this integration's payloads and attempts this many days (1–3650) when that is shorter than the global `Retention:Days`; null or absent: the global retention.")] int? PayloadRetentionDays = null)
{
    /// <summary>Fields the body has that this request does not: refused by the validator, naming each.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Unknown { get; init; }
}

public sealed record IntegrationOptionsRequest(
    [property: Description("Hold a completed participation back until this many seconds after its completion before the first attempt (0–86400).")] int? DelaySeconds = null,
    [property: Description("Poltio payload only: include the answers (votes). Qualifio payloads 2.0 and 1.0 always carry the questionnaire.")] bool? SendAnswers = null,
    [property: Description("Poltio payload only: include the leads (form fields and opt-ins). Qualifio payloads 2.0 and 1.0 always carry the form and opt-ins.")] bool? SendLeads = null,
    IncompleteOptionsRequest? Incomplete = null)
{
    [JsonExtensionData] public Dictionary<string, JsonElement>? Unknown { get; init; }
}

public sealed record IncompleteOptionsRequest(
    [property: Description("Also send participations not completed within the delay, with state INCOMPLETE.")] bool? Send = null,
    [property: Description("Seconds a participant has to finish, counted from the start (60–86400, default 3600).")] int? DelaySeconds = null,
    [property: Description("Deprecated: the same delay in minutes (1–1440); use delaySeconds.")] int? DelayMinutes = null)
{
    [JsonExtensionData] public Dictionary<string, JsonElement>? Unknown { get; init; }
}

/// <summary>An integration as the API returns it: the secret and auth value masked except right after creation or rotation.</summary>
public sealed record IntegrationDto(
    string Id,
    string Name,
    string Url,
    string Kind,
    bool Active,
    string? WebsiteId,
    string? AuthHeaderName,
    string? AuthHeaderValue,
    string? Secret,
    string PayloadVersion,
    IntegrationOptions Options,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: Description("After a rotation: until when the previous secret still signs beside the new one.")] DateTimeOffset? PreviousSecretExpiresAt,
    [property: Description("Name of the website scope, when there is one.")] string? WebsiteName,
    [property: Description("The newest delivery to this integration, if any.")] LastDelivery? LastDelivery,
    [property: Description("Days payloads and attempts are kept when shorter than the global retention; null: the global one.")] int? PayloadRetentionDays = null,
    [property: Description("Read only: `active`, `inactive` (switched off) or `blocked` (every attempt failed for days; nothing is sent until an admin unblocks it). `active` stays the switch.")] string State = IntegrationStates.Active)
{
    [Description("Bumped by every change; the ETag of GET /api/v1/integrations/{id}, to send back in If-Match.")]
    public int Version { get; init; }
}

public sealed record IntegrationOptions(int DelaySeconds, bool SendAnswers, bool SendLeads, IncompleteOptions Incomplete)
{
    public static IntegrationOptions Default { get; } = new(0, false, false, new IncompleteOptions(false, 3600));
}

public sealed record IncompleteOptions(bool Send, int DelaySeconds)
{
    /// <summary>The delay in whole minutes (rounded up), kept for clients of the first API version.</summary>
    public int DelayMinutes => (DelaySeconds + 59) / 60;
}

public sealed record LastDelivery(string Id, DeliveryStatus Status, int? StatusCode, DateTimeOffset At);

/// <summary>What DELETE did besides removing the integration.</summary>
public sealed record IntegrationDeleted(string Id, int PushRulesUpdated, int DeliveriesCancelled);

/// <summary>How much depends on an integration, shown before deleting it.</summary>
public sealed record IntegrationUsage(int PushRules, int OutstandingDeliveries);

/// <summary>Clear values for an Admin who asked to see them (audited).</summary>
public sealed record RevealedSecrets(string? Secret, string? PreviousSecret, DateTimeOffset? PreviousSecretExpiresAt, string? AuthHeaderValue);

/// <summary>The outcome of POST /integrations/{id}/test: the attempt, plus the exact body that was sent.</summary>
public sealed record TestDeliveryResult(
    bool Succeeded,
    string Url,
    string MessageId,
    int Number,
    DateTimeOffset StartedAt,
    int DurationMs,
    int? StatusCode,
    IReadOnlyDictionary<string, string> RequestHeaders,
    IReadOnlyDictionary<string, string>? ResponseHeaders,
    string? ResponseBody,
    string? Error,
    string RequestBody);
