namespace WebhookConsole.Ingest.Payloads;

/// <summary>What an integration asked for: answers and leads are left out unless it opted in.</summary>
public sealed record ParticipationPayloadOptions(bool SendAnswers, bool SendLeads);
