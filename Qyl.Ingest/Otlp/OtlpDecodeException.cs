namespace Qyl.Ingest.Otlp;

/// <summary>An OTLP request body could not be decoded; the message says what was wrong, for a 400.</summary>
public sealed class OtlpDecodeException(string message, Exception? innerException = null)
    : Exception(message, innerException);
