namespace WebhookConsole.Privacy;

/// <summary>What an erasure covers: the events found, and the participations and members (subject ids by event-type prefix) they belong to.</summary>
public sealed class ErasureScope
{
    public HashSet<string> EventIds { get; } = new(StringComparer.Ordinal);
    public HashSet<(string Prefix, string SubjectId)> Subjects { get; } = [];

    /// <summary>Values whose presence in a captured request marks it as this person's: the identifier, subject and event ids.</summary>
    public HashSet<string> Identifiers { get; } = new(StringComparer.OrdinalIgnoreCase);
}
