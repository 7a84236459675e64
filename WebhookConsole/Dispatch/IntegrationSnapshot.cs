namespace WebhookConsole.Dispatch;

/// <summary>What an attempt needs of an integration, secrets decrypted, as cached for the settings cache duration.</summary>
public sealed record IntegrationSnapshot(
    string Id,
    string Name,
    string Url,
    bool Active,
    string? AuthHeaderName,
    string? AuthHeaderValue,
    IReadOnlyList<string> SigningSecrets);
