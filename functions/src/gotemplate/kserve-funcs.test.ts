import { createHash } from 'node:crypto';
import { renderTemplate } from './render';
import { childName, kvTransferConfig, shutdownTimeout } from './kserve-funcs';
import { quantityValue } from './quantity';
import { sampleData } from './test-fixtures';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

describe('ChildName (knative kmeta.ChildName)', () => {
  test('parent + suffix when it fits in 63 bytes', () => {
    expect(childName('svc', '-kserve-self-signed-certs')).toBe('svc-kserve-self-signed-certs');
    const parent = 'p'.repeat(38);
    expect(childName(parent, '-kserve-self-signed-certs')).toHaveLength(63);
    expect(childName(parent, '-kserve-self-signed-certs')).toBe(`${parent}-kserve-self-signed-certs`);
  });

  test('longer: the parent cut to 31 - len(suffix) bytes, then the MD5 of the whole parent, then the suffix', () => {
    const parent = 'a-very-long-service-name-that-goes-on-and-on-beyond-limits';
    const suffix = '-kserve-self-signed-certs';
    const name = childName(parent, suffix);
    expect(name).toBe(parent.slice(0, 31 - suffix.length) + md5(parent) + suffix);
    expect(name).toHaveLength(63);
  });

  test('a suffix of 31 bytes or more: parent prefix, MD5 of parent+suffix, suffix start, no trailing dash', () => {
    const parent = 'x'.repeat(40);
    const suffix = '-this-is-a-very-long-suffix-over-31-chars';
    const name = childName(parent, suffix);
    expect(name.startsWith('x'.repeat(31) + md5(parent + suffix))).toBe(true);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).not.toMatch(/-$/);
  });
});

describe('kvTransferConfig', () => {
  test('nil (or not a KVCacheOffloadingSpec) gives ""', () => {
    expect(kvTransferConfig(null)).toBe('');
    expect(kvTransferConfig(undefined)).toBe('');
    expect(kvTransferConfig('x')).toBe('');
  });

  test('a spec gives --kv-transfer-config with OffloadingConnector, keys sorted, quotes as \\\\\\"', () => {
    const out = kvTransferConfig({ cpu: '10Gi', evictionPolicy: 'lru', secondary: [{ fileSystem: { emptyDir: { size: '1Ti' } } }, {}] });
    const json = '{"kv_connector":"OffloadingConnector","kv_connector_extra_config":{"cpu_bytes_to_use":10737418240,"eviction_policy":"lru","secondary_tiers":[{"root_dir":"/mnt/kv-cache-0","type":"fs"}],"spec_name":"TieringOffloadingSpec"},"kv_role":"kv_both"}';
    expect(out).toBe(`--kv-transfer-config '${json.replace(/"/g, '\\\\\\"')}'`);
  });

  test('rendered in a config string: after KServe decodes its JSON the quotes are \\" for the shell', () => {
    const data = sampleData({ Spec: { prefill: { kvCacheOffloading: { cpu: '1Gi' } } } });
    const r = renderTemplate('KV="{{ if .Spec.Prefill }}{{ kvTransferConfig .Spec.Prefill.KVCacheOffloading }}{{ end }}"', data);
    expect(r).toEqual({
      ok: true,
      text: `KV="--kv-transfer-config '{\\"kv_connector\\":\\"OffloadingConnector\\",\\"kv_connector_extra_config\\":{\\"cpu_bytes_to_use\\":1073741824,\\"spec_name\\":\\"TieringOffloadingSpec\\"},\\"kv_role\\":\\"kv_both\\"}'"`,
    });
    expect(renderTemplate('[{{ kvTransferConfig .Spec.Prefill.KVCacheOffloading }}]', sampleData())).toEqual({ ok: true, text: '[]' });
  });
});

describe('shutdownTimeout', () => {
  test('max(0, grace - preStop - min(5, grace)), grace 60 when nil or unset', () => {
    expect(shutdownTimeout(null, 15)).toBe(40);
    expect(shutdownTimeout({}, 15)).toBe(40);
    expect(shutdownTimeout({ terminationGracePeriodSeconds: 90 }, 15)).toBe(70);
    expect(shutdownTimeout({ terminationGracePeriodSeconds: 3 }, 15)).toBe(0);
    expect(shutdownTimeout({ terminationGracePeriodSeconds: 0 }, 0)).toBe(0);
  });

  test('in a template, from the pod spec; anything but a PodSpec counts as nil', () => {
    const data = sampleData({ Spec: { prefill: { template: { terminationGracePeriodSeconds: 120 } } } });
    expect(renderTemplate('{{ shutdownTimeout .Spec.Prefill.Template 15 }} {{ shutdownTimeout nil 15 }} {{ shutdownTimeout .Spec.Prefill 15 }}', data)).toEqual({ ok: true, text: '100 40 40' });
  });
});

describe('quantityValue (resource.Quantity.Value)', () => {
  test.each([
    ['10Gi', 10737418240n],
    ['1.5Gi', 1610612736n],
    ['500M', 500000000n],
    ['100m', 1n],
    ['1e3', 1000n],
    [2048, 2048n],
    ['0.1Gi', 107374183n],
    ['-1.5', -2n],
  ])('%s', (q, v) => {
    expect(quantityValue(q)).toBe(v);
  });

  test('rejects what is not a quantity', () => {
    expect(() => quantityValue('10GB')).toThrow(/quantities must match/);
  });
});
