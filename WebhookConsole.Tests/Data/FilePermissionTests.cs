using System.Net;
using System.Net.Http.Json;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Data;

/// <summary>The database, its -wal and -shm, the key file and the job database are readable by the console's user only.</summary>
public class FilePermissionTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Every_file_the_console_creates_beside_its_database_is_0600()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"wc-perm-{Guid.NewGuid():N}");
        try
        {
            await using (var factory = new ConsoleFactory()
                             .With("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(folder, "console.db")}")
                             .With("Hangfire:Storage", "Sqlite"))
            {
                var api = factory.ApiClient();
                Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/programs", new { id = "p1", name = "Club" })).StatusCode);
                var files = Directory.GetFiles(folder);
                Assert.Contains(files, f => f.EndsWith("console.db", StringComparison.Ordinal));
                Assert.Contains(files, f => f.EndsWith("-wal", StringComparison.Ordinal));
                Assert.True(files.Length >= 4, string.Join(", ", files.Select(Path.GetFileName)));
                foreach (var file in files)
                    Assert.True((File.GetUnixFileMode(file) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) == 0,
                        $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
