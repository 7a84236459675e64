using System.Text.Json;
using WebhookConsole.Routing.Participations;
using WebhookConsole.Sources;

namespace WebhookConsole.Routing.Payloads;

/// <summary>
/// One participation about to be rendered: the parsed data (times already settled for <paramref name="State"/>), the
/// `data` object as received (the 2.x payload copies its tokens and unknown fields), and the campaign and website.
/// </summary>
public sealed record ParticipationView(ParticipationData Data, JsonElement Raw, string State, Campaign Campaign, Website Website);
