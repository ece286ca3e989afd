// Prints, as JSON, the schema and row counts of every Parquet file under a flywheel directory, read with DuckDB
// from Node: a reader that shares no code with the gateway. Usage: node read.mjs <data-dir>
import { DuckDBInstance } from "@duckdb/node-api";
import { join } from "node:path";

const glob = join(process.argv[2], "flywheel", "**", "*.parquet").replaceAll("'", "''");
const connection = await (await DuckDBInstance.create(":memory:")).connect();
const rows = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson();
const source = `read_parquet('${glob}', hive_partitioning = false)`;
const schema = await rows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${source})`);
const counts = await rows(`SELECT mode, count(*) AS n, count(score) AS scored FROM ${source} GROUP BY mode ORDER BY mode`);
const files = await rows(`SELECT count(DISTINCT filename) AS files FROM read_parquet('${glob}', filename = true)`);
console.log(JSON.stringify({ schema, counts, files: Number(files[0].files) }));
