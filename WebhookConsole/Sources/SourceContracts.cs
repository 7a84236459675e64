namespace WebhookConsole.Sources;

/// <summary>A website as the API returns it; <see cref="Version"/> is also its ETag, to send back in If-Match.</summary>
public sealed record WebsiteDto(string Id, string Name, string Domain, string Country, int Version)
{
    public static WebsiteDto From(Website w) => new(w.Id, w.Name, w.Domain, w.Country, w.Version);
}

/// <summary>A campaign as the API returns it; <see cref="Version"/> is also its ETag, to send back in If-Match.</summary>
public sealed record CampaignDto(string Id, string WebsiteId, string Name, string Type, int Version)
{
    public static CampaignDto From(Campaign c) => new(c.Id, c.WebsiteId, c.Name, c.Type, c.Version);
}

/// <summary>A loyalty program as the API returns it; <see cref="Version"/> is also its ETag, to send back in If-Match.</summary>
public sealed record ProgramDto(string Id, string Name, int Version)
{
    public static ProgramDto From(LoyaltyProgram p) => new(p.Id, p.Name, p.Version);
}
