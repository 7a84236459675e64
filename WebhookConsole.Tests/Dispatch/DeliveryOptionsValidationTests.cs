using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>`Delivery:*` goes through the options pipeline the app uses: bad values stop the start with a message naming the key.</summary>
[Trait("Lane", "Unit")]
public class DeliveryOptionsValidationTests
{
    internal static DeliveryOptions Bind(IConfiguration config, bool isDevelopment = false) =>
        new ServiceCollection().AddDeliveryOptions(config, isDevelopment).Services.BuildServiceProvider()
            .GetRequiredService<IOptions<DeliveryOptions>>().Value;

    private static DeliveryOptions Bind(params (string Key, string Value)[] settings) =>
        Bind(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void A_lease_too_short_for_one_attempt_is_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(("Delivery:Timeout", "00:00:15"), ("Delivery:LeaseDuration", "00:00:10")));
        Assert.Contains("Delivery:LeaseDuration is 00:00:10; it must be longer than Delivery:Timeout (00:00:15) plus 2 s", error.Message);
    }

    [Fact]
    public void A_lease_longer_than_an_attempt_and_its_recording_is_accepted()
    {
        var options = Bind(("Delivery:Timeout", "00:00:15"), ("Delivery:LeaseDuration", "00:00:18"));
        Assert.Equal(TimeSpan.FromSeconds(18), options.LeaseDuration);
    }

    [Theory]
    [InlineData("Delivery:RetrySchedule", "5s,soon", "Delivery:RetrySchedule has 'soon'")]
    [InlineData("Delivery:Timeout", "00:00:00", "Delivery:Timeout is 00:00:00; use a positive time span")]
    [InlineData("Delivery:SweepInterval", "-00:00:01", "Delivery:SweepInterval is -00:00:01; use a positive time span")]
    [InlineData("Delivery:SignatureHeader", " ", "Delivery:SignatureHeader must not be empty")]
    [InlineData("Delivery:Workers", "1", "Delivery:Workers must be at least 2.")]
    [InlineData("Delivery:Jitter", "1.5", "Delivery:Jitter must be between 0 and 0.9.")]
    [InlineData("Delivery:MaxConcurrencyPerIntegration", "0", "Delivery:MaxConcurrencyPerIntegration must be at least 1.")]
    public void A_bad_value_names_its_key(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind((key, value)));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_retry_schedule_is_parsed_into_delays_and_an_empty_one_means_no_retries()
    {
        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1.5), TimeSpan.FromHours(2), TimeSpan.FromDays(1)],
            Bind(("Delivery:RetrySchedule", "500ms, 5s,1.5m,2h,1d")).RetryDelays());
        Assert.Empty(Bind(("Delivery:RetrySchedule", "")).RetryDelays());
        Assert.Equal(7, Bind().RetryDelays().Count);
    }

    [Fact]
    public void Private_networks_default_to_the_environment_and_configuration_overrides_it()
    {
        var empty = new ConfigurationBuilder().Build();
        Assert.True(Bind(empty, isDevelopment: true).AllowPrivateNetworks);
        Assert.False(Bind(empty, isDevelopment: false).AllowPrivateNetworks);
        var off = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("Delivery:AllowPrivateNetworks", (string?)"false")]).Build();
        Assert.False(Bind(off, isDevelopment: true).AllowPrivateNetworks);
    }
}
