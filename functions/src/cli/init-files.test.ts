import { parse } from 'yaml';
import { InitError, newKustomization, newPrefillOverlay, overlayNameProblem, rebasedKustomization, renamedPrefillOverlay, withModeline } from './init-files';
import { readConfig } from '../config/read-config';

const PROD = `# How prod runs prefill (prod-like pools are not renamed: "prod-like" is another word).
apiVersion: fn.llm-prefill.dev/v1alpha1
kind: PrefillOverlay
metadata:
  name: "prod"
spec:
  overlay: prod # the label
  image: ghcr.io/llm-d/llm-d-cuda:v0.9.0
  env: {STAGE: prod}
`;

describe('overlay names', () => {
  test.each(['gpu-west', 'a', 'x1'])('%s is a DNS label', (name) => expect(overlayNameProblem(name)).toBeUndefined());
  test.each(['Bad', '-x', 'x-', 'a_b', 'x'.repeat(64), ''])('%j is refused, saying why', (name) => expect(overlayNameProblem(name)).toMatch(/DNS label/));
});

describe('a new overlay', () => {
  test('the PrefillOverlay starts with the modeline and passes the config check', () => {
    const text = newPrefillOverlay('gpu-west', '../../schema.json', 'example.com/fn:v1');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema.json');
    const doc = parse(text) as { metadata: { name: string; annotations: Record<string, string> }; spec: unknown };
    expect(doc.metadata.name).toBe('gpu-west');
    expect(parse(doc.metadata.annotations['config.kubernetes.io/function'])).toEqual({ container: { image: 'example.com/fn:v1' } });
    expect(doc.spec).toEqual({ overlay: 'gpu-west' });
  });

  test('the kustomization names the base when there is one, else none', () => {
    expect(parse(newKustomization('x', '../../base'))).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['../../base'], transformers: ['prefill-overlay.yaml'] });
    expect((parse(newKustomization('x', undefined)) as { resources: unknown }).resources).toEqual([]);
  });
});

describe('a copied overlay', () => {
  test('only the names change: in metadata.name (keeping its quotes), spec.overlay and comments', () => {
    const { text, from } = renamedPrefillOverlay(PROD, 'prod.yaml', 'gpu-west', 's.json');
    expect(from).toBe('prod');
    expect(text).toBe(
      '# yaml-language-server: $schema=s.json\n' +
        PROD.replace('How prod runs', 'How gpu-west runs').replace('name: "prod"', 'name: "gpu-west"').replace('overlay: prod #', 'overlay: gpu-west #'),
    );
    // Values other than the two names are the user's: STAGE stays "prod".
    expect((parse(text) as { spec: { env: unknown } }).spec.env).toEqual({ STAGE: 'prod' });
  });

  test('a modeline already there is replaced, not repeated', () => {
    const text = withModeline('# yaml-language-server: $schema=old.json\nkind: X\n', 'new.json');
    expect(text).toBe('# yaml-language-server: $schema=new.json\nkind: X\n');
  });

  test('a file without a PrefillOverlay, or without spec.overlay, is an InitError', () => {
    expect(() => renamedPrefillOverlay('kind: ConfigMap\nmetadata: {name: x}\n', 'f.yaml', 'y', 's')).toThrow(InitError);
    expect(() => renamedPrefillOverlay('kind: PrefillOverlay\nmetadata: {name: x}\nspec: {}\n', 'f.yaml', 'y', 's')).toThrow(/spec.overlay/);
  });

  test('the kustomization: paths out of the overlay are re-based, paths in it and URLs stay', () => {
    const text = `# prod: the base plus a patch
resources:
  - ../../base   # KServe's configs
  - local.yaml
  - https://github.com/example/repo//dir?ref=v1
transformers: [prefill-overlay.yaml, '../shared/labels.yaml']
patches:
  - path: ../patches/x.yaml
`;
    const moved: Record<string, string> = { '../../base': '../../../base', '../shared/labels.yaml': '../../shared/labels.yaml', '../patches/x.yaml': '../../patches/x.yaml' };
    const out = rebasedKustomization(text, 'k.yaml', (e) => moved[e], 'prod', 'gpu-west');
    expect(out).toBe(
      text
        .replace('# prod:', '# gpu-west:')
        .replace('- ../../base ', '- ../../../base ')
        .replace("'../shared/labels.yaml'", "'../../shared/labels.yaml'")
        .replace('path: ../patches/x.yaml', 'path: ../../patches/x.yaml'),
    );
  });
});

test('the new PrefillOverlay is a valid functionConfig (schema and cross-field checks)', () => {
  const outcome = readConfig(parse(newPrefillOverlay('gpu-west', 's.json', 'example.com/fn:v1')));
  expect(outcome.results ?? []).toEqual([]);
  expect(outcome.config?.spec.overlay).toBe('gpu-west');
});
