using System.Text.Json;
using Qyl.Contracts;

namespace Qyl.Tests.Storage;

/// <summary>Compares log records by their contract JSON, as <see cref="SpanComparer"/> does spans.</summary>
public sealed class LogComparer : IEqualityComparer<LogRecord>
{
    /// <summary>The instance.</summary>
    public static LogComparer Instance { get; } = new();

    /// <inheritdoc />
    public bool Equals(LogRecord? x, LogRecord? y) =>
        x is null || y is null ? ReferenceEquals(x, y) : ToJson(x) == ToJson(y);

    /// <inheritdoc />
    public int GetHashCode(LogRecord obj) => StringComparer.Ordinal.GetHashCode(ToJson(obj));

    private static string ToJson(LogRecord log) => JsonSerializer.Serialize(log, QylJsonContext.Default.LogRecord);
}
