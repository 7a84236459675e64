using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Sources;

namespace WebhookConsole.Tests.Ingest;

/// <summary>
/// Qualifio's published example participation (schema 2.3.0) posted as `data` comes out of a 2.0 integration with answers
/// and leads exactly as Qualifio would have pushed it, so a receiver written against that example needs no change.
/// </summary>
[Trait("Lane", "Integration")]
public class QualifioRoundTripTests : IAsyncLifetime
{
    /// <summary>The example of Qualifio's participation webhook schema page (its fields through the questionnaire).</summary>
    public const string QualifioExample = """
        {
          "id": "4B1E9345-1C0C-463F-82A0-E6857DBDFE80",
          "ip": "A66A8BED9948CBDD",
          "url": "https://player.qualifio.com/20/v1.cfm?id=ABCDEFGH-1234-IJKL-5678-MNOPQRSTUVWX",
          "startedAt": "2020-10-30T14:05:00.000Z",
          "completedAt": "2020-10-30T14:55:00.000Z",
          "state": "COMPLETED",
          "browser": {
            "device": "desktop",
            "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.198 Safari/537.36"
          },
          "campaign": {
            "id": 123456,
            "name": "Campaign title",
            "themes": [ { "code": "MY_THEME", "description": "My theme description" } ],
            "type": "QUIZZ",
            "channel": {
              "uuid": "5E5D16EB-EF1C-4B35-B1BA-5EC016F8D3D7",
              "publishType": "widget",
              "dateStart": "2020-11-25T00:00:00.000Z",
              "dateEnd": "2020-12-09T23:59:00.000Z",
              "website": { "id": 1234, "name": "Developer Qualifio", "domain": "qualifio-testing.qualifioapp.com", "country": "BE" }
            }
          },
          "form": [
            { "id": 12345, "label": "Last name", "type": "LASTNAME", "variable": "lastname", "responses": [ { "value": "Qualifio" } ] },
            { "id": 12345, "label": "Gender", "type": "GENDER", "variable": "gender", "responses": [ { "label": "Male", "value": "M" } ] },
            { "id": 54321, "label": "File upload", "type": "FILE UPLOAD", "variable": "upload", "responses": [ { "file": {
              "path": "https://files.qualifio.com/upload/qualifio___testing_0/934297D5-7987-43D8-B11F-A4374DBA36B8/033EE001-E069-431B-B9E8-22612832DF5C/upload-1534753-033ee001-e069-431b-b9e8-22612832df5c.png",
              "name": "upload-1534753-033ee001-e069-431b-b9e8-22612832df5c.png",
              "type": "image/png" } } ] }
          ],
          "optins": [
            { "id": 12345, "label": "Subscribe to my newsletter",
              "description": "By checking this optin you agree to receive a monthly newsletter sended by Qualifio.",
              "response": "1", "variable": "my_newsletter",
              "categories": [ { "id": 118, "label": "Newsletter & marketing", "technicalName": "newsletter_marketing",
                "parent": { "id": 218, "label": "Newsletter & marketing", "technicalName": "newsletter_marketing" } } ] }
          ],
          "questionnaire": [
            { "id": 12345, "label": "Who's the best developer at Qualifio ?", "type": "ALPHA NUMERIC", "score": 50, "maxScore": 100,
              "variable": "bestDeveloperVar", "responses": [ { "value": "Olivier De Lamotte", "score": 50, "isCorrect": true } ] }
          ]
        }
        """;

    private readonly IngestFactory factory = new();

    public async Task InitializeAsync()
    {
        await using (var db = factory.NewDb())
        {
            db.Websites.Add(new Website { Id = "1234", Name = "Developer Qualifio", Domain = "qualifio-testing.qualifioapp.com", Country = "BE" });
            db.Campaigns.Add(new Campaign { Id = "123456", WebsiteId = "1234", Name = "Campaign title", Type = "QUIZZ" });
            await db.SaveChangesAsync();
        }
        await factory.AddIntegrationAsync("int_qualifio", configure: i => { i.SendAnswers = true; i.SendLeads = true; });
        await factory.AddRuleAsync("account", null, ["participation.completed"], "int_qualifio");
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task The_published_example_goes_in_and_comes_out_unchanged()
    {
        var body = $$"""{"type":"participation.completed","source":{"campaignId":"123456"},"data":{{QualifioExample}}}""";
        var response = await factory.ApiClient().PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await using var db = factory.NewDb();
        var payload = (await db.Deliveries.SingleAsync()).Payload;
        var expected = JsonNode.Parse(QualifioExample)!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Equal(expected, Encoding.UTF8.GetString(payload));
        var schema = JsonSchemaValidator.Parse(await factory.CreateClient().GetStringAsync("/schemas/participation-v2.json"));
        schema.AssertValid(payload);
    }
}
