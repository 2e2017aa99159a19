// Broken project files: each case changes one file of a small working project (or removes it)
// and names the message `cpm ingest` must stop with: exit 2, the file and line, and a hint.

export interface ConfigCase {
  name: string;
  what: string;
  /** Project files to write (relative to the project), or null to remove one. */
  files: Record<string, string | null>;
  message: RegExp;
}

/** The working project every case starts from. */
export const baseFiles: Record<string, string> = {
  'cpm.yaml': 'name: hostile-config\nwarehouse: { type: duckdb }\n',
  'config/sources.yaml': [
    'version: 1',
    'sources:',
    '  crm:',
    '    streams:',
    '      gifts:',
    '        path: gifts/*.csv',
    '        key: [id]',
    '        columns:',
    '          - { source: id, target: id }',
    '          - { source: name, target: name }',
    '          - { source: gift_date, target: gift_date, type: date, format: "%Y-%m-%d" }',
    '',
  ].join('\n'),
  'data/gifts/gifts.csv': 'id,name,gift_date\n1,Ann,2023-01-01\n',
};

const sources = baseFiles['config/sources.yaml']!;
const withSources = (from: string, to: string) => ({ 'config/sources.yaml': sources.replace(from, to) });
const at = (file: string) => `${file.replace('.', '\\.')}:\\d+:\\d+: `;
const src = at('config/sources.yaml');

export const configCases: ConfigCase[] = [
  { name: 'yaml_syntax_error', what: 'an unclosed flow sequence', files: withSources('key: [id]', 'key: [id'), message: new RegExp(`${src}YAML syntax: `) },
  { name: 'yaml_tab_indent', what: 'a tab used for indentation', files: withSources('        key: [id]', '\tkey: [id]'), message: /sources\.yaml:7:1: YAML syntax: Tabs are not allowed as indentation/ },
  { name: 'yaml_duplicate_key', what: 'a key given twice in one mapping', files: withSources('        key: [id]', '        key: [id]\n        key: [name]'), message: /sources\.yaml:8:9: YAML syntax: Map keys must be unique/ },
  { name: 'yaml_binary_garbage', what: 'bytes that are not YAML text', files: { 'config/sources.yaml': '\u0000\u0001\u00ff%YAML 9\n\u0007: [' }, message: new RegExp(`${src}YAML syntax: `) },
  { name: 'empty_sources_yaml', what: 'an empty sources.yaml', files: { 'config/sources.yaml': '' }, message: /sources\.yaml:1:1: version: missing: this key is required \(1\)[\s\S]*sources: missing: this key is required/ },
  { name: 'sources_yaml_missing', what: 'no config/sources.yaml at all', files: { 'config/sources.yaml': null }, message: /config\/sources\.yaml: cannot read \(ENOENT\)/ },
  { name: 'sources_yaml_is_a_list', what: 'a list where a mapping belongs', files: { 'config/sources.yaml': '- crm\n- web\n' }, message: /sources\.yaml:1:1: Invalid input: expected object, received array/ },
  { name: 'wrong_version', what: 'version 2 of a format that has only 1', files: withSources('version: 1', 'version: 2'), message: /sources\.yaml:1:10: version: Invalid input: expected 1/ },
  { name: 'wrong_type', what: 'a string where a list of columns belongs', files: withSources('key: [id]', 'key: id'), message: /sources\.yaml:7:14: sources\.crm\.streams\.gifts\.key: Invalid input: expected array, received string/ },
  { name: 'unknown_key', what: 'a misspelt key (colums)', files: withSources('        columns:', '        colums: []\n        columns:'), message: /sources\.yaml:\d+:\d+: sources\.crm\.streams\.gifts: Unrecognized key: "colums": not a setting here/ },
  { name: 'missing_required_key', what: 'a stream without its path', files: withSources('        path: gifts/*.csv\n', ''), message: /sources\.yaml:6:\d+: sources\.crm\.streams\.gifts\.path: missing: this key is required \(string\)/ },
  { name: 'invalid_source_name', what: 'a source name that cannot be a table name', files: withSources('  crm:', '  Bad-Name:'), message: /sources\.yaml:4:5: sources\.Bad-Name: the name "Bad-Name" is not allowed: use lower_snake_case/ },
  { name: 'unknown_encoding', what: 'an encoding the reader does not know', files: withSources('        key: [id]', '        csv: { encoding: ebcdic }\n        key: [id]'), message: /sources\.yaml:7:\d+: sources\.crm\.streams\.gifts\.csv\.encoding: Invalid option: expected one of "utf-8"\|"utf-16"\|"latin-1"/ },
  {
    name: 'undefined_env_var',
    what: 'a ${ENV_VAR} that is not set',
    files: { 'cpm.yaml': 'name: hostile-config\nwarehouse: { type: postgres, url: "${CPM_HOSTILE_UNSET_URL}" }\n' },
    message: /cpm\.yaml:2:\d+: environment variable CPM_HOSTILE_UNSET_URL is not set[\s\S]*hint: export the variable/,
  },
  { name: 'env_var_in_path', what: 'a ${ENV_VAR} in a path, not set', files: withSources('path: gifts/*.csv', 'path: ${CPM_HOSTILE_UNSET_DIR}/*.csv'), message: /sources\.yaml:6:\d+: environment variable CPM_HOSTILE_UNSET_DIR is not set/ },
  { name: 'unknown_warehouse', what: 'an engine cpm does not have', files: { 'cpm.yaml': 'name: hostile-config\nwarehouse: { type: oracle }\n' }, message: /cpm\.yaml:2:\d+: warehouse\.type: Invalid discriminator value\. Expected 'duckdb' \| 'postgres'/ },
  { name: 'warehouse_wrong_type', what: 'threads: two', files: { 'cpm.yaml': 'name: hostile-config\nwarehouse: { type: duckdb, threads: two }\n' }, message: /cpm\.yaml:2:\d+: warehouse\.threads: Invalid input: expected number, received string/ },
  { name: 'date_format_not_a_format', what: 'yyyy-mm-dd instead of %Y-%m-%d', files: withSources('"%Y-%m-%d"', '"yyyy-mm-dd"'), message: /sources\.yaml:11:\d+: date format "yyyy-mm-dd" has no %-directive: write it in strftime form/ },
  { name: 'date_format_unknown_directive', what: 'a directive no engine reads (%Q)', files: withSources('"%Y-%m-%d"', '"%Y-%Q"'), message: /sources\.yaml:11:\d+: date format "%Y-%Q": %Q is not supported/ },
  { name: 'date_without_format', what: 'a date column with no format', files: withSources(', format: "%Y-%m-%d"', ''), message: /sources\.yaml:11:\d+: sources\.crm\.streams\.gifts\.columns\.2\.format: a date column needs a format/ },
  { name: 'key_not_a_column', what: 'a key naming no mapped column', files: withSources('key: [id]', 'key: [donor_id]'), message: /sources\.yaml:7:\d+: key column "donor_id" is not a staging column of crm\.gifts; defined: id, name, gift_date/ },
  { name: 'target_mapped_twice', what: 'two columns mapped to one target', files: withSources('target: name }', 'target: id }'), message: /sources\.yaml:10:\d+: target "id" is mapped twice/ },
  {
    name: 'path_to_missing_folder',
    what: 'a path whose folder does not exist (a typo)',
    files: withSources('path: gifts/*.csv', 'path: gfits/*.csv'),
    message: /sources\.crm\.streams\.gifts\.path: "gfits\/\*\.csv" matches no file, and the folder data\/gfits does not exist[\s\S]*hint: fix the path/,
  },
  {
    name: 'column_missing_from_export',
    what: 'a mapped column the export does not have',
    files: withSources('source: name,', 'source: full_name,'),
    message: /crm\.gifts: column "full_name" \(mapped to name\) is not in gifts\/gifts\.csv; the file has: id, name, gift_date/,
  },
];
