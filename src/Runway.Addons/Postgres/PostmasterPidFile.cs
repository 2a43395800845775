using System.Globalization;

namespace Runway.Addons.Postgres;

/// <summary>
/// postmaster.pid of a running server: pid, data directory, start time, port, socket directory, listen address, shared memory key, status
/// (one per line; PostgreSQL's miscadmin.h LOCK_FILE_LINE_*).
/// </summary>
internal sealed record PostmasterPidFile(int ProcessId, int Port, string Status)
{
    public const string FileName = "postmaster.pid";

    public static PostmasterPidFile? Read(string dataDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(dataDirectory, FileName));
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        return Parse(lines);
    }

    public static PostmasterPidFile? Parse(IReadOnlyList<string> lines)
    {
        if (lines.Count < 4
            || !int.TryParse(lines[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !int.TryParse(lines[3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        return new PostmasterPidFile(pid, port, lines.Count > 7 ? lines[7].Trim() : "");
    }
}
