using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Data;

/// <summary>Provider-neutral reading of database errors.</summary>
public static class DbErrors
{
    /// <summary>A unique index refused the write: SQLite's constraint error 19, PostgreSQL's SQLSTATE 23505.</summary>
    public static bool IsUniqueViolation(Exception e) =>
        (e is DbUpdateException { InnerException: { } inner } ? inner : e) is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } or DbException { SqlState: "23505" };
}
