namespace WebhookConsole.Sources;

public enum SourceKind { Website, Campaign, Program }

/// <summary>What the source dialog edits; converted to the API's request records so both validate alike.</summary>
public sealed class SourceDialogModel(SourceKind kind, bool isNew)
{
    public SourceKind Kind { get; } = kind;
    public bool IsNew { get; } = isNew;
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Domain { get; set; }
    public string? Country { get; set; }
    public string? WebsiteId { get; set; }
    public string? Type { get; set; }

    public Dictionary<string, string[]> Validate() => Kind switch
    {
        SourceKind.Website => SourceValidator.Validate(ToWebsite()),
        SourceKind.Campaign => SourceValidator.Validate(ToCampaign()),
        _ => SourceValidator.Validate(ToProgram()),
    };

    public WebsiteRequest ToWebsite() => new(Id, Name, Domain, Country);
    public CampaignRequest ToCampaign() => new(Id, WebsiteId, Name, Type);
    public ProgramRequest ToProgram() => new(Id, Name);
}
