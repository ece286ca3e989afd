using System.Diagnostics;
using SemanticRouter.Routing.Encoders;

namespace SemanticRouter.Routing.Tests.Encoders;

/// <summary>
/// The encoder's training code end to end, in its smoke mode (a tiny model, a few steps): Python trains and exports
/// with torch.onnx.export, and the export runs in C# on ONNX Runtime with the same output as PyTorch.
/// </summary>
public sealed class EncoderTrainingSmokeTests
{
    [TorchFact]
    public async Task Smoke_training_exports_a_model_that_onnx_runtime_runs_like_pytorch()
    {
        var output = Directory.CreateTempSubdirectory("semrouter-encoder-smoke-").FullName;
        try
        {
            var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root() };
            foreach (var arg in new[] { "training/encoder/run.sh", "--smoke", output }) info.ArgumentList.Add(arg);
            using var run = Process.Start(info)!;
            var stdout = run.StandardOutput.ReadToEndAsync();
            var stderr = run.StandardError.ReadToEndAsync();
            await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
            Assert.True(run.ExitCode == 0, await stdout + await stderr);

            var model = Path.Combine(output, "model");
            using var encoder = OnnxEncoder.Load(model, normalize: false);
            var reference = EncoderReference.Load(Path.Combine(model, "reference.json"));
            for (var i = 0; i < reference.GetProperty("items").GetArrayLength(); i++) EncoderReference.AssertMatches(encoder, reference, i);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

/// <summary>A fact that needs Debian's python3-torch; without it, it is skipped and says why.</summary>
public sealed class TorchFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Available = new(() =>
    {
        try
        {
            using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", "-c \"import torch, onnx\"") { RedirectStandardError = true })!;
            python.WaitForExit(TimeSpan.FromMinutes(1));
            return python.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public TorchFactAttribute()
    {
        if (!Available.Value) Skip = "/usr/bin/python3 cannot import torch and onnx (apt-get install python3-torch python3-onnx; .ci/run installs them).";
    }
}
