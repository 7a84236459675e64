using System.Collections.Concurrent;
using WebhookConsole.Data;

namespace WebhookConsole.Tests.Data;

/// <summary>
/// Ids and nonces come from a buffer of random bytes: no value is ever handed out twice, across refills, sizes that do
/// not divide the buffer, requests too large for it, and threads.
/// </summary>
[Trait("Lane", "Unit")]
public class SecureRandomTests
{
    [Theory]
    [InlineData(64, 16)] // the buffer divides evenly: each refill serves exactly four
    [InlineData(64, 12)] // a nonce: five per refill, the 4 bytes left over are skipped, never split across a refill
    [InlineData(100, 10)] // an id's random part
    public void Values_drawn_across_many_refills_are_all_distinct_and_never_the_wiped_bytes(int size, int length)
    {
        var random = new SecureRandom(size);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var value = new byte[length];
        for (var i = 0; i < 2000; i++)
        {
            random.Next(value);
            Assert.True(seen.Add(Convert.ToHexString(value)), $"draw {i} repeated an earlier value");
            // Handed-out bytes are wiped in the buffer: handing out a wiped region again would show as zeros.
            Assert.Contains(value, b => b != 0);
        }
    }

    [Fact]
    public void The_draw_that_no_longer_fits_comes_from_a_fresh_refill_not_from_the_bytes_left_over()
    {
        var random = new SecureRandom(32);
        var first = new byte[8];
        var second = new byte[8];
        var third = new byte[8];
        var straddling = new byte[16];
        random.Next(first);
        random.Next(second);
        random.Next(third); // 24 of 32 taken: 8 left, too few for 16
        random.Next(straddling);
        var all = new[] { first, second, third, straddling[..8], straddling[8..] }.Select(Convert.ToHexString).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(straddling, b => b != 0);
    }

    [Fact]
    public void Requests_larger_than_a_quarter_of_the_buffer_go_to_the_generator_and_are_still_random()
    {
        var random = new SecureRandom(64);
        var a = new byte[17];
        var b = new byte[17];
        random.Next(a);
        random.Next(b);
        Assert.NotEqual(Convert.ToHexString(a), Convert.ToHexString(b));
        Assert.Contains(a, x => x != 0);
    }

    [Fact]
    public void Threads_drawing_at_once_never_get_the_same_value()
    {
        var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            Span<byte> value = stackalloc byte[12];
            for (var i = 0; i < 5000; i++)
            {
                SecureRandom.Fill(value);
                Assert.True(seen.TryAdd(Convert.ToHexString(value), worker), "two draws gave the same 12 bytes");
            }
        });
        Assert.Equal(40_000, seen.Count);
    }

    [Fact]
    public void Ids_made_one_after_another_in_the_same_millisecond_are_distinct()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var ids = Enumerable.Range(0, 5000).Select(_ => Ids.New("dlv", time)).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.StartsWith("dlv_", id, StringComparison.Ordinal));
    }
}
