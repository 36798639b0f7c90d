using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using Qyl.Contracts;

namespace Qyl.Client;

public sealed partial class QylClient
{
    /// <summary>
    /// Fetches the spans of a <see cref="DroppedNotice"/>'s range that are still stored, paging
    /// <c>GET /api/v1/spans?afterSeq=</c> until past <see cref="DroppedNotice.ToSeq"/>. When this client
    /// has a subscription with the notice's key, spans it already delivered are skipped and the ones
    /// yielded here count as delivered. With <see cref="SpanFilter.View"/> <c>summary</c> the spans are
    /// summaries (<see cref="SpanSummary.ToRecord"/>), as the subscription's live ones. Subscriptions from
    /// <see cref="SubscribeAsync"/> do this by themselves.
    /// </summary>
    public IAsyncEnumerable<SpanRecord> BackfillAsync(DroppedNotice notice, SpanFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(filter);
        _subscriptions.TryGetValue(notice.Key, out var subscription);
        return PageAsync(filter.Normalize(), notice, subscription is null ? null : subscription.TryAcceptBackfill, cancellationToken);
    }

    private IAsyncEnumerable<SpanRecord> BackfillCoreAsync(Subscription subscription, DroppedNotice notice, CancellationToken ct) =>
        PageAsync(subscription.Filter, notice, subscription.TryAcceptBackfill, ct);

    private async IAsyncEnumerable<SpanRecord> PageAsync(
        SpanFilter filter,
        DroppedNotice notice,
        Func<long, bool>? accept,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var afterSeq = notice.FromSeq - 1;
        while (afterSeq < notice.ToSeq)
        {
            var page = await GetPageAsync(filter, afterSeq, ct);
            foreach (var span in page.Spans)
            {
                if (span.Seq > notice.ToSeq)
                {
                    yield break;
                }
                if (accept is null || accept(span.Seq))
                {
                    // The query API answers full records; a summary-view subscription gets the same view live and backfilled.
                    yield return filter.IsSummary ? SpanSummary.From(span).ToRecord() : span;
                }
            }
            if (page.Spans.Count == 0 || page.NextAfterSeq <= afterSeq)
            {
                yield break;
            }
            afterSeq = page.NextAfterSeq;
        }
    }

    private async Task<SpanPage> GetPageAsync(SpanFilter filter, long afterSeq, CancellationToken ct)
    {
        var url = SpansQuery(filter, afterSeq, _options.BackfillPageSize);
        using var response = await _http.GetAsync(new Uri(url, UriKind.Relative), ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new QylUnauthorizedException($"qyl at {_http.BaseAddress} refused the API key (401) for {url}.");
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(QylJsonContext.Default.SpanPage, ct)
            ?? throw new HttpRequestException($"{url} answered an empty body.");
    }

    /// <summary>The relative query API URL of one backfill page.</summary>
    internal static string SpansQuery(SpanFilter filter, long afterSeq, int limit)
    {
        var sb = new StringBuilder("api/v1/spans?afterSeq=");
        sb.Append(afterSeq.ToString(CultureInfo.InvariantCulture)).Append("&limit=").Append(limit.ToString(CultureInfo.InvariantCulture));
        Append(sb, "serviceName", filter.ServiceName);
        Append(sb, "sessionId", filter.SessionId);
        Append(sb, "traceId", filter.TraceId);
        Append(sb, "genAiOnly", filter.GenAiOnly == true ? "true" : null);
        return sb.ToString();

        static void Append(StringBuilder sb, string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                sb.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }
    }
}
