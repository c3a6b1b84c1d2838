import { ReadinessRule } from '../private/rule-kinds';
import { BAK1 } from './backup/bak1-backup-plan-coverage';
import { BAK2 } from './backup/bak2-cross-region-copy';
import { BAK3 } from './backup/bak3-retention';
import { BAK4 } from './backup/bak4-vault-protection';
import { BAK5 } from './backup/bak5-restore-testing';
import { BAK6 } from './backup/bak6-failure-alerts';
import { BAK7 } from './backup/bak7-compliance-framework';
import { BAK8 } from './backup/bak8-native-recovery';
import { DEP1 } from './deployment/dep1-ecs-rollback';
import { DEP10 } from './deployment/dep10-stack-set-management-account';
import { DEP11 } from './deployment/dep11-stack-set-call-as';
import { DEP2 } from './deployment/dep2-alarms-need-ecs-controller';
import { DEP3 } from './deployment/dep3-full-capacity-deployments';
import { DEP4 } from './deployment/dep4-codedeploy-rollback';
import { DEP5 } from './deployment/dep5-lambda-aliases';
import { DEP6 } from './deployment/dep6-lambda-traffic-shifting';
import { DEP7 } from './deployment/dep7-auto-scaling-updates';
import { DEP8 } from './deployment/dep8-stack-set-assets';
import { DEP9 } from './deployment/dep9-stack-set-operation-preferences';
import { DOC1 } from './documentation/doc1-alarm-runbooks';
import { DOC2 } from './documentation/doc2-generated-runbooks';
import { ENV1 } from './environments/env1-profile-and-environment';
import { MON1 } from './monitoring/mon1-resource-alarms';
import { MON2 } from './monitoring/mon2-alarm-actions';
import { MON3 } from './monitoring/mon3-dashboards';
import { MON4 } from './monitoring/mon4-anomaly-detection';
import { MON5 } from './monitoring/mon5-log-groups';
import { MON6 } from './monitoring/mon6-dead-letters';
import { PRF1 } from './performance/prf1-latency-and-tracing';
import { PRF2 } from './performance/prf2-endpoint-canaries';
import { SCL1 } from './scaling/scl1-scaling-policy';
import { SCL2 } from './scaling/scl2-minimum-capacity';
import { SCL3 } from './scaling/scl3-load-balancing';
import { SCL4 } from './scaling/scl4-at-max-capacity';
import { SCL5 } from './scaling/scl5-failover-experiments';
import { SCL6 } from './scaling/scl6-data-store-redundancy';
import { SCL7 } from './scaling/scl7-nat-gateway-redundancy';
import { SCL8 } from './scaling/scl8-health-checks';
import { SEC1 } from './security/sec1-threat-detection';
import { SEC2 } from './security/sec2-audit-logging';
import { SEC3 } from './security/sec3-compliance-monitoring';
import { SEC4 } from './security/sec4-vulnerability-scanning';
import { SEC5 } from './security/sec5-incident-routing';
import { SEC6 } from './security/sec6-tls-at-the-edge';
import { STA1 } from './state/sta1-state-bucket-hardened';
import { STA2 } from './state/sta2-state-replicated';
import { STA3 } from './state/sta3-state-locking';
import { STA4 } from './state/sta4-termination-protection';
import { STA5 } from './state/sta5-retain-stateful';
import { STA6 } from './state/sta6-deletion-protection';

/** The rule catalog, in report order. */
export const ALL_RULES: readonly ReadinessRule[] = [
  DEP1, DEP2, DEP3, DEP4, DEP5, DEP6, DEP7, DEP8, DEP9, DEP10, DEP11,
  STA1, STA2, STA3, STA4, STA5, STA6,
  ENV1,
  BAK1, BAK2, BAK3, BAK4, BAK5, BAK6, BAK7, BAK8,
  SCL1, SCL2, SCL3, SCL4, SCL5, SCL6, SCL7, SCL8,
  MON1, MON2, MON3, MON4, MON5, MON6,
  PRF1, PRF2,
  SEC1, SEC2, SEC3, SEC4, SEC5, SEC6,
  DOC1, DOC2,
];
