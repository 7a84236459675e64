using WebhookConsole.Sources;

namespace WebhookConsole.Tests.Sources;

[Trait("Lane", "Unit")]
public class SourceValidatorTests
{
    [Fact]
    public void A_complete_website_is_valid() =>
        Assert.Empty(SourceValidator.Validate(new WebsiteRequest("web-1", "Sunny", "sunny.example", "BE")));

    [Theory]
    [InlineData(null, "Sunny", "sunny.example", "BE", "id")]
    [InlineData("has space", "Sunny", "sunny.example", "BE", "id")]
    [InlineData("web-1", "", "sunny.example", "BE", "name")]
    [InlineData("web-1", "Sunny", "https://sunny.example/path", "BE", "domain")]
    [InlineData("web-1", "Sunny", "localhost", "BE", "domain")]
    [InlineData("web-1", "Sunny", "sunny.example", "BEL", "country")]
    [InlineData("web-1", "Sunny", "sunny.example", null, "country")]
    public void Each_bad_website_field_is_named(string? id, string? name, string? domain, string? country, string field)
    {
        var errors = SourceValidator.Validate(new WebsiteRequest(id, name, domain, country));
        Assert.Equal([field], errors.Keys);
        Assert.NotEmpty(errors[field][0]);
    }

    [Fact]
    public void Country_is_case_insensitive() =>
        Assert.Empty(SourceValidator.Validate(new WebsiteRequest("web-1", "Sunny", "Sunny.Example", "be")));

    [Fact]
    public void A_campaign_needs_website_name_and_type()
    {
        var errors = SourceValidator.Validate(new CampaignRequest("cmp-1", null, " ", null));
        Assert.Equal(["name", "type", "websiteId"], errors.Keys.Order());
    }

    [Fact]
    public void A_program_needs_id_and_name()
    {
        Assert.Empty(SourceValidator.Validate(new ProgramRequest("prg-1", "Rewards")));
        Assert.Equal(["id", "name"], SourceValidator.Validate(new ProgramRequest("", null)).Keys.Order());
    }

    [Fact]
    public void Names_longer_than_200_are_refused() =>
        Assert.Contains("name", SourceValidator.Validate(new ProgramRequest("p", new string('x', 201))).Keys);
}
