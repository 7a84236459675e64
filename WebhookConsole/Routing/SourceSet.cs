using WebhookConsole.Sources;

namespace WebhookConsole.Routing;

/// <summary>The sources named by a set of events, loaded once.</summary>
public sealed record SourceSet(
    IReadOnlyDictionary<string, Campaign> Campaigns,
    IReadOnlyDictionary<string, Website> Websites,
    IReadOnlyDictionary<string, LoyaltyProgram> Programs)
{
    /// <summary>The sources the events name, from the cached reference data; unknown ones and mismatches are added to <paramref name="errors"/>.</summary>
    public static SourceSet Check(ReferenceData reference, IReadOnlyList<IncomingEvent> incoming, FieldErrors errors)
    {
        var campaigns = incoming.Where(e => e.CampaignId is not null && reference.Campaigns.ContainsKey(e.CampaignId))
            .Select(e => reference.Campaigns[e.CampaignId!]).DistinctBy(c => c.Id).ToDictionary(c => c.Id);
        var websites = campaigns.Values.Select(c => c.WebsiteId)
            .Concat(incoming.Where(e => e.WebsiteId is not null).Select(e => e.WebsiteId!))
            .Distinct().Where(reference.Websites.ContainsKey).ToDictionary(id => id, id => reference.Websites[id]);
        var programs = incoming.Where(e => e.ProgramId is not null && reference.Programs.ContainsKey(e.ProgramId))
            .Select(e => reference.Programs[e.ProgramId!]).DistinctBy(p => p.Id).ToDictionary(p => p.Id);
        Validate(incoming, campaigns, websites, programs, errors);
        return new SourceSet(campaigns, websites, programs);
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
