/**
 * The prefill configs of base/, embedded in the build, for `ifMissing: add`. They are KServe
 * v0.20.0's configs with scripts of our own (see base/).
 */
import dataParallel from '../../../base/config-llm-prefill-worker-data-parallel.yaml';
import template from '../../../base/config-llm-prefill-template.yaml';
import type { ConfigRole } from '../config/types';

export const BASE_CONFIGS: Readonly<Record<ConfigRole, string>> = { template, dataParallel };
