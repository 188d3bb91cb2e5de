/** Sets imagePullPolicy of container "main" in every pod of the config (template, leader, worker). */
import type { Filter } from './filter';
import { setPodField } from './set-pod-field';

export function setImagePullPolicy(policy: string): Filter {
  return setPodField('main', 'imagePullPolicy', policy);
}
