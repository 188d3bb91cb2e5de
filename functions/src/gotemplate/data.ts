/**
 * The data KServe executes its config templates with (ReplaceVariables in
 * pkg/controller/v1alpha2/llmisvc/config_merge.go):
 *
 *     struct {
 *         *v1alpha2.LLMInferenceService        // .Spec, .Status, .ObjectMeta (+ promoted .Name, ...), .TypeMeta
 *         GlobalConfig templateGlobalConfig    // .GlobalConfig.SystemNamespace, ...
 *     }
 *
 * Which spec `.Spec` is depends on the KServe version; the caller passes it. In the versions of
 * config_merge.go read for this (v0.16 to v0.20 shape: `LLMInferenceService: llmSvc`), the
 * embedded service is the one being reconciled, so `.Spec` is the service's own spec (with
 * `model.name` filled from its baseRefs), not the merged spec whose JSON is the template text: a
 * field set only by a config or a baseRef is absent there (`.Spec.Prefill.Parallelism.Expert`
 * then fails with a nil pointer). A later refactor (specResolver) renders against the merged
 * spec instead.
 */
import { ANY, BOOL_TYPE, STRING_TYPE, derefSchema, fixedStruct, typeFromSchema, type FieldInfo, type GoType, type JsonSchema, type StructType } from './types';

export interface ObjectMetaData {
  name?: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** KServe's templateGlobalConfig, with its Go field names. */
export interface GlobalConfigData {
  SystemNamespace?: string;
  IngressGatewayName?: string;
  IngressGatewayNamespace?: string;
  EnableTLS?: boolean;
  ModelBasedRoutingHeaderName?: string;
  InferencePoolNamespacedName?: string;
}

/** The template data: the service's spec and metadata as in its YAML (JSON field names), and the controller's global config. */
export interface TemplateData {
  Spec: Record<string, unknown>;
  ObjectMeta: ObjectMetaData;
  GlobalConfig: GlobalConfigData;
  Status?: Record<string, unknown>;
}

const INT64: GoType = { kind: 'scalar', name: 'int64', scalar: 'int' };
const TIME: GoType = { kind: 'scalar', name: 'v1.Time', scalar: 'time' };
const STRING_MAP: GoType = { kind: 'map', name: 'map[string]string', elem: STRING_TYPE };

export const OBJECT_META_TYPE: StructType = fixedStruct('v1.ObjectMeta', [
  ['Name', 'name', STRING_TYPE, false],
  ['GenerateName', 'generateName', STRING_TYPE, false],
  ['Namespace', 'namespace', STRING_TYPE, false],
  ['SelfLink', 'selfLink', STRING_TYPE, false],
  ['UID', 'uid', { kind: 'scalar', name: 'types.UID', scalar: 'string' }, false],
  ['ResourceVersion', 'resourceVersion', STRING_TYPE, false],
  ['Generation', 'generation', INT64, false],
  ['CreationTimestamp', 'creationTimestamp', TIME, false],
  ['DeletionTimestamp', 'deletionTimestamp', TIME, true],
  ['DeletionGracePeriodSeconds', 'deletionGracePeriodSeconds', INT64, true],
  ['Labels', 'labels', STRING_MAP, false],
  ['Annotations', 'annotations', STRING_MAP, false],
  ['OwnerReferences', 'ownerReferences', { kind: 'list', name: '[]v1.OwnerReference', elem: ANY }, false],
  ['Finalizers', 'finalizers', { kind: 'list', name: '[]string', elem: STRING_TYPE }, false],
  ['ManagedFields', 'managedFields', { kind: 'list', name: '[]v1.ManagedFieldsEntry', elem: ANY }, false],
]);

/** The ObjectMeta fields a config template can rely on (the rest is set by the API server). */
export const OBJECT_META_DOCUMENTED: readonly string[] = ['Name', 'Namespace', 'Labels', 'Annotations', 'UID', 'GenerateName'];

export const GLOBAL_CONFIG_TYPE: StructType = fixedStruct('llmisvc.templateGlobalConfig', [
  ['SystemNamespace', 'SystemNamespace', STRING_TYPE, false],
  ['IngressGatewayName', 'IngressGatewayName', STRING_TYPE, false],
  ['IngressGatewayNamespace', 'IngressGatewayNamespace', STRING_TYPE, false],
  ['EnableTLS', 'EnableTLS', BOOL_TYPE, false],
  ['ModelBasedRoutingHeaderName', 'ModelBasedRoutingHeaderName', STRING_TYPE, false],
  ['InferencePoolNamespacedName', 'InferencePoolNamespacedName', STRING_TYPE, false],
]);

/** The controller's templateGlobalConfig with only `fields` (an older release's struct has fewer); all of them by default. */
function globalConfigType(fields: readonly string[] | undefined): StructType {
  if (!fields) return GLOBAL_CONFIG_TYPE;
  const kept = GLOBAL_CONFIG_TYPE.fields().filter((f) => fields.includes(f.goName));
  return { ...GLOBAL_CONFIG_TYPE, fields: () => kept };
}

const TYPE_META_TYPE: StructType = fixedStruct('v1.TypeMeta', [
  ['Kind', 'kind', STRING_TYPE, false],
  ['APIVersion', 'apiVersion', STRING_TYPE, false],
]);

function embedded(goName: string, key: string | null, type: GoType, pointer: boolean): FieldInfo {
  return { goName, names: [goName], jsonKey: key, pointer, certain: true, embedded: true, type };
}

const ROOT_TYPE_NAME = 'struct { *v1alpha2.LLMInferenceService; GlobalConfig llmisvc.templateGlobalConfig }';

/** The Go type of the template data; `specSchema` is a JSON Schema of `spec` (the CRD's, local $refs allowed; without it, KServe's known fields only). */
export function rootType(specSchema?: JsonSchema, globalConfigFields?: readonly string[]): StructType {
  const spec = typeFromSchema(specSchema && derefSchema(specSchema), 'v1alpha2.LLMInferenceServiceSpec');
  const service = fixedStruct(
    'v1alpha2.LLMInferenceService',
    [
      ['Spec', 'Spec', spec, false],
      ['Status', 'Status', { kind: 'any', name: 'v1alpha2.LLMInferenceServiceStatus' }, false],
    ],
    [embedded('TypeMeta', 'TypeMeta', TYPE_META_TYPE, false), embedded('ObjectMeta', 'ObjectMeta', OBJECT_META_TYPE, false)],
  );
  return fixedStruct(ROOT_TYPE_NAME, [['GlobalConfig', 'GlobalConfig', globalConfigType(globalConfigFields), false]], [
    embedded('LLMInferenceService', null, service, true),
  ]);
}

/** The object the executor walks, for template data. */
export function rootObject(data: TemplateData): Record<string, unknown> {
  return {
    Spec: data.Spec,
    Status: data.Status ?? {},
    ObjectMeta: data.ObjectMeta,
    TypeMeta: { kind: 'LLMInferenceService', apiVersion: 'serving.kserve.io/v1alpha2' },
    GlobalConfig: data.GlobalConfig,
  };
}

/** Template data for a parsed LLMInferenceService document (metadata and spec as in its YAML). */
export function templateDataFromService(service: unknown, globalConfig: GlobalConfigData = {}): TemplateData {
  const doc = (service ?? {}) as { metadata?: ObjectMetaData; spec?: Record<string, unknown>; status?: Record<string, unknown> };
  return { Spec: doc.spec ?? {}, ObjectMeta: doc.metadata ?? {}, GlobalConfig: globalConfig, Status: doc.status };
}

