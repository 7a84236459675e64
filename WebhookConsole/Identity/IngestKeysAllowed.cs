namespace WebhookConsole.Identity;

/// <summary>Endpoint metadata: `Ingest` API keys may call this endpoint (see <see cref="ApiAccess"/>).</summary>
public sealed class IngestKeysAllowed
{
    public static readonly IngestKeysAllowed Instance = new();
    private IngestKeysAllowed() { }
}
