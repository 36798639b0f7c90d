using System.Runtime.Serialization;
using System.Text;

namespace Qyl.Contracts;

/// <summary>
/// A subscription filter. Set fields are ANDed; no field set means every span. Two filters with
/// the same <see cref="CanonicalKey"/> are the same subscription and share one group.
/// </summary>
[DataContract]
public sealed record SpanFilter
{
    /// <summary>Key of the filter with no field set: every span.</summary>
    public const string AllKey = "*";

    /// <summary>Only spans of this service.</summary>
    [DataMember(Name = "serviceName")] public string? ServiceName { get; init; }

    /// <summary>Only spans of this session.</summary>
    [DataMember(Name = "sessionId")] public string? SessionId { get; init; }

    /// <summary>Only spans of this trace (hex, any case).</summary>
    [DataMember(Name = "traceId")] public string? TraceId { get; init; }

    /// <summary>Only spans with a <see cref="SpanRecord.GenAi"/> block, when true.</summary>
    [DataMember(Name = "genAiOnly")] public bool? GenAiOnly { get; init; }

    /// <summary>
    /// What each delivered span carries: <see cref="FullView"/> (null or empty means the same) or
    /// <see cref="SummaryView"/> (<see cref="SpanSummary"/>'s fields only). It selects no span, so
    /// <see cref="Matches(SpanRecord)"/> ignores it, but it is part of <see cref="CanonicalKey"/>:
    /// the two views are two subscriptions.
    /// </summary>
    [DataMember(Name = "view")] public string? View { get; init; }

    /// <summary><see cref="View"/> value of the whole record (the default).</summary>
    public const string FullView = "full";

    /// <summary><see cref="View"/> value of the summary record (<see cref="SpanSummary"/>).</summary>
    public const string SummaryView = "summary";

    /// <summary>True when this filter asks for the summary view.</summary>
    public bool IsSummary => string.Equals(View, SummaryView, StringComparison.Ordinal);

    /// <summary>
    /// Null when <see cref="View"/> is unset or one of the two known views; otherwise the message to
    /// give the client (views are matched exactly, lowercase, as the contract names them).
    /// </summary>
    public string? ViewError =>
        string.IsNullOrEmpty(View) || View is FullView or SummaryView
            ? null
            : $"view must be '{FullView}' or '{SummaryView}'; it is '{View}'.";

    /// <summary>The filter that matches every span.</summary>
    public static SpanFilter All { get; } = new();

    /// <summary>
    /// The same filter with empty strings treated as unset, the trace id lowercased and
    /// <c>genAiOnly=false</c> treated as unset, since it selects nothing, and the full view (the
    /// default) as unset.
    /// </summary>
    public SpanFilter Normalize() => new()
    {
        ServiceName = string.IsNullOrEmpty(ServiceName) ? null : ServiceName,
        SessionId = string.IsNullOrEmpty(SessionId) ? null : SessionId,
        TraceId = string.IsNullOrEmpty(TraceId) ? null : TraceId.ToLowerInvariant(),
        GenAiOnly = GenAiOnly == true ? true : null,
        View = IsSummary ? SummaryView : null,
    };

    /// <summary>
    /// The canonical form of the filter, used as subscription key and group name: the set fields
    /// in the fixed order serviceName, sessionId, traceId, genAiOnly, view (only when summary), as a
    /// percent-encoded query string (<c>serviceName=checkout&amp;genAiOnly=true</c>,
    /// <c>view=summary</c>), or <see cref="AllKey"/> when none is set.
    /// </summary>
    public string CanonicalKey => IsSummary ? SummaryKey(SelectionKey) : SelectionKey;

    /// <summary>
    /// <see cref="CanonicalKey"/> without the view: the key of the spans this filter selects, which
    /// both views of it share (<see cref="AddMatchingKeys(SpanRecord, List{string})"/> yields these).
    /// </summary>
    public string SelectionKey
    {
        get
        {
            var f = Normalize();
            return BuildKey(
                f.ServiceName is null ? null : Uri.EscapeDataString(f.ServiceName),
                f.SessionId is null ? null : Uri.EscapeDataString(f.SessionId),
                f.TraceId is null ? null : Uri.EscapeDataString(f.TraceId),
                f.GenAiOnly == true);
        }
    }

    /// <summary>The canonical key of the summary view of the selection <paramref name="selectionKey"/>.</summary>
    public static string SummaryKey(string selectionKey)
    {
        ArgumentNullException.ThrowIfNull(selectionKey);
        return selectionKey == AllKey ? SummaryKeyAlone : selectionKey + "&" + SummaryKeyAlone;
    }

    /// <summary>
    /// The selection key of <paramref name="canonicalKey"/> (<see cref="SelectionKey"/>), and whether it
    /// names the summary view: the inverse of <see cref="SummaryKey"/>, the key itself for the full view.
    /// </summary>
    public static string SelectionKeyOf(string canonicalKey, out bool summary)
    {
        ArgumentNullException.ThrowIfNull(canonicalKey);
        summary = true;
        if (canonicalKey == SummaryKeyAlone)
        {
            return AllKey;
        }
        if (canonicalKey.EndsWith("&" + SummaryKeyAlone, StringComparison.Ordinal))
        {
            return canonicalKey[..^(SummaryKeyAlone.Length + 1)];
        }
        summary = false;
        return canonicalKey;
    }

    private const string SummaryKeyAlone = "view=" + SummaryView;

    /// <summary>True when <paramref name="span"/> passes every set field of this filter.</summary>
    public bool Matches(SpanRecord span)
    {
        ArgumentNullException.ThrowIfNull(span);
        return Matches(span.ServiceName, span.SessionId, span.TraceId, span.GenAi is not null);
    }

    /// <summary>
    /// True when a span with these fields passes every set field of this filter (what
    /// <see cref="Matches(SpanRecord)"/> reads of a span, for a store that keeps spans in a form of its own).
    /// </summary>
    public bool Matches(string serviceName, string? sessionId, string traceId, bool isGenAi) =>
        (string.IsNullOrEmpty(ServiceName) || string.Equals(ServiceName, serviceName, StringComparison.Ordinal))
        && (string.IsNullOrEmpty(SessionId) || string.Equals(SessionId, sessionId, StringComparison.Ordinal))
        && (string.IsNullOrEmpty(TraceId) || string.Equals(TraceId, traceId, StringComparison.OrdinalIgnoreCase))
        && (GenAiOnly != true || isGenAi);

    /// <summary>
    /// True when <paramref name="log"/> passes every set field of this filter: service, session and
    /// trace as for spans (a record with no trace id never matches a trace filter), and
    /// <c>genAiOnly</c> keeps records whose <see cref="LogRecord.EventName"/> or any attribute key
    /// starts with <c>gen_ai.</c>.
    /// </summary>
    public bool Matches(LogRecord log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return (string.IsNullOrEmpty(ServiceName) || string.Equals(ServiceName, log.ServiceName, StringComparison.Ordinal))
            && (string.IsNullOrEmpty(SessionId) || string.Equals(SessionId, log.SessionId, StringComparison.Ordinal))
            && (string.IsNullOrEmpty(TraceId) || string.Equals(TraceId, log.TraceId, StringComparison.OrdinalIgnoreCase))
            && (GenAiOnly != true || IsGenAi(log));
    }

    /// <summary>
    /// True when <paramref name="log"/> is a GenAI record for <c>genAiOnly</c>: its event name or
    /// any attribute key starts with <c>gen_ai.</c>.
    /// </summary>
    public static bool IsGenAi(LogRecord log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (log.EventName is { } name && name.StartsWith(GenAiPrefix, StringComparison.Ordinal))
        {
            return true;
        }
        foreach (var key in log.Attributes.Keys)
        {
            if (key.StartsWith(GenAiPrefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private const string GenAiPrefix = "gen_ai.";

    /// <summary>
    /// Appends to <paramref name="keys"/> the canonical key of every filter that matches
    /// <paramref name="span"/>: each of service, session, trace and genAi either fixed to the span's
    /// value or left open, so at most 16 keys (fewer when the span has no session or no GenAI block).
    /// </summary>
    public static void AddMatchingKeys(SpanRecord span, List<string> keys)
    {
        ArgumentNullException.ThrowIfNull(span);
        ArgumentNullException.ThrowIfNull(keys);
        var service = Uri.EscapeDataString(span.ServiceName);
        var session = string.IsNullOrEmpty(span.SessionId) ? null : Uri.EscapeDataString(span.SessionId);
        var trace = Uri.EscapeDataString(span.TraceId.ToLowerInvariant());
        var genAi = span.GenAi is not null;
        for (var mask = 0; mask < 16; mask++)
        {
            var useSession = (mask & 2) != 0;
            var useGenAi = (mask & 8) != 0;
            if ((useSession && session is null) || (useGenAi && !genAi))
            {
                continue;
            }
            keys.Add(BuildKey(
                (mask & 1) != 0 ? service : null,
                useSession ? session : null,
                (mask & 4) != 0 ? trace : null,
                useGenAi));
        }
    }

    /// <summary>
    /// Appends to <paramref name="keys"/> the canonical key of every filter that matches
    /// <paramref name="log"/>, as <see cref="AddMatchingKeys(SpanRecord, List{string})"/> does for a
    /// span (a record without a trace id or session matches no filter that sets them).
    /// </summary>
    public static void AddMatchingKeys(LogRecord log, List<string> keys)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(keys);
        var service = Uri.EscapeDataString(log.ServiceName);
        var session = string.IsNullOrEmpty(log.SessionId) ? null : Uri.EscapeDataString(log.SessionId);
        var trace = string.IsNullOrEmpty(log.TraceId) ? null : Uri.EscapeDataString(log.TraceId.ToLowerInvariant());
        var genAi = IsGenAi(log);
        for (var mask = 0; mask < 16; mask++)
        {
            var useSession = (mask & 2) != 0;
            var useTrace = (mask & 4) != 0;
            var useGenAi = (mask & 8) != 0;
            if ((useSession && session is null) || (useTrace && trace is null) || (useGenAi && !genAi))
            {
                continue;
            }
            keys.Add(BuildKey((mask & 1) != 0 ? service : null, useSession ? session : null, useTrace ? trace : null, useGenAi));
        }
    }

    private static string BuildKey(string? service, string? session, string? trace, bool genAiOnly)
    {
        if (service is null && session is null && trace is null && !genAiOnly)
        {
            return AllKey;
        }
        var sb = new StringBuilder(64);
        Append(sb, "serviceName", service);
        Append(sb, "sessionId", session);
        Append(sb, "traceId", trace);
        Append(sb, "genAiOnly", genAiOnly ? "true" : null);
        return sb.ToString();

        static void Append(StringBuilder sb, string name, string? encodedValue)
        {
            if (encodedValue is null)
            {
                return;
            }
            if (sb.Length > 0)
            {
                sb.Append('&');
            }
            sb.Append(name).Append('=').Append(encodedValue);
        }
    }
}
