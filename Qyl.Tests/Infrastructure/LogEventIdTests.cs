using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Qyl.Tests.Infrastructure;

/// <summary>
/// Every <c>[LoggerMessage]</c> in every qyl assembly has an event id unique across qyl and inside
/// the range of its log class, so an id names one message in an operator's filter or alert.
/// </summary>
public sealed class LogEventIdTests
{
    /// <summary>
    /// The one table of ranges: a new log class registers here with a free range (the ranges taken
    /// by work in progress are listed in <see cref="Reserved"/>).
    /// </summary>
    private static readonly Dictionary<string, (int First, int Last)> Ranges = new(StringComparer.Ordinal)
    {
        ["Qyl.Ingest.IngestLog"] = (1000, 1099),
        ["Qyl.Ingest.Otlp.OtlpLog"] = (1100, 1199),
        ["Qyl.Ingest.Storage.Postgres.PostgresLog"] = (1200, 1299),
        ["Qyl.Ingest.Pricing.PricingLog"] = (1400, 1499),
        ["Qyl.Hub.HubLog"] = (2000, 2099),
        ["Qyl.Hub.Otlp.OtlpHttpLog"] = (2100, 2199),
        ["Qyl.Hub.Streaming.StreamingLog"] = (2200, 2299),
        ["Qyl.Hub.ScaleOut.ScaleOutLog"] = (2600, 2699),
        ["Qyl.Hub.Mcp.McpLog"] = (2700, 2799),
        ["Qyl.Hub.Dashboard.DashboardLog"] = (2800, 2899),
        ["Qyl.Hub.Security.SecurityLog"] = (2900, 2999),
    };

    /// <summary>
    /// The logs pipeline and store added their messages to the existing ingest and PostgreSQL log
    /// classes, in a range of their own: those classes may also use it.
    /// </summary>
    private static readonly (int First, int Last) LogsRange = (1500, 1599);

    private static readonly string[] LogsRangeClasses = ["Qyl.Ingest.IngestLog", "Qyl.Ingest.Storage.Postgres.PostgresLog"];

    /// <summary>Ranges given to features whose log classes are not in this build yet.</summary>
    private static readonly (string Owner, int First, int Last)[] Reserved =
    [
        ("conversations", 1300, 1399),
        ("logs pipeline and store", LogsRange.First, LogsRange.Last),
        ("CLI", 3000, 3999),
    ];

    private static IEnumerable<Assembly> QylAssemblies() =>
        Directory.GetFiles(AppContext.BaseDirectory, "Qyl.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name != typeof(LogEventIdTests).Assembly.GetName().Name)
            .Select(name => Assembly.Load(name!));

    private static List<(Type Class, MethodInfo Method, int Id)> Messages() =>
        [.. from assembly in QylAssemblies()
            from type in assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
            where attribute is not null
            select (type, method, attribute.EventId)];

    [Fact]
    public void LoggerMessages_FoundInTheQylAssemblies()
    {
        var classes = Messages().Select(m => m.Class.FullName).ToHashSet();
        Assert.Contains("Qyl.Ingest.Storage.Postgres.PostgresLog", classes);
        Assert.Contains("Qyl.Hub.Streaming.StreamingLog", classes);
    }

    [Fact]
    public void LoggerMessages_EveryIdUniqueAndInsideItsClassRange()
    {
        var problems = new List<string>();
        foreach (var (type, method, id) in Messages())
        {
            if (!Ranges.TryGetValue(type.FullName!, out var range))
            {
                problems.Add($"{type.FullName} has [LoggerMessage] methods but no range: register it in {nameof(LogEventIdTests)}.{nameof(Ranges)}");
            }
            else if ((id < range.First || id > range.Last)
                && !(LogsRangeClasses.Contains(type.FullName) && id >= LogsRange.First && id <= LogsRange.Last))
            {
                problems.Add($"{type.FullName}.{method.Name} uses event id {id}, outside its range {range.First}-{range.Last}");
            }
        }
        foreach (var group in Messages().GroupBy(m => m.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"event id {group.Key} is used by {string.Join(" and ", group.Select(m => $"{m.Class.FullName}.{m.Method.Name}"))}");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems.Distinct()));
    }

    [Fact]
    public void Ranges_DoNotOverlap()
    {
        var all = Ranges.Select(r => (Owner: r.Key, r.Value.First, r.Value.Last)).Concat(Reserved).OrderBy(r => r.First).ToList();
        for (var i = 1; i < all.Count; i++)
        {
            Assert.True(all[i].First > all[i - 1].Last, $"{all[i - 1].Owner} ({all[i - 1].First}-{all[i - 1].Last}) overlaps {all[i].Owner} ({all[i].First}-{all[i].Last})");
        }
    }
}
