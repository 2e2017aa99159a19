import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configSchemas, jsonSchema } from '../../src/config/json-schemas.js';
import { packageRoot } from '../../src/project/init.js';

describe('JSON Schemas for editors', () => {
  for (const [name, schema] of Object.entries(configSchemas)) {
    it(`schemas/${name}.schema.json matches the zod schema (run \`npm run schemas\` after changing it)`, () => {
      const committed = readFileSync(join(packageRoot, 'schemas', `${name}.schema.json`), 'utf8');
      assert.equal(committed, jsonSchema(name, schema));
      assert.ok(JSON.parse(committed).properties, 'has properties an editor can complete');
    });
  }
});
