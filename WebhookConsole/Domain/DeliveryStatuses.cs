namespace WebhookConsole.Domain;

/// <summary>
/// <see cref="DeliveryStatus"/> by name (the lower-case member name: the stored value, the API's and the filters'), the
/// waiting set, and that set as an SQL list for raw statements (a test keeps the statements and the enum alike).
/// </summary>
public static class DeliveryStatuses
{
    /// <summary>Every status, in declaration order.</summary>
    public static readonly DeliveryStatus[] All = Enum.GetValues<DeliveryStatus>();

    private static readonly string[] Names = [.. All.Select(s => s.ToString().ToLowerInvariant())];
    private static readonly Dictionary<string, DeliveryStatus> ByName = All.ToDictionary(s => Names[(int)s], StringComparer.Ordinal);

    /// <summary>Every status's name, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> AllNames => Names;

    /// <summary>Waiting for their next-attempt time; the due sweep claims them then. Only these can be superseded.</summary>
    public static readonly DeliveryStatus[] Waiting = [.. All.Where(IsWaiting)];

    /// <summary><see cref="Waiting"/> as an SQL list for raw statements: <c>'scheduled', 'pending', 'retrying'</c>.</summary>
    public static readonly string WaitingSql = string.Join(", ", Waiting.Select(s => $"'{s.Name()}'"));

    /// <summary>The stored and shown name, e.g. <c>pending</c>.</summary>
    public static string Name(this DeliveryStatus status) => Names[(int)status];

    /// <summary>Scheduled, pending or retrying: due at its next-attempt time.</summary>
    public static bool IsWaiting(this DeliveryStatus status) =>
        status is DeliveryStatus.Scheduled or DeliveryStatus.Pending or DeliveryStatus.Retrying;

    /// <summary>No attempt will follow without a replay.</summary>
    public static bool IsAtRest(this DeliveryStatus status) =>
        status is DeliveryStatus.Succeeded or DeliveryStatus.Failed or DeliveryStatus.Skipped or DeliveryStatus.Superseded;

    /// <summary>The status named <paramref name="name"/> exactly (lower case); null for any other text.</summary>
    public static DeliveryStatus? FromName(string? name) => name is not null && ByName.TryGetValue(name, out var s) ? s : null;

    /// <summary>The status stored as <paramref name="name"/>; throws on a name no status has (a row written by something else).</summary>
    public static DeliveryStatus Parse(string name) =>
        ByName.TryGetValue(name, out var s) ? s : throw new FormatException($"'{name}' is not a delivery status.");
}
