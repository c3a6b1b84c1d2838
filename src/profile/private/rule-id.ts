/** Rule ids: `Readiness-BAK1`, and custom rules' `<Prefix>-<AREA><n>` (profiles' severityOverrides keys). */
export const RULE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9]*-[A-Z]+[0-9]+$/;
