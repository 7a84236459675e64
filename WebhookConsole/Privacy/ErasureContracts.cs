using System.ComponentModel;
using System.Text.Json.Serialization;

namespace WebhookConsole.Privacy;

/// <summary>`POST /api/v1/privacy/erasures`: exactly one identifier of the person to erase.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ErasureRequest(
    [property: Description("A loyalty member id: every loyalty event of this member.")] string? MemberId = null,
    [property: Description("A participation id: every event of this participation.")] string? ParticipationId = null,
    [property: Description("An e-mail address (any case): every event carrying it anywhere in its data, and the other events of the same participations and members.")] string? Email = null);

/// <summary>The 202 of an erasure request: its id, and how many events matched when it was made.</summary>
public sealed record ErasureAccepted(string Id, int Matched);

/// <summary>`GET /api/v1/privacy/erasures/{id}`: what an erasure removed so far. Never the identifier it was given.</summary>
public sealed record ErasureView(
    string Id,
    string Kind,
    string Status,
    DateTimeOffset RequestedAt,
    string RequestedBy,
    int Matched,
    int EventsRemoved,
    int DeliveriesRemoved,
    int AttemptsRemoved,
    int InspectorRequestsRemoved,
    DateTimeOffset? FinishedAt,
    string? JobId)
{
    public static ErasureView Of(Erasure e) => new(e.Id, e.Kind, e.Status, e.RequestedAt, e.RequestedBy, e.Matched, e.EventsRemoved,
        e.DeliveriesRemoved, e.AttemptsRemoved, e.InspectorRequestsRemoved, e.FinishedAt, e.JobId);
}

/// <summary>Who to erase: the kind of identifier and its value (kept in memory and, encrypted, on the erasure row only).</summary>
public sealed record ErasureCriterion(string Kind, string Value)
{
    public const string MemberId = "memberId";
    public const string ParticipationId = "participationId";
    public const string Email = "email";

    /// <summary>The event-type prefix a subject id of this kind belongs to; null for e-mail (any event).</summary>
    public string? TypePrefix => Kind switch
    {
        MemberId => "loyalty.",
        ParticipationId => "participation.",
        _ => null,
    };
}
