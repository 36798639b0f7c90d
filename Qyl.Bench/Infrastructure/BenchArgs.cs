using System.Globalization;

namespace Qyl.Bench.Infrastructure;

/// <summary>
/// Options of one subcommand: <c>--name value</c> pairs and bare <c>--flag</c>s. Hand-rolled rather
/// than System.CommandLine so a run prints exactly the knobs it used (see <see cref="Used"/>).
/// </summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    private BenchArgs(string command) => Command = command;

    /// <summary>The subcommand (<c>ingest</c>, <c>fanout</c>, ...).</summary>
    public string Command { get; }

    /// <summary>True with <c>--quick</c>: short runs for smoke tests.</summary>
    public bool Quick => Flag("quick");

    /// <summary>Every option read so far with the value used, for the result file.</summary>
    public SortedDictionary<string, string> Used { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses <c>subcommand [--name value] [--flag]</c>.</summary>
    public static BenchArgs Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parsed = new BenchArgs(args.Length > 0 ? args[0] : "help");
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{arg}': options look like --name value.");
            }
            var name = arg[2..];
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parsed._values[name[..eq]] = name[(eq + 1)..];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                parsed._values[name] = args[++i];
            }
            else
            {
                parsed._values[name] = null;
            }
        }
        return parsed;
    }

    /// <summary>True when <c>--name</c> was given (with no value, or <c>true</c>).</summary>
    public bool Flag(string name)
    {
        var on = _values.TryGetValue(name, out var value) && (value is null || bool.Parse(value));
        Used[name] = on ? "true" : "false";
        return on;
    }

    /// <summary>The string option, or <paramref name="fallback"/>.</summary>
    public string? String(string name, string? fallback = null)
    {
        var value = _values.TryGetValue(name, out var v) && v is not null ? v : fallback;
        if (value is not null)
        {
            Used[name] = name.Contains("postgres", StringComparison.OrdinalIgnoreCase) ? "(set)" : value;
        }
        return value;
    }

    /// <summary>The integer option; <paramref name="quick"/> is the default under <c>--quick</c>.</summary>
    public int Int(string name, int fallback, int? quick = null)
    {
        var value = _values.TryGetValue(name, out var v) && v is not null
            ? int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : Quick && quick is not null ? quick.Value : fallback;
        if (value < 0)
        {
            throw new ArgumentException($"--{name} must be 0 or more; it is {value}.");
        }
        Used[name] = value.ToString(CultureInfo.InvariantCulture);
        return value;
    }

    /// <summary>The number option; <paramref name="quick"/> is the default under <c>--quick</c>.</summary>
    public double Double(string name, double fallback, double? quick = null)
    {
        var value = _values.TryGetValue(name, out var v) && v is not null
            ? double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)
            : Quick && quick is not null ? quick.Value : fallback;
        if (value <= 0)
        {
            throw new ArgumentException($"--{name} must be above 0; it is {value}.");
        }
        Used[name] = value.ToString(CultureInfo.InvariantCulture);
        return value;
    }
}
