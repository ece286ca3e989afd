using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace SemanticRouter.Routing.Tests.Encoders;

/// <summary>
/// ONNX Runtime from its NuGet package: the native library the package carries is the one its managed API was built
/// for, and the shipped encoder's graph holds the fused BERT operators that only ONNX Runtime's contrib kernels run
/// (so the parity tests in <see cref="OnnxEncoderTests"/> exercise them).
/// </summary>
public sealed class OnnxRuntimeTests(ITestOutputHelper output)
{
    [Fact]
    public void Native_library_is_the_version_of_the_managed_api()
    {
        var native = OrtEnv.Instance().GetVersionString();
        output.WriteLine($"ONNX Runtime {native}");
        Assert.Equal(typeof(InferenceSession).Assembly.GetName().Version!.ToString(3), native);
    }

    [Fact]
    public void Shipped_encoder_runs_on_the_fused_bert_operators()
    {
        var operators = Operators(File.ReadAllBytes(Path.Combine(ShippedModels.Encoder, "model.onnx")));
        foreach (var fused in new[] { "EmbedLayerNormalization", "Attention", "SkipLayerNormalization", "BiasGelu" })
            Assert.Contains(("com.microsoft", fused), operators);
    }

    /// <summary>The (domain, op_type) of every node of an ONNX model's main graph (onnx.proto field numbers).</summary>
    private static HashSet<(string Domain, string OpType)> Operators(byte[] model)
    {
        var graph = Fields(model).Single(f => f.Number == 7).Value; // ModelProto.graph
        return Fields(graph).Where(f => f.Number == 1) // GraphProto.node
            .Select(node => Fields(node.Value).ToList())
            .Select(node => (Text(node, 7), Text(node, 4))) // NodeProto.domain, NodeProto.op_type
            .ToHashSet();

        static string Text(List<(int Number, byte[] Value)> fields, int number) =>
            fields.Where(f => f.Number == number).Select(f => System.Text.Encoding.UTF8.GetString(f.Value)).FirstOrDefault() ?? "";
    }

    /// <summary>The length-delimited fields of a protobuf message; other wire types are skipped.</summary>
    private static IEnumerable<(int Number, byte[] Value)> Fields(byte[] message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            switch (key & 7)
            {
                case 0: Varint(message, ref at); break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    yield return ((int)(key >> 3), message[at..(at + length)]);
                    at += length;
                    break;
                default: throw new InvalidDataException($"wire type {key & 7} at byte {at}");
            }
        }
    }

    private static ulong Varint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
