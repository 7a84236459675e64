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
    /// <summary>The version the dialog was opened on; a save refuses to overwrite a newer one unless the user chose to.</summary>
    public int? Version { get; set; }

    /// <summary>Takes the stored values (after "Reload" on a stale save).</summary>
    public void Load(IVersioned source)
    {
        Version = source.Version;
        switch (source)
        {
            case Website w: Name = w.Name; Domain = w.Domain; Country = w.Country; break;
            case Campaign c: Name = c.Name; WebsiteId = c.WebsiteId; Type = c.Type; break;
            case LoyaltyProgram p: Name = p.Name; break;
        }
    }

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
