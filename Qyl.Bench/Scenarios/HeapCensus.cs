using System.Globalization;
using System.Runtime.CompilerServices;
using Qyl.Bench.Infrastructure;
using Qyl.Contracts;
using Qyl.Ingest.Storage;
using Qyl.Ingest.Storage.InMemory;

namespace Qyl.Bench.Scenarios;

/// <summary>
/// <c>store --census</c>: where a retained span's bytes go. Walks every span the embedded store keeps (its stored form) and
/// sizes each distinct object once (by reference, so shared strings, dictionaries and boxes count
/// once), by kind; object sizes are measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>
/// around one allocation, arrays and strings from the runtime's layout (x64). What the walk does not
/// reach (the store's ring, id set, trace/session aggregates, interner tables) is the GC-measured
/// heap growth minus the walk.
/// </summary>
public static class HeapCensus
{
    /// <summary>Adds one row per kind to <paramref name="table"/>.</summary>
    public static void Add(ResultTable table, ISpanStore store, long heapBytes)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(store);
        if (store is not InMemorySpanStore embedded)
        {
            throw new ArgumentException("The census walks the embedded store's stored form.", nameof(store));
        }
        var walk = new Walk();
        var spans = 0L;
        // The stored form itself: the records reads hand out are fresh copies and would size those.
        embedded.ForEachStored(span =>
        {
            walk.Span(span);
            spans++;
        });
        var walked = walk.Totals.Values.Sum(t => t.Bytes);
        foreach (var (kind, (count, bytes)) in walk.Totals.OrderByDescending(t => t.Value.Bytes))
        {
            table.AddRow([("census", kind), ("objects", count), ("objects/span", (double)count / spans), ("bytes/span", (double)bytes / spans), ("share", (double)bytes / heapBytes)]);
        }
        table.AddRow([("census", "not reached by the walk (store indexes, aggregates, interner)"), ("objects", double.NaN), ("objects/span", double.NaN),
            ("bytes/span", (double)(heapBytes - walked) / spans), ("share", (double)(heapBytes - walked) / heapBytes)]);
        table.Note(string.Create(CultureInfo.InvariantCulture,
            $"census: {spans:N0} retained spans walked, {walked / (double)spans:N0} bytes/span reached from the stored spans of {heapBytes / (double)spans:N0} bytes/span of heap growth"));
    }

    private sealed class Walk
    {
        private static readonly long DictionarySize = Measure(() => new Dictionary<string, object?>());
        private static readonly long ListSize = Measure(() => new List<SpanEventRecord>());
        private static readonly long StoredSpanSize = Measure(() => new StoredSpan
        {
            TraceId = "", Name = "", Kind = "", ServiceName = "", Status = "", Attributes = [], ResourceAttributes = null!, Events = null!,
        });
        private static readonly long GenAiSize = Measure(() => new GenAiInfo { OperationName = "" });
        private static readonly long EventSize = Measure(() => new SpanEventRecord { Name = "" }) - DictionarySize;
        private static readonly long BoxSize = Measure(() => (object)1L);
        private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);

        public Dictionary<string, (long Count, long Bytes)> Totals { get; } = [];

        public void Span(StoredSpan span)
        {
            // Span and parent ids are bits inside the object (no strings) unless a client sent another form.
            Add("StoredSpan objects", span, StoredSpanSize);
            String("ids (trace)", span.TraceId);
            String("names, kinds, statuses, service, scope, session", span.Name);
            String("names, kinds, statuses, service, scope, session", span.Kind);
            String("names, kinds, statuses, service, scope, session", span.ServiceName);
            String("names, kinds, statuses, service, scope, session", span.SessionId);
            String("names, kinds, statuses, service, scope, session", span.Status);
            String("names, kinds, statuses, service, scope, session", span.StatusMessage);
            String("names, kinds, statuses, service, scope, session", span.ScopeName);
            if (span.GenAi is { } genAi && Add("GenAiInfo objects", genAi, GenAiSize))
            {
                foreach (var s in new[] { genAi.OperationName, genAi.ProviderName, genAi.RequestModel, genAi.ResponseModel, genAi.AgentName, genAi.ToolName })
                {
                    String("GenAiInfo strings", s);
                }
            }
            if (Add("span attributes: arrays of key-value pairs", span.Attributes, span.Attributes.Length == 0 ? 0 : ArrayBytes(span.Attributes.Length, 16)))
            {
                foreach (var (key, value) in span.Attributes)
                {
                    String("span attributes: keys", key);
                    Value("span attributes", value);
                }
            }
            Attributes("resource attributes", span.ResourceAttributes);
            if (Add("event lists", span.Events, ListSize + ArrayBytes(span.Events.Capacity, 8)))
            {
                foreach (var e in span.Events)
                {
                    if (Add("events", e, EventSize))
                    {
                        String("events", e.Name);
                        Attributes("event attributes", e.Attributes);
                    }
                }
            }
        }

        private void Attributes(string kind, Dictionary<string, object?> attributes)
        {
            var capacity = attributes.EnsureCapacity(0);
            // Dictionary<string, object?>: the object, int[] buckets and Entry[] (hash, next, key, value: 24 bytes each).
            if (!Add($"{kind}: dictionaries", attributes, DictionarySize + (capacity == 0 ? 0 : ArrayBytes(capacity, 4) + ArrayBytes(capacity, 24))))
            {
                return;
            }
            foreach (var (key, value) in attributes)
            {
                String($"{kind}: keys", key);
                Value(kind, value);
            }
        }

        private void Value(string kind, object? value)
        {
            switch (value)
            {
                case null:
                    break;
                case string s:
                    String(s.Length >= 256 ? $"{kind}: string values >= 256 chars (message content)" : $"{kind}: string values", s);
                    break;
                case object?[] array:
                    if (Add($"{kind}: arrays", array, ArrayBytes(array.Length, 8)))
                    {
                        foreach (var item in array)
                        {
                            Value(kind, item);
                        }
                    }
                    break;
                case Dictionary<string, object?> map:
                    Attributes(kind, map);
                    break;
                default:
                    Add($"{kind}: boxed numbers and bools", value, BoxSize);
                    break;
            }
        }

        private void String(string kind, string? value)
        {
            if (value is not null)
            {
                // x64: 8 header + 8 method table + 4 length + 2 per char + 2 terminator, rounded to 8.
                Add(kind, value, Align(20 + (2L * value.Length) + 2));
            }
        }

        private bool Add(string kind, object value, long bytes)
        {
            if (!_seen.Add(value))
            {
                return false;
            }
            Tally(kind, 1, bytes);
            return true;
        }

        private void Tally(string kind, long count, long bytes)
        {
            var (c, b) = Totals.GetValueOrDefault(kind);
            Totals[kind] = (c + count, b + bytes);
        }

        private static long ArrayBytes(int length, int elementSize) => Align(24 + ((long)length * elementSize));

        private static long Align(long bytes) => (bytes + 7) & ~7L;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long Measure(Func<object> allocate)
        {
            allocate();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var o = allocate();
            var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            GC.KeepAlive(o);
            return bytes;
        }
    }
}
