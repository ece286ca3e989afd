namespace SemanticRouter.OnnxRuntime;

/// <summary>What the loaded native ONNX Runtime says about itself.</summary>
public static class OnnxRuntimeInfo
{
    public static string Version => Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString();
}
