/** Sets the pod-level terminationGracePeriodSeconds of every pod of the config (template, leader, worker). */
import type { Filter } from './filter';
import { setPodField } from './set-pod-field';

export function setGracePeriod(seconds: number): Filter {
  return setPodField('pod', 'terminationGracePeriodSeconds', seconds);
}
