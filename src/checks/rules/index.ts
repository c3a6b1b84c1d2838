import { ReadinessRule } from '../private/rule-kinds';
import { BAK1 } from './backup/bak1-backup-plan-coverage';
import { BAK2 } from './backup/bak2-cross-region-copy';
import { BAK3 } from './backup/bak3-retention';
import { BAK4 } from './backup/bak4-vault-protection';
import { BAK5 } from './backup/bak5-restore-testing';
import { BAK6 } from './backup/bak6-failure-alerts';
import { BAK7 } from './backup/bak7-compliance-framework';
import { ENV1 } from './environments/env1-profile-and-environment';
import { MON1 } from './monitoring/mon1-resource-alarms';
import { MON2 } from './monitoring/mon2-alarm-actions';
import { PRF2 } from './performance/prf2-endpoint-canaries';
import { SCL1 } from './scaling/scl1-scaling-policy';
import { SCL2 } from './scaling/scl2-minimum-capacity';
import { SCL3 } from './scaling/scl3-load-balancing';
import { SCL4 } from './scaling/scl4-at-max-capacity';
import { SCL5 } from './scaling/scl5-failover-experiments';
import { STA1 } from './state/sta1-state-bucket-hardened';
import { STA2 } from './state/sta2-state-replicated';
import { STA3 } from './state/sta3-state-locking';
import { STA4 } from './state/sta4-termination-protection';
import { STA5 } from './state/sta5-retain-stateful';

/** The rule catalog, in report order. */
export const ALL_RULES: readonly ReadinessRule[] = [
  STA1, STA2, STA3, STA4, STA5,
  ENV1,
  BAK1, BAK2, BAK3, BAK4, BAK5, BAK6, BAK7,
  SCL1, SCL2, SCL3, SCL4, SCL5,
  MON1, MON2,
  PRF2,
];
