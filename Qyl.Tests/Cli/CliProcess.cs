using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Cli;

/// <summary>
/// <c>qyl</c> as users run it: a child process (<c>dotnet Qyl.Cli.dll ...</c>, the build copied next
/// to the tests) with stdout read line by line and stderr collected. Dispose kills it if still running.
/// </summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(Process process) => _process = process;

    /// <summary>
    /// Qyl.Cli.dll in the CLI's own build output (same configuration as the tests, which reference
    /// it): the copy beside the tests resolves assemblies against the ASP.NET Core framework the
    /// test project uses, which the tool does not have.
    /// </summary>
    public static string CliDll { get; } = FindCliDll();

    private static string FindCliDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        for (var dir = testOutput; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Qyl.Cli", "bin", configuration, framework, "Qyl.Cli.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"Qyl.Cli.dll ({configuration}/{framework}) not found above {testOutput.FullName}; build Qyl.Cli first.");
    }

    public static CliProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["NO_COLOR"] = "1";
        info.Environment.Remove("QYL_API_KEY");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                cli._stdout.Writer.TryComplete();
                cli._stdoutClosed.TrySetResult();
            }
            else
            {
                cli._stdout.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                cli._stderrClosed.TrySetResult();
                return;
            }
            lock (cli._stderr)
            {
                cli._stderr.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The next stdout line, or a failure naming what stderr said.</summary>
    public async Task<string> ReadLineAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeouts.Long);
        try
        {
            return await _stdout.Reader.ReadAsync(cts.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new InvalidOperationException($"qyl printed no further line; stderr:\n{Stderr}", ex);
        }
    }

    /// <summary>Waits until stderr contains <paramref name="text"/>.</summary>
    public async Task WaitForStderrAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeouts.Long);
        while (!Stderr.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"stderr never said '{text}'; it said:\n{Stderr}");
            Assert.False(_process.HasExited && _stderrClosed.Task.IsCompleted, $"qyl exited with {(_process.HasExited ? _process.ExitCode : 0)} before saying '{text}'; stderr:\n{Stderr}");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends a POSIX signal (INT for Ctrl-C, TERM), as a terminal or a supervisor would.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WithTimeout();
    }

    /// <summary>Waits for exit (and for its output to drain) and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        await _process.WaitForExitAsync().WithTimeout(timeout ?? Timeouts.Long);
        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WithTimeout();
        return _process.ExitCode;
    }

    /// <summary>The remaining stdout lines after exit.</summary>
    public List<string> DrainStdout()
    {
        var lines = new List<string>();
        while (_stdout.Reader.TryRead(out var line))
        {
            lines.Add(line);
        }
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WithTimeout();
        }
        _process.Dispose();
    }
}
