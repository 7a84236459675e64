using System.Globalization;
using Npgsql;

namespace WebhookConsole.Bench;

/// <summary>
/// What the writes of a run cost the server, in counts that do not depend on the machine's load: WAL records, full-page
/// images and bytes (cluster-wide <c>pg_stat_wal</c>), row inserts, updates and HOT updates of the hot tables
/// (<c>pg_stat_user_tables</c>), and per index its buffer accesses (<c>pg_statio_user_indexes</c>: a lookup and an insert
/// each walk the tree) and its growth on disk. A non-HOT update adds an entry to every index of the table whose predicate
/// the new row meets, so the index entries written per delivery follow from the updates that were not HOT.
/// </summary>
internal sealed record PostgresWrites(
    long WalRecords, long WalFpi, long WalBytes,
    Dictionary<string, (long Inserts, long Updates, long HotUpdates)> Tables,
    Dictionary<string, (long Buffers, long Bytes, string Table)> Indexes)
{
    private const string Marker = "/* wc-bench */";
    private static readonly string[] HotTables = ["Deliveries", "Events", "Attempts"];

    /// <summary>
    /// Reads the counters now. Backends report table and index counters when they go idle, at most once a second and at the
    /// latest about ten seconds later, so a reading right after a run waits <paramref name="settle"/> first.
    /// </summary>
    public static async Task<PostgresWrites> ReadAsync(string connectionString, TimeSpan settle)
    {
        if (settle > TimeSpan.Zero) await Task.Delay(settle);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var clear = new NpgsqlCommand(Marker + " SELECT pg_stat_clear_snapshot()", connection)) await clear.ExecuteNonQueryAsync();
        long records, fpi, bytes;
        await using (var wal = new NpgsqlCommand(Marker + " SELECT wal_records, wal_fpi, wal_bytes::bigint FROM pg_stat_wal", connection))
        await using (var r = await wal.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            (records, fpi, bytes) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
        }
        var tables = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
        await using (var t = new NpgsqlCommand(Marker + " SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = ANY(@t)", connection))
        {
            t.Parameters.AddWithValue("t", HotTables);
            await using var r = await t.ExecuteReaderAsync();
            while (await r.ReadAsync()) tables[r.GetString(0)] = (r.GetInt64(1), r.GetInt64(2), r.GetInt64(3));
        }
        var indexes = new Dictionary<string, (long, long, string)>(StringComparer.Ordinal);
        await using (var i = new NpgsqlCommand(Marker + """
             SELECT s.indexrelname, COALESCE(s.idx_blks_hit, 0) + COALESCE(s.idx_blks_read, 0), pg_relation_size(s.indexrelid), s.relname
            FROM pg_statio_user_indexes s WHERE s.relname = ANY(@t)
            """, connection))
        {
            i.Parameters.AddWithValue("t", HotTables);
            await using var r = await i.ExecuteReaderAsync();
            while (await r.ReadAsync()) indexes[r.GetString(0)] = (r.GetInt64(1), r.GetInt64(2), r.GetString(3));
        }
        return new PostgresWrites(records, fpi, bytes, tables, indexes);
    }

    /// <summary>Prints what happened between <paramref name="before"/> and this reading, per delivery.</summary>
    public void Print(PostgresWrites before, int deliveries)
    {
        string Per(double v) => (v / deliveries).ToString("N2", CultureInfo.InvariantCulture);
        Console.WriteLine($"  writes per delivery: WAL {Per(WalRecords - before.WalRecords)} records, {Per(WalFpi - before.WalFpi)} full-page images, {Per(WalBytes - before.WalBytes)} bytes (cluster-wide)");
        foreach (var (table, (ins, upd, hot)) in Tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var was = before.Tables.GetValueOrDefault(table);
            Console.WriteLine($"    {table}: {Per(ins - was.Inserts)} inserts, {Per(upd - was.Updates)} updates, of them HOT {Per(hot - was.HotUpdates)}");
        }
        Console.WriteLine("  per index and delivery: buffer accesses (lookups and inserts), bytes grown");
        foreach (var (index, (buffers, size, table)) in Indexes.OrderBy(i => i.Value.Table, StringComparer.Ordinal).ThenByDescending(i => i.Value.Buffers - before.Indexes.GetValueOrDefault(i.Key).Buffers))
        {
            var was = before.Indexes.GetValueOrDefault(index);
            Console.WriteLine($"    {Per(buffers - was.Buffers),8}  {Per(size - was.Bytes),8} B  {table}.{index}");
        }
    }

    /// <summary>Index buffer accesses per delivery over every index of the hot tables.</summary>
    public double IndexBuffersPer(PostgresWrites before, int deliveries) =>
        (double)(Indexes.Sum(i => i.Value.Buffers) - before.Indexes.Sum(i => i.Value.Buffers)) / deliveries;

    /// <summary>Updates that were not HOT, per delivery, over the hot tables (each writes an entry in every index it qualifies for).</summary>
    public double NonHotUpdatesPer(PostgresWrites before, int deliveries) =>
        (double)Tables.Sum(t => t.Value.Updates - t.Value.HotUpdates - (before.Tables.GetValueOrDefault(t.Key).Updates - before.Tables.GetValueOrDefault(t.Key).HotUpdates)) / deliveries;
}
