namespace WebhookConsole.Routing.Payloads;

/// <summary>What a Poltio integration asked for: answers and leads are left out unless it opted in (Qualifio's payloads always carry both).</summary>
public sealed record ParticipationPayloadOptions(bool SendAnswers, bool SendLeads);
