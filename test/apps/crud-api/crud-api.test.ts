import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    ['Readiness-BAK1', 'ItemsApi/Items/Resource'],
    ['Readiness-BAK8', 'ItemsApi/Items/Resource'],
    ['Readiness-DEP5', 'ItemsApi/Create/Resource'],
    ['Readiness-DEP5', 'ItemsApi/Delete/Resource'],
    ['Readiness-DEP5', 'ItemsApi/GetAll/Resource'],
    ['Readiness-DEP5', 'ItemsApi/GetOne/Resource'],
    ['Readiness-DEP5', 'ItemsApi/Update/Resource'],
    ['Readiness-MON1', 'ItemsApi/Create/Resource'],
    ['Readiness-MON1', 'ItemsApi/Delete/Resource'],
    ['Readiness-MON1', 'ItemsApi/GetAll/Resource'],
    ['Readiness-MON1', 'ItemsApi/GetOne/Resource'],
    ['Readiness-MON1', 'ItemsApi/Items/Resource'],
    ['Readiness-MON1', 'ItemsApi/ItemsApi/Resource'],
    ['Readiness-MON1', 'ItemsApi/Update/Resource'],
    ['Readiness-MON3', 'ItemsApi'],
    ['Readiness-MON4', 'ItemsApi/Create/Resource'],
    ['Readiness-MON4', 'ItemsApi/Delete/Resource'],
    ['Readiness-MON4', 'ItemsApi/GetAll/Resource'],
    ['Readiness-MON4', 'ItemsApi/GetOne/Resource'],
    ['Readiness-MON4', 'ItemsApi/ItemsApi/Resource'],
    ['Readiness-MON4', 'ItemsApi/Update/Resource'],
    ['Readiness-MON5', 'ItemsApi/Create/Resource'],
    ['Readiness-MON5', 'ItemsApi/Delete/Resource'],
    ['Readiness-MON5', 'ItemsApi/GetAll/Resource'],
    ['Readiness-MON5', 'ItemsApi/GetOne/Resource'],
    ['Readiness-MON5', 'ItemsApi/Update/Resource'],
    ['Readiness-PRF1', 'ItemsApi/Create/Resource'],
    ['Readiness-PRF1', 'ItemsApi/Delete/Resource'],
    ['Readiness-PRF1', 'ItemsApi/GetAll/Resource'],
    ['Readiness-PRF1', 'ItemsApi/GetOne/Resource'],
    ['Readiness-PRF1', 'ItemsApi/ItemsApi/DeploymentStage.prod/Resource'],
    ['Readiness-PRF1', 'ItemsApi/ItemsApi/Resource'],
    ['Readiness-PRF1', 'ItemsApi/Update/Resource'],
    ['Readiness-PRF2', 'ItemsApi/ItemsApi/Resource'],
    ['Readiness-SEC1', 'ItemsApi'],
    ['Readiness-SEC2', 'ItemsApi'],
    ['Readiness-SEC3', 'ItemsApi'],
    ['Readiness-SEC3', 'ItemsApi'],
    ['Readiness-SEC4', 'ItemsApi'],
    ['Readiness-STA4', 'ItemsApi'],
    ['Readiness-STA6', 'ItemsApi/Items/Resource'],
  ],
  total: 41,
};

describe('crud-api: API Gateway CRUD API on five functions and a DynamoDB table', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('crud-api', report, expected);
  });
});
