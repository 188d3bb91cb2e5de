/**
 * Go text/template as KServe executes it in LLMInferenceServiceConfigs: parse, lint, render.
 * See README.md here, and data.ts (what `.Spec` is), types.ts (fields, nil pointers, missing
 * keys), json-embed.ts (why config strings are executed JSON-encoded).
 */
export type { Template } from './ast';
export { formatTemplateError, type TemplateError, type TemplatePhase } from './errors';
export { lex, type Token, type TokenType } from './lexer';
export { GO_BUILTINS, parseTemplate, type ParseOptions } from './parser';
export { lintTemplate, type LintOptions, type TemplateFinding } from './lint';
export {
  renderAsKServe,
  renderTemplate,
  type Embedding,
  type RenderOptions,
  type RenderResult,
  type RenderValueResult,
  type TemplateFunc,
} from './render';
export { templateDataFromService, type GlobalConfigData, type ObjectMetaData, type TemplateData } from './data';
export { specSchemaFromCrd, type JsonSchema } from './types';
export { KSERVE_FUNCTION_NAMES, childName, kvTransferConfig, shutdownTimeout } from './kserve-funcs';
export { quantityValue } from './quantity';
export { KSERVE_ADMISSION_SAMPLE } from './sample';
