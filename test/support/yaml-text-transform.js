// Jest transform: a .yaml file imported by the source is its text, as esbuild's "text" loader makes it.
module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(source)};` };
  },
};
