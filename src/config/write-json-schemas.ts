// `npm run schemas`: writes schemas/<name>.schema.json from the zod schemas.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../project/init.js';
import { configSchemas, jsonSchema } from './json-schemas.js';

const dir = join(packageRoot, 'schemas');
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(configSchemas)) {
  writeFileSync(join(dir, `${name}.schema.json`), jsonSchema(name, schema));
  process.stderr.write(`wrote schemas/${name}.schema.json\n`);
}
