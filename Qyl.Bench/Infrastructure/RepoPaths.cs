namespace Qyl.Bench.Infrastructure;

/// <summary>Where the built qyl binaries are, found from the bench's own location.</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the nearest parent folder holding Qyl.sln.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Qyl.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Qyl.sln not found above the bench binaries; pass --hub-dll <path to Qyl.Hub.dll>.");
    }

    /// <summary>
    /// Qyl.Hub.dll in its own build output (which has its runtimeconfig and deps files), in the bench's
    /// configuration: the bench's project reference builds it alongside.
    /// </summary>
    public static string HubDll()
    {
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        var path = Path.Combine(Root(), "Qyl.Hub", "bin", Configuration, "net10.0", "Qyl.Hub.dll");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: build with 'dotnet build Qyl.Bench -c {Configuration}' or pass --hub-dll.");
    }
}
