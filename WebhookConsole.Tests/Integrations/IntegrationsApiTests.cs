using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Dispatch;
using WebhookConsole.Identity;
using WebhookConsole.Integrations;
using WebhookConsole.PushRules;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Integrations;

/// <summary>The integrations API through the real app and SQLite; deliveries to a real receiver on 127.0.0.1.</summary>
[Trait("Lane", "Integration")]
public class IntegrationsApiTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new ConsoleFactory().With("Delivery:AllowPrivateNetworks", "true");
    private TestReceiver receiver = default!;
    private HttpClient api = default!;

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        api = factory.ApiClient();
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await receiver.DisposeAsync();
    }

    private async Task<JsonElement> CreateAsync(object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await api.PostAsJsonAsync("/api/v1/integrations", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {(int)response.StatusCode}: {json}");
        return json;
    }

    private async Task<int> CountAsync()
    {
        await using var db = factory.NewDb();
        return await db.Integrations.CountAsync();
    }

    [Fact]
    public async Task Create_returns_201_with_the_secret_in_clear_then_GET_masks_it()
    {
        var response = await api.PostAsJsonAsync("/api/v1/integrations", new
        {
            name = "Shop CRM",
            url = receiver.Url,
            kind = "loyalty",
            active = true,
            authHeaderName = "x-test-authorization-header",
            authHeaderValue = "123456ots",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("int_", id);
        Assert.Equal($"/api/v1/integrations/{id}", response.Headers.Location?.ToString());
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.Equal(IntegrationSecrets.Mask, created.GetProperty("authHeaderValue").GetString());
        foreach (var field in new[] { "name", "url", "kind", "active", "websiteId", "authHeaderName", "payloadVersion", "options", "createdAt", "updatedAt" })
            Assert.True(created.TryGetProperty(field, out _), field);
        Assert.Equal("2.0", created.GetProperty("payloadVersion").GetString());
        var options = created.GetProperty("options");
        Assert.Equal(0, options.GetProperty("delaySeconds").GetInt32());
        Assert.Equal(60, options.GetProperty("incomplete").GetProperty("delayMinutes").GetInt32());

        var one = await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}");
        Assert.Equal(IntegrationSecrets.Mask, one.GetProperty("secret").GetString());
        Assert.Equal(IntegrationSecrets.Mask, one.GetProperty("authHeaderValue").GetString());
        Assert.Equal("x-test-authorization-header", one.GetProperty("authHeaderName").GetString());

        var list = await api.GetStringAsync("/api/v1/integrations");
        Assert.DoesNotContain(secret, list);
        Assert.DoesNotContain("123456ots", list);
        Assert.Equal(id, JsonDocument.Parse(list).RootElement[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Secrets_and_auth_values_are_encrypted_at_rest()
    {
        const string typed = "my-typed-secret-0123456789";
        var created = await CreateAsync(new { name = "At rest", url = receiver.Url, kind = "loyalty", secret = typed, authHeaderName = "Authorization", authHeaderValue = "Bearer very-secret-token" });
        var id = created.GetProperty("id").GetString();
        Assert.Equal(typed, created.GetProperty("secret").GetString());

        await using (var db = factory.NewDb())
        {
            var row = await db.Integrations.AsNoTracking().SingleAsync();
            Assert.NotNull(row.SecretEncrypted);
            Assert.DoesNotContain(typed, row.SecretEncrypted);
            Assert.DoesNotContain("very-secret-token", row.AuthHeaderValueEncrypted);
            // ...and the app can read them back (the keys are in the database).
            var secrets = factory.Services.GetRequiredService<IntegrationSecrets>();
            Assert.Equal(typed, secrets.Unprotect(row.SecretEncrypted));
        }

        // Nowhere in the database file, whatever the column.
        SqliteConnection.ClearAllPools();
        var bytes = new List<byte>();
        foreach (var suffix in new[] { "", "-wal" })
            if (File.Exists(factory.DatabasePath + suffix))
                await using (var f = new FileStream(factory.DatabasePath + suffix, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                {
                    var buffer = new byte[f.Length];
                    await f.ReadExactlyAsync(buffer);
                    bytes.AddRange(buffer);
                }
        var all = Encoding.UTF8.GetString(bytes.ToArray());
        Assert.Contains(id!, all); // the file really is readable here
        Assert.DoesNotContain(typed, all);
        Assert.DoesNotContain("very-secret-token", all);
    }

    [Fact]
    public async Task An_empty_secret_means_no_signing()
    {
        var created = await CreateAsync(new { name = "Unsigned", url = receiver.Url, kind = "loyalty", secret = "" });
        Assert.Equal(JsonValueKind.Null, created.GetProperty("secret").ValueKind);
        var test = await api.PostAsync($"/api/v1/integrations/{created.GetProperty("id").GetString()}/test", null);
        Assert.Equal(HttpStatusCode.OK, test.StatusCode);
        var request = Assert.Single(receiver.Requests);
        Assert.Null(request.Header("webhook-signature"));
        Assert.Null(request.Header("X-Qualifio-Signature"));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"url":"https://a.example/h","kind":"loyalty"}""", "name" },
        { """{"name":"A","url":"not a url","kind":"loyalty"}""", "url" },
        { """{"name":"A","url":"ftp://a.example/h","kind":"loyalty"}""", "url" },
        { """{"name":"A","url":"https://a.example/h","kind":"webhook"}""", "kind" },
        { """{"name":"A","url":"https://a.example/h","kind":"loyalty","websiteId":"web-1"}""", "websiteId" },
        { """{"name":"A","url":"https://a.example/h","kind":"participation","websiteId":"nope"}""", "websiteId" },
        { """{"name":"A","url":"https://a.example/h","kind":"loyalty","authHeaderName":"Content-Type","authHeaderValue":"x"}""", "authHeaderName" },
        { """{"name":"A","url":"https://a.example/h","kind":"loyalty","authHeaderName":"webhook-id","authHeaderValue":"x"}""", "authHeaderName" },
        { """{"name":"A","url":"https://a.example/h","kind":"loyalty","authHeaderName":"x-key"}""", "authHeaderValue" },
        { """{"name":"A","url":"https://a.example/h","kind":"loyalty","secret":"short"}""", "secret" },
        { """{"name":"A","url":"https://a.example/h","kind":"loyalty","secret":"whsec_%%%%%%%%%%%%%%"}""", "secret" },
        { """{"name":"A","url":"https://a.example/h","kind":"participation","payloadVersion":"3.0"}""", "payloadVersion" },
        { """{"name":"A","url":"https://a.example/h","kind":"participation","options":{"delaySeconds":90000}}""", "options.delaySeconds" },
        { """{"name":"A","url":"https://a.example/h","kind":"participation","options":{"incomplete":{"send":true,"delayMinutes":0}}}""", "options.incomplete.delayMinutes" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_field_gets_a_400_naming_it_and_writes_nothing(string body, string field)
    {
        var response = await api.PostAsync("/api/v1/integrations", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await CountAsync());
        await using var db = factory.NewDb();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.EntityType == "Integration"));
    }

    [Fact]
    public async Task Malformed_json_gets_a_problem_400()
    {
        var response = await api.PostAsync("/api/v1/integrations", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_duplicate_name_is_a_409_naming_it_and_writes_nothing()
    {
        await CreateAsync(new { name = "Shop CRM", url = "https://a.example/h", kind = "loyalty" });
        var response = await api.PostAsJsonAsync("/api/v1/integrations", new { name = "shop crm", url = "https://b.example/h", kind = "loyalty" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Name 'shop crm' is already used", problem.GetProperty("detail").GetString());
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task One_participation_integration_per_account_and_per_website()
    {
        await CreateWebsiteAsync("web-1");
        await CreateAsync(new { name = "Account", url = "https://a.example/h", kind = "participation" });
        var second = await api.PostAsJsonAsync("/api/v1/integrations", new { name = "Account 2", url = "https://a.example/h2", kind = "participation" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("'Account' already does", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        await CreateAsync(new { name = "Website", url = "https://a.example/h3", kind = "participation", websiteId = "web-1" });
        var third = await api.PostAsJsonAsync("/api/v1/integrations", new { name = "Website 2", url = "https://a.example/h4", kind = "participation", websiteId = "web-1" });
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Contains("one participation integration per website", (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // Loyalty integrations: any number.
        await CreateAsync(new { name = "Loyalty 1", url = "https://a.example/l1", kind = "loyalty" });
        await CreateAsync(new { name = "Loyalty 2", url = "https://a.example/l2", kind = "loyalty" });
        Assert.Equal(4, await CountAsync());

        // Moving the website one to the account scope is refused too.
        var website = (await api.GetFromJsonAsync<JsonElement>("/api/v1/integrations")).EnumerateArray().Single(i => i.GetProperty("name").GetString() == "Website");
        var move = await api.PatchAsync($"/api/v1/integrations/{website.GetProperty("id").GetString()}", JsonContent.Create(new { websiteId = (string?)null }));
        Assert.Equal(HttpStatusCode.Conflict, move.StatusCode);
    }

    [Fact]
    public async Task Payload_versions_sit_side_by_side_on_one_scope_but_a_second_of_the_same_version_is_refused()
    {
        await CreateWebsiteAsync("web-1");
        // While migrating (docs/decisions.md), a 1.0 and a 2.0 integration run on the same scope; Poltio is a version of its own.
        await CreateAsync(new { name = "Current", url = "https://a.example/h", kind = "participation" });
        var legacy = await CreateAsync(new { name = "Legacy", url = "https://a.example/h1", kind = "participation", payloadVersion = "1.0" });
        var poltio = await CreateAsync(new { name = "Poltio", url = "https://a.example/hp", kind = "participation", payloadVersion = "poltio" });
        Assert.Equal("1.0", legacy.GetProperty("payloadVersion").GetString());
        Assert.Equal("poltio", poltio.GetProperty("payloadVersion").GetString());

        var second = await api.PostAsJsonAsync("/api/v1/integrations", new { name = "Current 2", url = "https://a.example/h2", kind = "participation", payloadVersion = "2.0" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("with payload 2.0", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var secondLegacy = await api.PostAsJsonAsync("/api/v1/integrations", new { name = "Legacy 2", url = "https://a.example/h3", kind = "participation", payloadVersion = "1.0" });
        Assert.Equal(HttpStatusCode.Conflict, secondLegacy.StatusCode);

        // Switching the legacy one to 2.0 would make two 2.0 integrations on the account: refused, nothing changed.
        var upgrade = await api.PatchAsync($"/api/v1/integrations/{legacy.GetProperty("id").GetString()}", JsonContent.Create(new { payloadVersion = "2.0" }));
        Assert.Equal(HttpStatusCode.Conflict, upgrade.StatusCode);
        Assert.Equal("1.0", (await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{legacy.GetProperty("id").GetString()}")).GetProperty("payloadVersion").GetString());
        // The website scope has its own count.
        await CreateAsync(new { name = "Website current", url = "https://a.example/h4", kind = "participation", websiteId = "web-1" });
        Assert.Equal(4, await CountAsync());

        var unknown = await api.PostAsJsonAsync("/api/v1/integrations", new { name = "Odd", url = "https://a.example/h5", kind = "participation", payloadVersion = "3.0" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("payloadVersion", out _));
        var loyaltyPoltio = await api.PostAsJsonAsync("/api/v1/integrations", new { name = "Odd 2", url = "https://a.example/h6", kind = "loyalty", payloadVersion = "poltio" });
        Assert.Equal(HttpStatusCode.BadRequest, loyaltyPoltio.StatusCode);
        Assert.Equal(4, await CountAsync());
    }

    [Fact]
    public async Task The_incomplete_delay_is_in_seconds_and_the_old_minutes_are_still_accepted()
    {
        var seconds = await CreateAsync(new { name = "Seconds", url = "https://a.example/s", kind = "loyalty" });
        Assert.Equal(3600, seconds.GetProperty("options").GetProperty("incomplete").GetProperty("delaySeconds").GetInt32());

        var created = await CreateAsync(new { name = "P", url = "https://a.example/p", kind = "participation", options = new { incomplete = new { send = true, delaySeconds = 90 } } });
        var incomplete = created.GetProperty("options").GetProperty("incomplete");
        Assert.Equal(90, incomplete.GetProperty("delaySeconds").GetInt32());
        Assert.Equal(2, incomplete.GetProperty("delayMinutes").GetInt32()); // rounded up, for clients of the first version

        var id = created.GetProperty("id").GetString();
        var old = await api.PatchAsync($"/api/v1/integrations/{id}", JsonContent.Create(new { options = new { incomplete = new { delayMinutes = 5 } } }));
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal(300, (await old.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("options").GetProperty("incomplete").GetProperty("delaySeconds").GetInt32());

        var disagree = await api.PatchAsync($"/api/v1/integrations/{id}", JsonContent.Create(new { options = new { incomplete = new { delaySeconds = 120, delayMinutes = 5 } } }));
        Assert.Equal(HttpStatusCode.BadRequest, disagree.StatusCode);
        Assert.True((await disagree.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("options.incomplete.delayMinutes", out _));
        var tooShort = await api.PatchAsync($"/api/v1/integrations/{id}", JsonContent.Create(new { options = new { incomplete = new { delaySeconds = 30 } } }));
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.True((await tooShort.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("options.incomplete.delaySeconds", out _));
        Assert.Equal(300, (await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}")).GetProperty("options").GetProperty("incomplete").GetProperty("delaySeconds").GetInt32());
    }

    [Fact]
    public async Task AllowMultiplePerScope_lifts_the_limit()
    {
        await using var relaxed = new ConsoleFactory().With("Webhooks:AllowMultiplePerScope", "true");
        var client = relaxed.ApiClient();
        for (var i = 0; i < 3; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/integrations", new { name = $"Account {i}", url = "https://a.example/h", kind = "participation" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    [Fact]
    public async Task Put_keeps_masked_values_replaces_typed_ones_and_removes_empty_ones()
    {
        var created = await CreateAsync(new { name = "CRM", url = receiver.Url, kind = "loyalty", authHeaderName = "x-api-key", authHeaderValue = "first-value" });
        var id = created.GetProperty("id").GetString();
        var secret = created.GetProperty("secret").GetString()!;

        // A GET → PUT round trip with the masks changes nothing secret.
        var current = await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}");
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(current.GetRawText())!;
        body["url"] = receiver.BaseUrl + "/other";
        var put = await api.PutAsJsonAsync($"/api/v1/integrations/{id}", body);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var revealed = await RevealAsync(id!);
        Assert.Equal(secret, revealed.Secret);
        Assert.Equal("first-value", revealed.AuthHeaderValue);
        Assert.EndsWith("/other", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString());

        // A typed value replaces; "" removes.
        body["authHeaderValue"] = "second-value";
        body["secret"] = "";
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/integrations/{id}", body)).StatusCode);
        revealed = await RevealAsync(id!);
        Assert.Null(revealed.Secret);
        Assert.Equal("second-value", revealed.AuthHeaderValue);

        // Clearing the header name drops the value with it.
        body["authHeaderName"] = null;
        body["authHeaderValue"] = null;
        var cleared = await (await api.PutAsJsonAsync($"/api/v1/integrations/{id}", body)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("authHeaderValue").ValueKind);
        Assert.Null((await RevealAsync(id!)).AuthHeaderValue);
    }

    [Fact]
    public async Task Patch_changes_only_the_given_fields()
    {
        var created = await CreateAsync(new { name = "CRM", url = "https://a.example/h", kind = "participation", authHeaderName = "x-api-key", authHeaderValue = "v-123", options = new { sendAnswers = true } });
        var id = created.GetProperty("id").GetString();
        var response = await api.PatchAsync($"/api/v1/integrations/{id}",
            new StringContent("""{"active":false,"options":{"sendLeads":true,"incomplete":{"send":true}}}""", Encoding.UTF8, "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(patched.GetProperty("active").GetBoolean());
        Assert.Equal("CRM", patched.GetProperty("name").GetString());
        var options = patched.GetProperty("options");
        Assert.True(options.GetProperty("sendAnswers").GetBoolean());
        Assert.True(options.GetProperty("sendLeads").GetBoolean());
        Assert.True(options.GetProperty("incomplete").GetProperty("send").GetBoolean());
        Assert.Equal(60, options.GetProperty("incomplete").GetProperty("delayMinutes").GetInt32());
        Assert.Equal(IntegrationSecrets.Mask, patched.GetProperty("secret").GetString());
        Assert.Equal("v-123", (await RevealAsync(id!)).AuthHeaderValue);

        var bad = await api.PatchAsync($"/api/v1/integrations/{id}", JsonContent.Create(new { options = new { delaySeconds = -5 } }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("options.delaySeconds", out _));

        var kind = await api.PatchAsync($"/api/v1/integrations/{id}", JsonContent.Create(new { kind = "loyalty" }));
        Assert.Equal(HttpStatusCode.BadRequest, kind.StatusCode);

        var wrongType = await api.PatchAsync($"/api/v1/integrations/{id}", new StringContent("""{"active":"yes"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.True((await wrongType.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("active", out _));
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/integrations/int_nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync("/api/v1/integrations/int_nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/api/v1/integrations/int_nope/rotate-secret", null)).StatusCode);
    }

    [Fact]
    public async Task After_rotation_a_delivery_carries_two_signatures_that_verify_with_the_old_and_the_new_secret()
    {
        var created = await CreateAsync(new { name = "Rotating", url = receiver.Url, kind = "loyalty" });
        var id = created.GetProperty("id").GetString()!;
        var oldSecret = created.GetProperty("secret").GetString()!;

        var rotate = await api.PostAsync($"/api/v1/integrations/{id}/rotate-secret", null);
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var rotated = await rotate.Content.ReadFromJsonAsync<JsonElement>();
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", newSecret);
        Assert.NotEqual(oldSecret, newSecret);
        var expires = rotated.GetProperty("previousSecretExpiresAt").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
        // Masked again afterwards.
        Assert.Equal(IntegrationSecrets.Mask, (await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}")).GetProperty("secret").GetString());

        Integration entity;
        await using (var db = factory.NewDb()) entity = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == id);
        var delivery = await factory.AddDeliveryAsync(entity, "[{\"id\":\"evt_rot\"}]");
        var request = (await receiver.WaitForAsync(1))[0];
        await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Succeeded);

        var signatures = request.Header("webhook-signature")!.Split(' ');
        Assert.Equal(2, signatures.Length);
        Assert.All(signatures, s => Assert.StartsWith("v1,", s));
        var (newOk, newOutput) = await NodeVerifier.VerifyAsync(newSecret, request);
        Assert.True(newOk, newOutput);
        var (oldOk, oldOutput) = await NodeVerifier.VerifyAsync(oldSecret, request);
        Assert.True(oldOk, oldOutput);
        var (otherOk, _) = await NodeVerifier.VerifyAsync(IntegrationSecrets.Generate(), request);
        Assert.False(otherOk);
        // The legacy header signs with the new secret.
        Assert.Equal(WebhookSigner.QualifioSignature(newSecret, request.Body), request.Header("X-Qualifio-Signature"));
    }

    [Fact]
    public async Task Audit_entries_never_contain_a_clear_secret()
    {
        const string typed = "typed-secret-for-audit-0001";
        const string auth = "Bearer audit-auth-value-0001";
        var created = await CreateAsync(new { name = "Audited", url = receiver.Url, kind = "loyalty", secret = typed, authHeaderName = "Authorization", authHeaderValue = auth });
        var id = created.GetProperty("id").GetString()!;
        const string replaced = "typed-secret-for-audit-0002";
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync($"/api/v1/integrations/{id}", JsonContent.Create(new { secret = replaced, url = receiver.Url + "?v=2" }))).StatusCode);
        var rotated = await (await api.PostAsync($"/api/v1/integrations/{id}/rotate-secret", null)).Content.ReadFromJsonAsync<JsonElement>();
        var rotatedSecret = rotated.GetProperty("secret").GetString()!;
        var revealed = await RevealAsync(id);
        Assert.Equal(rotatedSecret, revealed.Secret);
        Assert.Equal(replaced, revealed.PreviousSecret);
        Assert.Equal(auth, revealed.AuthHeaderValue);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/integrations/{id}/test", null)).StatusCode);

        await using var db = factory.NewDb();
        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "Integration" && a.EntityId == id).ToListAsync();
        Assert.Equal(
            new[] { "integration.created", "integration.secret_replaced", "integration.secret_revealed", "integration.secret_rotated", "integration.tested", "integration.updated" },
            entries.Select(e => e.Action).Distinct().Order().ToArray());
        foreach (var entry in entries)
        {
            var text = entry.Before + entry.After;
            foreach (var clear in new[] { typed, replaced, rotatedSecret, auth, "audit-auth-value-0001" })
                Assert.DoesNotContain(clear, text);
        }
        var createdEntry = entries.Single(e => e.Action == "integration.created");
        Assert.Contains(IntegrationSecrets.Mask, JsonDocument.Parse(createdEntry.After!).RootElement.GetProperty("secret").GetString());
        Assert.StartsWith("apikey:", createdEntry.Actor);
    }

    [Fact]
    public async Task A_program_manager_key_can_read_but_not_change()
    {
        var created = await CreateAsync(new { name = "Read me", url = receiver.Url, kind = "loyalty" });
        var id = created.GetProperty("id").GetString();
        var pm = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.ProgramManager));

        Assert.Equal(HttpStatusCode.OK, (await pm.GetAsync("/api/v1/integrations")).StatusCode);
        var one = await pm.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}");
        Assert.Equal(IntegrationSecrets.Mask, one.GetProperty("secret").GetString());

        var body = new { name = "Nope", url = receiver.Url, kind = "loyalty" };
        Assert.Equal(HttpStatusCode.Forbidden, (await pm.PostAsJsonAsync("/api/v1/integrations", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pm.PutAsJsonAsync($"/api/v1/integrations/{id}", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pm.PatchAsync($"/api/v1/integrations/{id}", JsonContent.Create(new { active = false }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pm.DeleteAsync($"/api/v1/integrations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pm.PostAsync($"/api/v1/integrations/{id}/rotate-secret", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pm.PostAsync($"/api/v1/integrations/{id}/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ApiClient(null).GetAsync("/api/v1/integrations")).StatusCode);
        Assert.Equal(1, await CountAsync());
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Test_sends_a_signed_sample_participation_and_returns_the_attempt()
    {
        await CreateWebsiteAsync("web-1");
        receiver.Respond = async (_, ctx) =>
        {
            ctx.Response.StatusCode = 202;
            ctx.Response.Headers["X-Receiver"] = "yes";
            await ctx.Response.WriteAsync("{\"ok\":true}");
        };
        var created = await CreateAsync(new
        {
            name = "Participations",
            url = receiver.Url,
            kind = "participation",
            websiteId = "web-1",
            active = false,
            authHeaderName = "x-api-key",
            authHeaderValue = "k-123",
            options = new { sendAnswers = true },
        });
        var id = created.GetProperty("id").GetString();
        var secret = created.GetProperty("secret").GetString()!;

        var response = await api.PostAsync($"/api/v1/integrations/{id}/test", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("succeeded").GetBoolean());
        Assert.Equal(1, result.GetProperty("number").GetInt32());
        Assert.Equal(202, result.GetProperty("statusCode").GetInt32());
        Assert.True(result.GetProperty("durationMs").GetInt32() >= 0);
        Assert.True(result.TryGetProperty("startedAt", out _));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        Assert.Equal("{\"ok\":true}", result.GetProperty("responseBody").GetString());
        Assert.Equal("yes", result.GetProperty("responseHeaders").GetProperty("X-Receiver").GetString());
        var sentHeaders = result.GetProperty("requestHeaders");
        Assert.Equal(IntegrationSecrets.Mask, sentHeaders.GetProperty("x-api-key").GetString());
        Assert.DoesNotContain("k-123", result.GetRawText());
        Assert.DoesNotContain(secret, result.GetRawText());

        // The receiver got the same body, signed, with the auth header, even though the integration is inactive.
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(result.GetProperty("requestBody").GetString(), request.BodyText);
        Assert.Equal("k-123", request.Header("x-api-key"));
        var (ok, output) = await NodeVerifier.VerifyAsync(secret, request);
        Assert.True(ok, output);
        Assert.Equal(WebhookSigner.QualifioSignature(secret, request.Body), request.Header("X-Qualifio-Signature"));

        var body = JsonDocument.Parse(request.BodyText).RootElement;
        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        Assert.Equal("COMPLETED", body.GetProperty("state").GetString());
        Assert.Equal("web-1", body.GetProperty("campaign").GetProperty("channel").GetProperty("website").GetProperty("id").GetString());
        // Qualifio's payload carries the form, opt-ins and questionnaire whatever the (Poltio-only) options say.
        foreach (var field in new[] { "id", "ip", "url", "startedAt", "completedAt", "browser", "campaign", "form", "optins", "questionnaire", "result" })
            Assert.True(body.TryGetProperty(field, out _), field);

        // Not a delivery.
        await using var db = factory.NewDb();
        Assert.False(await db.Deliveries.AnyAsync());
    }

    [Fact]
    public async Task Test_of_a_loyalty_integration_sends_an_array_and_reports_a_failure()
    {
        receiver.Respond = (_, ctx) => { ctx.Response.StatusCode = 500; return ctx.Response.WriteAsync("down"); };
        var created = await CreateAsync(new { name = "Loyalty", url = receiver.Url, kind = "loyalty" });
        var result = await (await api.PostAsync($"/api/v1/integrations/{created.GetProperty("id").GetString()}/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("succeeded").GetBoolean());
        Assert.Equal(500, result.GetProperty("statusCode").GetInt32());
        Assert.Equal("down", result.GetProperty("responseBody").GetString());
        var body = JsonDocument.Parse(Assert.Single(receiver.Requests).BodyText).RootElement;
        var evt = Assert.Single(body.EnumerateArray());
        foreach (var field in new[] { "id", "type", "occurredAt", "program", "member", "data" })
            Assert.True(evt.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Test_to_a_blocked_address_returns_the_error()
    {
        await using var strict = new ConsoleFactory();
        var client = strict.ApiClient();
        var created = await (await client.PostAsJsonAsync("/api/v1/integrations", new { name = "Local", url = receiver.Url, kind = "loyalty" })).Content.ReadFromJsonAsync<JsonElement>();
        var result = await (await client.PostAsync($"/api/v1/integrations/{created.GetProperty("id").GetString()}/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("succeeded").GetBoolean());
        Assert.StartsWith("blocked", result.GetProperty("error").GetString());
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Delete_removes_the_integration_from_push_rules_and_cancels_its_queued_deliveries()
    {
        var keep = await CreateAsync(new { name = "Keep", url = "https://a.example/keep", kind = "loyalty" });
        var gone = await CreateAsync(new { name = "Gone", url = "https://a.example/gone", kind = "loyalty", active = false });
        var keepId = keep.GetProperty("id").GetString()!;
        var goneId = gone.GetProperty("id").GetString()!;
        await using (var db = factory.NewDb())
        {
            var now = DateTimeOffset.UtcNow;
            db.PushRules.Add(new PushRule { Id = "pr_1", ScopeKind = "program", ScopeId = "prg-1", EventTypes = ["loyalty.points_earned"], Destinations = [keepId, goneId], CreatedAt = now, UpdatedAt = now });
            db.PushRules.Add(new PushRule { Id = "pr_2", ScopeKind = "program", ScopeId = "prg-2", EventTypes = ["loyalty.points_burned"], Destinations = [keepId], CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        }
        Integration goneEntity;
        await using (var db = factory.NewDb()) goneEntity = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == goneId);
        // Claimed at insert (so no sweep sends it), then turned into a delivery waiting to retry.
        var queued = await factory.AddDeliveryAsync(goneEntity, enqueue: false, claimed: true);
        await using (var db = factory.NewDb())
        {
            var d = await db.Deliveries.SingleAsync(x => x.Id == queued.Id);
            db.Edit(d, row => row with { Status = DeliveryStatus.Retrying, LeaseOwner = null, LeaseUntil = null, NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1) });
            await db.SaveChangesAsync();
        }

        var response = await api.DeleteAsync($"/api/v1/integrations/{goneId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, summary.GetProperty("pushRulesUpdated").GetInt32());
        Assert.Equal(1, summary.GetProperty("deliveriesCancelled").GetInt32());

        await using (var db = factory.NewDb())
        {
            Assert.False(await db.Integrations.AnyAsync(i => i.Id == goneId));
            Assert.Equal([keepId], (await db.PushRules.SingleAsync(p => p.Id == "pr_1")).Destinations);
            Assert.Equal([keepId], (await db.PushRules.SingleAsync(p => p.Id == "pr_2")).Destinations);
            var cancelled = await db.Deliveries.SingleAsync(d => d.Id == queued.Id);
            Assert.Equal(DeliveryStatus.Failed, cancelled.Status);
            Assert.Equal(DeliveryLifecycle.DeletedReason, cancelled.LastError);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "integration.deleted" && a.EntityId == goneId));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/integrations/{goneId}")).StatusCode);
    }

    [Fact]
    public async Task The_list_shows_the_last_delivery_status()
    {
        var created = await CreateAsync(new { name = "Delivered", url = receiver.Url, kind = "loyalty" });
        Integration entity;
        await using (var db = factory.NewDb()) entity = await db.Integrations.AsNoTracking().SingleAsync();
        var delivery = await factory.AddDeliveryAsync(entity);
        await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Succeeded);
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/integrations");
        var last = list[0].GetProperty("lastDelivery");
        Assert.Equal("succeeded", last.GetProperty("status").GetString());
        Assert.Equal(delivery.Id, last.GetProperty("id").GetString());
        Assert.Equal(200, last.GetProperty("statusCode").GetInt32());
        Assert.Equal(created.GetProperty("id").GetString(), list[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Each_list_entry_is_the_same_document_as_its_GET()
    {
        await CreateWebsiteAsync("web_list");
        var onWebsite = await CreateAsync(new
        {
            name = "b On a website",
            url = receiver.Url,
            kind = "participation",
            websiteId = "web_list",
            authHeaderName = "X-Token",
            authHeaderValue = "token-value-0001",
            payloadRetentionDays = 7,
        });
        await CreateAsync(new { name = "A unsigned", url = receiver.Url, kind = "loyalty", secret = "", active = false });
        var rotated = await CreateAsync(new { name = "c Rotated", url = receiver.Url, kind = "loyalty" });
        var rotatedId = rotated.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/integrations/{rotatedId}/rotate-secret", null)).StatusCode);
        Integration entity;
        await using (var db = factory.NewDb()) entity = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == rotatedId);
        var delivery = await factory.AddDeliveryAsync(entity);
        await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Succeeded);

        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/integrations");
        Assert.Equal(["A unsigned", "b On a website", "c Rotated"], list.EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        foreach (var item in list.EnumerateArray())
        {
            var single = await api.GetStringAsync($"/api/v1/integrations/{item.GetProperty("id").GetString()}");
            Assert.Equal(single, item.GetRawText());
        }
        var website = list[1];
        Assert.Equal(onWebsite.GetProperty("id").GetString(), website.GetProperty("id").GetString());
        Assert.Equal("Sunny Radio", website.GetProperty("websiteName").GetString());
        Assert.Equal(IntegrationSecrets.Mask, website.GetProperty("authHeaderValue").GetString());
        Assert.Equal(JsonValueKind.Null, list[0].GetProperty("secret").ValueKind);
        Assert.Equal(delivery.Id, list[2].GetProperty("lastDelivery").GetProperty("id").GetString());
        Assert.NotEqual(JsonValueKind.Null, list[2].GetProperty("previousSecretExpiresAt").ValueKind);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_secret_semantics()
    {
        var doc = await factory.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/integrations/{id}/rotate-secret", doc);
        Assert.Contains("/api/v1/integrations/{id}/test", doc);
        Assert.Contains("absent/null", doc);
    }

    private Task<RevealedSecrets> RevealAsync(string id) =>
        factory.Services.GetRequiredService<IntegrationService>().RevealAsync(id, "test");

    private async Task CreateWebsiteAsync(string id)
    {
        var response = await api.PostAsJsonAsync("/api/v1/websites", new { id, name = "Sunny Radio", domain = "sunnyradio.example", country = "BE" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
