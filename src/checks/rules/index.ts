import { ReadinessRule } from '../private/rule-kinds';
import { BAK1 } from './backup/bak1-backup-plan-coverage';
import { ENV1 } from './environments/env1-profile-and-environment';
import { MON1 } from './monitoring/mon1-resource-alarms';
import { MON2 } from './monitoring/mon2-alarm-actions';
import { STA1 } from './state/sta1-state-bucket-hardened';
import { STA2 } from './state/sta2-state-replicated';
import { STA3 } from './state/sta3-state-locking';
import { STA4 } from './state/sta4-termination-protection';
import { STA5 } from './state/sta5-retain-stateful';

/** The rule catalog, in report order. */
export const ALL_RULES: readonly ReadinessRule[] = [
  STA1, STA2, STA3, STA4, STA5,
  ENV1,
  BAK1,
  MON1, MON2,
];
