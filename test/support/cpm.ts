// Runs the CLI from source, exactly as bin/cpm.js runs the compiled one.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
