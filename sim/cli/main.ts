#!/usr/bin/env node
/** Entry point of the `cylsim` command. */
import { createProgram } from './program.js';

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    console.error(`cylsim: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
