using WebhookConsole.Sources;

namespace WebhookConsole.Routing;

/// <summary>
/// The sources a set of events may name: the cached reference data's own dictionaries, checked against the events. Only
/// looked up by the ids the events name, so nothing is copied: three filtered dictionaries per request were a tenth of a
/// single event's allocations.
/// </summary>
public sealed record SourceSet(
    IReadOnlyDictionary<string, Campaign> Campaigns,
    IReadOnlyDictionary<string, Website> Websites,
    IReadOnlyDictionary<string, LoyaltyProgram> Programs)
{
    /// <summary>The sources of the cached reference data; unknown ones and mismatches named by the events are added to <paramref name="errors"/>.</summary>
    public static SourceSet Check(ReferenceData reference, IReadOnlyList<IncomingEvent> incoming, FieldErrors errors)
    {
        Validate(incoming, reference.Campaigns, reference.Websites, reference.Programs, errors);
        return new SourceSet(reference.Campaigns, reference.Websites, reference.Programs);
    }

    private static void Validate(IReadOnlyList<IncomingEvent> incoming, IReadOnlyDictionary<string, Campaign> campaigns,
        IReadOnlyDictionary<string, Website> websites, IReadOnlyDictionary<string, LoyaltyProgram> programs, FieldErrors errors)
    {
        foreach (var e in incoming)
        {
            var p = e.FieldPrefix + "source.";
            if (e.CampaignId is not null)
            {
                if (!campaigns.TryGetValue(e.CampaignId, out var campaign))
                    errors.Add(p + "campaignId", $"Campaign '{e.CampaignId}' does not exist. Register it first (POST /api/v1/campaigns).");
                else if (e.WebsiteId is not null && e.WebsiteId != campaign.WebsiteId)
                    errors.Add(p + "websiteId", websites.ContainsKey(e.WebsiteId)
                        ? $"Campaign '{campaign.Id}' belongs to website '{campaign.WebsiteId}', not '{e.WebsiteId}'."
                        : $"Website '{e.WebsiteId}' does not exist (campaign '{campaign.Id}' belongs to website '{campaign.WebsiteId}').");
            }
            if (e.ProgramId is not null && !programs.ContainsKey(e.ProgramId))
                errors.Add(p + "programId", $"Program '{e.ProgramId}' does not exist. Register it first (POST /api/v1/programs).");
        }
    }
}
