using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace WebhookConsole.Data;

/// <summary>Times as UTC, for PostgreSQL's <c>timestamptz</c> (which refuses other offsets).</summary>
public sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v.ToUniversalTime());
