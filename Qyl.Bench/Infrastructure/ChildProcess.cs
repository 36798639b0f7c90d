using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Qyl.Bench.Infrastructure;

/// <summary>
/// A server started as a child process that announces its ports with <c>Now listening on: URL (role)</c>
/// lines on stdout (the qyl hub and the baseline hub both do). Disposing kills it, by its pid.
/// </summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Dictionary<string, Uri> _listeners = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _lastLines = new();

    private ChildProcess(Process process) => _process = process;

    /// <summary>The child's pid.</summary>
    public int Id => _process.Id;

    /// <summary>Starts <paramref name="fileName"/> and waits until it has printed at least one listener and then been quiet for a moment.</summary>
    public static async Task<ChildProcess> StartAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // Plain console lines: no colour codes around "Now listening on:".
        info.Environment["DOTNET_LOGGING__CONSOLE__DISABLECOLORS"] = "true";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child._ready.TrySetException(new InvalidOperationException(
            $"{fileName} exited with code {process.ExitCode} before it was ready; last output:{Environment.NewLine}{child.LastOutput()}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await child._ready.Task.WaitAsync(timeout, cancellationToken);
            // The listeners are logged one line each in a burst; give the rest of the burst a moment.
            await Task.Delay(300, cancellationToken);
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    /// <summary>The listener whose role contains (or, with <paramref name="exact"/>, equals) <paramref name="role"/>.</summary>
    public Uri Listener(string role, bool exact = false, string? fallback = null)
    {
        lock (_listeners)
        {
            foreach (var (r, uri) in _listeners)
            {
                if (exact ? r == role : r.Contains(role, StringComparison.OrdinalIgnoreCase))
                {
                    return uri;
                }
            }
        }
        return fallback is not null
            ? Listener(fallback)
            : throw new InvalidOperationException($"The child process announced no '{role}' listener; it printed:{Environment.NewLine}{LastOutput()}");
    }

    /// <summary>CPU and memory of the child now.</summary>
    public ProcessSample Sample() => ProcessSample.Of(_process);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            lock (_listeners)
            {
                _listeners[match.Groups["role"].Value] = new Uri(match.Groups["url"].Value);
            }
            _ready.TrySetResult();
        }
    }

    private string LastOutput()
    {
        lock (_lastLines)
        {
            return string.Join(Environment.NewLine, _lastLines);
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>\S+) \((?<role>[^)]+)\)")]
    private static partial Regex ListeningLine();
}
