using System.Buffers;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using SemanticRouter.Routing.Tokenization;

namespace SemanticRouter.Routing.Encoders;

/// <summary>
/// Turns text into one vector with a BERT-family ONNX model on ONNX Runtime: tokenize, run, pool. One
/// <see cref="InferenceSession"/> per encoder, created (and warmed up) at load; <see cref="Embed"/> is safe to
/// call from many threads at once and rents its input buffers instead of allocating them.
/// </summary>
public sealed class OnnxEncoder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly EncoderConfig _config;
    private readonly bool _hasTokenTypes;
    private readonly RunOptions _runOptions = new();
    private readonly EncoderSignals? _signals;
    private readonly int _hidden;
    private readonly string[] _outputNames;
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] InputNamesWithoutTypes = ["input_ids", "attention_mask"];

    private OnnxEncoder(string folder, EncoderConfig config, int threads)
    {
        _config = config;
        _outputNames = [config.OutputName];
        _tokenizer = BertTokenizer.FromVocabFile(Path.Combine(folder, config.Vocab), config.LowerCase, config.StripAccents);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        var modelPath = Path.Combine(folder, config.Model);
        _session = new InferenceSession(modelPath, options);
        _hasTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        if (!_session.OutputMetadata.TryGetValue(config.OutputName, out var output))
            throw new InvalidDataException($"{modelPath} has no output '{config.OutputName}' (it has: {string.Join(", ", _session.OutputMetadata.Keys)}).");
        _hidden = output.Dimensions[^1];
        var viewPath = config.TextView is { } view ? Path.Combine(folder, view) : null;
        _signals = config.Signals is { } signals ? EncoderSignals.Load(Path.Combine(folder, signals), viewPath) : null;
        Dimension = _hidden + (_signals?.Count ?? 0);
        Version = (config.Version ?? "encoder-" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(modelPath)))[..8])
                  + SignalsSuffix(folder, config);
        Folder = Path.GetFullPath(folder);
        Span<float> warmup = stackalloc float[Dimension];
        Embed("warm up the session: 你好, world", warmup);
    }

    /// <summary>The version names what an embedding depends on: the model, and the signal heads (and their text view) appended to it.</summary>
    private string SignalsSuffix(string folder, EncoderConfig config)
    {
        if (config.Signals is not { } file) return "";
        var suffix = "-s" + Convert.ToHexStringLower(SHA256.HashData(
            [.. File.ReadAllBytes(Path.Combine(folder, file)), .. System.Text.Encoding.UTF8.GetBytes(EncoderSignals.Format)]))[..6];
        return _signals?.View is { } view ? suffix + "-t" + view.Fingerprint : suffix;
    }

    /// <summary>The length of an embedding: the pooled hidden state, then the signal heads' outputs, if any.</summary>
    public int Dimension { get; }
    public string Version { get; }
    public string Folder { get; }
    public int MaxLength => _config.MaxLength;
    public BertTokenizer Tokenizer => _tokenizer;

    /// <summary>Loads an encoder folder; <paramref name="normalize"/> overrides the config's choice (tests compare raw pooled vectors).</summary>
    public static OnnxEncoder Load(string folder, int threads = 1, bool? normalize = null)
    {
        var config = EncoderConfig.Load(folder);
        return new OnnxEncoder(folder, normalize is { } n ? config with { Normalize = n } : config, threads);
    }

    /// <summary>Writes the pooled embedding of <paramref name="text"/> into <paramref name="embedding"/> (length <see cref="Dimension"/>).</summary>
    public void Embed(string text, Span<float> embedding)
    {
        var max = _config.MaxLength;
        var buffer = ArrayPool<long>.Shared.Rent(3 * max);
        try
        {
            var ids = buffer.AsMemory(0, max);
            var mask = buffer.AsMemory(max, max);
            var types = buffer.AsMemory(2 * max, max);
            var count = _tokenizer.Encode(text, ids.Span, mask.Span, types.Span, max);
            long[] shape = [1, count];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids[..count], shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask[..count], shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types[..count], shape);
            IReadOnlyCollection<OrtValue> inputs = _hasTokenTypes ? [idsValue, maskValue, typesValue] : [idsValue, maskValue];
            using var outputs = _session.Run(_runOptions, _hasTokenTypes ? InputNames : InputNamesWithoutTypes, inputs, _outputNames);
            Pool(outputs[0].GetTensorDataAsSpan<float>(), count, text, embedding);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(buffer);
        }
    }

    private void Pool(ReadOnlySpan<float> hidden, int tokens, string text, Span<float> output)
    {
        var dim = _hidden;
        var embedding = output[..dim];
        switch (_config.Pooling)
        {
            case "none":
            case "cls":
                hidden[..dim].CopyTo(embedding);
                break;
            default:
                // Every token of a batch of one is real (no padding), so the mask mean is the plain mean.
                embedding.Clear();
                for (var t = 0; t < tokens; t++)
                    System.Numerics.Tensors.TensorPrimitives.Add(embedding, hidden.Slice(t * dim, dim), embedding);
                System.Numerics.Tensors.TensorPrimitives.Multiply(embedding, 1f / tokens, embedding);
                break;
        }
        // Signals read the raw pooled vector, as in training; only then is the pooled part scaled to unit length.
        _signals?.Write(embedding, text, output[dim..]);
        if (_config.Normalize)
        {
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(embedding);
            if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Multiply(embedding, 1f / norm, embedding);
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
