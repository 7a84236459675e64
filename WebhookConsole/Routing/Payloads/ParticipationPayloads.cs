using WebhookConsole.Routing.Participations;

namespace WebhookConsole.Routing.Payloads;

/// <summary>
/// Participation payloads by version, pure functions of the participation, its sources and the integration's options:
/// `2.0` is Qualifio's participation webhook object (<see cref="QualifioPayload"/>, /schemas/participation-v2.json),
/// `1.0` the deprecated flat object (<see cref="LegacyPayload"/>, /schemas/participation-v1.json) and `poltio` Poltio's
/// Poltio webhook (<see cref="PoltioPayload"/>, /schemas/poltio.json).
/// </summary>
public static class ParticipationPayloads
{
    public const string Version2 = "2.0";
    public const string Version1 = "1.0";
    public const string Poltio = "poltio";
    public static readonly string[] Versions = [Version2, Version1, Poltio];

    /// <param name="now">When the payload is prepared (Poltio's `event_time`).</param>
    public static byte[] Build(string version, ParticipationView view, ParticipationPayloadOptions options, MappingVariableNames variables, DateTimeOffset now) =>
        version switch
        {
            Version1 => LegacyPayload.Build(view, variables),
            Poltio => PoltioPayload.Build(view, options, now),
            _ => QualifioPayload.Build(view, variables),
        };

    /// <summary>The schema a version's payloads follow, as served.</summary>
    public static string SchemaPath(string version) => version switch
    {
        Version1 => "/schemas/participation-v1.json",
        Poltio => "/schemas/poltio.json",
        _ => "/schemas/participation-v2.json",
    };

    /// <summary>The variable an answer, form field or opt-in carries: the sender's own, else the console's mapping variable.</summary>
    public static string? VariableOf(string? own, string type, string sourceId, MappingVariableNames variables) =>
        string.IsNullOrEmpty(own) ? variables.Of(type, sourceId) : own;

    public static bool IsCompleted(ParticipationView view) => view.State == ParticipationStates.Completed;

    public static DateTimeOffset? CompletedAt(ParticipationView view) => IsCompleted(view) ? view.Data.CompletedAt : null;

    public static string UserAgent(ParticipationData d) => d.Browser?.UserAgent ?? "";
}
