#!/usr/bin/env -S node --require ts-node/register
// Runs the commands straight from src/ (TypeScript) for development.
require('@oclif/core').execute({ development: true, dir: __dirname });
