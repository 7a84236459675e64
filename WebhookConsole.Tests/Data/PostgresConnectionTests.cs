using Npgsql;
using WebhookConsole.Data;

namespace WebhookConsole.Tests.Data;

/// <summary>The console's PostgreSQL connections prepare their statements and skip the pool reset, unless the operator chose otherwise.</summary>
[Trait("Lane", "Unit")]
public class PostgresConnectionTests
{
    [Fact]
    public void Unset_options_get_the_console_s_defaults()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnection.Tuned("Host=db;Database=wc;Username=console"));
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("db", tuned.Host);
        Assert.Equal("wc", tuned.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;maxautoprepare=0;noresetonclose=false")]
    public void Options_the_operator_set_are_kept(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnection.Tuned(connectionString));
        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.False(tuned.NoResetOnClose);
    }
}
