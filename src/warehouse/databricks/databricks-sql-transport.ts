// A Databricks SQL warehouse through the official @databricks/sql driver.
// NOT RUN in this project's tests: it needs a Databricks workspace (host, HTTP path, token), and
// the driver cannot talk to open-source Spark (it forces TLS and Bearer auth and sends
// Databricks-only protocol fields), so CI exercises the adapter over spark-thrift instead. What
// differs here is kept to the driver calls: connect, run a statement, and stage a landing file.
// Landing: the prepared CSV is PUT into a Unity Catalog volume through the driver's staging
// operations (https://docs.databricks.com/en/connect/unity-catalog/volumes.html#manage-files-in-volumes-with-the-databricks-sql-connector),
// read with read_files() by the shared INSERT ... SELECT, and REMOVEd afterwards. INSERT over
// read_files rather than COPY INTO: COPY INTO skips a file name it loaded before, which a retried
// batch would reuse.
import { randomBytes } from 'node:crypto';
import { basename, dirname } from 'node:path';
import databricks from '@databricks/sql';
import type { Row } from '../warehouse.js';
import { engineMessage, SparkSqlError } from './spark-sql-error.js';
import { type SparkKind, toRowValue } from './spark-values.js';
import type { SparkTransport, StagedFile } from './transport.js';

export interface DatabricksSqlSettings {
  host: string;
  port?: number;
  httpPath: string;
  token: string;
  catalog?: string;
  /** /Volumes/<catalog>/<schema>/<volume>[/dir] that landing files are PUT into. */
  volume?: string;
}

const { DBSQLClient } = databricks;
type Client = InstanceType<typeof DBSQLClient>;
type Session = Awaited<ReturnType<Client['openSession']>>;
const { TTypeId } = databricks.thrift.TCLIService_types;

// Types from the result schema's type names (TTypeId names without _TYPE).
const kinds: Record<string, SparkKind> = {
  BOOLEAN: 'boolean', TINYINT: 'integer', SMALLINT: 'integer', INT: 'integer', BIGINT: 'bigint', FLOAT: 'double', DOUBLE: 'double',
  DECIMAL: 'decimal', STRING: 'text', VARCHAR: 'text', CHAR: 'text', DATE: 'date', TIMESTAMP: 'timestamp',
};

function driverValue(kind: SparkKind, v: unknown, column: string): Row[string] {
  if (v instanceof Date) return kind === 'date' ? v.toISOString().slice(0, 10) : toRowValue('timestamp', v.toISOString().replace('T', ' ').replace('Z', ''));
  // The driver turns BIGINT into a JS number (node-int64 toNumber), which rounds above 2^53.
  if (kind === 'bigint' && typeof v === 'number' && !Number.isSafeInteger(v)) {
    throw new Error(`column ${column}: a BIGINT beyond 2^53 came back rounded by @databricks/sql; cast it to STRING in the query`);
  }
  return toRowValue(kind, v);
}

export class DatabricksSqlTransport implements SparkTransport {
  private constructor(
    private readonly client: Client,
    private readonly session: Session,
    private readonly volume: string | undefined,
    readonly location: string,
  ) {}

  static async open(s: DatabricksSqlSettings): Promise<DatabricksSqlTransport> {
    const client = new DBSQLClient();
    await client.connect({ host: s.host, port: s.port, path: s.httpPath, token: s.token });
    const session = await client.openSession(s.catalog ? { initialCatalog: s.catalog } : {});
    return new DatabricksSqlTransport(client, session, s.volume?.replace(/\/+$/, ''), `databricks://${s.host}${s.httpPath}`);
  }

  async run(sql: string): Promise<Row[]> {
    try {
      const op = await this.session.executeStatement(sql);
      try {
        const schema = await op.getSchema();
        const columns = (schema?.columns ?? []).map((c) => {
          const typeId = c.typeDesc.types[0]?.primitiveEntry?.type;
          const name = typeId === undefined ? '' : String(TTypeId[typeId]).replace(/_TYPE$/, ''); // numeric enum: reverse mapping
          return { name: c.columnName, kind: kinds[name] ?? ('other' as SparkKind) };
        });
        if (!columns.length) return [];
        const raw = (await op.fetchAll()) as Array<Record<string, unknown>>;
        return raw.map((r) => Object.fromEntries(columns.map((c) => [c.name, driverValue(c.kind, r[c.name], c.name)])));
      } finally {
        await op.close();
      }
    } catch (error) {
      const { message, sqlState } = engineMessage(error);
      throw new SparkSqlError(message, sql, sqlState);
    }
  }

  /** PUT / REMOVE of a volume file: the driver moves the bytes itself (it has read the result). */
  private async staging(sql: string, localDir: string): Promise<void> {
    try {
      const op = await this.session.executeStatement(sql, { stagingAllowedLocalPath: localDir });
      await op.close();
    } catch (error) {
      const { message, sqlState } = engineMessage(error);
      throw new SparkSqlError(message, sql, sqlState);
    }
  }

  async stageCsv(path: string, columnCount: number): Promise<StagedFile> {
    if (!this.volume) throw new Error('landing files on Databricks needs a Unity Catalog volume: set warehouse.volume in cpm.yaml or DATABRICKS_VOLUME');
    const remote = `${this.volume}/cpm-landing-${randomBytes(6).toString('hex')}-${basename(path)}`;
    const literal = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
    await this.staging(`PUT ${literal(path)} INTO ${literal(remote)} OVERWRITE`, dirname(path));
    const schema = Array.from({ length: columnCount }, (_, i) => `c${i} STRING`).join(', ');
    // https://docs.databricks.com/en/sql/language-manual/functions/read_files.html
    const relation =
      `read_files(${literal(remote)}, format => 'csv', header => false, schema => ${literal(schema)}, multiLine => true, ` +
      `quote => '"', escape => '"', encoding => 'UTF-8', mode => 'FAILFAST', nullValue => '\\u0000cpm-null\\u0000', emptyValue => '')`;
    return { relation, release: () => this.staging(`REMOVE ${literal(remote)}`, dirname(path)) };
  }

  async close(): Promise<void> {
    await this.session.close();
    await this.client.close();
  }
}
