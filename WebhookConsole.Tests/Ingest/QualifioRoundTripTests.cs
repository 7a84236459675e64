using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Sources;

namespace WebhookConsole.Tests.Ingest;

/// <summary>
/// Qualifio's published example participation (schema 2.3.0, kept in Ingest/Golden) posted as `data` comes out of a new 2.0
/// integration with its default options and no push rule exactly as Qualifio would have pushed it, so a receiver written
/// against that example needs no change.
/// </summary>
[Trait("Lane", "Integration")]
public class QualifioRoundTripTests : IAsyncLifetime
{
    private readonly IngestFactory factory = new();

    public async Task InitializeAsync()
    {
        await using (var db = factory.NewDb())
        {
            db.Websites.Add(new Website { Id = "1234", Name = "Developer Qualifio", Domain = "qualifio-testing.qualifioapp.com", Country = "BE" });
            db.Campaigns.Add(new Campaign { Id = "123456", WebsiteId = "1234", Name = "Campaign title", Type = "QUIZZ" });
            await db.SaveChangesAsync();
        }
        await factory.AddIntegrationAsync("int_qualifio");
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task The_published_example_goes_in_and_comes_out_byte_for_byte_with_default_options_and_no_rule()
    {
        var example = GoldenFiles.QualifioExample;
        var body = $$"""{"type":"participation.completed","source":{"campaignId":"123456"},"data":{{example}}}""";
        var response = await factory.ApiClient().PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await using var db = factory.NewDb();
        var payload = (await db.Deliveries.SingleAsync()).Payload;
        Assert.Equal(GoldenFiles.Compact(example), Encoding.UTF8.GetString(payload));
        var schema = JsonSchemaValidator.Parse(await factory.CreateClient().GetStringAsync("/schemas/participation-v2.json"));
        schema.AssertValid(payload);
    }

    [Fact]
    public async Task The_example_with_its_integer_ids_sent_as_text_still_goes_out_with_integers()
    {
        var example = GoldenFiles.QualifioExample;
        var quoted = JsonNode.Parse(example)!;
        var campaign = quoted["campaign"]!;
        campaign["id"] = "123456";
        campaign["channel"]!["website"]!["id"] = "1234";
        foreach (var list in new[] { "form", "optins", "questionnaire" })
            foreach (var item in quoted[list]!.AsArray()) item!["id"] = item["id"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture);
        var body = $$"""{"type":"participation.completed","source":{"campaignId":"123456"},"data":{{quoted.ToJsonString()}}}""";
        var response = await factory.ApiClient().PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await using var db = factory.NewDb();
        Assert.Equal(GoldenFiles.Compact(example), Encoding.UTF8.GetString((await db.Deliveries.SingleAsync()).Payload));
    }
}
