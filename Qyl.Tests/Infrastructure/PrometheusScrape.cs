using System.Globalization;
using System.Net;

namespace Qyl.Tests.Infrastructure;

/// <summary>One scrape of <c>/metrics</c> (Prometheus text format), parsed into samples.</summary>
public sealed class PrometheusScrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    private PrometheusScrape(string text)
    {
        Text = text;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var labelsStart = line.IndexOf('{', StringComparison.Ordinal);
            var labelsEnd = line.LastIndexOf('}');
            var name = labelsStart < 0 ? line[..line.IndexOf(' ', StringComparison.Ordinal)] : line[..labelsStart];
            var labels = labelsStart < 0 ? [] : ParseLabels(line[(labelsStart + 1)..labelsEnd]);
            var rest = (labelsStart < 0 ? line[name.Length..] : line[(labelsEnd + 1)..]).Trim().Split(' ')[0];
            _samples.Add((name, labels, double.Parse(rest, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The raw text.</summary>
    public string Text { get; }

    /// <summary>GETs <c>/metrics</c> from <paramref name="http"/>.</summary>
    public static async Task<PrometheusScrape> GetAsync(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative)).WithTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new PrometheusScrape(await response.Content.ReadAsStringAsync().WithTimeout());
    }

    /// <summary>Whether any sample of <paramref name="name"/> is present.</summary>
    public bool Has(string name) => _samples.Any(s => s.Name == name);

    /// <summary>Whether a sample of <paramref name="name"/> has exactly the labels <paramref name="labels"/> (<c>key=value</c>; the exporter's <c>otel_scope_*</c> labels aside).</summary>
    public bool Has(string name, params string[] labels) =>
        _samples.Any(s => s.Name == name
            && labels.All(l => Matches(s.Labels, l))
            && s.Labels.Keys.Count(k => !k.StartsWith("otel_", StringComparison.Ordinal)) == labels.Length);

    /// <summary>How many samples named <paramref name="name"/> there are (e.g. histogram bucket lines).</summary>
    public int Count(string name) => _samples.Count(s => s.Name == name);

    /// <summary>
    /// The sum over the samples of <paramref name="name"/> whose labels include every
    /// <c>key=value</c> in <paramref name="labels"/>; 0 when there are none (a counter not yet touched).
    /// </summary>
    public double Sum(string name, params string[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => Matches(s.Labels, l))).Sum(s => s.Value);

    private static bool Matches(Dictionary<string, string> labels, string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        return labels.TryGetValue(pair[..eq], out var value) && value == pair[(eq + 1)..];
    }

    private static Dictionary<string, string> ParseLabels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var eq = text.IndexOf('=', i);
            var key = text[i..eq].Trim().TrimStart(',').Trim();
            var value = new System.Text.StringBuilder();
            var j = eq + 2; // past ="
            for (; text[j] != '"'; j++)
            {
                if (text[j] == '\\')
                {
                    j++;
                }
                value.Append(text[j]);
            }
            labels[key] = value.ToString();
            i = j + 1;
            while (i < text.Length && (text[i] == ',' || text[i] == ' '))
            {
                i++;
            }
        }
        return labels;
    }
}
