using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Qyl.Client;
using Qyl.Contracts;

namespace Qyl.Cli.Tail;

/// <summary><c>qyl tail</c>: follows live spans like <c>tail -f</c>, resuming across reconnects.</summary>
internal static class TailCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("tail", "Follow spans as they arrive at a qyl hub, one line per span.");
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
        var formatter = new SpanLineFormatter(!settings.Json && SpanLineFormatter.ShouldColor(), TimeZoneInfo.Local);
        var transcript = settings.Messages ? new MessageTranscript(!settings.Json && SpanLineFormatter.ShouldColor(), settings.Json) : null;
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
        await stderr.WriteLineAsync($"qyl: following {Describe(settings.Filter)} at {url}{(settings.SinceSeq is { } s ? $" after seq {s}" : "")} (Ctrl-C to stop)");

        try
        {
            await foreach (var span in client.SubscribeAsync(settings.Filter, settings.SinceSeq, ct))
            {
                if (TryFormat(span, settings.Json, formatter, transcript, out var lines, out var error))
                {
                    foreach (var line in lines)
                    {
                        await stdout.WriteLineAsync(line);
                    }
                }
                else
                {
                    await stderr.WriteLineAsync($"qyl: could not print the span with seq {span.Seq} ({error.GetType().Name}: {error.Message}); skipped it");
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

    // One record that cannot be printed costs that line, never the tail: the stream goes on.
    private static bool TryFormat(SpanRecord span, bool json, SpanLineFormatter formatter, MessageTranscript? transcript, [NotNullWhen(true)] out IReadOnlyList<string>? lines, [NotNullWhen(false)] out Exception? error)
    {
        try
        {
            lines = transcript is not null ? transcript.Format(span) : [json ? SpanLineFormatter.ToJson(span) : formatter.Format(span)];
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

    private static string Describe(SpanFilter filter) =>
        filter.CanonicalKey == SpanFilter.AllKey ? "every span" : $"spans where {filter.CanonicalKey}";
}
