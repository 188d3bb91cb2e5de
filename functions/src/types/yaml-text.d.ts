/** base/*.yaml is embedded in the bundle as text (esbuild loader "text"; under jest, test/support/yaml-text-transform.js). */
declare module '*.yaml' {
  const text: string;
  export default text;
}
