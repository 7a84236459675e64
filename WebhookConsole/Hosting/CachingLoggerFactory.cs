using System.Collections.Concurrent;

namespace WebhookConsole.Hosting;

/// <summary>
/// Hands out one logger per category. Serilog's factory builds a new logger (and a Serilog context for its category) on
/// every <c>CreateLogger</c>, and the framework's HTTP results (Accepted, JSON, bytes, problems) ask for theirs on every
/// response: in a profile of a keyed API read that was 2 % of its CPU. The framework's own factory caches the same way;
/// a logger is thread-safe and the same for every caller of its category.
/// </summary>
internal sealed class CachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) =>
        loggers.TryGetValue(categoryName, out var logger) ? logger : loggers.GetOrAdd(categoryName, static (name, factory) => factory.CreateLogger(name), inner);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>Wraps the <see cref="ILoggerFactory"/> registered last (Serilog's) in a cache.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(provider => new CachingLoggerFactory((ILoggerFactory)(
            registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!))));
    }
}
