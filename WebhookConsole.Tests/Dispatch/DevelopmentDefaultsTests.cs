using System.Text.Json;
using Microsoft.Extensions.Configuration;
using WebhookConsole.Dispatch;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>
/// The README's promise: `dotnet run --project WebhookConsole` (Development) may send to a receiver on 127.0.0.1;
/// production refuses it. Both with the appsettings.json the app ships and nothing else set.
/// </summary>
[Trait("Lane", "Process")]
public class DevelopmentDefaultsTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void The_shipped_appsettings_allow_private_networks_only_in_Development(bool isDevelopment, bool allowed)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        Assert.True(File.Exists(shipped), $"{shipped} is copied beside the app");
        var config = new ConfigurationBuilder().AddJsonFile(shipped).Build();
        Assert.Equal(allowed, DeliveryOptionsValidationTests.Bind(config, isDevelopment).AllowPrivateNetworks);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public async Task A_test_event_to_127_0_0_1(string environment, bool delivered)
    {
        var dbPath = Path.Combine(Path.GetTempPath(), $"wc-newcomer-{Guid.NewGuid():N}.db");
        await using var receiver = await TestReceiver.StartAsync();
        try
        {
            await using var console = await AppProcess.StartInAsync(environment, dbPath, "--Serilog:MinimumLevel:Default=Information");
            using var api = console.ApiClient();
            var integration = await AppProcess.PostOkAsync(api, "/api/v1/integrations",
                new { name = "Local receiver", url = receiver.Url, kind = "loyalty", active = true });
            var attempt = await AppProcess.PostOkAsync(api, $"/api/v1/integrations/{integration.GetProperty("id").GetString()}/test", new { });

            Assert.Equal(delivered, attempt.GetProperty("succeeded").GetBoolean());
            if (delivered)
            {
                Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
                Assert.Single(receiver.Requests);
            }
            else
            {
                Assert.StartsWith("blocked", attempt.GetProperty("error").GetString());
                Assert.Empty(receiver.Requests);
            }
            // Log lines end with their message, not a stray " {}" of leftover properties.
            Assert.Contains(console.Output, line => line.Contains("Now listening on", StringComparison.Ordinal));
            Assert.DoesNotContain(console.Output, line => line.TrimEnd().EndsWith("{}", StringComparison.Ordinal));
        }
        finally
        {
            AppProcess.DeleteDatabase(dbPath);
        }
    }
}
