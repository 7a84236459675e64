using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Integrations;

/// <summary>What the editor's Health tab needs, taken from the real app.</summary>
public static class HealthTabServices
{
    public static void AddTo(IServiceCollection services, ConsoleFactory factory)
    {
        services.AddSingleton(factory.Services.GetRequiredService<WebhookConsole.Integrations.Health.IntegrationHealthService>());
        services.AddSingleton(factory.Services.GetRequiredService<WebhookConsole.Integrations.Health.IntegrationBlocker>());
        services.AddSingleton(factory.Services.GetRequiredService<WebhookConsole.Integrations.Health.BlockOptions>());
        services.AddSingleton(factory.Services.GetRequiredService<WebhookConsole.EventLogs.ReplayService>());
    }
}
