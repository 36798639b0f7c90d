using Qyl.Contracts;

namespace Qyl.Ingest.Otlp.Protobuf;

/// <summary>KeyValue and AnyValue, mapped to the values <see cref="OtlpAttributes.ToValue"/> produces.</summary>
public static partial class OtlpProtobufDecoder
{
    private const uint KeyValueKey = (1 << 3) | 2;
    private const uint KeyValueValue = (2 << 3) | 2;
    private const uint AnyString = (1 << 3) | 2;
    private const uint AnyBool = (2 << 3) | 0;
    private const uint AnyInt = (3 << 3) | 0;
    private const uint AnyDouble = (4 << 3) | 1;
    private const uint AnyArray = (5 << 3) | 2;
    private const uint AnyKvList = (6 << 3) | 2;
    private const uint AnyBytes = (7 << 3) | 2;
    private const uint ListValues = (1 << 3) | 2;

    /// <summary>One decoded attribute: its mapped value and which AnyValue field it came from.</summary>
    private readonly record struct Attribute(string Key, OtlpValueKind Kind, object? Value);

    /// <summary>
    /// An AnyValue being read. It is a oneof, so the last field set wins; a repeated array or
    /// kvlist field merges (appends) into the one before it, as the generated parser does.
    /// </summary>
    private struct AnyValueState
    {
        public OtlpValueKind Kind;
        public object? Scalar;
        public List<object?>? Array;
        public List<Attribute>? Pairs;
    }

    private sealed partial class Decoding
    {
        private Attribute ReadKeyValue(ProtoReader reader)
        {
            var key = string.Empty;
            var value = default(AnyValueState);
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case KeyValueKey: key = strings.Get(reader.ReadBytes()); break;
                    // A repeated value field merges into the earlier AnyValue.
                    case KeyValueValue: ReadAnyValue(reader.ReadMessage(), ref value); break;
                    default: reader.Skip(tag); break;
                }
            }
            return new Attribute(key, value.Kind, Materialize(ref value));
        }

        private void ReadAnyValue(ProtoReader reader, ref AnyValueState state)
        {
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case AnyString: Set(ref state, OtlpValueKind.String, strings.Get(reader.ReadBytes())); break;
                    case AnyBool: Set(ref state, OtlpValueKind.Bool, SharedBoxes.Bool(reader.ReadVarint64() != 0)); break;
                    case AnyInt: Set(ref state, OtlpValueKind.Int, SharedBoxes.Long((long)reader.ReadVarint64())); break;
                    case AnyDouble: Set(ref state, OtlpValueKind.Double, DoubleBoxes.Box(reader.ReadFixed64())); break;
                    case AnyBytes: Set(ref state, OtlpValueKind.Bytes, AttributeValues.FromBytes(reader.ReadBytes())); break;
                    case AnyArray:
                        if (state.Kind != OtlpValueKind.Array)
                        {
                            Set(ref state, OtlpValueKind.Array, null);
                            state.Array = RentValues();
                        }
                        ReadArray(reader.ReadMessage(), state.Array!);
                        break;
                    case AnyKvList:
                        if (state.Kind != OtlpValueKind.KvList)
                        {
                            Set(ref state, OtlpValueKind.KvList, null);
                            state.Pairs = RentList();
                        }
                        ReadKvList(reader.ReadMessage(), state.Pairs!);
                        break;
                    default: reader.Skip(tag); break;
                }
            }
        }

        private void ReadArray(ProtoReader reader, List<object?> values)
        {
            while (reader.TryReadTag(out var tag))
            {
                if (tag == ListValues)
                {
                    var item = default(AnyValueState);
                    ReadAnyValue(reader.ReadMessage(), ref item);
                    values.Add(Materialize(ref item));
                }
                else
                {
                    reader.Skip(tag);
                }
            }
        }

        private void ReadKvList(ProtoReader reader, List<Attribute> pairs)
        {
            while (reader.TryReadTag(out var tag))
            {
                if (tag == ListValues)
                {
                    pairs.Add(ReadKeyValue(reader.ReadMessage()));
                }
                else
                {
                    reader.Skip(tag);
                }
            }
        }

        private void Set(ref AnyValueState state, OtlpValueKind kind, object? scalar)
        {
            if (state.Pairs is { } pairs)
            {
                ReturnList(pairs);
            }
            if (state.Array is { } values)
            {
                ReturnValues(values);
            }
            state = new AnyValueState { Kind = kind, Scalar = scalar };
        }

        private object? Materialize(ref AnyValueState state)
        {
            switch (state.Kind)
            {
                case OtlpValueKind.Array:
                    var array = state.Array!.ToArray();
                    ReturnValues(state.Array);
                    state.Array = null;
                    return array;
                case OtlpValueKind.KvList:
                    var dictionary = ToDictionary(state.Pairs!);
                    ReturnList(state.Pairs!);
                    state.Pairs = null;
                    return dictionary;
                default:
                    return state.Scalar;
            }
        }

        /// <summary>Later duplicates of a key win, as in <see cref="OtlpAttributes.ToDictionary(Google.Protobuf.Collections.RepeatedField{Proto.Common.KeyValue})"/>.</summary>
        private static Dictionary<string, object?> ToDictionary(List<Attribute> attributes)
        {
            var result = new Dictionary<string, object?>(attributes.Count, StringComparer.Ordinal);
            foreach (var attribute in attributes)
            {
                result[attribute.Key] = attribute.Value;
            }
            return result;
        }
    }
}
