using System.Runtime.InteropServices;

namespace SemanticRouter.DuckDb;

internal sealed class DatabaseHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    public static DatabaseHandle Open(string? path)
    {
        var db = new DatabaseHandle();
        if (NativeMethods.Open(path, out var raw) != 0)
            throw new DuckDbException($"could not open DuckDB database '{path ?? ":memory:"}'");
        db.SetHandle(raw);
        return db;
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.Close(ref handle);
        return true;
    }
}

internal sealed class ConnectionHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    public static ConnectionHandle Connect(DatabaseHandle database)
    {
        var connection = new ConnectionHandle();
        if (NativeMethods.Connect(database.DangerousGetHandle(), out var raw) != 0)
            throw new DuckDbException("could not connect to DuckDB database");
        connection.SetHandle(raw);
        return connection;
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.Disconnect(ref handle);
        return true;
    }
}

/// <summary>A duckdb_result struct in native memory: DuckDB fills it, we destroy and free it.</summary>
internal sealed class ResultHandle : SafeHandle
{
    public ResultHandle() : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(Marshal.AllocHGlobal(NativeMethods.ResultSize));
        unsafe { new Span<byte>((void*)handle, NativeMethods.ResultSize).Clear(); }
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.DestroyResult(handle);
        Marshal.FreeHGlobal(handle);
        return true;
    }
}
