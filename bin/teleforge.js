#!/usr/bin/env node
// The linked build (scripts/bundle.ts): the same code as dist/src, started in a fraction of the time.
import '../dist/bundle/teleforge.js';
