#!/usr/bin/env node
// Part of `npm run build`: writes the bundle of every workflow variant src/workflows/variants.ts declares, which the
// workers load (see src/temporal/workflow-bundle.ts).
'use strict';

const path = require('node:path');
const { writeWorkflowBundles } = require('../dist/src/temporal/workflow-bundle.js');

writeWorkflowBundles().then(
  (files) =>
    console.log(`workflow bundles: ${files.map((file) => path.relative(process.cwd(), file)).join(', ')}`),
  (error) => {
    console.error(`workflow bundles: ${error.stack ?? error}`);
    process.exit(1);
  },
);
