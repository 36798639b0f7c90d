using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Qyl.Contracts;

namespace Qyl.Client;

/// <summary>Log-record subscriptions: the hub's <c>SubscribeLogs</c> / <c>Logs</c>, resumed and backfilled as spans are.</summary>
public sealed partial class QylClient
{
    // The contract's hub method names (docs/api.md, "Logs").
    private const string SubscribeLogsMethod = "SubscribeLogs";
    private const string LogsMethod = "Logs";

    /// <summary>
    /// Subscribes to log records matching <paramref name="filter"/> (<c>genAiOnly</c> keeps records
    /// whose event name or an attribute key starts with <c>gen_ai.</c>) and yields each stored matching
    /// record once, in seq order, across reconnects and hub restarts, with the resume and Dropped
    /// backfill rules of <see cref="SubscribeAsync"/> (backfill from <c>GET /api/v1/logs</c>). Seqs come
    /// from the same sequence as span seqs, so one cursor can resume both.
    /// </summary>
    public async IAsyncEnumerable<LogRecord> SubscribeLogsAsync(
        SpanFilter filter,
        long? resumeAfterSeq = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var subscription = await OpenAsync(filter, resumeAfterSeq, cancellationToken, logs: true);
        try
        {
            var reader = subscription.Items.Reader;
            while (await WaitToReadAsync(reader, cancellationToken))
            {
                while (reader.TryRead(out var item))
                {
                    if (item.Log is { } log)
                    {
                        yield return log;
                        continue;
                    }
                    if (item.Notice is not { } notice)
                    {
                        continue;
                    }
                    var backfill = PageLogsAsync(subscription, notice, cancellationToken).GetAsyncEnumerator(cancellationToken);
                    await using (backfill)
                    {
                        while (await MoveNextOrReportAsync(backfill, cancellationToken))
                        {
                            yield return backfill.Current;
                        }
                    }
                }
            }
        }
        finally
        {
            await CloseAsync(subscription);
        }
    }

    private async Task OnLogsAsync(LogBatch batch)
    {
        if (!_subscriptions.TryGetValue(batch.Key, out var subscription) || !subscription.IsLogs)
        {
            return;
        }
        try
        {
            foreach (var log in batch.Logs)
            {
                if (subscription.TryAcceptLive(log.Seq))
                {
                    await subscription.Items.Writer.WriteAsync(new SubscriptionItem(null, null, log), _disposeCts.Token);
                }
            }
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            // The subscription or the client ended while this batch was being handed over.
        }
    }

    private async Task<bool> MoveNextOrReportAsync(IAsyncEnumerator<LogRecord> backfill, CancellationToken ct)
    {
        try
        {
            return await backfill.MoveNextAsync();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
        catch (QylUnauthorizedException)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            BackfillFailed?.Invoke(this, ex);
            return false;
        }
    }

    private async IAsyncEnumerable<LogRecord> PageLogsAsync(Subscription subscription, DroppedNotice notice, [EnumeratorCancellation] CancellationToken ct)
    {
        var afterSeq = notice.FromSeq - 1;
        while (afterSeq < notice.ToSeq)
        {
            var url = LogsQuery(subscription.Filter, afterSeq, _options.BackfillPageSize);
            using var response = await _http.GetAsync(new Uri(url, UriKind.Relative), ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new QylUnauthorizedException($"qyl at {_http.BaseAddress} refused the API key (401) for {url}.");
            }
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync(QylJsonContext.Default.LogPage, ct)
                ?? throw new HttpRequestException($"{url} answered an empty body.");
            foreach (var log in page.Logs)
            {
                if (log.Seq > notice.ToSeq)
                {
                    yield break;
                }
                if (subscription.TryAcceptBackfill(log.Seq))
                {
                    yield return log;
                }
            }
            if (page.Logs.Count == 0 || page.NextAfterSeq <= afterSeq)
            {
                yield break;
            }
            afterSeq = page.NextAfterSeq;
        }
    }

    /// <summary>The relative query API URL of one log backfill page.</summary>
    internal static string LogsQuery(SpanFilter filter, long afterSeq, int limit) =>
        "api/v1/logs" + SpansQuery(filter, afterSeq, limit)["api/v1/spans".Length..];
}
