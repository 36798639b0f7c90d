using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Qyl.Bench.Infrastructure;

/// <summary>
/// The outcome of one subcommand: rows of named figures, printed as a table and written as JSON to
/// <c>bench-results/&lt;subcommand&gt;-&lt;utc&gt;.json</c> together with the machine, load and options.
/// </summary>
public sealed class ResultTable(string command)
{
    private readonly List<string> _columns = [];
    private readonly List<Dictionary<string, object?>> _rows = [];
    private readonly List<string> _notes = [];
    // Some scenarios build their table only after measuring: the load "before" is the one at start-up.
    private readonly string _loadBefore = MachineInfo.LoadAtStart;

    /// <summary>Adds a row; columns appear in first-seen order.</summary>
    public void AddRow(IEnumerable<(string Column, object? Value)> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (column, value) in cells)
        {
            if (!_columns.Contains(column))
            {
                _columns.Add(column);
            }
            row[column] = value;
        }
        _rows.Add(row);
    }

    /// <summary>A line printed under the table and kept in the JSON (what bounds a figure, caveats).</summary>
    public void Note(string note) => _notes.Add(note);

    /// <summary>Prints the table and writes the JSON file; returns its path.</summary>
    public string Emit(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var loadAfter = MachineInfo.LoadAverage();
        Console.WriteLine();
        Console.WriteLine(Render());
        foreach (var note in _notes)
        {
            Console.WriteLine($"  note: {note}");
        }
        Console.WriteLine($"  load average before: {_loadBefore}, after: {loadAfter} ({Environment.ProcessorCount} cores)");

        var json = new JsonObject
        {
            ["command"] = command,
            ["utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["machine"] = new JsonObject
            {
                ["processorCount"] = Environment.ProcessorCount,
                ["memoryMiB"] = MachineInfo.MemoryMiB(),
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                ["loadAverageBefore"] = _loadBefore,
                ["loadAverageAfter"] = loadAfter,
            },
            ["options"] = new JsonObject(args.Used.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["rows"] = new JsonArray([.. _rows.Select(ToJson)]),
            ["notes"] = new JsonArray([.. _notes.Select(n => (JsonNode?)n)]),
        };
        var dir = Path.Combine(Environment.CurrentDirectory, "bench-results");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{command}-{DateTime.UtcNow:yyyyMMddTHHmmssZ}.json");
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"  results: {path}");
        return path;
    }

    /// <summary>The table as aligned text.</summary>
    public string Render()
    {
        var cells = _rows.Select(r => _columns.Select(c => Format(r.GetValueOrDefault(c))).ToArray()).ToList();
        var widths = _columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(" | ", _columns.Select((c, i) => c.PadLeft(widths[i]))));
        sb.AppendLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var row in cells)
        {
            sb.AppendLine(string.Join(" | ", row.Select((v, i) => v.PadLeft(widths[i]))));
        }
        return sb.ToString().TrimEnd();
    }

    private static string Format(object? value) => value switch
    {
        null => "-",
        double d when double.IsNaN(d) => "n/a",
        double d when Math.Abs(d) >= 1000 => d.ToString("N0", CultureInfo.InvariantCulture),
        double d when Math.Abs(d) >= 10 => d.ToString("F1", CultureInfo.InvariantCulture),
        double d => d.ToString("G3", CultureInfo.InvariantCulture),
        long l => l.ToString("N0", CultureInfo.InvariantCulture),
        int i => i.ToString("N0", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "-",
    };

    private static JsonNode ToJson(Dictionary<string, object?> row)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in row)
        {
            obj[key] = value switch
            {
                null => null,
                double d when double.IsNaN(d) || double.IsInfinity(d) => null,
                double d => d,
                long l => l,
                int i => i,
                bool b => b,
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            };
        }
        return obj;
    }
}
