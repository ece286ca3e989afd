using Microsoft.ML.OnnxRuntime;
using SemanticRouter.OnnxRuntime;
using Xunit.Abstractions;

namespace SemanticRouter.Native.Tests;

public sealed class OnnxRuntimeTests(ITestOutputHelper output)
{
    [Fact]
    public void Native_library_loads_and_reports_its_version()
    {
        var version = OnnxRuntimeInfo.Version;
        output.WriteLine($"ONNX Runtime {version}");
        Assert.Equal("1.29.0", version);
    }

    [Fact]
    public void Runs_a_tiny_graph()
    {
        using var session = new InferenceSession(TinyOnnxModel.AddSelf());
        float[] x = [1.5f, -2f, 3.25f];
        using var input = OrtValue.CreateTensorValueFromMemory(x, [x.Length]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["x"], [input], ["y"]);

        Assert.Equal([3f, -4f, 6.5f], results[0].GetTensorDataAsSpan<float>().ToArray());
    }
}
