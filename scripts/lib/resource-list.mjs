// Building ResourceLists from plain YAML documents, as kpt sends them (for the benchmark inputs
// and the build's code-cache training run).

const annotations = (id, path) =>
  `    annotations:\n      config.kubernetes.io/index: '0'\n      config.kubernetes.io/path: '${path}'\n      internal.config.kubernetes.io/index: '0'\n      internal.config.kubernetes.io/path: '${path}'\n      internal.config.kubernetes.io/id: '${id}'\n      config.k8s.io/id: '${id}'\n`;

/** A plain document as an item of `items`, with kpt's annotations added under metadata. */
export function item(doc, id, path) {
  const withAnnotations = doc.replace(/^metadata:\n/m, `metadata:\n${annotations(id, path).replace(/^ {2}/gm, '')}`);
  return withAnnotations
    .split('\n')
    .map((l, n) => (l === '' ? l : (n === 0 ? '- ' : '  ') + l))
    .join('\n')
    .replace(/\n*$/, '\n');
}

/** A plain document as the ResourceList's functionConfig. */
export function functionConfig(doc) {
  return 'functionConfig:\n' + doc.replace(/^(?=.)/gm, '  ').replace(/\n*$/, '\n');
}

export const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
