using System.Globalization;

namespace Qyl.Bench.Infrastructure;

/// <summary>The box a figure was measured on: shared with other builds, so every result carries the load.</summary>
public static class MachineInfo
{
    /// <summary>The load averages when the bench started (<see cref="MarkStart"/>), before any scenario ran.</summary>
    public static string LoadAtStart { get; private set; } = "n/a";

    /// <summary>Records <see cref="LoadAtStart"/>; called first thing in <c>Main</c>.</summary>
    public static void MarkStart() => LoadAtStart = LoadAverage();

    /// <summary>The 1, 5 and 15 minute load averages, or "n/a" off Linux.</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', parts.Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    /// <summary>Total memory in MiB from /proc/meminfo, or 0.</summary>
    public static long MemoryMiB()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
