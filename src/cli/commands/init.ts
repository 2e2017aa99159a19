import type { Command } from 'commander';
import { initProject } from '../../project/init.js';
import { withCommonOptions } from '../common-options.js';
import { emit, type OutputOptions } from '../output.js';

export function registerInit(program: Command): void {
  withCommonOptions(program.command('init').argument('<dir>', 'directory for the new project'))
    .description('create a project: cpm.yaml and the example config/')
    .option('--force', 'overwrite an existing configuration')
    .action((dir: string, options: OutputOptions & { force?: boolean }) => {
      const result = initProject(dir, options);
      emit(options, result, () => `created project in ${result.dir}\nnext: put exports under ${result.dir}/data (or run \`cpm generate --project ${dir}\`), then \`cpm run --project ${dir}\``);
    });
}
