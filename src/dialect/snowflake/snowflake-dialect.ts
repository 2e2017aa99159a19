// Snowflake. Docs: https://docs.snowflake.com/en/sql-reference/functions-date-time
// So far the SQL the metrics engine renders (`cpm metrics sql --dialect snowflake`); the
// warehouse adapter and the pipeline's other statements arrive with it (issue 5), and until then
// every other hook throws an error naming this dialect.
import { BaseDialect } from '../base-dialect.js';
import type { DateUnit, LogicalType } from '../dialect.js';

export class SnowflakeDialect extends BaseDialect {
  readonly name = 'snowflake';

  // Backslash starts an escape sequence in Snowflake string literals.
  override stringLiteral(value: string): string {
    return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  }

  override type(t: LogicalType): string {
    return t === 'double' ? 'DOUBLE' : t === 'timestamp' ? 'TIMESTAMP_NTZ' : super.type(t);
  }

  override dateAdd(expr: string, amount: number | string, unit: DateUnit): string {
    return `DATEADD(${unit}, ${amount}, ${expr})`;
  }

  // Snowflake's DATEDIFF counts unit boundaries crossed, the convention of every dialect here.
  override dateDiff(unit: DateUnit, start: string, end: string): string {
    return `DATEDIFF(${unit}, ${start}, ${end})`;
  }
}
