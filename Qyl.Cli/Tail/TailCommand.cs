using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Qyl.Client;
using Qyl.Contracts;

namespace Qyl.Cli.Tail;

/// <summary><c>qyl tail</c>: follows live spans, log records or both like <c>tail -f</c>, resuming across reconnects.</summary>
internal static class TailCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("tail", "Follow spans (or with --logs log records, with --all both) as they arrive at a qyl hub, one line each.");
        foreach (var option in TailSettings.All)
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, ct) => RunAsync(TailSettings.From(parse), stdout, stderr, ct));
        return command;
    }

    public static async Task<int> RunAsync(TailSettings settings, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (!CliUrl.TryParse("--url", settings.Url, out var url, out var urlError))
        {
            await stderr.WriteLineAsync(urlError);
            return ExitCodes.Usage;
        }
        var color = !settings.Json && SpanLineFormatter.ShouldColor();
        var formatter = new SpanLineFormatter(color, TimeZoneInfo.Local);
        var logFormatter = new LogLineFormatter(color, TimeZoneInfo.Local);
        var transcript = settings.Messages ? new MessageTranscript(color, settings.Json) : null;
        await using var client = new QylClient(new QylClientOptions { BaseUrl = url, ApiKey = settings.ApiKey, Protocol = settings.Protocol });
        var messages = new TailMessages(stderr, url);
        client.StateChanged += (_, change) => messages.OnStateChanged(change);
        client.Dropped += (_, notice) => messages.OnDropped(notice);
        client.BackfillFailed += (_, error) => messages.OnBackfillFailed(error);

        using (var connectCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            connectCts.CancelAfter(settings.ConnectTimeout);
            try
            {
                await client.StartAsync(connectCts.Token);
            }
            catch (QylUnauthorizedException ex)
            {
                await stderr.WriteLineAsync($"qyl: {ex.Message}");
                return ExitCodes.Unauthorized;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException)
            {
                await stderr.WriteLineAsync($"cannot reach qyl at {url}: {messages.LastError?.Message ?? "no answer"} (is Qyl.Hub running? set --url)");
                return ExitCodes.Unreachable;
            }
        }
        await stderr.WriteLineAsync($"qyl: following {Describe(settings.Filter, settings.Records)} at {url}{(settings.SinceSeq is { } s ? $" after seq {s}" : "")} (Ctrl-C to stop)");

        try
        {
            await foreach (var record in Records(client, settings, ct))
            {
                if (TryFormat(record, settings.Json, formatter, logFormatter, transcript, out var lines, out var error))
                {
                    foreach (var line in lines)
                    {
                        await stdout.WriteLineAsync(line);
                    }
                }
                else
                {
                    await stderr.WriteLineAsync($"qyl: could not print the {(record.Span is null ? "log record" : "span")} with seq {record.Seq} ({error.GetType().Name}: {error.Message}); skipped it");
                }
            }
        }
        catch (QylUnauthorizedException ex)
        {
            await stderr.WriteLineAsync($"qyl: {ex.Message}");
            return ExitCodes.Unauthorized;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: the ordinary way to stop tailing.
        }
        await stdout.FlushAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The records to print: one subscription, or for <c>--all</c> a span and a log subscription from
    /// the same cursor, interleaved in seq order (their seqs come from one sequence).
    /// </summary>
    private static IAsyncEnumerable<TailRecord> Records(QylClient client, TailSettings settings, CancellationToken ct)
    {
        var spans = client.SubscribeAsync(settings.Filter, settings.SinceSeq, ct).Select(span => new TailRecord(span, null));
        var logs = client.SubscribeLogsAsync(settings.Filter, settings.SinceSeq, ct).Select(log => new TailRecord(null, log));
        // Messages come in span attributes and events or, from older instrumentations, in log
        // records: --messages reads both, in seq order.
        return (settings.Messages ? TailRecords.All : settings.Records) switch
        {
            TailRecords.Logs => logs,
            TailRecords.All => SeqMerge.MergeAsync(spans, logs, r => r.Seq, settings.Settle ?? DefaultSettle, ct),
            _ => spans,
        };
    }

    // How long --all holds a record waiting for the other stream to pass its seq (--settle-ms): long
    // enough for a span and the logs written with it to arrive in order, short enough to read as live.
    private static readonly TimeSpan DefaultSettle = TimeSpan.FromMilliseconds(250);

    // One record that cannot be printed costs that line, never the tail: the stream goes on.
    private static bool TryFormat(TailRecord record, bool json, SpanLineFormatter formatter, LogLineFormatter logFormatter, MessageTranscript? transcript, [NotNullWhen(true)] out IReadOnlyList<string>? lines, [NotNullWhen(false)] out Exception? error)
    {
        try
        {
            lines = transcript is not null
                ? record.Span is { } messageSpan ? transcript.Format(messageSpan) : transcript.Format(record.Log!)
                : [record.Span is { } span
                    ? json ? SpanLineFormatter.ToJson(span) : formatter.Format(span)
                    : json ? LogLineFormatter.ToJson(record.Log!) : logFormatter.Format(record.Log!)];
            error = null;
            return true;
        }
        catch (Exception ex)
        {
            lines = null;
            error = ex;
            return false;
        }
    }

    private static string Describe(SpanFilter filter, TailRecords records)
    {
        var (every, what) = records switch
        {
            TailRecords.Logs => ("every log record", "log records"),
            TailRecords.All => ("every span and log record", "spans and log records"),
            _ => ("every span", "spans"),
        };
        return filter.CanonicalKey == SpanFilter.AllKey ? every : $"{what} where {filter.CanonicalKey}";
    }

    /// <summary>A span or a log record to print.</summary>
    private readonly record struct TailRecord(SpanRecord? Span, LogRecord? Log)
    {
        public long Seq => Span?.Seq ?? Log!.Seq;
    }
}
