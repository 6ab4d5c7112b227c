// Writes dist/definition.json: the definition built with the defaults, function ARNs left as
// ${CheckSizeFunctionArn}/${ProcessFileFunctionArn} definition substitutions.
import { writeFileSync } from 'node:fs';
import { buildDefinition } from '../dist/index.js';

writeFileSync(new URL('../dist/definition.json', import.meta.url), `${JSON.stringify(buildDefinition(), null, 2)}\n`);
