#!/usr/bin/env node
// Deprecation notices of dependencies (e.g. TLS to an IP address) would land in the middle of the narration.
process.noDeprecation = true;
require('@oclif/core').execute({ dir: __dirname });
