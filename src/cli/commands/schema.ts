/** `teleforge schema [kind]`: the JSON Schema of a scenario kind, or every kind's written into a directory. */
import { join } from 'node:path';
import type { Argv } from 'yargs';

export function schemaCommand(yargs: Argv): Argv {
  return yargs.command(
    'schema [kind]',
    'Print the JSON Schema of a scenario kind (generated from the schemas that validate scenario files)',
    (y) =>
      y
        .positional('kind', { type: 'string', describe: 'Scenario kind (default: k8s)', default: 'k8s' })
        .option('write', { type: 'string', describe: 'Write every kind\'s schema as <kind>.schema.json into this directory instead' })
        .example('$0 schema social-network', 'print the social-network schema')
        .example('$0 schema --write schemas', 'regenerate the shipped schemas'),
    async (argv) => {
      const { scenarioJsonSchema, allScenarioJsonSchemas } = await import('../../schema/json-schema.js');
      if (argv.write === undefined) {
        process.stdout.write(`${JSON.stringify(scenarioJsonSchema(argv.kind), null, 2)}\n`);
        return;
      }
      const { writeFileAtomic } = await import('../../sink/files.js');
      for (const [name, schema] of allScenarioJsonSchemas()) {
        await writeFileAtomic(argv.write, name, `${JSON.stringify(schema, null, 2)}\n`);
        process.stdout.write(`${join(argv.write, name)}\n`);
      }
    },
  );
}
