# Bounded OTLP/HTTP protobuf log ingest measurement: REQUESTS requests of RECORDS records each,
# over CONNECTIONS keep-alive connections, against a running hub. Prints logs/s.
#   python3 scripts/bench-logs.py HOST OTLP_HTTP_PORT REQUESTS RECORDS CONNECTIONS
#   e.g. python3 scripts/bench-logs.py 127.0.0.1 4318 200 1000 4
# The request is encoded by hand (protobuf wire format, field numbers of Qyl.Ingest/Otlp/Protos/logs.proto)
# once and sent repeatedly, so the client's cost per record stays small next to the hub's.
import http.client, os, struct, sys, threading, time

def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7f; n >>= 7
        if n: out.append(b | 0x80)
        else: out.append(b); return bytes(out)

def field(num, wire, payload):
    tag = varint((num << 3) | wire)
    if wire == 2: return tag + varint(len(payload)) + payload
    return tag + payload

def s(num, text): return field(num, 2, text.encode())
def kv(key, value): return s(1, key) + field(2, 2, s(1, value))

def record(i, trace, span):
    body = field(5, 2, s(1, f"agent step {i}: tool search returned {i % 7} results"))
    rec = field(1, 1, struct.pack('<Q', 1767225600000000000 + i)) + field(11, 1, struct.pack('<Q', 1767225600000000000 + i))
    rec += field(2, 0, varint(9)) + s(3, "Information") + body
    rec += field(6, 2, kv("gen_ai.operation.name", "chat")) + field(6, 2, kv("session.id", f"sess-{i % 20}"))
    rec += field(9, 2, trace) + field(10, 2, span) + s(12, "gen_ai.client.inference.operation.details" if i % 5 == 0 else "agent.step")
    return rec

def request(records):
    resource = field(1, 2, field(1, 2, kv("service.name", "bench-logs")))
    scope = field(1, 2, s(1, "bench"))
    scope_logs = scope + b"".join(field(2, 2, r) for r in records)
    resource_logs = resource + field(2, 2, scope_logs)
    return field(1, 2, resource_logs)

host, port = sys.argv[1], int(sys.argv[2])
REQUESTS, RECORDS, CONNECTIONS = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
trace = os.urandom(16)
payload = request([record(i, trace, os.urandom(8)) for i in range(RECORDS)])
sent = [0]; errors = [0]; lock = threading.Lock()

def worker(n):
    conn = http.client.HTTPConnection(host, port)
    for _ in range(n):
        conn.request("POST", "/v1/logs", payload, {"Content-Type": "application/x-protobuf"})
        r = conn.getresponse(); r.read()
        with lock:
            if r.status == 200: sent[0] += RECORDS
            else: errors[0] += 1

start = time.perf_counter()
threads = [threading.Thread(target=worker, args=(REQUESTS // CONNECTIONS,)) for _ in range(CONNECTIONS)]
[t.start() for t in threads]; [t.join() for t in threads]
elapsed = time.perf_counter() - start
print(f"{sent[0]} log records in {elapsed:.2f} s = {sent[0] / elapsed:,.0f} logs/s; {errors[0]} non-200; payload {len(payload)} bytes/request ({len(payload) / RECORDS:.0f} B/record)")
