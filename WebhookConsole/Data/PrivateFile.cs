namespace WebhookConsole.Data;

/// <summary>
/// Files holding the console's data are readable by its own user only (0600). SQLite gives the -wal and -shm files it
/// creates the database file's mode, so creating the database file first, empty and private, covers all three.
/// </summary>
public static class PrivateFile
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateIfMissing(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path)) return;
        try
        {
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (a second node on the same folder) created it at the same moment.
        }
    }
}
