using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebhookConsole.Backfill;
using WebhookConsole.EventLogs;
using WebhookConsole.Identity;
using WebhookConsole.Inspector;

namespace WebhookConsole.Tests.Configuration;

/// <summary>
/// Each feature binds its section with a validator: a bad value fails when the options are first read (at start-up,
/// through ValidateOnStart) with a message naming the key, and a good one passes.
/// </summary>
[Trait("Lane", "Unit")]
public class OptionsValidationTests
{
    [Theory]
    [InlineData("Retention:Days", "0", "Retention:Days must be at least 1.")]
    [InlineData("Replay:MaxPerSecondPerIntegration", "0", "Replay:MaxPerSecondPerIntegration must be at least 1.")]
    [InlineData("Backfill:MaxEvents", "0", "Backfill:MaxEvents must be at least 1.")]
    [InlineData("Backfill:MaxAge", "-1.00:00:00", "Backfill:MaxAge must be positive.")]
    [InlineData("Inspector:Retention", "00:00:00", "Inspector:Retention must be positive")]
    [InlineData("Inspector:BaseUrl", "https://console.example.com/inspect", "Inspector:BaseUrl must be an absolute http(s) URL without a path")]
    [InlineData("Auth:SessionLifetime", "00:00:00", "Auth:SessionLifetime must be positive")]
    [InlineData("Auth:RevalidationInterval", "-00:00:05", "Auth:RevalidationInterval must be positive")]
    public void A_bad_value_fails_with_a_message_naming_its_key(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(key, value));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("Retention:Days", "7")]
    [InlineData("Replay:MaxPerSecondPerIntegration", "3")]
    [InlineData("Backfill:MaxEvents", "10")]
    [InlineData("Backfill:MaxAge", "1.00:00:00")]
    [InlineData("Inspector:Retention", "1.00:00:00")]
    [InlineData("Inspector:BaseUrl", "https://console.example.com")]
    [InlineData("Auth:SessionLifetime", "01:00:00")]
    [InlineData("Auth:RevalidationInterval", "00:00:30")]
    public void A_good_value_is_bound(string key, string value) => Assert.NotNull(Read(key, value));

    /// <summary>Registers the feature that owns <paramref name="key"/> the way Program does and reads its options.</summary>
    private static object Read(string key, string value)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]);
        return key.Split(':')[0] switch
        {
            "Retention" => Options<RetentionOptions>(builder.AddEventLogs()),
            "Replay" => Options<ReplayOptions>(builder.AddEventLogs()),
            "Backfill" => Options<BackfillOptions>(builder.AddBackfill()),
            "Inspector" => Options<InspectorOptions>(builder.AddInspector()),
            "Auth" => Options<WebhookConsole.Identity.SessionOptions>(builder.AddIdentityFeature()),
            _ => throw new ArgumentException(key),
        };
    }

    private static T Options<T>(WebApplicationBuilder builder) where T : class =>
        builder.Services.BuildServiceProvider().GetRequiredService<IOptions<T>>().Value;
}
