using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Qyl.Bench.Infrastructure;

namespace Qyl.Bench.Otlp;

/// <summary>How one export went.</summary>
public enum SendStatus
{
    /// <summary>Answered success; some spans may still be rejected (partial success).</summary>
    Accepted,
    /// <summary>429 / RESOURCE_EXHAUSTED: the hub asked the client to back off.</summary>
    Throttled,
    /// <summary>503 / UNAVAILABLE.</summary>
    Unavailable,
    /// <summary>Anything else (counted, printed once).</summary>
    Failed,
}

/// <summary>The answer to one export.</summary>
public readonly record struct SendOutcome(SendStatus Status, long RejectedSpans, string? Detail);

/// <summary>Sends encoded <c>ExportTraceServiceRequest</c> bodies over OTLP/HTTP protobuf or OTLP/gRPC.</summary>
public abstract class OtlpSender : IDisposable
{
    /// <summary>An HTTP sender on <paramref name="otlpHttp"/> or a gRPC one on <paramref name="otlpGrpc"/>.</summary>
    public static OtlpSender Create(string protocol, Uri otlpHttp, Uri otlpGrpc) => protocol switch
    {
        "http" or "http/protobuf" => new HttpSender(otlpHttp),
        "grpc" => new GrpcSender(otlpGrpc),
        _ => throw new ArgumentException($"--protocol must be http or grpc; it is '{protocol}'."),
    };

    /// <summary>Sends <paramref name="body"/>.</summary>
    public abstract Task<SendOutcome> SendAsync(byte[] body, CancellationToken cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the connection.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>rejected_spans of an <c>ExportTraceServiceResponse</c> (field 1 partial_success, its field 1).</summary>
    protected static long ReadRejected(ReadOnlySpan<byte> response)
    {
        if (response.IsEmpty)
        {
            return 0;
        }
        var input = new CodedInputStream(response.ToArray());
        long rejected = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == ((1 << 3) | 2))
            {
                var partial = new CodedInputStream(input.ReadBytes().ToByteArray());
                uint inner;
                while ((inner = partial.ReadTag()) != 0)
                {
                    if (inner == (1 << 3))
                    {
                        rejected = partial.ReadInt64();
                    }
                    else
                    {
                        partial.SkipLastField();
                    }
                }
            }
            else
            {
                input.SkipLastField();
            }
        }
        return rejected;
    }

    private sealed class HttpSender(Uri otlpHttp) : OtlpSender
    {
        private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");
        private readonly HttpClient _client = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = otlpHttp,
            Timeout = TimeSpan.FromSeconds(30),
        };

        public override async Task<SendOutcome> SendAsync(byte[] body, CancellationToken cancellationToken)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = Protobuf;
            using var response = await _client.PostAsync(new Uri("/v1/traces", UriKind.Relative), content, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => new SendOutcome(SendStatus.Accepted, ReadRejected(bytes), null),
                HttpStatusCode.TooManyRequests => new SendOutcome(SendStatus.Throttled, 0, null),
                HttpStatusCode.ServiceUnavailable => new SendOutcome(SendStatus.Unavailable, 0, null),
                HttpStatusCode.NotFound => throw new DependencyMissingException(
                    "POST /v1/traces answered 404: the OTLP receiver (branch otlp) is not in this build."),
                _ => new SendOutcome(SendStatus.Failed, 0, $"HTTP {(int)response.StatusCode}"),
            };
        }

        protected override void Dispose(bool disposing) => _client.Dispose();
    }

    private sealed class GrpcSender : OtlpSender
    {
        private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);
        private static readonly Method<byte[], byte[]> Export = new(
            MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export", Raw, Raw);
        private readonly GrpcChannel _channel;
        private readonly CallInvoker _invoker;

        public GrpcSender(Uri otlpGrpc)
        {
            _channel = GrpcChannel.ForAddress(otlpGrpc, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
                MaxReceiveMessageSize = 4 * 1024 * 1024,
                MaxSendMessageSize = 64 * 1024 * 1024,
            });
            _invoker = _channel.CreateCallInvoker();
        }

        public override async Task<SendOutcome> SendAsync(byte[] body, CancellationToken cancellationToken)
        {
            try
            {
                var response = await _invoker.AsyncUnaryCall(Export, null, new CallOptions(cancellationToken: cancellationToken), body);
                return new SendOutcome(SendStatus.Accepted, ReadRejected(response), null);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                return new SendOutcome(SendStatus.Throttled, 0, null);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
            {
                return new SendOutcome(SendStatus.Unavailable, 0, ex.Status.Detail);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
            {
                throw new DependencyMissingException("gRPC TraceService/Export is unimplemented: the OTLP receiver (branch otlp) is not in this build.");
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return new SendOutcome(SendStatus.Failed, 0, $"gRPC {ex.StatusCode}: {ex.Status.Detail}");
            }
        }

        protected override void Dispose(bool disposing) => _channel.Dispose();
    }
}
