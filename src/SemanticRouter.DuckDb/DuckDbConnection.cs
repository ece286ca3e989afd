using System.Runtime.InteropServices;

namespace SemanticRouter.DuckDb;

/// <summary>
/// One DuckDB database with one connection. Not thread-safe: DuckDB connections are not meant to be shared
/// between threads, so callers own one each (or serialise access).
/// </summary>
public sealed class DuckDbConnection : IDisposable
{
    private readonly DatabaseHandle _database;
    private readonly ConnectionHandle _connection;

    private DuckDbConnection(DatabaseHandle database, ConnectionHandle connection)
    {
        _database = database;
        _connection = connection;
    }

    /// <summary>The version string of the loaded libduckdb.</summary>
    public static string LibraryVersion => Marshal.PtrToStringUTF8(NativeMethods.LibraryVersion()) ?? "";

    /// <summary>Opens a database file, or an in-memory database when <paramref name="path"/> is null.</summary>
    public static DuckDbConnection Open(string? path = null)
    {
        var database = DatabaseHandle.Open(path);
        try
        {
            return new DuckDbConnection(database, ConnectionHandle.Connect(database));
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Runs a statement and returns the number of rows it changed.</summary>
    public long Execute(string sql, params string?[] parameters)
    {
        using var result = Run(sql, parameters);
        return (long)NativeMethods.RowsChanged(result.DangerousGetHandle());
    }

    /// <summary>Runs a query and returns its whole result, materialised.</summary>
    public DuckDbTable Query(string sql, params string?[] parameters)
    {
        using var result = Run(sql, parameters);
        return DuckDbTable.Read(result.DangerousGetHandle());
    }

    private ResultHandle Run(string sql, string?[] parameters)
    {
        var result = new ResultHandle();
        var state = parameters.Length == 0
            ? NativeMethods.Query(_connection, sql, result.DangerousGetHandle())
            : RunPrepared(sql, parameters, result);
        if (state != 0)
        {
            var message = Marshal.PtrToStringUTF8(NativeMethods.ResultError(result.DangerousGetHandle()));
            result.Dispose();
            throw new DuckDbException(message ?? "DuckDB query failed");
        }
        return result;
    }

    private int RunPrepared(string sql, string?[] parameters, ResultHandle result)
    {
        if (NativeMethods.Prepare(_connection, sql, out var statement) != 0)
        {
            var message = Marshal.PtrToStringUTF8(NativeMethods.PrepareError(statement));
            NativeMethods.DestroyPrepare(ref statement);
            throw new DuckDbException(message ?? "DuckDB could not prepare the statement");
        }
        try
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                // DuckDB parameter indexes start at 1.
                var bound = parameters[i] is { } value
                    ? NativeMethods.BindVarchar(statement, (ulong)i + 1, value)
                    : NativeMethods.BindNull(statement, (ulong)i + 1);
                if (bound != 0) throw new DuckDbException($"could not bind parameter {i + 1}");
            }
            return NativeMethods.ExecutePrepared(statement, result.DangerousGetHandle());
        }
        finally
        {
            NativeMethods.DestroyPrepare(ref statement);
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }
}
