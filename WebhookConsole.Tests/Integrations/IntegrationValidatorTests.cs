using WebhookConsole.Dispatch;
using WebhookConsole.Integrations;

namespace WebhookConsole.Tests.Integrations;

[Trait("Lane", "Unit")]
public class IntegrationValidatorTests
{
    private static readonly IntegrationRules Rules = IntegrationRules.Default;

    private static IntegrationRequest Valid(string kind = IntegrationKind.Participation) =>
        new("Shop CRM", "https://crm.example.com/hooks", kind);

    private static Dictionary<string, string[]> Check(IntegrationRequest r, IntegrationState? existing = null) =>
        IntegrationValidator.Validate(r, Rules, existing);

    private static void AssertError(string field, IntegrationRequest r, IntegrationState? existing = null, string? contains = null)
    {
        var errors = Check(r, existing);
        Assert.True(errors.ContainsKey(field), $"expected an error on {field}, got: {string.Join("; ", errors.Select(e => e.Key + "=" + string.Join(" ", e.Value)))}");
        if (contains is not null) Assert.Contains(contains, errors[field][0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_minimal_request_is_valid_for_both_kinds()
    {
        Assert.Empty(Check(Valid()));
        Assert.Empty(Check(Valid(IntegrationKind.Loyalty)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Name_is_required(string? name) => AssertError("name", Valid() with { Name = name }, contains: "required");

    [Fact]
    public void Name_is_at_most_200_characters()
    {
        Assert.Empty(Check(Valid() with { Name = new string('a', 200) }));
        AssertError("name", Valid() with { Name = new string('a', 201) }, contains: "200");
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("crm.example.com/hooks", "absolute")]
    [InlineData("/hooks", "absolute")]
    [InlineData("ftp://crm.example.com/hooks", "https://")]
    [InlineData("https://user:pw@crm.example.com/hooks", "password")]
    [InlineData("https://crm.example.com/hooks#x", "fragment")]
    [InlineData("https://crm example.com/hooks", "absolute")]
    public void Url_must_be_absolute_http_or_https(string? url, string message) => AssertError("url", Valid() with { Url = url }, contains: message);

    [Fact]
    public void Plain_http_is_allowed_with_a_warning()
    {
        Assert.Empty(Check(Valid() with { Url = "http://crm.example.com/hooks" }));
        Assert.Contains("HTTPS", IntegrationValidator.UrlWarning("http://crm.example.com/hooks"));
        Assert.Null(IntegrationValidator.UrlWarning("https://crm.example.com/hooks"));
        // The console's own request bin is plain http on this machine: nothing to warn about.
        Assert.Null(IntegrationValidator.UrlWarning("http://127.0.0.1:5000/inspect/bin_01m8xn5z83f30e0f1cgfcgcxre"));
    }

    [Fact]
    public void A_long_url_is_shortened_in_the_middle_so_integrations_stay_apart()
    {
        Assert.Equal("https://crm.example.com/hooks", IntegrationRules.ShortUrl("https://crm.example.com/hooks"));
        var a = IntegrationRules.ShortUrl("http://127.0.0.1:5097/inspect/bin_01m8xn5z83f30e0f1cgfcgcxre");
        var b = IntegrationRules.ShortUrl("http://127.0.0.1:5097/inspect/bin_01m8xn5z83f30e0f1cgfcgzzzz");
        Assert.StartsWith("http://127.0.0.1:5097…", a);
        Assert.EndsWith("cgfcgcxre", a);
        Assert.NotEqual(a, b);
        Assert.Equal(44, a.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("webhook")]
    [InlineData("Participation")]
    public void Kind_is_participation_or_loyalty(string? kind) => AssertError("kind", Valid() with { Kind = kind });

    [Fact]
    public void Kind_cannot_change_on_update()
    {
        var existing = new IntegrationState(IntegrationKind.Loyalty, false, false);
        AssertError("kind", Valid(IntegrationKind.Participation), existing, contains: "cannot change");
        Assert.Empty(Check(Valid(IntegrationKind.Loyalty), existing));
    }

    [Fact]
    public void Website_scope_is_for_participation_only()
    {
        Assert.Empty(Check(Valid() with { WebsiteId = "web-1" }));
        AssertError("websiteId", Valid(IntegrationKind.Loyalty) with { WebsiteId = "web-1" }, contains: "participation");
    }

    [Theory]
    [InlineData("x-api-key")]
    [InlineData("Authorization")]
    [InlineData("X-Custom_Token.1")]
    public void A_valid_auth_header_name_with_a_value_is_accepted(string name) =>
        Assert.Empty(Check(Valid() with { AuthHeaderName = name, AuthHeaderValue = "123456ots" }));

    [Theory]
    [InlineData("x api key")]
    [InlineData("x-api-key:")]
    [InlineData("x-ápi")]
    [InlineData("(x)")]
    public void Auth_header_name_must_be_an_http_token(string name) =>
        AssertError("authHeaderName", Valid() with { AuthHeaderName = name, AuthHeaderValue = "v" }, contains: "valid HTTP header name");

    [Theory]
    [InlineData("Host")]
    [InlineData("content-length")]
    [InlineData("Content-Type")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Connection")]
    [InlineData("User-Agent")]
    [InlineData("webhook-id")]
    [InlineData("Webhook-Timestamp")]
    [InlineData("webhook-signature")]
    [InlineData("webhook-anything")]
    [InlineData("X-Qualifio-Signature")]
    [InlineData("x-qualifio-signature")]
    public void Reserved_headers_cannot_be_the_auth_header(string name) =>
        AssertError("authHeaderName", Valid() with { AuthHeaderName = name, AuthHeaderValue = "v" }, contains: "reserved");

    [Fact]
    public void The_configured_signature_header_is_reserved()
    {
        var rules = Rules with { SignatureHeader = "X-Acme-Signature" };
        Assert.True(IntegrationValidator.Validate(Valid() with { AuthHeaderName = "X-Acme-Signature", AuthHeaderValue = "v" }, rules).ContainsKey("authHeaderName"));
    }

    [Fact]
    public void Auth_header_value_is_required_with_a_name_and_a_name_with_a_value()
    {
        AssertError("authHeaderValue", Valid() with { AuthHeaderName = "x-api-key" }, contains: "required");
        AssertError("authHeaderValue", Valid() with { AuthHeaderName = "x-api-key", AuthHeaderValue = "" }, contains: "required");
        AssertError("authHeaderName", Valid() with { AuthHeaderValue = "123" }, contains: "required");
        AssertError("authHeaderValue", Valid() with { AuthHeaderName = "x-api-key", AuthHeaderValue = "a\r\nInjected: 1" }, contains: "control");
    }

    [Fact]
    public void On_update_a_missing_or_masked_auth_value_keeps_the_stored_one()
    {
        var existing = new IntegrationState(IntegrationKind.Participation, HasAuthHeaderValue: true, HasSecret: true);
        Assert.Empty(Check(Valid() with { AuthHeaderName = "x-api-key" }, existing));
        Assert.Empty(Check(Valid() with { AuthHeaderName = "x-api-key", AuthHeaderValue = IntegrationSecrets.Mask }, existing));
        AssertError("authHeaderValue", Valid() with { AuthHeaderName = "x-api-key", AuthHeaderValue = IntegrationSecrets.Mask }, contains: "mask");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a-typed-secret-of-16+")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    public void Secret_may_be_absent_empty_or_a_good_typed_value(string? secret) =>
        Assert.Empty(Check(Valid() with { Secret = secret }));

    [Fact]
    public void A_generated_secret_is_valid() => Assert.Empty(Check(Valid() with { Secret = IntegrationSecrets.Generate() }));

    [Theory]
    [InlineData("too-short", "16")]
    [InlineData("whsec_not base64 at all!!", "spaces")]
    [InlineData("whsec_***notbase64***", "base64")]
    [InlineData("has spaces in the secret", "spaces")]
    public void A_typed_secret_must_be_long_enough_and_well_formed(string secret, string message) =>
        AssertError("secret", Valid() with { Secret = secret }, contains: message);

    [Fact]
    public void The_mask_is_not_a_secret_on_create_but_keeps_it_on_update()
    {
        AssertError("secret", Valid() with { Secret = IntegrationSecrets.Mask }, contains: "mask");
        Assert.Empty(Check(Valid() with { Secret = IntegrationSecrets.Mask }, new IntegrationState(IntegrationKind.Participation, false, true)));
    }

    [Fact]
    public void Payload_version_is_2_0_or_legacy_1_0_for_participation_only()
    {
        Assert.Empty(Check(Valid() with { PayloadVersion = "2.0" }));
        Assert.Empty(Check(Valid() with { PayloadVersion = "1.0" }));
        AssertError("payloadVersion", Valid() with { PayloadVersion = "3.0" }, contains: "deprecated");
        AssertError("payloadVersion", Valid(IntegrationKind.Loyalty) with { PayloadVersion = "1.0" }, contains: "participation");
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(86400, true)]
    [InlineData(86401, false)]
    public void Delay_is_0_to_86400_seconds(int delay, bool ok)
    {
        var errors = Check(Valid() with { Options = new IntegrationOptionsRequest(DelaySeconds: delay) });
        Assert.Equal(!ok, errors.ContainsKey("options.delaySeconds"));
    }

    [Theory]
    [InlineData(59, false)]
    [InlineData(60, true)]
    [InlineData(86_400, true)]
    [InlineData(86_401, false)]
    public void Incomplete_delay_is_60_to_86400_seconds(int seconds, bool ok)
    {
        var errors = Check(Valid() with { Options = new IntegrationOptionsRequest(Incomplete: new IncompleteOptionsRequest(true, seconds)) });
        Assert.Equal(!ok, errors.ContainsKey("options.incomplete.delaySeconds"));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1440, true)]
    [InlineData(1441, false)]
    public void The_old_incomplete_delay_in_minutes_is_still_accepted(int minutes, bool ok)
    {
        var request = Valid() with { Options = new IntegrationOptionsRequest(Incomplete: new IncompleteOptionsRequest(true, DelayMinutes: minutes)) };
        Assert.Equal(!ok, Check(request).ContainsKey("options.incomplete.delayMinutes"));
        if (ok) Assert.Equal(minutes * 60, IntegrationValidator.Options(request.Options).Incomplete.DelaySeconds);
    }

    [Fact]
    public void Seconds_and_minutes_that_disagree_are_refused_and_agreeing_ones_pass()
    {
        AssertError("options.incomplete.delayMinutes",
            Valid() with { Options = new IntegrationOptionsRequest(Incomplete: new IncompleteOptionsRequest(true, 120, 5)) }, contains: "disagree");
        Assert.Empty(Check(Valid() with { Options = new IntegrationOptionsRequest(Incomplete: new IncompleteOptionsRequest(true, 300, 5)) }));
        Assert.Equal(3600, IntegrationValidator.Options(new IntegrationOptionsRequest(Incomplete: new IncompleteOptionsRequest(true))).Incomplete.DelaySeconds);
    }

    [Fact]
    public void Participation_options_are_refused_on_loyalty_unless_defaults()
    {
        AssertError("options", Valid(IntegrationKind.Loyalty) with { Options = new IntegrationOptionsRequest(SendLeads: true) }, contains: "participation");
        Assert.Empty(Check(Valid(IntegrationKind.Loyalty) with { Options = new IntegrationOptionsRequest(0, false, false, new IncompleteOptionsRequest(false, 3600)) }));
    }

    [Theory]
    [InlineData(300, "up to 5 minutes")]
    [InlineData(30, "up to 30 seconds")]
    [InlineData(90, "up to 1 minute 30 seconds")]
    [InlineData(3600, "up to 1 hour")]
    public void The_cache_delay_reads_as_words(int seconds, string text) =>
        Assert.Equal(text, (Rules with { SettingsCacheDuration = TimeSpan.FromSeconds(seconds) }).CacheDelay);
}
