using System.Runtime.InteropServices;

namespace SemanticRouter.DuckDb;

/// <summary>
/// The subset of DuckDB's C API this project uses (duckdb.h, DuckDB 1.5). Calls on a connection take its
/// <see cref="ConnectionHandle"/>, not the raw pointer: the marshaller holds a reference for the call, so a
/// connection disposed on another thread is closed only after the call, and a call after that throws
/// <see cref="ObjectDisposedException"/> instead of handing DuckDB a null connection.
/// </summary>
internal static partial class NativeMethods
{
    private const string Lib = "duckdb";

    // duckdb_state: 0 = DuckDBSuccess, 1 = DuckDBError.
    [LibraryImport(Lib, EntryPoint = "duckdb_library_version")]
    internal static partial IntPtr LibraryVersion();

    [LibraryImport(Lib, EntryPoint = "duckdb_open", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string? path, out IntPtr database);

    [LibraryImport(Lib, EntryPoint = "duckdb_close")]
    internal static partial void Close(ref IntPtr database);

    [LibraryImport(Lib, EntryPoint = "duckdb_connect")]
    internal static partial int Connect(IntPtr database, out IntPtr connection);

    [LibraryImport(Lib, EntryPoint = "duckdb_disconnect")]
    internal static partial void Disconnect(ref IntPtr connection);

    [LibraryImport(Lib, EntryPoint = "duckdb_query", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Query(ConnectionHandle connection, string sql, IntPtr result);

    [LibraryImport(Lib, EntryPoint = "duckdb_destroy_result")]
    internal static partial void DestroyResult(IntPtr result);

    [LibraryImport(Lib, EntryPoint = "duckdb_result_error")]
    internal static partial IntPtr ResultError(IntPtr result);

    [LibraryImport(Lib, EntryPoint = "duckdb_column_count")]
    internal static partial ulong ColumnCount(IntPtr result);

    [LibraryImport(Lib, EntryPoint = "duckdb_row_count")]
    internal static partial ulong RowCount(IntPtr result);

    [LibraryImport(Lib, EntryPoint = "duckdb_rows_changed")]
    internal static partial ulong RowsChanged(IntPtr result);

    [LibraryImport(Lib, EntryPoint = "duckdb_column_name")]
    internal static partial IntPtr ColumnName(IntPtr result, ulong column);

    [LibraryImport(Lib, EntryPoint = "duckdb_value_is_null")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ValueIsNull(IntPtr result, ulong column, ulong row);

    [LibraryImport(Lib, EntryPoint = "duckdb_value_varchar")]
    internal static partial IntPtr ValueVarchar(IntPtr result, ulong column, ulong row);

    [LibraryImport(Lib, EntryPoint = "duckdb_value_int64")]
    internal static partial long ValueInt64(IntPtr result, ulong column, ulong row);

    [LibraryImport(Lib, EntryPoint = "duckdb_value_double")]
    internal static partial double ValueDouble(IntPtr result, ulong column, ulong row);

    [LibraryImport(Lib, EntryPoint = "duckdb_free")]
    internal static partial void Free(IntPtr pointer);

    [LibraryImport(Lib, EntryPoint = "duckdb_prepare", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Prepare(ConnectionHandle connection, string sql, out IntPtr statement);

    [LibraryImport(Lib, EntryPoint = "duckdb_prepare_error")]
    internal static partial IntPtr PrepareError(IntPtr statement);

    [LibraryImport(Lib, EntryPoint = "duckdb_destroy_prepare")]
    internal static partial void DestroyPrepare(ref IntPtr statement);

    [LibraryImport(Lib, EntryPoint = "duckdb_bind_varchar", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int BindVarchar(IntPtr statement, ulong index, string value);

    [LibraryImport(Lib, EntryPoint = "duckdb_bind_null")]
    internal static partial int BindNull(IntPtr statement, ulong index);

    [LibraryImport(Lib, EntryPoint = "duckdb_execute_prepared")]
    internal static partial int ExecutePrepared(IntPtr statement, IntPtr result);

    /// <summary>sizeof(duckdb_result): six pointer-sized fields.</summary>
    internal const int ResultSize = 6 * 8;
}
