namespace SemanticRouter.Gateway;

/// <summary>The config file given to <c>serve --config</c> cannot be read; the message says why in the caller's words.</summary>
public sealed class ConfigFileException(string message) : Exception(message);
