using Parquet;
using Parquet.Schema;

namespace SemanticRouter.Recording;

/// <summary>
/// One column of the flywheel: its name, the type a reader sees (DuckDB's name for it, as in datasets/README.md),
/// and how its values are taken from rows and written as a Parquet column. Every column is optional (nullable), as
/// DuckDB writes them.
/// </summary>
public abstract class FlywheelColumn
{
    private FlywheelColumn(string name, string type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    /// <summary><c>VARCHAR</c>, <c>TIMESTAMPTZ</c>, <c>DOUBLE</c> or <c>INTEGER</c>.</summary>
    public string Type { get; }

    internal abstract DataField Field { get; }

    internal abstract Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<FlywheelRow> rows);

    internal static FlywheelColumn Text(string name, Func<FlywheelRow, string?> value) => new TextColumn(name, value);

    internal static FlywheelColumn Double(string name, Func<FlywheelRow, double?> value) =>
        new ValueColumn<double>(name, "DOUBLE", new DataField<double?>(name), value);

    internal static FlywheelColumn Integer(string name, Func<FlywheelRow, int?> value) =>
        new ValueColumn<int>(name, "INTEGER", new DataField<int?>(name), value);

    /// <summary>UTC microseconds since the epoch (Parquet's TIMESTAMP, adjusted to UTC), read back as TIMESTAMPTZ.</summary>
    internal static FlywheelColumn Timestamp(string name, Func<FlywheelRow, DateTimeOffset> value) =>
        new ValueColumn<DateTime>(name, "TIMESTAMPTZ",
            new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, DateTimeTimeUnit.Micros, isNullable: true),
            r => value(r).UtcDateTime);

    private sealed class TextColumn(string name, Func<FlywheelRow, string?> value) : FlywheelColumn(name, "VARCHAR")
    {
        internal override DataField Field { get; } = new DataField<string>(name, nullable: true);

        internal override Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<FlywheelRow> rows) =>
            group.WriteAsync(Field, rows.Select(value).ToArray());
    }

    private sealed class ValueColumn<T>(string name, string type, DataField parquetField, Func<FlywheelRow, T?> value)
        : FlywheelColumn(name, type) where T : struct
    {
        internal override DataField Field => parquetField;

        internal override Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<FlywheelRow> rows)
        {
            var values = new T?[rows.Count];
            for (var i = 0; i < values.Length; i++) values[i] = value(rows[i]);
            return group.WriteAsync<T>(Field, values);
        }
    }
}
