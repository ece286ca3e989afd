using System.Runtime.InteropServices;

namespace SemanticRouter.DuckDb;

/// <summary>A query result copied out of DuckDB: column names and values as strings (null for SQL NULL).</summary>
public sealed class DuckDbTable
{
    private readonly string?[][] _rows;

    private DuckDbTable(string[] columns, string?[][] rows)
    {
        Columns = columns;
        _rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }
    public int RowCount => _rows.Length;
    public string? this[int row, int column] => _rows[row][column];
    public string? this[int row, string column] => _rows[row][ColumnIndex(column)];

    public int ColumnIndex(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i] == name) return i;
        throw new KeyNotFoundException($"no column '{name}' in the result");
    }

    internal static DuckDbTable Read(IntPtr result)
    {
        var columnCount = (int)NativeMethods.ColumnCount(result);
        var rowCount = (int)NativeMethods.RowCount(result);
        var columns = new string[columnCount];
        for (var c = 0; c < columnCount; c++)
            columns[c] = Marshal.PtrToStringUTF8(NativeMethods.ColumnName(result, (ulong)c)) ?? "";
        var rows = new string?[rowCount][];
        for (var r = 0; r < rowCount; r++)
        {
            var row = rows[r] = new string?[columnCount];
            for (var c = 0; c < columnCount; c++)
            {
                if (NativeMethods.ValueIsNull(result, (ulong)c, (ulong)r)) continue;
                var text = NativeMethods.ValueVarchar(result, (ulong)c, (ulong)r);
                row[c] = Marshal.PtrToStringUTF8(text);
                NativeMethods.Free(text);
            }
        }
        return new DuckDbTable(columns, rows);
    }
}
