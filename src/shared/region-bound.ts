/**
 * Restore metadata keys that name things of the region and network the backup was taken in
 * (availability zones, subnet groups, security groups, keys, parameter groups): a copy restored in
 * the DR region cannot use them. They are dropped; the drill's configured values (or the DR
 * region's defaults, such as its default VPC) apply instead.
 */
export const REGION_BOUND = new Set([
  'availabilityzone', 'availabilityzones', 'dbsubnetgroupname', 'vpcsecuritygroupids', 'kmskeyid', 'kmsmasterkeyarn',
  'optiongroupname', 'dbparametergroupname', 'dbclusterparametergroupname', 'subnetid', 'subnetids', 'securitygroupids',
  'vpcid', 'domain', 'domainiamrolename', 'dbinstanceparametergroupname', 'networktype', 'placementgroupname',
]);
