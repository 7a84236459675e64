namespace WebhookConsole.Sources;

public sealed record WebsiteRequest(string? Id, string? Name, string? Domain, string? Country);
public sealed record CampaignRequest(string? Id, string? WebsiteId, string? Name, string? Type);
public sealed record ProgramRequest(string? Id, string? Name);
