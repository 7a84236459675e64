using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using WebhookConsole.Data;
using WebhookConsole.Ingest;
using WebhookConsole.MappingVariables;
using WebhookConsole.Routing;
using WebhookConsole.Routing.Participations;
using WebhookConsole.Routing.Payloads;
using WebhookConsole.Sources;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Routing;

/// <summary>Golden payloads: exact bytes, and valid against the schemas the app serves.</summary>
[Trait("Lane", "Integration")]
public class PayloadTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    /// <summary>One participation in Qualifio's 2.x shape: numeric and text ids, a choice with a label, a file, categories, scores.</summary>
    public const string RichParticipation = """
        {
          "id": "p-1001",
          "ip": "203.0.113.7",
          "url": "https://sunnyradio.example/quiz?puid=pub-7&custom_id=crm-42",
          "startedAt": "2026-03-01T10:00:00Z",
          "completedAt": "2026-03-01T11:04:30.5+01:00",
          "browser": { "device": "mobile", "userAgent": "Mozilla/5.0 Firefox/128.0" },
          "campaign": { "id": "cmp-1", "themes": [ { "code": "SUMMER", "description": "Summer games" } ],
            "channel": { "uuid": "5E5D16EB-EF1C-4B35-B1BA-5EC016F8D3D7", "publishType": "widget" } },
          "form": [
            { "id": 11, "label": "E-mail", "type": "EMAIL", "variable": "email", "responses": [ { "value": "ann@example.com" } ] },
            { "id": 12, "label": "Gender", "type": "GENDER", "variable": null, "responses": [ { "label": "Female", "value": "F" } ] },
            { "id": 13, "label": "Photo", "type": "FILE UPLOAD", "variable": "photo",
              "responses": [ { "file": { "path": "https://files.example/up-1.png", "name": "up-1.png", "type": "image/png" } } ] }
          ],
          "optins": [
            { "id": 21, "label": "Newsletter", "description": "Monthly news", "response": "1", "variable": "my_newsletter",
              "categories": [ { "id": 118, "label": "Newsletter & marketing", "technicalName": "newsletter_marketing" } ] },
            { "id": "partners", "label": "Partner offers", "description": null, "response": "0", "variable": null, "categories": [] }
          ],
          "questionnaire": [
            { "id": 31, "label": "Favourite colours?", "type": "MULTIPLE CHOICE", "score": 7.50, "maxScore": 10, "variable": null,
              "responses": [ { "value": "Blue", "score": 5, "isCorrect": true }, { "value": "Green", "score": 2.5, "isCorrect": false } ] },
            { "id": 32, "label": "Café or tea?", "type": "ALPHA NUMERIC", "score": null, "maxScore": null, "variable": "drink",
              "responses": [ { "value": "Café" } ] }
          ],
          "result": { "score": 7.5, "maxScore": 10, "profile": "Explorer", "prizes": [ { "id": "pz1", "name": "Concert tickets" } ] },
          "somethingNew": { "kept": true }
        }
        """;

    /// <summary>The same participation in the console's earlier flat shape, still accepted.</summary>
    public const string FlatParticipation = """
        {
          "id": "p-1001",
          "ip": "203.0.113.7",
          "url": "https://sunnyradio.example/quiz",
          "browser": "Mozilla/5.0 Firefox/128.0",
          "startedAt": "2026-03-01T10:00:00Z",
          "completedAt": "2026-03-01T11:04:30.5+01:00",
          "campaign": { "id": "cmp-1" },
          "form": [ { "id": "email", "label": "E-mail", "value": "ann@example.com" }, { "id": "age", "label": "Age", "value": 42 } ],
          "optins": [ { "id": "newsletter", "label": "Newsletter", "value": true }, { "id": "partners", "label": "Partner offers", "value": false } ],
          "questionnaire": [
            { "questionId": "q1", "question": "Favourite colours?", "answers": [ { "id": "a1", "answer": "Blue" }, { "id": "a3", "answer": "Green" } ] },
            { "questionId": 2, "question": "Café or tea?", "answers": [ { "answer": "Café" } ] }
          ]
        }
        """;

    private static readonly Campaign Campaign = new() { Id = "cmp-1", WebsiteId = "web-1", Name = "Summer quiz", Type = "quiz" };
    private static readonly Website Website = new() { Id = "web-1", Name = "Sunny Radio", Domain = "sunnyradio.example", Country = "BE" };
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 5, 0, TimeSpan.Zero);

    private static readonly MappingVariableNames Variables = new(
    [
        new MappingVariable { Id = "v1", Name = "fav_colours", Label = "Favourite colours", Type = MappingVariableTypes.Answer, SourceId = "31" },
        new MappingVariable { Id = "v2", Name = "newsletter", Label = "Newsletter", Type = MappingVariableTypes.Optin, SourceId = "21" },
        new MappingVariable { Id = "v3", Name = "partners", Label = "Partners", Type = MappingVariableTypes.Optin, SourceId = "partners" },
        new MappingVariable { Id = "v4", Name = "gender", Label = "Gender", Type = MappingVariableTypes.Form, SourceId = "12" },
        new MappingVariable { Id = "v5", Name = "unanswered", Label = "Not asked", Type = MappingVariableTypes.Answer, SourceId = "q9" },
        new MappingVariable { Id = "v6", Name = "mail", Label = "E-mail", Type = MappingVariableTypes.Form, SourceId = "11" },
    ]);

    public static ParticipationData Parse(string data) => View(data).Data;

    /// <summary>The participation as ingest hands it to the builders (completion settled, raw `data` beside it).</summary>
    public static ParticipationView View(string data, string state = ParticipationStates.Completed)
    {
        var errors = new FieldErrors();
        var raw = JsonDocument.Parse(data).RootElement.Clone();
        var parsed = EventParser.ReadParticipationData(raw, errors);
        Assert.False(errors.Any, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        var settled = state == ParticipationStates.Completed ? parsed! : parsed! with { CompletedAt = null };
        return new ParticipationView(settled, raw, state, Campaign, Website);
    }

    private static byte[] Render(string version, ParticipationView view, bool answers = true, bool leads = true, MappingVariableNames? variables = null) =>
        ParticipationPayloads.Build(version, view, new ParticipationPayloadOptions(answers, leads), variables ?? Variables, Now);

    private async Task<JsonSchemaValidator> ServedSchemaAsync(string name)
    {
        var response = await factory.CreateClient().GetAsync($"/schemas/{name}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonSchemaValidator.Parse(await response.Content.ReadAsStringAsync());
    }

    private static void AssertGolden(string expected, byte[] actual)
    {
        var canonical = JsonNode.Parse(expected)!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Equal(canonical, Encoding.UTF8.GetString(actual));
    }

    private static void AssertValid(JsonSchemaValidator schema, byte[] payload) => schema.AssertValid(payload);

    [Fact]
    public async Task Version_2_is_the_Qualifio_object_as_sent_with_what_the_console_owns_filled_in()
    {
        var payload = Render(ParticipationPayloads.Version2, View(RichParticipation));

        AssertGolden("""
            {
              "id": "p-1001",
              "ip": "203.0.113.7",
              "url": "https://sunnyradio.example/quiz?puid=pub-7&custom_id=crm-42",
              "startedAt": "2026-03-01T10:00:00.000Z",
              "completedAt": "2026-03-01T10:04:30.500Z",
              "state": "COMPLETED",
              "browser": { "device": "mobile", "userAgent": "Mozilla/5.0 Firefox/128.0" },
              "campaign": { "id": "cmp-1", "name": "Summer quiz", "themes": [ { "code": "SUMMER", "description": "Summer games" } ], "type": "quiz",
                "channel": { "uuid": "5E5D16EB-EF1C-4B35-B1BA-5EC016F8D3D7", "publishType": "widget", "dateStart": null, "dateEnd": null,
                  "website": { "id": "web-1", "name": "Sunny Radio", "domain": "sunnyradio.example", "country": "BE" } } },
              "form": [
                { "id": 11, "label": "E-mail", "type": "EMAIL", "variable": "email", "responses": [ { "value": "ann@example.com" } ] },
                { "id": 12, "label": "Gender", "type": "GENDER", "variable": "gender", "responses": [ { "label": "Female", "value": "F" } ] },
                { "id": 13, "label": "Photo", "type": "FILE UPLOAD", "variable": "photo",
                  "responses": [ { "file": { "path": "https://files.example/up-1.png", "name": "up-1.png", "type": "image/png" } } ] }
              ],
              "optins": [
                { "id": 21, "label": "Newsletter", "description": "Monthly news", "response": "1", "variable": "my_newsletter",
                  "categories": [ { "id": 118, "label": "Newsletter & marketing", "technicalName": "newsletter_marketing" } ] },
                { "id": "partners", "label": "Partner offers", "description": null, "response": "0", "variable": "partners", "categories": [] }
              ],
              "questionnaire": [
                { "id": 31, "label": "Favourite colours?", "type": "MULTIPLE CHOICE", "score": 7.50, "maxScore": 10, "variable": "fav_colours",
                  "responses": [ { "value": "Blue", "score": 5, "isCorrect": true }, { "value": "Green", "score": 2.5, "isCorrect": false } ] },
                { "id": 32, "label": "Café or tea?", "type": "ALPHA NUMERIC", "score": null, "maxScore": null, "variable": "drink",
                  "responses": [ { "value": "Café" } ] }
              ],
              "result": { "score": 7.5, "maxScore": 10, "profile": "Explorer", "prizes": [ { "id": "pz1", "name": "Concert tickets" } ] },
              "somethingNew": { "kept": true }
            }
            """, payload);
        AssertValid(await ServedSchemaAsync("participation-v2.json"), payload);
    }

    [Fact]
    public async Task Version_2_carries_answers_and_leads_whatever_the_Poltio_options_say()
    {
        var schema = await ServedSchemaAsync("participation-v2.json");
        var full = Render(ParticipationPayloads.Version2, View(RichParticipation));
        foreach (var (answers, leads) in new[] { (false, false), (true, false), (false, true) })
        {
            var payload = Render(ParticipationPayloads.Version2, View(RichParticipation), answers, leads);
            AssertValid(schema, payload);
            Assert.Equal(full, payload);
            var root = JsonDocument.Parse(payload).RootElement;
            Assert.Equal(2, root.GetProperty("questionnaire").GetArrayLength());
            Assert.Equal(3, root.GetProperty("form").GetArrayLength());
            Assert.Equal(2, root.GetProperty("optins").GetArrayLength());
            Assert.Equal("Explorer", root.GetProperty("result").GetProperty("profile").GetString());
        }
    }

    [Fact]
    public async Task The_earlier_flat_shape_comes_out_in_Qualifio_shape()
    {
        var payload = Render(ParticipationPayloads.Version2, View(FlatParticipation), variables: MappingVariableNames.None);

        AssertGolden("""
            {
              "id": "p-1001", "ip": "203.0.113.7", "url": "https://sunnyradio.example/quiz",
              "startedAt": "2026-03-01T10:00:00.000Z", "completedAt": "2026-03-01T10:04:30.500Z", "state": "COMPLETED",
              "browser": { "device": null, "userAgent": "Mozilla/5.0 Firefox/128.0" },
              "campaign": { "id": "cmp-1", "name": "Summer quiz", "themes": [], "type": "quiz",
                "channel": { "uuid": null, "publishType": null, "dateStart": null, "dateEnd": null,
                  "website": { "id": "web-1", "name": "Sunny Radio", "domain": "sunnyradio.example", "country": "BE" } } },
              "form": [
                { "id": "email", "label": "E-mail", "type": null, "variable": null, "responses": [ { "value": "ann@example.com" } ] },
                { "id": "age", "label": "Age", "type": null, "variable": null, "responses": [ { "value": "42" } ] }
              ],
              "optins": [
                { "id": "newsletter", "label": "Newsletter", "description": null, "response": "1", "variable": null, "categories": [] },
                { "id": "partners", "label": "Partner offers", "description": null, "response": "0", "variable": null, "categories": [] }
              ],
              "questionnaire": [
                { "id": "q1", "label": "Favourite colours?", "type": null, "score": null, "maxScore": null, "variable": null,
                  "responses": [ { "id": "a1", "value": "Blue", "score": null, "isCorrect": null }, { "id": "a3", "value": "Green", "score": null, "isCorrect": null } ] },
                { "id": 2, "label": "Café or tea?", "type": null, "score": null, "maxScore": null, "variable": null,
                  "responses": [ { "value": "Café", "score": null, "isCorrect": null } ] }
              ]
            }
            """, payload);
        AssertValid(await ServedSchemaAsync("participation-v2.json"), payload);
    }

    [Fact]
    public async Task Flat_input_with_numeric_text_ids_goes_out_with_integer_ids()
    {
        const string flat = """
            {
              "id": "p-7", "startedAt": "2026-03-01T10:00:00Z", "completedAt": "2026-03-01T10:04:00Z",
              "campaign": { "id": "123456", "channel": { "website": { "id": "1234" } } },
              "form": [ { "id": "11", "label": "E-mail", "value": "ann@example.com" }, { "id": "email2", "label": "Other", "value": "x" } ],
              "optins": [ { "id": "21", "label": "Newsletter", "value": true }, { "id": "021", "label": "Leading zero", "value": false } ],
              "questionnaire": [ { "questionId": "31", "question": "Colour?", "answers": [ { "id": "41", "answer": "Blue" }, { "id": "a-2", "answer": "Red" } ] } ]
            }
            """;
        var view = View(flat) with
        {
            Campaign = new Campaign { Id = "123456", WebsiteId = "1234", Name = "Quiz", Type = "quiz" },
            Website = new Website { Id = "1234", Name = "Sunny Radio", Domain = "sunnyradio.example", Country = "BE" }
        };
        var payload = Render(ParticipationPayloads.Version2, view, variables: MappingVariableNames.None);

        AssertGolden("""
            {
              "id": "p-7", "ip": null, "url": null, "startedAt": "2026-03-01T10:00:00.000Z", "completedAt": "2026-03-01T10:04:00.000Z", "state": "COMPLETED", "browser": null,
              "campaign": { "id": 123456, "name": "Quiz", "themes": [], "type": "quiz",
                "channel": { "uuid": null, "publishType": null, "dateStart": null, "dateEnd": null,
                  "website": { "id": 1234, "name": "Sunny Radio", "domain": "sunnyradio.example", "country": "BE" } } },
              "form": [
                { "id": 11, "label": "E-mail", "type": null, "variable": null, "responses": [ { "value": "ann@example.com" } ] },
                { "id": "email2", "label": "Other", "type": null, "variable": null, "responses": [ { "value": "x" } ] }
              ],
              "optins": [
                { "id": 21, "label": "Newsletter", "description": null, "response": "1", "variable": null, "categories": [] },
                { "id": "021", "label": "Leading zero", "description": null, "response": "0", "variable": null, "categories": [] }
              ],
              "questionnaire": [
                { "id": 31, "label": "Colour?", "type": null, "score": null, "maxScore": null, "variable": null,
                  "responses": [ { "id": 41, "value": "Blue", "score": null, "isCorrect": null }, { "id": "a-2", "value": "Red", "score": null, "isCorrect": null } ] }
              ]
            }
            """, payload);
        AssertValid(await ServedSchemaAsync("participation-v2.json"), payload);
    }

    [Fact]
    public async Task Test_events_carry_integer_ids_like_Qualifios_example_and_validate()
    {
        var integration = new Integration { Kind = "participation", PayloadVersion = ParticipationPayloads.Version2 };
        var sample = WebhookConsole.Integrations.SamplePayloads.For(integration, Now);
        AssertValid(await ServedSchemaAsync("participation-v2.json"), sample);
        var root = JsonDocument.Parse(sample).RootElement;
        var campaign = root.GetProperty("campaign");
        Assert.Equal(JsonValueKind.Number, campaign.GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.Number, campaign.GetProperty("channel").GetProperty("website").GetProperty("id").ValueKind);
        foreach (var list in new[] { "form", "optins", "questionnaire" })
        {
            Assert.NotEqual(0, root.GetProperty(list).GetArrayLength());
            Assert.All(root.GetProperty(list).EnumerateArray(), item => Assert.Equal(JsonValueKind.Number, item.GetProperty("id").ValueKind));
        }
        // Nothing at the root that Qualifio's example lacks, but the exit screen the sample participation reports.
        var example = JsonDocument.Parse(GoldenFiles.QualifioExample).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal([.. example, "result"], root.EnumerateObject().Select(p => p.Name).ToList());
    }

    [Fact]
    public async Task A_minimal_incomplete_participation_is_valid_with_nulls_and_empty_lists()
    {
        var payload = Render(ParticipationPayloads.Version2, View("""{"id":"p-2","startedAt":"2026-03-01T10:00:00Z"}""", ParticipationStates.Incomplete));

        AssertGolden("""
            {
              "id": "p-2", "ip": null, "url": null, "startedAt": "2026-03-01T10:00:00.000Z", "completedAt": null, "state": "INCOMPLETE", "browser": null,
              "campaign": { "id": "cmp-1", "name": "Summer quiz", "themes": [], "type": "quiz",
                "channel": { "uuid": null, "publishType": null, "dateStart": null, "dateEnd": null,
                  "website": { "id": "web-1", "name": "Sunny Radio", "domain": "sunnyradio.example", "country": "BE" } } },
              "form": [], "optins": [], "questionnaire": []
            }
            """, payload);
        AssertValid(await ServedSchemaAsync("participation-v2.json"), payload);
    }

    [Fact]
    public async Task Version_1_is_flat_and_carries_form_optins_questionnaire_and_exit_screen()
    {
        var payload = Render(ParticipationPayloads.Version1, View(RichParticipation), answers: false, leads: false);

        AssertGolden("""
            {
              "participationId": "p-1001", "state": "COMPLETED", "startedAt": "2026-03-01T10:00:00.000Z", "completedAt": "2026-03-01T10:04:30.500Z",
              "ip": "203.0.113.7", "url": "https://sunnyradio.example/quiz?puid=pub-7&custom_id=crm-42", "browser": "Mozilla/5.0 Firefox/128.0",
              "campaignId": "cmp-1", "campaignName": "Summer quiz", "campaignType": "quiz",
              "websiteId": "web-1", "websiteName": "Sunny Radio", "websiteDomain": "sunnyradio.example", "websiteCountry": "BE",
              "form_11": "ann@example.com", "form_12": "F", "form_13": "up-1.png", "optin_21": "1", "optin_partners": "0",
              "question_31": "Blue, Green", "question_32": "Café", "score": "7.5", "maxScore": "10", "profile": "Explorer", "prizes": "Concert tickets",
              "var_gender": "F", "var_mail": "ann@example.com", "var_newsletter": "1", "var_partners": "0"
            }
            """, payload);
        var schema = await ServedSchemaAsync("participation-v1.json");
        AssertValid(schema, payload);

        var incomplete = Render(ParticipationPayloads.Version1, View("""{"id":"p-3"}""", ParticipationStates.Incomplete), false, false, MappingVariableNames.None);
        AssertValid(schema, incomplete);
        Assert.Equal("", JsonDocument.Parse(incomplete).RootElement.GetProperty("completedAt").GetString());
    }

    [Fact]
    public async Task Poltio_is_seed_004s_payload_from_the_same_participation()
    {
        var payload = Render(ParticipationPayloads.Poltio, View(RichParticipation));
        var user = PoltioPayload.StableNumber("203.0.113.7|Mozilla/5.0 Firefox/128.0");
        var result = PoltioPayload.StableNumber("Explorer");
        var (blue, green, cafe) = (PoltioPayload.StableNumber("31|Blue"), PoltioPayload.StableNumber("31|Green"), PoltioPayload.StableNumber("32|Café"));
        var leadContent = PoltioPayload.StableNumber("cmp-1");

        AssertGolden($$"""
            {
              "poltio_user_id": {{user}},
              "session_id": "17924c91-afda-58cd-9473-457a44e123d0",
              "session_start_date": "2026-03-01T10:00:00.000000Z",
              "session_end_date": "2026-03-01T10:04:30.500000Z",
              "publisher_uuid": "pub-7",
              "custom_id": "crm-42",
              "event_time": {{Now.ToUnixTimeSeconds()}},
              "content_type": "quiz",
              "content_id": "07dff7c6-d61d-5b9e-8f3f-9a51aad1aefc",
              "complete_session": true,
              "answers": [
                { "question_id": 31, "question": "Favourite colours?", "answers": [
                  { "answer_id": {{blue}}, "answer": "Blue", "parent": "https://sunnyradio.example/quiz?puid=pub-7&custom_id=crm-42" },
                  { "answer_id": {{green}}, "answer": "Green", "parent": "https://sunnyradio.example/quiz?puid=pub-7&custom_id=crm-42" } ] },
                { "question_id": 32, "question": "Café or tea?", "answers": [
                  { "answer_id": {{cafe}}, "answer": "Café", "parent": "https://sunnyradio.example/quiz?puid=pub-7&custom_id=crm-42" } ] }
              ],
              "result": { "result_id": {{result}}, "result_title": "Explorer", "result_image": null, "result_desc": null,
                "time_spent": 270500, "right_answer": 1, "calculator_result": "7.5" },
              "leads": [
                { "user_id": {{user}}, "phone": null, "email": "ann@example.com", "name": null, "comment": null,
                  "created_at": "2026-03-01T10:04:30.500000Z", "tc_checked": false, "content_type": "quiz", "content_id": {{leadContent}} }
              ]
            }
            """, payload);
        var schema = await ServedSchemaAsync("poltio.json");
        AssertValid(schema, payload);

        foreach (var (answers, leads) in new[] { (false, false), (true, false), (false, true) })
        {
            var partial = Render(ParticipationPayloads.Poltio, View(RichParticipation), answers, leads);
            AssertValid(schema, partial);
            var root = JsonDocument.Parse(partial).RootElement;
            Assert.Equal(answers, root.TryGetProperty("answers", out _));
            Assert.Equal(leads, root.TryGetProperty("leads", out _));
        }

        var incomplete = Render(ParticipationPayloads.Poltio, View(RichParticipation, ParticipationStates.Incomplete));
        AssertValid(schema, incomplete);
        var open = JsonDocument.Parse(incomplete).RootElement;
        Assert.False(open.GetProperty("complete_session").GetBoolean());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("session_end_date").ValueKind);
        Assert.Equal(0, open.GetProperty("result").GetProperty("time_spent").GetInt32());
    }

    [Fact]
    public void Poltio_leads_recognise_name_phone_and_comment_fields_and_accepted_terms()
    {
        var payload = Render(ParticipationPayloads.Poltio, View("""
            {
              "id": "p-5",
              "form": [
                { "id": 1, "label": "First name", "type": "FIRSTNAME", "responses": [ { "value": "Ann" } ] },
                { "id": 2, "label": "Last name", "type": "LASTNAME", "responses": [ { "value": "Lee" } ] },
                { "id": "mobile", "label": "GSM", "value": "+3247000000" },
                { "id": 4, "label": "Your words", "variable": "comment", "responses": [ { "value": "Great" } ] }
              ],
              "optins": [ { "id": 1, "response": "1" }, { "id": 2, "value": true } ]
            }
            """), answers: false);
        var lead = JsonDocument.Parse(payload).RootElement.GetProperty("leads")[0];
        Assert.Equal("Ann Lee", lead.GetProperty("name").GetString());
        Assert.Equal("+3247000000", lead.GetProperty("phone").GetString());
        Assert.Equal("Great", lead.GetProperty("comment").GetString());
        Assert.True(lead.GetProperty("tc_checked").GetBoolean());
        Assert.Equal("quiz", PoltioPayload.ContentType("QUIZZ"));
        Assert.Equal("survey", PoltioPayload.ContentType("poll"));
        Assert.Equal("content", PoltioPayload.ContentType("contest"));
    }

    [Theory]
    // Not a UUID: UUID v5 of the id under the participation namespace (values from Python's uuid.uuid5).
    [InlineData("p-1001", "17924c91-afda-58cd-9473-457a44e123d0")]
    [InlineData("test_prt_1", "288b3603-5f98-5045-8e2e-5f9ab4a89b19")]
    // A UUID is kept (in Poltio's lowercase).
    [InlineData("4B1E9345-1C0C-463F-82A0-E6857DBDFE80", "4b1e9345-1c0c-463f-82a0-e6857dbdfe80")]
    public async Task Poltio_session_id_is_a_uuid_of_the_participation(string participationId, string sessionId)
    {
        var payload = Render(ParticipationPayloads.Poltio, View($$"""{"id":"{{participationId}}","questionnaire":[{"id":"q-7","label":"Q","responses":[{"id":"12","value":"A"}]}]}"""));
        AssertValid(await ServedSchemaAsync("poltio.json"), payload);
        var root = JsonDocument.Parse(payload).RootElement;
        Assert.Equal(sessionId, root.GetProperty("session_id").GetString());
        var question = root.GetProperty("answers")[0];
        Assert.Equal(PoltioPayload.StableNumber("q-7"), question.GetProperty("question_id").GetInt64());
        Assert.Equal(12, question.GetProperty("answers")[0].GetProperty("answer_id").GetInt64());
    }

    [Fact]
    public async Task Test_events_of_every_kind_version_and_option_are_valid_against_the_served_schemas()
    {
        var now = Now;
        var variables = new[] { new MappingVariable { Id = "v1", Name = "mail", Label = "E-mail", Type = MappingVariableTypes.Form, SourceId = "103" } };
        foreach (var version in ParticipationPayloads.Versions)
        {
            var schema = await ServedSchemaAsync(ParticipationPayloads.SchemaPath(version)["/schemas/".Length..]);
            foreach (var (answers, leads) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                var integration = new Integration { Kind = "participation", PayloadVersion = version, SendAnswers = answers, SendLeads = leads };
                var sample = WebhookConsole.Integrations.SamplePayloads.For(integration, now, new(Website, Campaign, Variables: variables));
                AssertValid(schema, sample);
                // The same builder as real deliveries: the same participation sent for real gives the same bytes.
                var data = WebhookConsole.Integrations.SamplePayloads.ParticipationData(now, Website).ToJsonString();
                Assert.Equal(Render(version, View(data), answers, leads, new MappingVariableNames(variables)), sample);
            }
        }
        var loyalty = WebhookConsole.Integrations.SamplePayloads.For(new Integration { Kind = "loyalty" }, now);
        AssertValid(await ServedSchemaAsync("loyalty.json"), loyalty);
    }

    [Fact]
    public async Task Loyalty_payload_is_the_golden_array_and_valid_for_every_loyalty_type()
    {
        using var data = JsonDocument.Parse("""{"member":{"id":"mem-9","email":"ann@example.com","tier":"gold"},"points":25,"balance":125,"reason":"Quiz won"}""");
        var view = new LoyaltyEventView("evt_01jnq3v2a8m4k7x9d0c5b6e7f8", "loyalty.points_earned",
            new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero), "prg-1", "Gazette Rewards", data.RootElement);
        var payload = LoyaltyPayloads.Build([view]);

        AssertGolden("""
            [
              {
                "id": "evt_01jnq3v2a8m4k7x9d0c5b6e7f8",
                "type": "loyalty.points_earned",
                "occurredAt": "2026-03-01T09:30:00.000Z",
                "program": { "id": "prg-1", "name": "Gazette Rewards" },
                "member": { "id": "mem-9", "email": "ann@example.com", "tier": "gold" },
                "data": { "points": 25, "balance": 125, "reason": "Quiz won" }
              }
            ]
            """, payload);

        var schema = await ServedSchemaAsync("loyalty.json");
        foreach (var type in EventTypes.Loyalty)
            AssertValid(schema, LoyaltyPayloads.Build([view with { Type = type }, view with { Type = type }]));
    }

    [Fact]
    public async Task The_request_schema_accepts_what_the_parser_accepts_and_refuses_what_it_refuses()
    {
        var schema = await ServedSchemaAsync("event-request.json");
        string[] good =
        [
            $$"""{"type":"participation.completed","occurredAt":"2026-03-01T10:05:00Z","source":{"websiteId":"web-1","campaignId":"cmp-1"},"data":{{RichParticipation}},"idempotencyKey":"k-1"}""",
            $$"""{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":{{FlatParticipation}}}""",
            """{"type":"participation.started","source":{"campaignId":"cmp-1"},"data":{"id":"p-1"}}""",
            """{"type":"loyalty.level_changed","source":{"programId":"prg-1"},"data":{"member":{"id":42},"level":{"from":"silver","to":"gold"}}}""",
        ];
        string[] bad =
        [
            """{"type":"participation.started","source":{"campaignId":"cmp-1"},"data":{}}""",
            """{"type":"loyalty.level_changed","source":{"programId":"prg-1"},"data":{"member":{}}}""",
            """{"type":"loyalty.level_changed","source":{"campaignId":"cmp-1"},"data":{"member":{"id":"m"}}}""",
            """{"type":"nope","source":{"campaignId":"cmp-1"},"data":{"id":"p"}}""",
            """{"type":"participation.started","source":{"campaignId":"cmp-1"},"data":{"id":"p","optins":[{"id":"o","value":"yes"}]}}""",
            """{"type":"participation.started","source":{"campaignId":"cmp-1"},"data":{"id":"p","optins":[{"id":"o","response":"yes"}]}}""",
            """{"type":"participation.started","source":{"campaignId":"cmp-1"},"data":{"id":"p","optins":[{"id":"o"}]}}""",
            """{"type":"participation.started","source":{"campaignId":"cmp-1"},"data":{"id":"p","questionnaire":[{"id":1,"label":"Q"}]}}""",
            """{"type":"participation.started","source":{"campaignId":"cmp-1"},"data":{"id":"p","browser":42}}""",
        ];
        foreach (var json in good)
        {
            Assert.Empty(schema.Validate(json));
            var errors = new FieldErrors();
            Assert.NotNull(EventParser.Parse(JsonDocument.Parse(json).RootElement, "", null, errors));
        }
        foreach (var json in bad)
        {
            Assert.NotEmpty(schema.Validate(json));
            var errors = new FieldErrors();
            Assert.Null(EventParser.Parse(JsonDocument.Parse(json).RootElement, "", null, errors));
        }
    }

    [Theory]
    [InlineData("participation-v2.json")]
    [InlineData("participation-v1.json")]
    [InlineData("poltio.json")]
    [InlineData("loyalty.json")]
    [InlineData("event-request.json")]
    public async Task Schemas_are_served_as_draft_2020_12(string name)
    {
        var response = await factory.CreateClient().GetAsync($"/schemas/{name}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.Equal($"/schemas/{name}", root.GetProperty("$id").GetString());
    }
}
