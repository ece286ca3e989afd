namespace SemanticRouter.Recording;

/// <summary>A query result: column names and values as text (null for SQL NULL).</summary>
public sealed class SqlTable(IReadOnlyList<string> columns, IReadOnlyList<string?[]> rows)
{
    public IReadOnlyList<string> Columns => columns;
    public int RowCount => rows.Count;
    public string? this[int row, int column] => rows[row][column];
    public string? this[int row, string column] => rows[row][ColumnIndex(column)];

    public int ColumnIndex(string name)
    {
        for (var i = 0; i < columns.Count; i++)
            if (columns[i] == name) return i;
        throw new KeyNotFoundException($"no column '{name}' in the result");
    }
}
