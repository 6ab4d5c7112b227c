#!/usr/bin/env node
// The CDK app entry (cdk.json "app"): synthesizes SizeGateStack into the CLI's output directory.
import { createApp } from './app.js';

createApp().app.synth();
