// Jest setup (jest.config.js): every test, and every function process a test starts, reads each
// minimally reprinted item back as a whole and fails on an edit the reprinter wrongly trusted
// (functions/src/krm/item.ts). Production runs read back only the edits it could not check.
process.env.LLM_PREFILL_FN_VERIFY_REPRINT = '1';
