// The snowflake-sdk connection options from cpm.yaml's snowflake block, each setting left out
// there read from its SNOWFLAKE_* environment variable (project-schema.ts names them).
import type { ConnectionOptions } from 'snowflake-sdk';
import type { SnowflakeWarehouseConfig } from '../../config/project-schema.js';
import { CpmError, ExitCode } from '../../errors/cpm-error.js';

export interface SnowflakeSettings {
  options: ConnectionOptions;
  /** Where the data lives, without secrets. */
  location: string;
}

export function snowflakeSettings(config: SnowflakeWarehouseConfig, env: NodeJS.ProcessEnv): SnowflakeSettings {
  const pick = (value: string | number | undefined, name: string) => (value === undefined ? env[name] || undefined : String(value));
  const account = pick(config.account, 'SNOWFLAKE_ACCOUNT');
  const user = pick(config.user, 'SNOWFLAKE_USER');
  const password = pick(config.password, 'SNOWFLAKE_PASSWORD');
  const privateKeyPath = pick(config.private_key_path, 'SNOWFLAKE_PRIVATE_KEY_PATH');
  const database = pick(config.database, 'SNOWFLAKE_DATABASE') ?? 'CPM';
  const host = pick(config.host, 'SNOWFLAKE_HOST');
  const port = pick(config.port, 'SNOWFLAKE_PORT');
  const protocol = pick(config.protocol, 'SNOWFLAKE_PROTOCOL') ?? 'https';
  const missing = [!account && 'account (SNOWFLAKE_ACCOUNT)', !user && 'user (SNOWFLAKE_USER)', !password && !privateKeyPath && 'password (SNOWFLAKE_PASSWORD) or private_key_path (SNOWFLAKE_PRIVATE_KEY_PATH)'].filter(Boolean);
  if (missing.length) {
    throw new CpmError(`the snowflake warehouse needs ${missing.join(', ')}`, ExitCode.usage, 'set them in the warehouse block of cpm.yaml or as environment variables (docs/engines/snowflake.md)');
  }
  if (protocol !== 'https' && protocol !== 'http') throw new CpmError(`SNOWFLAKE_PROTOCOL must be https or http, not "${protocol}"`, ExitCode.usage);
  if (port !== undefined && !/^[0-9]+$/.test(port)) throw new CpmError(`SNOWFLAKE_PORT must be a port number, not "${port}"`, ExitCode.usage);
  // An emulator (or a private link) is reached at host:port instead of <account>.snowflakecomputing.com.
  const accessUrl = host ? `${protocol}://${host}${port ? `:${port}` : ''}` : undefined;
  const options: ConnectionOptions = {
    account: account!,
    username: user!,
    database,
    // Every Snowflake database has PUBLIC; session-private (temporary) tables are created there.
    schema: 'PUBLIC',
    ...(accessUrl ? { accessUrl } : {}),
    ...(privateKeyPath ? { authenticator: 'SNOWFLAKE_JWT', privateKeyPath } : { password: password! }),
    ...(pick(config.warehouse, 'SNOWFLAKE_WAREHOUSE') ? { warehouse: pick(config.warehouse, 'SNOWFLAKE_WAREHOUSE')! } : {}),
    ...(pick(config.role, 'SNOWFLAKE_ROLE') ? { role: pick(config.role, 'SNOWFLAKE_ROLE')! } : {}),
    // NULL stays null in fetchAsString columns (the driver's default is the text 'NULL').
    representNullAsStringNull: false,
  };
  return { options, location: `snowflake://${user}@${accessUrl ?? `${account}.snowflakecomputing.com`}/${database}` };
}
