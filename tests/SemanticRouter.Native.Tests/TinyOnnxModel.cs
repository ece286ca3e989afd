using System.Text;

namespace SemanticRouter.Native.Tests;

/// <summary>
/// Writes a minimal ONNX model (protobuf, by hand) so the ORT test needs no Python: one graph,
/// y = Add(x, x) over a float tensor of shape [N]. Field numbers are those of onnx.proto.
/// </summary>
internal static class TinyOnnxModel
{
    public static byte[] AddSelf()
    {
        var tensorType = Message(Varint(1, 1), Bytes(2, Message(Bytes(1, Message(String(2, "N")))))); // FLOAT, shape [N]
        var type = Message(Bytes(1, tensorType));
        var input = Message(String(1, "x"), Bytes(2, type));
        var output = Message(String(1, "y"), Bytes(2, type));
        var node = Message(String(1, "x"), String(1, "x"), String(2, "y"), String(3, "add"), String(4, "Add"));
        var graph = Message(Bytes(1, node), String(2, "tiny"), Bytes(11, input), Bytes(12, output));
        var opset = Message(String(1, ""), Varint(2, 14));
        return Message(Varint(1, 8), String(2, "semanticrouter-tests"), Bytes(7, graph), Bytes(8, opset));
    }

    private static byte[] Message(params byte[][] fields) => fields.SelectMany(f => f).ToArray();

    private static byte[] Varint(int field, ulong value) => [.. Key(field, 0), .. Encode(value)];

    private static byte[] String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Bytes(int field, byte[] value) => [.. Key(field, 2), .. Encode((ulong)value.Length), .. value];

    private static byte[] Key(int field, int wireType) => Encode((ulong)(field << 3 | wireType));

    private static byte[] Encode(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
        return [.. bytes];
    }
}
