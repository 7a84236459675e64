using System.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Data.AtRest;

/// <summary>
/// The seam of encryption at rest in the EF model: value converters on every column that can carry personal data. Ids
/// (event, participation, member, delivery, webhook-id), statuses, times and the e-mail blind index stay plain for search. Raw SQL writers and readers call <see cref="AtRestCipher"/> through
/// <see cref="Data.SqlBatch.Cipher"/> instead.
/// </summary>
public static class AtRestModel
{
    /// <summary>
    /// The cipher is resolved on first use, not while the model is built: the key ring itself is read through this
    /// context while Data Protection is being set up, and resolving it from here then would wait on itself.
    /// </summary>
    public static void Apply(ModelBuilder builder, IServiceProvider services)
    {
        var cipher = new Lazy<AtRestCipher?>(() => services.GetService<AtRestCipher>());
        var text = new ValueConverter<string, string>(v => Seal(cipher, v), v => Open(cipher, v));
        var bytes = new ValueConverter<byte[], byte[]>(v => Seal(cipher, v), v => Open(cipher, v));
        var byteComparer = new ValueComparer<byte[]>(
            (a, b) => StructuralComparisons.StructuralEqualityComparer.Equals(a, b),
            v => StructuralComparisons.StructuralEqualityComparer.GetHashCode(v),
            v => v.ToArray());
        var optionalText = new ValueConverter<string?, string?>(v => SealNullable(cipher, v), v => OpenNullable(cipher, v));
        builder.Entity<WebhookEvent>().Property(e => e.Data).HasConversion(text);
        builder.Entity<Delivery>().Property(d => d.Payload).HasConversion(bytes, byteComparer);
        // A receiver's error text may echo what it was sent (an address, a name).
        builder.Entity<Delivery>().Property(d => d.LastError).HasConversion(optionalText);
        // Headers carry what integrations add and receivers answer (cookies, user ids); errors echo payloads.
        builder.Entity<Attempt>().Property(a => a.RequestHeaders).HasConversion(text);
        builder.Entity<Attempt>().Property(a => a.ResponseHeaders).HasConversion(optionalText);
        builder.Entity<Attempt>().Property(a => a.ResponseBody).HasConversion(optionalText);
        builder.Entity<Attempt>().Property(a => a.Error).HasConversion(optionalText);
        // Whatever anyone sent to a bin: its headers (user agents, forwarded addresses), path and query, and address.
        builder.Entity<InspectedRequest>().Property(r => r.Headers).HasConversion(text);
        builder.Entity<InspectedRequest>().Property(r => r.Path).HasConversion(optionalText);
        builder.Entity<InspectedRequest>().Property(r => r.SourceAddress).HasConversion(optionalText);
        builder.Entity<InspectedRequest>().Property(r => r.Body).HasConversion(bytes, byteComparer);
    }

    public static string Seal(Lazy<AtRestCipher?> c, string v) => c.Value is { } cipher ? cipher.Seal(v) : v;
    public static string Open(Lazy<AtRestCipher?> c, string v) => c.Value is { } cipher ? cipher.Open(v) : v;
    public static byte[] Seal(Lazy<AtRestCipher?> c, byte[] v) => c.Value is { } cipher ? cipher.Seal(v) : v;
    public static byte[] Open(Lazy<AtRestCipher?> c, byte[] v) => c.Value is { } cipher ? cipher.Open(v) : v;
    public static string? SealNullable(Lazy<AtRestCipher?> c, string? v) => v is null ? null : Seal(c, v);
    public static string? OpenNullable(Lazy<AtRestCipher?> c, string? v) => v is null ? null : Open(c, v);
}

/// <summary>Each app's model carries converters bound to its own key ring, so the model is cached per app (several apps share a test process).</summary>
public sealed class AtRestModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => (context.GetType(), AtRestCipher.ServicesOf(context), designTime);
}
