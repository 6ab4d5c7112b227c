#!/usr/bin/env node
import { main } from './cli/main.js';

// Exit at once: a case's Lambda handler may still be sleeping in process (the timeout cases'
// functions sleep 60 s past their Task's TimeoutSeconds), and nothing is left to wait for.
process.exit(await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }));
