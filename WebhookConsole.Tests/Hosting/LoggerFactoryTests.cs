using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Hosting;

/// <summary>
/// The console's logger factory hands out one logger per category (the HTTP results ask for theirs on every response),
/// and those loggers still write through the configured pipeline.
/// </summary>
[Trait("Lane", "Component")]
public sealed class LoggerFactoryTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public void One_logger_per_category()
    {
        var loggers = factory.Services.GetRequiredService<ILoggerFactory>();

        var first = loggers.CreateLogger("Microsoft.AspNetCore.Http.Result.AcceptedResult");
        var again = loggers.CreateLogger("Microsoft.AspNetCore.Http.Result.AcceptedResult");
        var other = loggers.CreateLogger("Microsoft.AspNetCore.Http.Result.JsonResult");

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.True(first.IsEnabled(LogLevel.Warning));
        Assert.False(first.IsEnabled(LogLevel.Debug)); // the configured minimum levels still apply
    }
}
