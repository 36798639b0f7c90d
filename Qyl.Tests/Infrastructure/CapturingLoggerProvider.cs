using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Qyl.Tests.Infrastructure;

/// <summary>
/// Keeps every log line a host writes, at every level, with its scopes and exception text: what a
/// console or file logger set to Trace would have written.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Every line written so far.</summary>
    public IReadOnlyList<CapturedLog> Lines => [.. _lines];

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            provider._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? string.Empty), scopes);
            // The structured values too: a provider that writes JSON writes each of them.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : string.Empty;
            var text = $"{formatter(state, exception)} | {values} | {string.Join(" => ", scopes)} | {exception}";
            provider._lines.Enqueue(new CapturedLog(category, logLevel, text));
        }
    }
}

/// <summary>One captured log line: category, level, and the message with its values, scopes and exception.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Text);
