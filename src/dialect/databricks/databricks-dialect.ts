// Databricks SQL / Apache Spark SQL. Docs: https://spark.apache.org/docs/latest/sql-ref-functions-builtin.html
// So far the SQL the metrics engine renders (`cpm metrics sql --dialect databricks`); the
// warehouse adapter and the pipeline's other statements arrive with it (issue 5), and until then
// every other hook throws an error naming this dialect.
import { BaseDialect } from '../base-dialect.js';
import type { DateUnit, LogicalType } from '../dialect.js';

export class DatabricksDialect extends BaseDialect {
  readonly name = 'databricks';

  override quoteIdent(name: string): string {
    return `\`${name.replaceAll('`', '``')}\``;
  }

  // Backslash starts an escape sequence in Spark string literals.
  override stringLiteral(value: string): string {
    return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  }

  override type(t: LogicalType): string {
    const types: Partial<Record<LogicalType, string>> = { text: 'STRING', integer: 'INT', double: 'DOUBLE' };
    return types[t] ?? super.type(t);
  }

  override dateAdd(expr: string, amount: number | string, unit: DateUnit): string {
    switch (unit) {
      case 'day':
        return `DATE_ADD(${expr}, ${amount})`;
      case 'week':
        return `DATE_ADD(${expr}, 7 * (${amount}))`;
      case 'month':
        return `ADD_MONTHS(${expr}, ${amount})`;
      case 'quarter':
        return `ADD_MONTHS(${expr}, 3 * (${amount}))`;
      case 'year':
        return `ADD_MONTHS(${expr}, 12 * (${amount}))`;
    }
  }

  // Unit boundaries crossed, like DuckDB's date_diff and Snowflake's DATEDIFF; Spark's
  // TIMESTAMPDIFF counts whole units elapsed instead, so it is spelled out.
  override dateDiff(unit: DateUnit, start: string, end: string): string {
    switch (unit) {
      case 'day':
        return `DATEDIFF(${end}, ${start})`;
      case 'week':
        return `(DATEDIFF(DATE_TRUNC('week', ${end}), DATE_TRUNC('week', ${start})) DIV 7)`;
      case 'month':
        return `((YEAR(${end}) - YEAR(${start})) * 12 + MONTH(${end}) - MONTH(${start}))`;
      case 'quarter':
        return `((YEAR(${end}) - YEAR(${start})) * 4 + QUARTER(${end}) - QUARTER(${start}))`;
      case 'year':
        return `(YEAR(${end}) - YEAR(${start}))`;
    }
  }
}
