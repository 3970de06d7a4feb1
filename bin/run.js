#!/usr/bin/env node
require('../dist/src/cli/main').main(__dirname);
