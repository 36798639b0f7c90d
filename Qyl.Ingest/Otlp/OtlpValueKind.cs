namespace Qyl.Ingest.Otlp;

/// <summary>
/// Which field of an OTLP AnyValue was set. The lifting rules need it beside the mapped value: bytes
/// map to a base64 string, yet only a real <c>string_value</c> counts as a string attribute.
/// </summary>
internal enum OtlpValueKind : byte
{
    Empty,
    String,
    Bool,
    Int,
    Double,
    Array,
    KvList,
    Bytes,
}
