namespace Qyl.Tests.Infrastructure;

/// <summary>
/// The repository is all a user who clones qyl has: no file may send a reader to the planning notes
/// outside it. The project's own reference is docs/api.md and docs/architecture.md.
/// </summary>
public sealed class RepositoryReferencesTests
{
    // Split so that this file does not contain what it looks for.
    private static readonly string[] Forbidden = ["../" + "shared", "CONTRACT" + ".md", "DESIGN" + ".md"];

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".md", ".ts", ".tsx", ".js", ".json", ".props", ".targets", ".csproj", ".sln", ".sh", ".yml", ".yaml", ".html", ".css", ".proto", ".editorconfig",
    };

    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { "bin", "obj", "node_modules", ".git", "dist", "TestResults", "BenchmarkDotNet.Artifacts" };

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Qyl.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No Qyl.sln above {AppContext.BaseDirectory}.");
    }

    private static IEnumerable<string> Files(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (TextExtensions.Contains(Path.GetExtension(file)) || Path.GetFileName(file) == ".editorconfig")
            {
                yield return file;
            }
        }
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            if (!SkippedDirectories.Contains(Path.GetFileName(child)))
            {
                foreach (var file in Files(child))
                {
                    yield return file;
                }
            }
        }
    }

    [Fact]
    public void RepositoryFiles_NeverPointOutsideTheRepository()
    {
        var root = RepositoryRoot();
        var offenders = (
            from file in Files(root)
            let text = File.ReadAllText(file)
            from needle in Forbidden
            where text.Contains(needle, StringComparison.Ordinal)
            select $"{Path.GetRelativePath(root, file)} mentions {needle} (cite docs/api.md or docs/architecture.md instead)").ToList();
        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
    }
}
