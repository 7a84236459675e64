namespace WebhookConsole.Domain;

/// <summary>An API key. Only the SHA-256 of the value is stored; the value is shown once on creation.</summary>
public sealed class ApiKey
{
    /// <summary>Who created the key from `Bootstrap:ApiKey`; the UI warns before revoking it.</summary>
    public const string BootstrapActor = "bootstrap";

    public string Id { get; set; } = default!;
    public string Name { get; set; } = default!;
    public string Role { get; set; } = default!;
    /// <summary>First characters of the value, so people can tell keys apart without the secret.</summary>
    public string Prefix { get; set; } = default!;
    public string Hash { get; set; } = default!;
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Created from `Bootstrap:ApiKey` in configuration.</summary>
    public bool IsBootstrap => CreatedBy == BootstrapActor;
}
