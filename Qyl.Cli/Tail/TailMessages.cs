using Qyl.Client;
using Qyl.Contracts;

namespace Qyl.Cli.Tail;

/// <summary>What <c>qyl tail</c> tells the user on stderr about its connection; stdout carries only spans.</summary>
internal sealed class TailMessages(TextWriter stderr, Uri url)
{
    private bool _connectedOnce;
    private bool _lost;

    /// <summary>The last reason a connection attempt failed, for the "cannot reach" message.</summary>
    public Exception? LastError { get; private set; }

    public void OnStateChanged(QylConnectionStateChange change)
    {
        switch (change.State)
        {
            case QylConnectionState.Connected when _connectedOnce && _lost:
                _lost = false;
                stderr.WriteLine($"qyl: reconnected to {url}; resuming where it left off");
                break;
            case QylConnectionState.Connected:
                _connectedOnce = true;
                break;
            case QylConnectionState.Reconnecting:
                LastError = change.Error ?? LastError;
                if (_connectedOnce)
                {
                    // One line per attempt would flood a terminal while a hub is down; say it on the
                    // first loss and then every tenth attempt.
                    if (!_lost || change.Attempt % 10 == 0)
                    {
                        stderr.WriteLine($"qyl: connection to {url} lost ({change.Error?.Message ?? "closed"}); reconnecting (attempt {change.Attempt}, next in {change.RetryDelay.TotalSeconds:0.#}s)");
                    }
                    _lost = true;
                }
                break;
        }
    }

    public void OnDropped(DroppedNotice notice) =>
        stderr.WriteLine($"qyl: the hub could not deliver spans with seq {notice.FromSeq}-{notice.ToSeq}{(notice.Count > 0 ? $" ({notice.Count})" : "")}; fetching what is still stored");

    public void OnBackfillFailed(Exception error) =>
        stderr.WriteLine($"qyl: could not fetch dropped spans from the query API: {error.Message}");
}
