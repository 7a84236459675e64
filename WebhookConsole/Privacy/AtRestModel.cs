using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using WebhookConsole.Dispatch;
using WebhookConsole.Ingest;
using WebhookConsole.Inspector;

namespace WebhookConsole.Privacy;

/// <summary>
/// The seam of encryption at rest in the EF model: value converters on the personal columns. Ids (event, participation,
/// member, delivery, webhook-id) stay plain for search. Raw SQL writers and readers call <see cref="AtRestCipher"/> through
/// <see cref="Data.SqlBatch.Cipher"/> instead.
/// </summary>
public static class AtRestModel
{
    public static void Apply(ModelBuilder builder, AtRestCipher cipher)
    {
        var text = new ValueConverter<string, string>(v => cipher.Seal(v), v => cipher.Open(v));
        var bytes = new ValueConverter<byte[], byte[]>(v => cipher.Seal(v), v => cipher.Open(v));
        builder.Entity<WebhookEvent>().Property(e => e.Data).HasConversion(text);
        builder.Entity<Delivery>().Property(d => d.Payload).HasConversion(bytes);
        builder.Entity<Attempt>().Property(a => a.ResponseBody).HasConversion(new ValueConverter<string?, string?>(v => cipher.SealNullable(v), v => v == null ? null : cipher.Open(v)));
        builder.Entity<InspectedRequest>().Property(r => r.Body).HasConversion(bytes);
    }
}

/// <summary>Each app's model carries converters bound to its own key ring, so the model is cached per cipher (several apps share a test process).</summary>
public sealed class AtRestModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => (context.GetType(), AtRestCipher.Of(context), designTime);
}
