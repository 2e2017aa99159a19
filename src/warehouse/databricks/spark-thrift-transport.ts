// An Apache Spark Thrift server (HiveServer2 protocol, binary transport) through hive-driver.
// The official @databricks/sql driver cannot talk to open-source Spark: it forces TLS and Bearer
// auth and speaks Databricks-only protocol fields (an i64 protocol version, a result-format field,
// 1-based column positions), so this path uses the plain HiveServer2 client instead.
// Statements run synchronously (runAsync: false): the call returns when Spark is done, without
// polling, and a failure comes back in the response status.
import hive from 'hive-driver';
import type { Row } from '../warehouse.js';
import { engineMessage, SparkSqlError } from './spark-sql-error.js';
import { type SparkKind, toRowValue } from './spark-values.js';
import type { SparkTransport, StagedFile } from './transport.js';

const { TCLIService, TCLIService_types: T } = hive.thrift;

interface ThriftColumn {
  columnName: string;
  position: number;
  typeDesc: { types: Array<{ primitiveEntry?: { type: number } }> };
}
interface ThriftColumnValues {
  values: unknown[];
  nulls?: Buffer;
}
type ThriftRowSet = { columns?: Array<Record<string, ThriftColumnValues | null | undefined>> };
interface Operation {
  setMaxRows(n: number): void;
  getSchema(): { columns: ThriftColumn[] } | null;
  getData(): ThriftRowSet[];
  hasMoreRows(): boolean;
  status(progress: boolean): Promise<unknown>;
  fetch(): Promise<unknown>;
  close(): Promise<unknown>;
}
interface Session {
  executeStatement(sql: string, options: { runAsync: boolean }): Promise<Operation>;
  close(): Promise<unknown>;
}

const kinds: Record<number, SparkKind> = {
  [T.TTypeId.BOOLEAN_TYPE]: 'boolean',
  [T.TTypeId.TINYINT_TYPE]: 'integer',
  [T.TTypeId.SMALLINT_TYPE]: 'integer',
  [T.TTypeId.INT_TYPE]: 'integer',
  [T.TTypeId.BIGINT_TYPE]: 'bigint',
  [T.TTypeId.FLOAT_TYPE]: 'double',
  [T.TTypeId.DOUBLE_TYPE]: 'double',
  [T.TTypeId.DECIMAL_TYPE]: 'decimal',
  [T.TTypeId.STRING_TYPE]: 'text',
  [T.TTypeId.VARCHAR_TYPE]: 'text',
  [T.TTypeId.CHAR_TYPE]: 'text',
  [T.TTypeId.DATE_TYPE]: 'date',
  [T.TTypeId.TIMESTAMP_TYPE]: 'timestamp',
  [T.TTypeId.TIMESTAMPLOCALTZ_TYPE]: 'timestamp',
};

/** i64 values arrive as node-int64 objects; their 8 bytes read as a signed BigInt keep every digit. */
function int64(v: unknown): bigint {
  const octets = (v as { toOctetString?: () => string }).toOctetString?.();
  return octets ? BigInt.asIntN(64, BigInt(`0x${octets}`)) : BigInt(String(v));
}

function decodeRows(schema: { columns: ThriftColumn[] }, rowSets: ThriftRowSet[]): Row[] {
  const columns = [...schema.columns].sort((a, b) => a.position - b.position);
  const rows: Row[] = [];
  for (const set of rowSets) {
    const data = set.columns ?? [];
    const values = columns.map((c, i) => {
      const column = data[i] ?? {};
      const present = Object.values(column).find((v): v is ThriftColumnValues => !!v && Array.isArray(v.values));
      const kind = kinds[c.typeDesc.types[0]?.primitiveEntry?.type ?? -1] ?? 'other';
      const nulls = present?.nulls;
      return (present?.values ?? []).map((v, r) =>
        nulls && nulls.length > r >> 3 && (nulls[r >> 3]! & (1 << (r & 7))) !== 0 ? null : toRowValue(kind, kind === 'bigint' ? int64(v) : v),
      );
    });
    const count = Math.max(0, ...values.map((v) => v.length));
    for (let r = 0; r < count; r++) {
      const row: Row = {};
      columns.forEach((c, i) => (row[c.columnName.split('.').pop()!] = values[i]![r] ?? null));
      rows.push(row);
    }
  }
  return rows;
}

export class SparkThriftTransport implements SparkTransport {
  private staged = 0;

  private constructor(
    private readonly client: InstanceType<typeof hive.HiveClient>,
    private readonly session: Session,
    readonly location: string,
  ) {}

  static async open(host: string, port: number, user = 'cpm'): Promise<SparkThriftTransport> {
    const client = new hive.HiveClient(TCLIService, T);
    // A dropped connection surfaces as the failing statement's error; nothing to do on the event.
    client.on('error', () => {});
    await client.connect({ host, port }, new hive.connections.TcpConnection(), new hive.auth.PlainTcpAuthentication({ username: user, password: 'cpm' }));
    const session = (await client.openSession({ client_protocol: T.TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10 })) as Session;
    return new SparkThriftTransport(client, session, `spark-thrift://${host}:${port}`);
  }

  async run(sql: string): Promise<Row[]> {
    let op: Operation | undefined;
    try {
      op = await this.session.executeStatement(sql, { runAsync: false });
      await op.status(false); // marks the (already finished) operation finished for fetch()
      op.setMaxRows(10_000);
      do await op.fetch();
      while (op.hasMoreRows());
      const schema = op.getSchema();
      return schema?.columns.length ? decodeRows(schema, op.getData()) : [];
    } catch (error) {
      const { message, sqlState } = engineMessage(error);
      throw new SparkSqlError(message, sql, sqlState);
    } finally {
      await op?.close().catch(() => {});
    }
  }

  /** A session temporary view over the file: the server reads it from its own disk, so this
   * transport lands only where Spark runs on this machine (local mode, as in the tests). */
  async stageCsv(path: string, columnCount: number): Promise<StagedFile> {
    const view = `cpm_landing_${++this.staged}`;
    const columns = Array.from({ length: columnCount }, (_, i) => `c${i} STRING`).join(', ');
    const literal = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
    // https://spark.apache.org/docs/latest/sql-data-sources-csv.html: FAILFAST rather than nulls
    // for a malformed line; nullValue is a marker no field holds, so an unquoted empty field
    // (DuckDB's NULL) is NULL and a quoted one ("") stays an empty string.
    await this.run(
      `CREATE OR REPLACE TEMPORARY VIEW ${view} (${columns}) USING csv OPTIONS (path ${literal(path)}, header 'false', multiLine 'true', ` +
        `quote '"', escape '"', encoding 'UTF-8', mode 'FAILFAST', nullValue '\\u0000cpm-null\\u0000', emptyValue '')`,
    );
    return { relation: view, release: async () => void (await this.run(`DROP VIEW IF EXISTS ${view}`)) };
  }

  async close(): Promise<void> {
    await this.session.close().catch(() => {});
    this.client.close();
  }
}
