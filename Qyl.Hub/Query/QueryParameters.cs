using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Qyl.Hub.Query;

/// <summary>
/// Reads and validates query-string parameters of the query API. A bad value yields a 400 problem
/// naming the parameter and what it accepts, never an exception the framework would turn into a 500.
/// </summary>
internal static class QueryParameters
{
    /// <summary>Rows returned when <c>limit</c> is absent.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest <c>limit</c>: bounds one response's size and the store's work.</summary>
    public const int MaxLimit = 1000;

    /// <summary><c>limit</c>: an integer in 1..<see cref="MaxLimit"/>, default <see cref="DefaultLimit"/>.</summary>
    public static bool TryGetLimit(HttpRequest request, out int limit, out IResult? problem)
    {
        limit = DefaultLimit;
        problem = null;
        if (!TryGetSingle(request, "limit", out var raw, out problem) || raw is null)
        {
            return problem is null;
        }
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit)
        {
            problem = BadParameter("limit", raw, $"an integer from 1 to {MaxLimit} (default {DefaultLimit})");
            return false;
        }
        return true;
    }

    /// <summary><c>afterSeq</c>: a non-negative int64, default 0 (from the beginning).</summary>
    public static bool TryGetAfterSeq(HttpRequest request, out long afterSeq, out IResult? problem)
    {
        afterSeq = 0;
        if (!TryGetSingle(request, "afterSeq", out var raw, out problem) || raw is null)
        {
            return problem is null;
        }
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq))
        {
            problem = BadParameter("afterSeq", raw, $"an integer from 0 to {long.MaxValue} (a seq; default 0)");
            return false;
        }
        return true;
    }

    /// <summary><c>genAiOnly</c>: <c>true</c> or <c>false</c>, default false.</summary>
    public static bool TryGetGenAiOnly(HttpRequest request, out bool genAiOnly, out IResult? problem)
    {
        genAiOnly = false;
        if (!TryGetSingle(request, "genAiOnly", out var raw, out problem) || raw is null)
        {
            return problem is null;
        }
        if (!bool.TryParse(raw, out genAiOnly))
        {
            problem = BadParameter("genAiOnly", raw, "true or false (default false)");
            return false;
        }
        return true;
    }

    /// <summary>A text filter (<c>serviceName</c>, <c>sessionId</c>); empty means unset.</summary>
    public static bool TryGetText(HttpRequest request, string name, out string? value, out IResult? problem)
    {
        return TryGetSingle(request, name, out value, out problem);
    }

    /// <summary><c>traceId</c> as a filter: 32 hex characters, any case; empty means unset.</summary>
    public static bool TryGetTraceId(HttpRequest request, out string? traceId, out IResult? problem)
    {
        if (!TryGetText(request, "traceId", out traceId, out problem) || traceId is null)
        {
            return problem is null;
        }
        if (!IsTraceId(traceId))
        {
            problem = BadParameter("traceId", traceId, TraceIdRule);
            return false;
        }
        traceId = traceId.ToLowerInvariant();
        return true;
    }

    /// <summary><c>spanId</c> as a filter: 16 hex characters, any case; empty means unset.</summary>
    public static bool TryGetSpanId(HttpRequest request, out string? spanId, out IResult? problem)
    {
        if (!TryGetText(request, "spanId", out spanId, out problem) || spanId is null)
        {
            return problem is null;
        }
        if (spanId.Length != 16 || spanId.AsSpan().ContainsAnyExcept(HexChars))
        {
            problem = BadParameter("spanId", spanId, "16 hexadecimal characters (a W3C span id)");
            return false;
        }
        spanId = spanId.ToLowerInvariant();
        return true;
    }

    /// <summary>What a trace id must look like, for problem messages.</summary>
    public const string TraceIdRule = "32 hexadecimal characters (a W3C trace id)";

    /// <summary>True for 32 hex characters.</summary>
    public static bool IsTraceId(string value) => value.Length == 32 && value.AsSpan().ContainsAnyExcept(HexChars) is false;

    /// <summary>A 400 problem naming <paramref name="name"/>, the value received and what is accepted.</summary>
    public static IResult BadParameter(string name, string value, string accepted) => TypedResults.Problem(
        detail: $"Query parameter '{name}' was '{Truncate(value)}'; it must be {accepted}.",
        statusCode: StatusCodes.Status400BadRequest,
        title: $"Invalid parameter '{name}'",
        extensions: new Dictionary<string, object?> { ["parameter"] = name });

    private static readonly System.Buffers.SearchValues<char> HexChars =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static bool TryGetSingle(HttpRequest request, string name, out string? value, out IResult? problem)
    {
        problem = null;
        StringValues values = request.Query[name];
        if (values.Count > 1)
        {
            value = null;
            problem = TypedResults.Problem(
                detail: $"Query parameter '{name}' was given {values.Count} times; give it once.",
                statusCode: StatusCodes.Status400BadRequest,
                title: $"Invalid parameter '{name}'",
                extensions: new Dictionary<string, object?> { ["parameter"] = name });
            return false;
        }
        // An empty value (?limit=) means "not given", as the contract's own ?serviceName=&limit= template reads.
        value = values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
        return true;
    }

    // Echoing a huge value back would let a client make the error response large.
    private static string Truncate(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");
}
