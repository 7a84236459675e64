using System.Text.RegularExpressions;
using WebhookConsole.Dispatch;
using WebhookConsole.Routing.Payloads;

namespace WebhookConsole.Integrations;

/// <summary>What the validator needs to know about the stored integration when a request updates one.</summary>
public sealed record IntegrationState(string Kind, bool HasAuthHeaderValue, bool HasSecret);

/// <summary>
/// The one set of rules for integrations, used by the API and the editor alike. Keys are the API's field
/// names (nested options as `options.delaySeconds`). Rules that need the database (unique name, website
/// exists, one per scope) are checked by <see cref="IntegrationService"/>.
/// </summary>
public static partial class IntegrationValidator
{
    public const int MaxNameLength = 200;
    public const int MaxUrlLength = 2048;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 512;
    public const int MaxAuthValueLength = 4096;
    public const int MaxDelaySeconds = 86_400;
    public const int MaxPayloadRetentionDays = 3650;
    public const int MinIncompleteDelaySeconds = 60;
    public const int MaxIncompleteDelaySeconds = 86_400;
    public const int MinIncompleteDelayMinutes = 1;
    public const int MaxIncompleteDelayMinutes = 1_440;
    public const string CurrentPayloadVersion = ParticipationPayloads.Version2;
    public const string LegacyPayloadVersion = ParticipationPayloads.Version1;
    public const string PoltioPayloadVersion = ParticipationPayloads.Poltio;
    public static readonly string[] PayloadVersions = ParticipationPayloads.Versions;

    /// <summary>Headers the dispatcher sets itself or that would break the request; `webhook-*` is reserved as a prefix.</summary>
    public static readonly string[] ReservedHeaders =
    [
        "Host", "Content-Length", "Content-Type", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive",
        "Upgrade", "TE", "Trailer", "Expect", "Proxy-Connection", "User-Agent", "webhook-id", "webhook-timestamp", "webhook-signature",
    ];

    // RFC 9110 token: the characters a header name may have.
    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")]
    private static partial Regex Token();

    public static Dictionary<string, string[]> Validate(IntegrationRequest r, IntegrationRules rules, IntegrationState? existing = null)
    {
        var errors = new Dictionary<string, string[]>();
        var isNew = existing is null;
        RefuseUnknown(r.Unknown, "", ReadOnlyFields, errors);
        RefuseUnknown(r.Options?.Unknown, "options.", [], errors);
        RefuseUnknown(r.Options?.Incomplete?.Unknown, "options.incomplete.", [], errors);

        if (string.IsNullOrWhiteSpace(r.Name)) errors["name"] = ["Name is required."];
        else if (r.Name.Trim().Length > MaxNameLength) errors["name"] = [$"Name must be at most {MaxNameLength} characters."];
        else if (r.Name.Any(char.IsControl)) errors["name"] = ["Name must not contain control characters."];

        if (CheckUrl(r.Url) is { } urlError) errors["url"] = [urlError];

        var kind = r.Kind?.Trim();
        if (string.IsNullOrEmpty(kind)) errors["kind"] = ["Kind is required: participation or loyalty."];
        else if (!IntegrationKind.All.Contains(kind, StringComparer.Ordinal)) errors["kind"] = [$"Kind must be participation or loyalty, not '{kind}'."];
        else if (existing is not null && existing.Kind != kind)
            errors["kind"] = [$"Kind cannot change after creation (this is a {existing.Kind} integration; payloads differ). Create a new integration instead."];
        var isLoyalty = kind == IntegrationKind.Loyalty;

        if (isLoyalty && !string.IsNullOrWhiteSpace(r.WebsiteId))
            errors["websiteId"] = ["Only participation integrations have a website scope; loyalty integrations get the events their push rules select."];
        else if (r.WebsiteId is { Length: > 64 }) errors["websiteId"] = ["Website id must be at most 64 characters."];

        CheckAuthHeader(r, rules, existing, errors);
        if (CheckSecret(r.Secret, isNew) is { } secretError) errors["secret"] = [secretError];

        var version = r.PayloadVersion?.Trim();
        if (!string.IsNullOrEmpty(version) && !PayloadVersions.Contains(version, StringComparer.Ordinal))
            errors["payloadVersion"] = [$"Payload version must be 2.0 (Qualifio, current), 1.0 (legacy, deprecated) or poltio, not '{version}'."];
        else if (isLoyalty && version is LegacyPayloadVersion or PoltioPayloadVersion)
            errors["payloadVersion"] = [$"Payload version {version} exists only for participation integrations; loyalty integrations receive 2.0."];

        if (r.PayloadRetentionDays is < 1 or > MaxPayloadRetentionDays)
            errors["payloadRetentionDays"] = [$"Payload retention must be between 1 and {MaxPayloadRetentionDays} days, or empty for the global retention."];

        var o = r.Options;
        if (o?.DelaySeconds is < 0 or > MaxDelaySeconds)
            errors["options.delaySeconds"] = [$"Delay must be between 0 and {MaxDelaySeconds} seconds (24 hours)."];
        if (o?.Incomplete?.DelaySeconds is < MinIncompleteDelaySeconds or > MaxIncompleteDelaySeconds)
            errors["options.incomplete.delaySeconds"] = [$"Incomplete delay must be between {MinIncompleteDelaySeconds} and {MaxIncompleteDelaySeconds} seconds (1 minute to 24 hours)."];
        if (o?.Incomplete?.DelayMinutes is < MinIncompleteDelayMinutes or > MaxIncompleteDelayMinutes)
            errors["options.incomplete.delayMinutes"] = [$"Incomplete delay must be between {MinIncompleteDelayMinutes} and {MaxIncompleteDelayMinutes} minutes (24 hours); delaySeconds takes seconds."];
        else if (o?.Incomplete is { DelaySeconds: { } seconds, DelayMinutes: { } minutes } && seconds != minutes * 60)
            errors["options.incomplete.delayMinutes"] = [$"delayMinutes ({minutes}) and delaySeconds ({seconds}) disagree; give only delaySeconds."];
        if (isLoyalty && o is not null && Options(o) != IntegrationOptions.Default)
            errors["options"] = ["Delay, answers, leads and incomplete participations apply to participation integrations only."];

        return errors;
    }

    /// <summary>Fields of the integration as the API returns it, ignored on input so a GET → PUT round trip works.</summary>
    private static readonly string[] ReadOnlyFields = ["id", "createdAt", "updatedAt", "previousSecretExpiresAt", "websiteName", "lastDelivery", "state", "version"];

    private static void RefuseUnknown(Dictionary<string, System.Text.Json.JsonElement>? unknown, string prefix, string[] ignored, Dictionary<string, string[]> errors)
    {
        foreach (var name in (unknown?.Keys.AsEnumerable() ?? []).Where(k => !ignored.Contains(k, StringComparer.Ordinal)))
            errors[prefix + name] = [$"Unknown field '{(name.Length > 64 ? name[..64] + "…" : name)}'; leave it out."];
    }

    /// <summary>Null when the URL is acceptable, otherwise why not.</summary>
    public static string? CheckUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "URL is required.";
        url = url.Trim();
        if (url.Length > MaxUrlLength) return $"URL must be at most {MaxUrlLength} characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || url.Any(char.IsWhiteSpace))
            return "URL must be an absolute http:// or https:// address, e.g. https://example.com/webhooks.";
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            return $"URL must start with https:// or http://, not {uri.Scheme}://.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "URL must not contain a user name or password; use the auth header for credentials.";
        if (!string.IsNullOrEmpty(uri.Fragment)) return "URL must not contain a #fragment; it is never sent to the server.";
        return null;
    }

    /// <summary>A warning for a valid but weak URL (plain http), or null.</summary>
    public static string? UrlWarning(string? url) =>
        CheckUrl(url) is null && url!.Trim().StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        // The console's own request bin never leaves the machine.
        && !url.Contains("/inspect/bin_", StringComparison.Ordinal)
            ? "This URL is plain http: payloads, the auth header and signatures travel unencrypted. Use HTTPS."
            : null;

    public static bool IsReservedHeader(string name, IntegrationRules rules) =>
        name.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase)
        || ReservedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)
        || string.Equals(name, rules.SignatureHeader, StringComparison.OrdinalIgnoreCase);

    private static void CheckAuthHeader(IntegrationRequest r, IntegrationRules rules, IntegrationState? existing, Dictionary<string, string[]> errors)
    {
        var name = r.AuthHeaderName?.Trim();
        var value = r.AuthHeaderValue;
        var keepsStored = existing is { HasAuthHeaderValue: true } && (value is null || value == IntegrationSecrets.Mask);
        var typed = !string.IsNullOrEmpty(value) && value != IntegrationSecrets.Mask;

        if (string.IsNullOrEmpty(name))
        {
            if (typed) errors["authHeaderName"] = ["Header name is required when a header value is given."];
            return;
        }
        if (name.Length > 128) errors["authHeaderName"] = ["Header name must be at most 128 characters."];
        else if (!Token().IsMatch(name))
            errors["authHeaderName"] = ["Header name must be a valid HTTP header name: letters, digits and ! # $ % & ' * + - . ^ _ ` | ~, no spaces or colons."];
        else if (IsReservedHeader(name, rules))
            errors["authHeaderName"] = [$"'{name}' is set by the dispatcher itself and cannot be used (reserved: Host, Content-Type, Content-Length, User-Agent, webhook-*, {rules.SignatureHeader}…)."];

        if (keepsStored) return;
        if (!typed)
        {
            errors["authHeaderValue"] = [value == IntegrationSecrets.Mask
                ? "That is the mask, not a value: type the header value."
                : "Header value is required when a header name is given."];
            return;
        }
        if (value!.Length > MaxAuthValueLength) errors["authHeaderValue"] = [$"Header value must be at most {MaxAuthValueLength} characters."];
        else if (value.Any(char.IsControl)) errors["authHeaderValue"] = ["Header value must be one line, without control characters."];
        else if (value.Trim().Length != value.Length) errors["authHeaderValue"] = ["Header value must not start or end with spaces."];
    }

    /// <summary>Null when the secret field is acceptable: absent (generate or keep), "" (no signing), the mask on update, or a typed secret.</summary>
    public static string? CheckSecret(string? secret, bool isNew)
    {
        if (secret is null || secret.Length == 0) return null;
        if (secret == IntegrationSecrets.Mask)
            return isNew ? "That is the mask, not a secret: type a secret, leave it out to generate one, or send \"\" for no signing." : null;
        if (secret.Length < MinSecretLength) return $"Secret must be at least {MinSecretLength} characters (or generate one).";
        if (secret.Length > MaxSecretLength) return $"Secret must be at most {MaxSecretLength} characters.";
        if (secret.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return "Secret must not contain spaces or control characters.";
        if (secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            var rest = secret["whsec_".Length..];
            var buffer = new byte[rest.Length];
            if (!Convert.TryFromBase64String(rest, buffer, out var n) || n == 0)
                return "A secret starting with whsec_ must continue with base64 (the Standard Webhooks form), e.g. one generated here.";
        }
        return null;
    }

    /// <summary>The options a request asks for, defaults filled in.</summary>
    public static IntegrationOptions Options(IntegrationOptionsRequest? o)
    {
        var d = IntegrationOptions.Default;
        return new IntegrationOptions(
            o?.DelaySeconds ?? d.DelaySeconds,
            o?.SendAnswers ?? d.SendAnswers,
            o?.SendLeads ?? d.SendLeads,
            new IncompleteOptions(o?.Incomplete?.Send ?? d.Incomplete.Send,
                o?.Incomplete?.DelaySeconds ?? o?.Incomplete?.DelayMinutes * 60 ?? d.Incomplete.DelaySeconds));
    }
}
