namespace WebhookConsole.Data;

/// <summary>The caller edited an older version of the resource than the stored one (If-Match or the editor's copy). Nothing was changed.</summary>
public sealed class StaleVersionException(string message, int currentVersion) : Exception(message)
{
    public int CurrentVersion { get; } = currentVersion;

    /// <summary>Refuses a change made to <paramref name="expected"/> when the stored row has moved on; null expects nothing.</summary>
    public static void ThrowIfStale(IVersioned stored, int? expected, string what)
    {
        if (expected is { } version && version != stored.Version)
            throw new StaleVersionException(
                $"The {what} was changed by someone else since you read it (you have version {version}, it is now at {stored.Version}). " +
                "Read it again and reapply your change; nothing was saved.", stored.Version);
    }
}
