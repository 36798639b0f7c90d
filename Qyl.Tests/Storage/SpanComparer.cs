using System.Text.Json;
using Qyl.Contracts;

namespace Qyl.Tests.Storage;

/// <summary>
/// Compares spans by their contract JSON, so a span that went through a database (attribute
/// dictionaries rebuilt, numbers re-boxed) equals the one that went in.
/// </summary>
public sealed class SpanComparer : IEqualityComparer<SpanRecord>
{
    /// <summary>The instance.</summary>
    public static SpanComparer Instance { get; } = new();

    /// <inheritdoc />
    public bool Equals(SpanRecord? x, SpanRecord? y) =>
        x is null || y is null ? ReferenceEquals(x, y) : ToJson(x) == ToJson(y);

    /// <inheritdoc />
    public int GetHashCode(SpanRecord obj) => StringComparer.Ordinal.GetHashCode(ToJson(obj));

    private static string ToJson(SpanRecord span) => JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord);
}
