namespace SemanticRouter.Gateway;

/// <summary>The data directory cannot be created or written: the gateway cannot start, and says so in one line.</summary>
public sealed class DataDirException(string message) : Exception(message);
