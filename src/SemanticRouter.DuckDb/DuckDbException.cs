namespace SemanticRouter.DuckDb;

public sealed class DuckDbException(string message) : Exception(message);
