using System.Text;
using Qyl.Contracts;

namespace Qyl.Cli.Mcp;

/// <summary>Query strings for the hub's HTTP API, with the contract's parameter names.</summary>
internal static class HubQuery
{
    public static List<KeyValuePair<string, string>> Filter(SpanFilter filter)
    {
        var query = new List<KeyValuePair<string, string>>();
        Add(query, "serviceName", filter.ServiceName);
        Add(query, "sessionId", filter.SessionId);
        Add(query, "traceId", filter.TraceId);
        Add(query, "genAiOnly", filter.GenAiOnly == true ? "true" : null);
        return query;
    }

    public static void Add(List<KeyValuePair<string, string>> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add(new(name, value));
        }
    }

    public static Uri Build(Uri hub, string path, IEnumerable<KeyValuePair<string, string>>? query = null)
    {
        var text = new StringBuilder(hub.AbsoluteUri.TrimEnd('/')).Append(path);
        var separator = '?';
        foreach (var (name, value) in query ?? [])
        {
            text.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return new Uri(text.ToString());
    }
}
