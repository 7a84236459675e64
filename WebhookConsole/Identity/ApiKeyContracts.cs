using System.Text.Json.Serialization;

namespace WebhookConsole.Identity;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ApiKeyRequest(string? Name, string? Role);

/// <summary>An API key as listed: never its value, only the first characters that tell keys apart.</summary>
public sealed record ApiKeyView(string Id, string Name, string Role, string Prefix, bool Bootstrap, string? CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyView Of(ApiKey k) => new(k.Id, k.Name, k.Role, k.Prefix, k.IsBootstrap, k.CreatedBy, k.CreatedAt, k.LastUsedAt, k.RevokedAt);
}

/// <summary>The answer to a create: the only time the key's value is shown.</summary>
public sealed record ApiKeyCreated(string Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string Key);
